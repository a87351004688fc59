/**
 * `application/x-www-form-urlencoded` with bracket notation, the body format of Stripe's v1
 * API: `metadata[tenant]=acme`, `expand[0]=latest_charge`, `a[b][c]=d`. Arrays are written
 * with indices (`payment_method_types[0]=card`), as Stripe's own libraries send them; Stripe
 * reads `[]` the same way, and so does `decodeForm`.
 */

/** A value Stripe's form encoding can carry. `undefined` and `null` are left out. */
export type FormValue = string | number | boolean | null | undefined | FormValue[] | { [key: string]: FormValue };

/** Encodes nested objects and arrays with brackets; keys keep their brackets unescaped, as Stripe documents. */
export function encodeForm(params: Record<string, FormValue>): string {
  const pairs: string[] = [];
  const walk = (prefix: string, value: FormValue) => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) value.forEach((v, i) => walk(`${prefix}[${i}]`, v));
    else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(`${prefix}[${k}]`, v);
    else pairs.push(`${encodeKey(prefix)}=${encodeURIComponent(String(value))}`);
  };
  for (const [k, v] of Object.entries(params)) walk(k, v);
  return pairs.join('&');
}

const encodeKey = (key: string) => encodeURIComponent(key).replace(/%5B/g, '[').replace(/%5D/g, ']');

export type Decoded = string | Decoded[] | { [key: string]: Decoded };

/**
 * Reads a bracket-notation form (or query string) into nested objects and arrays. An object
 * whose keys are all indices becomes an array; `a[]=x&a[]=y` appends.
 */
export function decodeForm(body: string | URLSearchParams): Record<string, Decoded> {
  const root: Record<string, Decoded> = {};
  const params = typeof body === 'string' ? new URLSearchParams(body) : body;
  for (const [rawKey, value] of params) {
    const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(rawKey);
    const path = m ? [m[1]!, ...[...m[2]!.matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1]!)] : [rawKey];
    let node: Record<string, Decoded> = root;
    for (let i = 0; i < path.length; i++) {
      let key = path[i]!;
      if (key === '') key = String(Object.keys(node).length);
      if (i === path.length - 1) {
        node[key] = value;
      } else {
        const next = node[key];
        if (typeof next !== 'object' || next === null) node[key] = {};
        node = node[key] as Record<string, Decoded>;
      }
    }
  }
  return arrays(root) as Record<string, Decoded>;
}

function arrays(value: Decoded): Decoded {
  if (typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, Decoded>).map(([k, v]) => [k, arrays(v)] as const);
  if (entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k))) {
    return entries.sort((a, b) => Number(a[0]) - Number(b[0])).map(([, v]) => v);
  }
  return Object.fromEntries(entries);
}
