// What the refinery decides for one task, as data: the driver turns it into one store transition.
import { renderKickback, validationSummary, type Kickback } from "../kickback.js";
import type { Note } from "../ports/store.js";
import type { TaskStatus } from "../status.js";
import { digestOutput } from "../test-output.js";

/** A status change decided for one task, with the reason and the note the store records. */
export interface TaskOutcome {
  to: TaskStatus;
  /** Why the task was kicked back, blocked or cancelled. */
  reason?: string;
  /** The move counts toward max_kickbacks. */
  kickback: boolean;
  note: { kind: Note["kind"]; text: string; kickback?: Kickback };
}

/** Why a task goes back to its worker: a conflict, a failed validation, review notes, or its attempt's own failure (e.g. over its cost cap). */
export type KickbackReason =
  | { kind: "conflict"; files: string[]; base?: { branch: string; commit?: string; after?: string[] } }
  | { kind: "validation failed"; log: string }
  | { kind: "review requested changes"; notes: string }
  | { kind: "failure"; reason: string };

/** Where a kickback happened: the attempt whose work came back, the base branch and who found it. */
export interface KickbackMeta {
  attempt: number;
  base: string;
  foundBy: Kickback["found_by"];
}

/** The reason as a stored, bounded record: failing tests by name with excerpts, notes verbatim, files and base. */
export function kickbackRecord(reason: KickbackReason, meta: KickbackMeta = { attempt: 0, base: "main", foundBy: "refinery" }): Kickback {
  const common = { attempt: meta.attempt, found_by: meta.foundBy };
  switch (reason.kind) {
    case "conflict": {
      const files = reason.files.length > 0 ? reason.files.join(", ") : "(files not reported)";
      return { kind: "conflict", ...common, summary: `conflict: ${files}`, files: reason.files, base: reason.base ?? { branch: meta.base } };
    }
    case "validation failed": {
      const validation = digestOutput(reason.log);
      return { kind: "validation", ...common, summary: reason.log.trim() === "" ? "validation failed" : validationSummary(validation), validation };
    }
    case "review requested changes":
      return { kind: "review", ...common, summary: `review requested changes: ${reason.notes.split("\n")[0] ?? ""}`, notes: reason.notes };
    case "failure":
      return { kind: "failure", ...common, summary: reason.reason.split("\n")[0] ?? "", reason: reason.reason };
  }
}

/** The reason in words, as stored on the task: one summary line, then (validation) the failing tests and output. */
export function kickbackText(reason: KickbackReason): string {
  switch (reason.kind) {
    case "conflict":
      return kickbackRecord(reason).summary;
    case "validation failed": {
      const k = kickbackRecord(reason);
      return reason.log.trim() === "" ? k.summary : `${k.summary}\n\n${renderKickback(k).split("\n\n").slice(1).join("\n\n")}`;
    }
    case "review requested changes":
      return `review requested changes: ${reason.notes}`;
    case "failure":
      return reason.reason;
  }
}

/**
 * A kickback, counted: back to `active`, or `blocked` for a human once it would pass `maxKickbacks`.
 * `kickbacksSoFar` is the task's count before this one. Wherever it was found (the refinery, or the
 * worker's own rebase), every kickback goes through here, so every one counts.
 */
export function kickbackOutcome(kickbacksSoFar: number, maxKickbacks: number, reason: KickbackReason, meta?: KickbackMeta): TaskOutcome {
  const text = kickbackText(reason);
  const kickback = kickbackRecord(reason, meta);
  const count = kickbacksSoFar + 1;
  if (count > maxKickbacks) {
    const blocked = `kicked back ${count} times; last: ${text}`;
    return { to: "blocked", reason: blocked, kickback: true, note: { kind: "kickback", text: blocked, kickback } };
  }
  return { to: "active", reason: text, kickback: true, note: { kind: "kickback", text, kickback } };
}

const TAIL_LINES = 40;
const TAIL_CHARS = 4000;

/** Keeps the end of a validation log (a failed revert's report); kickbacks keep a digest instead. */
export function logTail(log: string): string {
  const tail = log.trimEnd().split("\n").slice(-TAIL_LINES).join("\n");
  return tail.length > TAIL_CHARS ? tail.slice(-TAIL_CHARS) : tail;
}
