/**
 * The test gateway's "own fields", as a script: `GlasspaneTestFields.mount(element, { clientSecret })`
 * draws a card-number and expiry input inside `element`; `confirm()` posts them to the test
 * gateway (not the host's API) and resolves `{ status }` (`succeeded` or `failed`). It stands
 * in for Stripe.js's Payment Element in the demo and tests.
 */
export const FIELDS_SCRIPT = `(() => {
  const base = new URL(document.currentScript ? document.currentScript.src : location.href);
  window.GlasspaneTestFields = {
    mount(element, options) {
      const form = document.createElement('div');
      form.innerHTML = '<label>Test card number <input name="number" inputmode="numeric" autocomplete="off" value="4242 4242 4242 4242"></label>' +
        '<label>Expiry (MM/YY) <input name="exp" value="12/34"></label>' +
        '<p>Test gateway: 4242… succeeds, 4000 0000 0000 0002 is declined.</p>';
      element.replaceChildren(form);
      return {
        async confirm() {
          const number = form.querySelector('[name=number]').value;
          const [mm, yy] = form.querySelector('[name=exp]').value.split('/');
          const res = await fetch(new URL('/payments/test/confirm', base), {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ clientSecret: options.clientSecret, number, expMonth: Number(mm), expYear: 2000 + Number(yy) }),
          });
          return res.json();
        },
      };
    },
  };
})();
`;
