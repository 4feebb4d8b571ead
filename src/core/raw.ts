// Safe reads from parsed-but-unvalidated YAML, so semantic checks can run even when the schema failed.

/** A mapping from the document, or an empty one when the value is anything else. */
export function rec(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A list from the document, or an empty one when the value is anything else. */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A string from the document, or undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** The string items of a list, each with its index (non-strings skipped). */
export function strItems(value: unknown): [number, string][] {
  return list(value).flatMap((v, i): [number, string][] => (typeof v === "string" ? [[i, v]] : []));
}
