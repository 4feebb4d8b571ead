// Where a retried attempt starts and what it is told: the last kickback (or failure) a task carries, and
// the name under which the previous attempt's work is kept.
import type { Kickback } from "./kickback.js";
import { taskBranch } from "./layout.js";
import type { TaskRecord } from "./ports/store.js";

/** How a retry starts: `fresh` (default) from the fresh base, `previous` with the previous attempt rebased onto it. */
export type RetryFrom = "fresh" | "previous";

/** The branch an earlier attempt's work is kept on once a retry starts over: `polecat/<task>@<attempt>`. */
export function attemptBranch(taskId: string, attempt: number): string {
  return `${taskBranch(taskId)}@${attempt}`;
}

/**
 * Why the task's last attempt came back, read from its notes: the newest kickback (with its stored
 * evidence) or failed attempt. A merge or a revert after it means the work went through since: nothing.
 */
export function lastKickback(task: TaskRecord): Kickback | undefined {
  for (let i = task.notes.length - 1; i >= 0; i--) {
    const note = task.notes[i];
    if (note === undefined) continue;
    if (note.kind === "revert" || (note.kind === "system" && note.text.startsWith("merged as "))) return undefined;
    if (note.kind === "kickback") {
      return note.kickback ?? { kind: kindOf(note.text), attempt: 0, found_by: "refinery", summary: note.text.split("\n")[0] ?? "", reason: note.text };
    }
    if (note.kind === "failure") {
      return note.kickback ?? { kind: "failure", attempt: 0, found_by: "worker", summary: note.text.split("\n")[0] ?? "", reason: note.text };
    }
  }
  return undefined;
}

/**
 * Why a retry starts over, for its prompt: the last kickback or failed attempt; or, when the attempt before
 * left neither (its polecat died and the lease was taken back uncharged), that it was cut short, so the agent
 * is told where it starts and where that attempt's pushed work is kept. Nothing after a merge or a revert.
 */
export function retryReason(task: TaskRecord, attempt: number): Kickback | undefined {
  if (attempt <= 1) return undefined;
  const last = lastKickback(task);
  if (last !== undefined) return last;
  const settled = task.notes.some((n) => n.kind === "revert" || (n.kind === "system" && n.text.startsWith("merged as ")));
  if (settled) return undefined;
  const previous = attempt - 1;
  return {
    kind: "failure",
    attempt: previous,
    found_by: "worker",
    summary: `attempt ${previous} was cut short`,
    reason: `it ended without a result: the polecat running it stopped or died before its work was judged, so nothing in it was found wrong`,
  };
}

// A kickback stored before kickbacks kept their evidence: its kind from its words.
function kindOf(text: string): Kickback["kind"] {
  const last = text.replace(/^kicked back \d+ times; last: /, "");
  if (last.startsWith("validation")) return "validation";
  if (last.startsWith("review")) return "review";
  return "conflict";
}

/** The attempt whose work a retry may reuse: the kicked-back one when known, else the one before this. */
export function previousAttempt(kickback: Kickback | undefined, attempt: number): number {
  return kickback !== undefined && kickback.attempt > 0 ? kickback.attempt : attempt - 1;
}
