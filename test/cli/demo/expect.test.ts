import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkExpectations, parseExpectations } from "../../../src/cli/demo/expect.js";
import { DEMO_SOURCE } from "../../../src/cli/demo/scratch.js";
import type { TaskRecord } from "../../../src/core/ports/store.js";
import type { TaskStatus } from "../../../src/core/status.js";
import { record } from "../../runtime/swarm/records.js";

function task(id: string, status: TaskStatus, extra: Partial<TaskRecord> = {}): TaskRecord {
  return { ...record(id, status, { project: "greeter", worker: "scripted" }), attempt: 1, ...extra };
}

const approval = { ts: 1, kind: "review" as const, author: "refinery", text: "approved: fine" };

describe("demo expectations", () => {
  it.each([
    ["not JSON", "{", /invalid JSON/],
    ["a list", "[]", /must be an object of task id/],
    ["an unknown status", '{"a": {"status": "merged", "why": "x"}}', /a\.status must be one of active, /],
    ["an unknown key", '{"a": {"status": "done", "why": "x", "kickback": 1}}', /a: unknown key "kickback"/],
    ["a negative count", '{"a": {"status": "done", "why": "x", "failures": -1}}', /a\.failures must be a whole number/],
    ["no why", '{"a": {"status": "done"}}', /a\.why must be a string/],
    ["approved not a boolean", '{"a": {"status": "done", "why": "x", "approved": "yes"}}', /a\.approved must be true or false/],
  ])("rejects %s", (_name, text, message) => {
    expect(() => parseExpectations(text)).toThrow(message);
  });

  it("reads the demo's own expectations", async () => {
    const expected = parseExpectations(await readFile(join(DEMO_SOURCE, "expected.json"), "utf8"));
    expect(expected.size).toBe(12);
    expect(new Set([...expected.values()].map((e) => e.status))).toEqual(new Set(["done", "blocked"]));
  });

  it("passes tasks that ended as expected, counts and review included", () => {
    const expected = parseExpectations(
      JSON.stringify({
        a: { status: "done", why: "merged" },
        b: { status: "blocked", failures: 2, why: "agent broken" },
        c: { status: "done", kickbacks: 1, approved: true, why: "reviewed twice" },
      }),
    );
    const verdicts = checkExpectations(expected, [
      task("a", "done"),
      task("b", "blocked", { failures: 2 }),
      task("c", "done", { kickbacks: 1, notes: [approval] }),
    ]);
    expect(verdicts.map((v) => [v.id, v.ok, v.actual])).toEqual([
      ["a", true, "done"],
      ["b", true, "blocked, 2 failed"],
      ["c", true, "done, 1 kicked back, approved"],
    ]);
  });

  it.each([
    ["another status", task("a", "active"), "active"],
    ["an extra failure", task("a", "done", { failures: 1 }), "done, 1 failed"],
    ["a kickback", task("a", "done", { kickbacks: 1 }), "done, 1 kicked back"],
    ["an approval nobody asked for", task("a", "done", { notes: [approval] }), "done, approved"],
  ])("fails a task with %s", (_name, record, actual) => {
    const [verdict] = checkExpectations(parseExpectations('{"a": {"status": "done", "why": "merged"}}'), [record]);
    expect(verdict).toEqual({ id: "a", expected: "done", actual, ok: false, why: "merged" });
  });

  it("fails a missing task and a task nobody expected", () => {
    const verdicts = checkExpectations(parseExpectations('{"a": {"status": "done", "why": "merged"}}'), [task("z", "done")]);
    expect(verdicts.map((v) => [v.id, v.ok, v.actual])).toEqual([
      ["a", false, "not in the store"],
      ["z", false, "done"],
    ]);
  });
});
