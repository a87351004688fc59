/**
 * The NetSuite fake's SuiteQL: a query runs for real, in an in-memory SQLite database loaded
 * with the fake's records as SuiteAnalytics tables (`transaction`, `customer`, `currency`,
 * `supportcase`, `message`), so any query over those tables answers as NetSuite would and no
 * query is matched by its text. Before it runs, what SuiteQL refuses is refused: anything
 * but one SELECT, functions outside SuiteQL's list, ANSI and non-ANSI joins in one query,
 * syntax of other dialects (`LIMIT`, `WITH RECURSIVE`); fields and tables a record does not
 * have fail as in NetSuite ("Field … was not found").
 *
 * Values come back as SuiteQL REST gives them: every value a string, null columns left out,
 * numbers as Oracle prints them (`.3`), dates in the user's format (`3/1/2026`) unless
 * formatted with `TO_CHAR`, column names in lower case. `BUILTIN.DF(field)` is the display
 * value of a list or record field (a customer's name, a status's label).
 */
import Database from 'better-sqlite3';
import { Refusal } from './fake-store.js';

/** How a column is stored and printed. */
export type ColumnKind = 'id' | 'number' | 'text' | 'bool' | 'date' | 'datetime';

/** A SuiteAnalytics table: its columns, its rows, and the display values of its reference fields. */
export interface SuiteqlTable {
  name: string;
  columns: Record<string, ColumnKind>;
  /** Values as stored: ids and numbers as numbers, dates `YYYY-MM-DD`, date-times `YYYY-MM-DDTHH:MM:SS`, booleans `T`/`F`. */
  rows: () => Record<string, string | number | null | undefined>[];
  /** `BUILTIN.DF` of a column; a column without one shows its value. */
  display?: Record<string, (value: string | number | null | undefined, row: Record<string, unknown>) => string | null | undefined>;
}

// SuiteQL's functions that the fake supports (SQLite has the same ones, or they are defined
// below); BUILTIN.DF is rewritten before the query runs.
const FUNCTIONS = new Set('TO_CHAR NVL COALESCE UPPER LOWER COUNT SUM MIN MAX AVG ROUND ABS LENGTH SUBSTR TRIM'.split(' '));
// Words that may stand before a parenthesis without being a function.
const KEYWORDS = new Set('IN EXISTS AND OR NOT ON WHERE SELECT FROM AS WHEN THEN ELSE BY JOIN ANY ALL CASE UNION HAVING'.split(' '));
const SQL_TYPES: Record<ColumnKind, string> = {
  ...{ id: 'INTEGER', number: 'NUMERIC', text: 'TEXT', bool: 'TEXT' },
  ...{ date: 'DATE', datetime: 'TIMESTAMP' },
};

const invalid = (why: string) =>
  new Refusal(400, 'INVALID_PARAMETER', `Invalid search query. Detailed unprocessed description follows. Search error occurred: ${why}`);

/** The query with string literals blanked and, at the top level only, parenthesised parts removed. */
function shapeOf(q: string): { plain: string; top: string } {
  const plain = q.replace(/'(?:[^']|'')*'/g, "''");
  let top = plain;
  for (let prev = ''; prev !== top;) {
    prev = top;
    top = top.replace(/\([^()]*\)/g, ' ');
  }
  return { plain, top };
}

