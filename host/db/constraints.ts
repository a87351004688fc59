/**
 * Whether a driver error is a unique-constraint violation: PostgreSQL's SQLSTATE 23505 or
 * SQLite's SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY. With `name`, only that constraint or
 * index (PostgreSQL names it; SQLite names the columns, so `columns` matches those).
 */
export function isUniqueViolation(err: unknown, match: { name?: string; columns?: string[] } = {}): boolean {
  const e = err as { code?: string; constraint?: string; message?: string } | undefined;
  if (!e) return false;
  if (e.code === '23505') return !match.name || e.constraint === match.name;
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    if (match.name && e.message?.includes(`index '${match.name}'`)) return true;
    return !match.columns || match.columns.every((c) => e.message?.includes(`.${c}`));
  }
  return false;
}
