// What the refinery decides for one task, as data: the driver turns it into one store transition.
import type { Note } from "../ports/store.js";
import type { TaskStatus } from "../status.js";

/** A status change decided for one task, with the reason and the note the store records. */
export interface TaskOutcome {
  to: TaskStatus;
  /** Why the task was kicked back, blocked or cancelled. */
  reason?: string;
  /** The move counts toward max_kickbacks. */
  kickback: boolean;
  note: { kind: Note["kind"]; text: string };
}

/** Why a task goes back to its worker: the three precise kinds the issue names, with their evidence. */
export type KickbackReason =
  | { kind: "conflict"; files: string[] }
  | { kind: "validation failed"; log: string }
  | { kind: "review requested changes"; notes: string };

/** The reason in words, as stored on the task and shown to the worker on its next attempt. */
export function kickbackText(reason: KickbackReason): string {
  switch (reason.kind) {
    case "conflict":
      return `conflict: ${reason.files.length > 0 ? reason.files.join(", ") : "(files not reported)"}`;
    case "validation failed":
      return reason.log === "" ? "validation failed" : `validation failed:\n${reason.log}`;
    case "review requested changes":
      return `review requested changes: ${reason.notes}`;
  }
}

/**
 * A kickback, counted: back to `active`, or `blocked` for a human once it would pass `maxKickbacks`.
 * `kickbacksSoFar` is the task's count before this one.
 */
export function kickbackOutcome(kickbacksSoFar: number, maxKickbacks: number, reason: KickbackReason): TaskOutcome {
  const text = kickbackText(reason);
  const count = kickbacksSoFar + 1;
  if (count > maxKickbacks) {
    const blocked = `kicked back ${count} times; last: ${text}`;
    return { to: "blocked", reason: blocked, kickback: true, note: { kind: "kickback", text: blocked } };
  }
  return { to: "active", reason: text, kickback: true, note: { kind: "kickback", text } };
}

const TAIL_LINES = 40;
const TAIL_CHARS = 4000;

/** Keeps the end of a validation log, so a kickback carries the failure and not the whole run. */
export function logTail(log: string): string {
  const tail = log.trimEnd().split("\n").slice(-TAIL_LINES).join("\n");
  return tail.length > TAIL_CHARS ? tail.slice(-TAIL_CHARS) : tail;
}
