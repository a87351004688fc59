/**
 * JSON columns are text on both dialects. `readJson` reads one whose missing or broken value
 * has a sensible fallback (a payment's invoice ids); values that must never be replaced
 * silently (a contact matrix, the PCI content, a stored answer) are parsed, and validated, by
 * their owners.
 */
export function readJson<T>(text: string | null | undefined, fallback: T): T {
  if (text == null || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export const writeJson = (value: unknown): string => JSON.stringify(value);
