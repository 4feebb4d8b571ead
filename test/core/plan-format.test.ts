import { describe, expect, it } from "vitest";
import { buildPlan } from "../../src/core/plan.js";
import { dispatchTable, formatSwarm, planMarkdown, planMermaid, planTable } from "../../src/core/plan-format.js";
import { schedTasks, simulateSchedule } from "../../src/core/schedule.js";
import { loaded, task } from "./routing-fixture.js";

const NOW = Date.UTC(2025, 0, 2, 3, 4, 5);

function samplePlan() {
  return buildPlan(
    loaded([
      task("api.auth-1", { tags: ["auth"], effort_minutes: 60 }),
      task("guide", { tags: ["docs"], depends_on: ["api.auth-1"], effort_minutes: 20 }),
      task("x|y", { needs: ["teleport"] }),
      task("a", { effort_minutes: 20 }),
      task("b", { effort_minutes: 20 }),
      task("c", { effort_minutes: 20 }),
    ]),
    { now: NOW },
  );
}

describe("planTable", () => {
  it("has one row per task in dispatch order with wave, worker, rule and capacity", () => {
    const table = planTable(samplePlan());
    expect(table.columns).toEqual(["task", "wave", "worker", "rule", "capacity"]);
    expect(table.rows).toEqual([
      ["api.auth-1", "0", "claude", "tag auth (high-stakes) → claude", "claude 0/3"],
      ["x|y", "0", "unroutable", "no rule's worker fits: default → claude: claude lacks teleport", ""],
      ["a", "0", "claude", "default → claude", "claude 1/3"],
      ["b", "0", "claude", "default → claude", "claude 2/3"],
      ["c", "0", "codex", "default → claude", "claude 3/3 full → fallback codex 0/1"],
      ["guide", "1", "gemini", "tag docs (bulk) → gemini", "gemini 0/2"],
    ]);
  });

  it("shows the primary of a queued task", () => {
    const plan = buildPlan(loaded([task("p", { worker: "solo", needs: ["gpu"] })]), { load: { solo: 1 } });
    expect(planTable(plan).rows[0]?.[2]).toBe("queued (solo)");
  });
});

describe("planMarkdown", () => {
  it("prints the Worker Dispatch Log section", () => {
    expect(planMarkdown(samplePlan())).toBe(
      [
        "## Worker Dispatch Log",
        "",
        "**Dispatched**: 2025-01-02T03:04:05.000Z",
        "**Swarm**: claude: 3, gemini: 1",
        "",
        "### Task Assignments",
        "",
        "| Task       | Worker Type | Reason                                                         |",
        "| ---------- | ----------- | -------------------------------------------------------------- |",
        "| api.auth-1 | claude      | tag auth (high-stakes) → claude                                |",
        "| x\\|y       | unroutable  | no rule's worker fits: default → claude: claude lacks teleport |",
        "| a          | claude      | default → claude                                               |",
        "| b          | claude      | default → claude                                               |",
        "| c          | codex       | default → claude; claude 3/3 full → fallback codex 0/1         |",
        "| guide      | gemini      | tag docs (bulk) → gemini                                       |",
        "",
        "### Capacity Status",
        "",
        "- claude: 3/3",
        "- gemini: 1/2",
        "- codex: 1/1",
        "- jules: 0/1",
        "- solo: 0/1",
        "",
      ].join("\n"),
    );
  });

  it("takes the dispatch time and the launched swarm when given, and counts queued tasks", () => {
    const plan = buildPlan(loaded([task("p", { worker: "solo", needs: ["gpu"] })]), { load: { solo: 1 } });
    const md = planMarkdown(plan, { now: 0, swarm: { solo: 1, claude: 2 } });
    expect(md).toContain("**Dispatched**: 1970-01-01T00:00:00.000Z\n**Swarm**: solo: 1, claude: 2\n");
    expect(md).toContain("| p    | queued (solo) | pinned to solo; solo 1/1 full, no fallback → queued |");
    expect(md).toContain("- solo: 1/1 (1 queued)");
    expect(planMarkdown(buildPlan(loaded([])))).toContain("**Dispatched**: not yet\n**Swarm**: none\n");
  });

  it("escapes pipes, backslashes and line breaks in cells", () => {
    const plan = buildPlan(loaded([task("a\\b|c\nd")]));
    expect(planMarkdown(plan)).toContain("| a\\\\b\\|c d |");
  });
});

describe("planMermaid", () => {
  it("draws one node per task, an edge per dependency and a class per worker type", () => {
    const text = planMermaid(samplePlan());
    const lines = text.trimEnd().split("\n");
    expect(lines[0]).toBe("graph TD");
    expect(lines).toContain('  t0["api.auth-1"]');
    expect(lines).toContain('  t1["x|y"]');
    expect(lines).toContain('  t5["guide"]');
    expect(lines.filter((l) => l.includes("-->"))).toEqual(["  t0 --> t5"]);
    expect(lines.filter((l) => l.startsWith("  classDef")).map((l) => l.split(" ")[3])).toEqual([
      "w0_claude",
      "w1_gemini",
      "w2_codex",
      "w3_jules",
      "w4_solo",
      "unroutable",
    ]);
    expect(lines).toContain("  class t0,t2,t3 w0_claude");
    expect(lines).toContain("  class t1 unroutable");
    expect(lines).toContain("  class t4 w2_codex");
    expect(lines).toContain("  class t5 w1_gemini");
    expect(text.endsWith("\n")).toBe(true);
  });

  it("keeps node ids safe whatever the task ids hold, and quotes labels", () => {
    const text = planMermaid(buildPlan(loaded([task('v1.2-"rc"'), task("end", { depends_on: ['v1.2-"rc"'] })])));
    expect(text).toContain('  t0["v1.2-#quot;rc#quot;"]');
    expect(text).toContain("  t0 --> t1");
    for (const line of text.split("\n").filter((l) => l.includes("-->"))) expect(line).toMatch(/^ {2}t\d+ --> t\d+$/);
  });
});

describe("dispatchTable", () => {
  it("lists which slot takes which task, in order, with rule, wave and times, then what never runs", () => {
    const plan = samplePlan();
    const table = dispatchTable(simulateSchedule(schedTasks(plan), { claude: 2, gemini: 1 }));
    expect(table.columns).toEqual(["slot", "order", "task", "rule", "wave", "start", "end"]);
    expect(table.rows).toEqual([
      ["claude-1", "1", "api.auth-1", "tag auth (high-stakes) → claude", "0", "0m", "1h00m"],
      ["claude-2", "2", "a", "default → claude", "0", "0m", "20m"],
      ["gemini-1", "3", "b", "fallback for claude (full): default → claude", "0", "0m", "20m"],
      ["claude-2", "4", "c", "default → claude", "0", "20m", "40m"],
      ["gemini-1", "5", "guide", "tag docs (bulk) → gemini", "1", "1h00m", "1h20m"],
      ["-", "-", "x|y", "never taken: no slot may run it", "-", "-", "-"],
    ]);
    expect(formatSwarm({})).toBe("none");
  });
});
