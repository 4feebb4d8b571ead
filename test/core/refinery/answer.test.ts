import { describe, expect, it } from "vitest";
import { parseReviewAnswer, reviewOutcome } from "../../../src/core/refinery/answer.js";

describe("parseReviewAnswer", () => {
  it.each([
    { name: "no file", text: undefined, message: /no answer file/ },
    { name: "an empty file", text: "", message: /empty/ },
    { name: "whitespace only", text: " \n\t", message: /empty/ },
    { name: "text that is not JSON", text: "LGTM, ship it", message: /not JSON/ },
    { name: "truncated JSON", text: '{"decision": "approve"', message: /not JSON/ },
    { name: "a JSON array", text: '["approve"]', message: /JSON object/ },
    { name: "JSON null", text: "null", message: /JSON object/ },
    { name: "a bare string", text: '"approve"', message: /JSON object/ },
    { name: "an unknown decision", text: '{"decision": "merge"}', message: /unknown decision "merge"/ },
    { name: "a decision in the wrong case", text: '{"decision": "APPROVE"}', message: /unknown decision/ },
    { name: "no decision", text: '{"notes": "fine"}', message: /unknown decision undefined/ },
    { name: "notes that are not a string", text: '{"decision": "approve", "notes": 5}', message: /notes must be a string/ },
    { name: "request_changes without notes", text: '{"decision": "request_changes"}', message: /needs notes/ },
    { name: "reject with blank notes", text: '{"decision": "reject", "notes": "  "}', message: /needs notes/ },
  ])("refuses $name", ({ text, message }) => {
    const r = parseReviewAnswer(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.message).join("\n")).toMatch(message);
    expect(r.errors.every((e) => e.file === "POLECAT_REVIEW_FILE")).toBe(true);
    // Never an approval: a refused answer blocks the task.
    expect(reviewOutcome(r, 0, 3)).toMatchObject({ to: "blocked", kickback: false });
    expect(reviewOutcome(r, 0, 3).reason).toMatch(/^review gave no valid answer: /);
  });

  it("accepts an approval without notes and warns about unknown fields", () => {
    const r = parseReviewAnswer('{"decision": "approve", "score": 9}\n');
    expect(r).toMatchObject({ ok: true, value: { decision: "approve", notes: "" } });
    expect(r.ok && r.warnings.map((w) => w.path)).toEqual(["/score"]);
  });

  it("trims notes", () => {
    expect(parseReviewAnswer('{"decision": "reject", "notes": "  out of scope \\n"}')).toMatchObject({
      ok: true,
      value: { decision: "reject", notes: "out of scope" },
    });
  });
});

describe("reviewOutcome", () => {
  const answer = (decision: string, notes: string) => parseReviewAnswer(JSON.stringify({ decision, notes }));

  it.each([
    { decision: "approve", notes: "", to: "approved", reason: undefined, kickback: false },
    { decision: "approve", notes: "nice", to: "approved", reason: undefined, kickback: false },
    { decision: "request_changes", notes: "add a test", to: "active", reason: "review requested changes: add a test", kickback: true },
    { decision: "reject", notes: "duplicate of t3", to: "cancelled", reason: "review rejected: duplicate of t3", kickback: false },
  ])("maps $decision to $to", ({ decision, notes, to, reason, kickback }) => {
    const o = reviewOutcome(answer(decision, notes), 0, 3);
    expect(o).toMatchObject({ to, kickback });
    expect(o.reason).toBe(reason);
    expect(o.note.text).toBe(reason ?? (notes === "" ? "approved" : `approved: ${notes}`));
  });

  it("blocks a request for changes past max_kickbacks", () => {
    const o = reviewOutcome(answer("request_changes", "still no test"), 3, 3);
    expect(o).toMatchObject({ to: "blocked", kickback: true, reason: "kicked back 4 times; last: review requested changes: still no test" });
  });
});
