// What the engineer is asked: how to answer, the change as a diff, and the project's guideline files.
// Pure text: the reviewer module reads the files and hands them in.

/** Guideline files the reviewer gets when the repository has them (the spec's AXIOMS.md / HEURISTICS.md). */
export const GUIDELINE_FILES = ["AXIOMS.md", "HEURISTICS.md"] as const;

/**
 * Most of the diff a prompt carries. Agents often take the prompt as one argv element, which Linux caps at
 * 128 KiB; the whole change is in the review worktree anyway.
 */
export const MAX_DIFF_CHARS = 60_000;

/** The material of one review prompt. */
export interface ReviewMaterial {
  base: string;
  /** Why the task was sent to review (the routing rule), when known. */
  rule?: string;
  diff: string;
  /** Guideline files found in the candidate's tree: name → content. */
  guidelines: { name: string; text: string }[];
}

/** The instructions paragraph of a review prompt (it replaces the default "work and commit" paragraph). */
export function reviewInstructions(m: ReviewMaterial): string {
  const parts = [
    `You are the engineer reviewing this task's change before the refinery merges it into \`${m.base}\`. ` +
      "The current directory is a worktree checked out at the change; read and run what you need, " +
      "but do not commit, push or switch branches.",
    "Check code quality, whether tests cover the change and pass, and whether it fits the project's guidelines below.",
    "Answer by writing one JSON object to the file named in the environment variable POLECAT_REVIEW_FILE:\n\n" +
      '    {"decision": "approve" | "request_changes" | "reject", "notes": "..."}\n\n' +
      "`approve` lets it merge. `request_changes` sends it back to its worker with your notes, so say exactly what to change. " +
      "`reject` cancels the task; say why. Writing no answer, or anything else, blocks the task for a human.",
  ];
  if (m.rule !== undefined) parts.push(`It was sent to review because: ${m.rule}.`);
  parts.push(`## Change (diff against \`${m.base}\`)\n\n${fencedDiff(m.diff)}`);
  for (const g of m.guidelines) parts.push(`## Guidelines: ${g.name}\n\n${g.text.trim()}`);
  return parts.join("\n\n");
}

function fencedDiff(diff: string): string {
  if (diff.trim() === "") return "(the change is empty)";
  if (diff.length <= MAX_DIFF_CHARS) return `\`\`\`diff\n${diff.trimEnd()}\n\`\`\``;
  const cut = diff.slice(0, MAX_DIFF_CHARS);
  const shown = cut.slice(0, cut.lastIndexOf("\n") + 1 || cut.length);
  return `\`\`\`diff\n${shown.trimEnd()}\n\`\`\`\n\n(diff cut: ${shown.length} of ${diff.length} characters shown; the whole change is in the worktree)`;
}
