/**
 * Stripe's search query language, the part the fake serves: clauses `field:'value'` and
 * `metadata['key']:'value'` joined by `AND` (`OR` too, but not mixed with `AND`, as
 * Stripe documents), `-field:'value'` for negation, exact matches only.
 */
import { invalid, type Obj } from './fake-world.js';

type Clause = { field: string; key?: string; value: string; negate: boolean };

export function searchQuery(query: string, fields: string[]): (obj: Obj) => boolean {
  if (!query.trim()) throw invalid('Missing required param: query.', 'query');
  const hasAnd = /\sAND\s/.test(query);
  const hasOr = /\sOR\s/.test(query);
  if (hasAnd && hasOr) throw invalid('Invalid query: you cannot combine AND and OR in the same query.', 'query');
  const clauses = query.split(hasOr ? /\s+OR\s+/ : /\s+AND\s+/).map((part) => parse(part.trim(), fields));
  const test = (obj: Obj, c: Clause) => {
    const actual = c.field === 'metadata' ? (obj.metadata as Record<string, string>)[c.key!] : obj[c.field];
    return (actual !== undefined && actual !== null && String(actual) === c.value) !== c.negate;
  };
  return (obj) => (hasOr ? clauses.some((c) => test(obj, c)) : clauses.every((c) => test(obj, c)));
}

function parse(part: string, fields: string[]): Clause {
  const m = /^(-?)(\w+)(?:\[(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\])?:(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(\d+))$/.exec(part);
  if (!m) throw invalid(`Invalid query: could not parse "${part}". Use field:'value' or metadata['key']:'value'.`, 'query');
  const field = m[2]!;
  if (!fields.includes(field))
    throw invalid(`Invalid query: "${field}" is not a supported search field here (${fields.join(', ')}).`, 'query');
  const unescape = (s: string | undefined) => s?.replace(/\\(.)/g, '$1');
  const key = unescape(m[3] ?? m[4]);
  if (field === 'metadata' && key === undefined) throw invalid("Invalid query: metadata needs a key, metadata['key']:'value'.", 'query');
  return { field, key, value: unescape(m[5] ?? m[6] ?? m[7])!, negate: m[1] === '-' };
}
