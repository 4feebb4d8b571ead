// The handoff note: a restarted agent starts with a fresh context, so this compresses what the previous run left behind into a few lines.

/** What is known about a stopped run. */
export interface HandoffFacts {
  /** `<short hash> <subject>`, newest first. */
  commits: readonly string[];
  /** Paths changed so far (committed or not). */
  files: readonly string[];
  /** The last lines the agent printed, oldest first. */
  tail: readonly string[];
  /** Why the run was stopped, in plain words. */
  reason: string;
}

/** How much of each list a summary keeps, so the prompt stays small whatever the agent did. */
export const HANDOFF_LIMITS = { commits: 10, files: 20, lines: 15, lineLength: 200 } as const;

// Control characters other than tab would garble the prompt (terminal escapes, carriage returns).
function clean(line: string): string {
  let out = "";
  for (const ch of line) {
    const code = ch.codePointAt(0) ?? 0;
    out += code === 9 || (code >= 32 && code !== 127) ? ch : " ";
  }
  out = out.trimEnd();
  return out.length > HANDOFF_LIMITS.lineLength ? `${out.slice(0, HANDOFF_LIMITS.lineLength)}…` : out;
}

function list(title: string, items: readonly string[], max: number, more: string): string {
  if (items.length === 0) return `${title}: none`;
  const shown = items.slice(0, max).map((s) => `- ${clean(s)}`);
  if (items.length > max) shown.push(`- … and ${items.length - max} ${more}`);
  return `${title} (${items.length}):\n${shown.join("\n")}`;
}

/** Builds the summary a restarted agent reads: reason, commits, files and the last lines of output. */
export function handoffNote(facts: HandoffFacts): string {
  const lines = facts.tail.map(clean).filter((l) => l.trim() !== "");
  const last = lines.slice(-HANDOFF_LIMITS.lines);
  const output =
    last.length === 0
      ? "Last lines of output: none"
      : `Last lines of output${lines.length > last.length ? ` (last ${last.length})` : ""}:\n\n${last.map((l) => `    ${l}`).join("\n")}`;
  return [
    `Why it was restarted: ${clean(facts.reason)}`,
    list("Commits so far", facts.commits, HANDOFF_LIMITS.commits, "earlier"),
    list("Files changed", facts.files, HANDOFF_LIMITS.files, "more"),
    output,
  ].join("\n\n");
}