/** Refuses what SuiteQL refuses before anything runs. */
function check(q: string): void {
  const { plain, top } = shapeOf(q);
  if (!/^\s*SELECT\b/i.test(plain) || plain.includes(';')) throw invalid('Only one SELECT statement is allowed.');
  const other = /\b(LIMIT|RECURSIVE|PRAGMA|GLOB|ATTACH)\b|`|\[/i.exec(plain);
  if (other) throw invalid(`Unsupported syntax near '${other[0]}'.`);
  for (const m of plain.matchAll(/([A-Za-z_][\w.]*)\s*\(/g)) {
    const name = m[1]!.toUpperCase();
    if (name === 'BUILTIN.DF' || KEYWORDS.has(name) || FUNCTIONS.has(name)) continue;
    throw invalid(`Unknown identifier '${m[1]}'. Unsupported function or syntax.`);
  }
  for (const from of top.matchAll(/\bFROM\b(.*?)(?=\bWHERE\b|\bGROUP\b|\bORDER\b|\bHAVING\b|\bUNION\b|$)/gis)) {
    if (from[1]!.includes(',') && /\bJOIN\b/i.test(from[1]!)) throw invalid('ANSI and non-ANSI joins cannot be used in the same query.');
  }
}

/** The table an alias of the query stands for (`t` in `FROM transaction t`). */
function recordOf(q: string, alias: string | undefined): string {
  if (!alias) return 'unknown';
  for (const m of q.matchAll(/\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?/gi)) {
    if ((m[2] ?? m[1])!.toLowerCase() === alias.toLowerCase()) return m[1]!.toLowerCase();
  }
  return alias;
}

/** Oracle's TO_CHAR for the date formats SuiteQL queries use (YYYY MM DD HH24 MI SS, "literal"); numbers as text. */
function toChar(value: unknown, format?: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || format === undefined) return typeof value === 'number' ? oracleText(value) : String(value);
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}):(\d{2}))?$/.exec(String(value));
  if (!m) throw new Error(`TO_CHAR: "${String(value)}" is not a date`);
  const parts: Record<string, string> = { YYYY: m[1]!, MM: m[2]!, DD: m[3]!, HH24: m[4] ?? '00', MI: m[5] ?? '00', SS: m[6] ?? '00' };
  return String(format).replace(/"([^"]*)"|YYYY|HH24|MM|DD|MI|SS|[A-Za-z]+/g, (token, literal: string | undefined) => {
    if (literal !== undefined) return literal;
    const part = parts[token];
    if (part === undefined) throw new Error(`TO_CHAR: format element ${token} is not supported`);
    return part;
  });
}

/** A number as Oracle prints it: no trailing zeros, no leading zero before the point (`.3`). */
function oracleText(n: number): string {
  const s = String(Number(n.toPrecision(15)));
  return s.replace(/^(-?)0\./, '$1.');
}

/** A raw date column in the user's date format (M/D/YYYY), a date-time with the time (`3/1/2026 9:30 am`). */
function userDate(value: string, kind: 'date' | 'datetime'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(value);
  if (!m) return value;
  const day = `${Number(m[2])}/${Number(m[3])}/${m[1]}`;
  if (kind === 'date' || m[4] === undefined) return day;
  const h = Number(m[4]);
  return `${day} ${h % 12 || 12}:${m[5]} ${h < 12 ? 'am' : 'pm'}`;
}

/**
 * Runs a SuiteQL query over the tables and answers its rows as SuiteQL REST does; what
 * NetSuite would refuse is a `Refusal` (400 INVALID_PARAMETER, "Invalid search query").
 */
export function runSuiteql(q: string, tables: readonly SuiteqlTable[]): Record<string, unknown>[] {
  check(q);
  // BUILTIN.DF(t.entity) reads the display column stored beside each column.
  // `transaction` is a keyword in SQLite, a table name in SuiteQL: quoted where a table is named.
  const sql = q
    .replace(/BUILTIN\.DF\(\s*((?:[A-Za-z_]\w*\.)?[A-Za-z_]\w*)\s*\)/gi, '$1__df')
    .replace(/\b(FROM|JOIN)\s+transaction\b/gi, '$1 "transaction"');
  const db = new Database(':memory:');
  try {
    db.function('TO_CHAR', { deterministic: true, varargs: true }, (value: unknown, format?: unknown) => toChar(value, format));
    db.function('NVL', { deterministic: true }, (a: unknown, b: unknown) => (a === null ? b : a) as never);
    const kinds = new Map<string, ColumnKind>();
    for (const table of tables) {
      const names = Object.keys(table.columns);
      db.exec(`CREATE TABLE "${table.name}" (${names.map((c) => `${c} ${SQL_TYPES[table.columns[c]!]}, ${c}__df TEXT`).join(', ')})`);
      const insert = db.prepare(`INSERT INTO "${table.name}" VALUES (${names.map(() => '?, ?').join(', ')})`);
      for (const row of table.rows()) {
        insert.run(
          names.flatMap((c) => {
            const value = row[c] ?? null;
            const shown = table.display?.[c] ? table.display[c]!(value, row) : value;
            return [value, shown === undefined || shown === null ? null : String(shown)];
          }),
        );
      }
      for (const c of names) kinds.set(`${table.name}.${c}`, table.columns[c]!);
    }
    let statement: Database.Statement;
    try {
      statement = db.prepare(sql);
    } catch (err) {
      const message = (err as Error).message;
      const field = /no such column: (?:(\w+)\.)?(\w+)/.exec(message);
      if (field) {
        const reason = 'Reason: NOT_EXPOSED - Not available for channel SEARCH';
        throw invalid(`Field '${field[2]}' for record '${recordOf(q, field[1])}' was not found. ${reason}`);
      }
      const table = /no such table: (\w+)/.exec(message);
      if (table) throw invalid(`Record '${table[1]}' was not found.`);
      throw invalid(message);
    }
    if (!statement.reader) throw invalid('Only one SELECT statement is allowed.');
    const columns = statement.columns();
    let rows: unknown[][];
    try {
      rows = statement.raw().all() as unknown[][];
    } catch (err) {
      throw invalid((err as Error).message);
    }
    return rows.map((values) => {
      const out: Record<string, unknown> = { links: [] };
      columns.forEach((col, i) => {
        const value = values[i];
        if (value === null || value === undefined) return;
        const kind = col.table && col.column ? kinds.get(`${col.table}.${col.column}`) : undefined;
        if (typeof value === 'number') out[col.name.toLowerCase()] = oracleText(value);
        else out[col.name.toLowerCase()] = kind === 'date' || kind === 'datetime' ? userDate(String(value), kind) : String(value);
      });
      return out;
    });
  } finally {
    db.close();
  }
}
