/** What sticks out sideways: shared by the layout tests (left to right and right to left). */

/** Every element of a shadow tree, through nested shadow roots. */
export function* deep(root: ParentNode): Generator<Element> {
  for (const el of root.querySelectorAll('*')) {
    yield el;
    if (el.shadowRoot) yield* deep(el.shadowRoot);
  }
}

/** Inside a visually hidden box (a 1 px clip, for screen readers only). */
const insideHidden = (node: Element) => {
  for (let p = node.parentElement; p; p = p.parentElement) {
    const r = p.getBoundingClientRect();
    if (r.width <= 1 && getComputedStyle(p).overflow === 'hidden') return true;
  }
  return false;
};

/** What sticks out of `box` sideways, described for the failure message. */
export function overflow(el: Element, box: HTMLElement): string[] {
  const problems: string[] = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth) problems.push(`page scrolls sideways (${doc.scrollWidth} > ${doc.clientWidth})`);
  const limit = box.getBoundingClientRect();
  for (const node of deep(el.shadowRoot!)) {
    const style = getComputedStyle(node);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    if (node.classList.contains('visually-hidden')) continue;
    if (
      node instanceof HTMLElement &&
      node.scrollWidth > node.clientWidth + 1 &&
      node.clientWidth > 0 &&
      ['auto', 'scroll'].includes(style.overflowX)
    ) {
      problems.push(
        `<${node.localName} class="${node.className}" part="${node.getAttribute('part') ?? ''}"> scrolls sideways (${node.scrollWidth} > ${node.clientWidth})`,
      );
    }
    const r = node.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1 || insideHidden(node)) continue;
    if (r.right > limit.right + 1 || r.left < limit.left - 1) {
      problems.push(
        `<${node.localName} class="${node.className}" part="${node.getAttribute('part') ?? ''}"> spans ${Math.round(r.left - limit.left)}..${Math.round(r.right - limit.left)} of ${Math.round(limit.width)}`,
      );
    }
  }
  return problems;
}
