// The shape of a rendered DOM, for the parity checks (host/test/bench-parity.test.ts and each
// benchmark before it times anything): element counts by tag, by part and by class, the
// number of attributes, the text of every table / grid cell and every aria-label. Comments (Lit's
// markers) and whitespace-only text are not part of it.
export function shape(root) {
  const tags = {},
    parts = {},
    classes = {};
  let attributes = 0;
  const cells = [],
    labels = [];
  for (const el of root.querySelectorAll('*')) {
    if (el.localName === 'style' || el.localName === 'slot') continue;
    tags[el.localName] = (tags[el.localName] ?? 0) + 1;
    for (const p of el.part ?? []) parts[p] = (parts[p] ?? 0) + 1;
    for (const c of el.classList) classes[c] = (classes[c] ?? 0) + 1;
    for (const a of el.attributes) if (a.name !== 'class' && a.name !== 'part') attributes++;
    if (el.hasAttribute('aria-label')) labels.push(el.getAttribute('aria-label'));
    if (
      el.localName === 'td' ||
      el.localName === 'th' ||
      el.getAttribute('role') === 'gridcell' ||
      el.getAttribute('role') === 'columnheader'
    )
      cells.push(el.textContent.replace(/\s+/g, ' ').trim());
  }
  const sort = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
  return { tags: sort(tags), parts: sort(parts), classes: sort(classes), attributes, cells, labels };
}

/** The first difference between two shapes, or '' when they match. */
export function diff(a, b) {
  for (const key of ['tags', 'parts', 'classes']) {
    for (const k of new Set([...Object.keys(a[key]), ...Object.keys(b[key])]))
      if (a[key][k] !== b[key][k]) return `${key} ${k}: ${a[key][k] ?? 0} vs ${b[key][k] ?? 0}`;
  }
  if (a.attributes !== b.attributes) return `attributes: ${a.attributes} vs ${b.attributes}`;
  if (a.cells.length !== b.cells.length) return `cells: ${a.cells.length} vs ${b.cells.length}`;
  const i = a.cells.findIndex((c, j) => c !== b.cells[j]);
  if (i >= 0) return `cell ${i}: ${JSON.stringify(a.cells[i])} vs ${JSON.stringify(b.cells[i])}`;
  if (a.labels.length !== b.labels.length) return `aria-labels: ${a.labels.length} vs ${b.labels.length}`;
  const j = a.labels.findIndex((c, k) => c !== b.labels[k]);
  return j < 0 ? '' : `aria-label ${j}: ${JSON.stringify(a.labels[j])} vs ${JSON.stringify(b.labels[j])}`;
}
