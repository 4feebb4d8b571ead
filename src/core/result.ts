// Validation and loading return data, never throw: callers decide how to report every problem at once.

/** Where a problem sits: a file position and the JSON-pointer path into the document. */
export interface Problem {
  file: string;
  line: number;
  col: number;
  /** JSON pointer into the document, e.g. `/tasks/3/depends_on/0`. */
  path: string;
  message: string;
  hint?: string;
}

/** The one shape every validator returns. */
export type Result<T> =
  | { ok: true; value: T; warnings: Problem[] }
  | { ok: false; errors: Problem[]; warnings?: Problem[] };

/** Formats a problem the way editors and terminals link it: `FILE:LINE:COL: message (at /path)`. */
export function formatProblem(p: Problem): string {
  const at = p.path === "" ? "" : ` (at ${p.path})`;
  const hint = p.hint ? `\n  hint: ${p.hint}` : "";
  return `${p.file}:${p.line}:${p.col}: ${p.message}${at}${hint}`;
}
