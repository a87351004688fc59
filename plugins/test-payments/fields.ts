/**
 * The test gateway's "own fields", as a script: `GlasspaneTestFields.mount(element, { clientSecret })`
 * draws a card-number and expiry input inside `element`; `confirm()` posts them to the test
 * gateway (not the host's API) and resolves `{ status }` (`succeeded` or `failed`).
 * `handleNextAction({ clientSecret })` shows a payment's 3-D Secure challenge. It stands in for
 * Stripe.js's Payment Element and `handleNextAction` in the demo and tests.
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
    /**
     * The bank's 3-D Secure challenge for a payment (Stripe.js: handleNextAction): a dialog
     * over the page; resolves { status: 'succeeded' | 'failed' } once the customer chose.
     */
    handleNextAction(options) {
      return new Promise((resolve) => {
        const dialog = document.createElement('dialog');
        dialog.setAttribute('data-test-gateway', 'challenge');
        dialog.setAttribute('aria-label', 'Test bank: confirm this payment');
        dialog.innerHTML = '<p>Test bank (3-D Secure): confirm this payment?</p>' +
          '<button type="button" value="pass">Complete authentication</button> ' +
          '<button type="button" value="fail">Fail authentication</button>';
        const answer = async (result) => {
          dialog.close();
          dialog.remove();
          const res = await fetch(new URL('/payments/test/authenticate', base), {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ clientSecret: options.clientSecret, result }),
          }).catch(() => null);
          const out = res && res.ok ? await res.json() : { status: 'failed' };
          resolve(out);
        };
        dialog.addEventListener('cancel', (e) => { e.preventDefault(); answer('fail'); });
        for (const b of dialog.querySelectorAll('button')) b.addEventListener('click', () => answer(b.value));
        document.body.append(dialog);
        dialog.showModal();
      });
    },
  };
})();
`;
