// The engineer's answer file: parsed strictly, because anything but a clear answer must block, never approve.
import type { Problem, Result } from "../result.js";
import { kickbackOutcome, type KickbackMeta, type TaskOutcome } from "./outcome.js";

/** The three answers a reviewer may give. */
export type ReviewVerdict = "approve" | "request_changes" | "reject";

/** A well-formed review answer. */
export interface ReviewAnswer {
  decision: ReviewVerdict;
  notes: string;
}

const VERDICTS: readonly ReviewVerdict[] = ["approve", "request_changes", "reject"];
const ANSWER_FILE = "POLECAT_REVIEW_FILE";

function problem(path: string, message: string, hint?: string): Problem {
  return { file: ANSWER_FILE, line: 1, col: 1, path, message, ...(hint === undefined ? {} : { hint }) };
}

const SHAPE_HINT = 'write {"decision": "approve" | "request_changes" | "reject", "notes": "..."}';

/**
 * Parses the text the reviewer wrote to POLECAT_REVIEW_FILE (undefined: no file). A missing, empty or
 * invalid answer, an unknown decision, or request_changes/reject without notes are errors.
 */
export function parseReviewAnswer(text: string | undefined): Result<ReviewAnswer> {
  if (text === undefined) return { ok: false, errors: [problem("", "the reviewer wrote no answer file", SHAPE_HINT)] };
  if (text.trim() === "") return { ok: false, errors: [problem("", "the answer file is empty", SHAPE_HINT)] };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [problem("", `the answer is not JSON: ${(e as Error).message}`, SHAPE_HINT)] };
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    return { ok: false, errors: [problem("", "the answer must be a JSON object", SHAPE_HINT)] };
  }
  const record = data as Record<string, unknown>;
  const errors: Problem[] = [];
  const decision = record.decision;
  if (typeof decision !== "string" || !VERDICTS.includes(decision as ReviewVerdict)) {
    errors.push(problem("/decision", `unknown decision ${JSON.stringify(decision)}`, SHAPE_HINT));
  }
  const notes = record.notes ?? "";
  if (typeof notes !== "string") {
    errors.push(problem("/notes", "notes must be a string"));
  } else if (decision !== "approve" && notes.trim() === "" && errors.length === 0) {
    errors.push(problem("/notes", `${String(decision)} needs notes saying why`));
  }
  if (errors.length > 0) return { ok: false, errors };
  const warnings = Object.keys(record)
    .filter((k) => k !== "decision" && k !== "notes")
    .map((k) => problem(`/${k}`, `ignored unknown field ${k}`));
  return { ok: true, value: { decision: decision as ReviewVerdict, notes: (notes as string).trim() }, warnings };
}

/**
 * What a review answer does to the task. `request_changes` is a kickback, counted against
 * max_kickbacks like any other (`kickbacksSoFar` is the task's count before it).
 */
export function reviewOutcome(answer: Result<ReviewAnswer>, kickbacksSoFar: number, maxKickbacks: number, meta?: KickbackMeta): TaskOutcome {
  if (!answer.ok) {
    const reason = `review gave no valid answer: ${answer.errors.map((p) => p.message).join("; ")}`;
    return { to: "blocked", reason, kickback: false, note: { kind: "review", text: reason } };
  }
  const { decision, notes } = answer.value;
  switch (decision) {
    case "approve":
      return { to: "approved", kickback: false, note: { kind: "review", text: notes === "" ? "approved" : `approved: ${notes}` } };
    case "request_changes":
      return kickbackOutcome(kickbacksSoFar, maxKickbacks, { kind: "review requested changes", notes }, meta);
    case "reject": {
      const reason = `review rejected: ${notes}`;
      return { to: "cancelled", reason, kickback: false, note: { kind: "review", text: reason } };
    }
  }
}
