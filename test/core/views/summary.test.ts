// `polecat summary` on the recorded run: the whole run and a recent window, human and --json.
import { describe, expect, it } from "vitest";
import { renderSummary, summaryView } from "../../../src/core/views/summary.js";
import { MIN, recordedRun } from "./fixture.js";

const run = recordedRun();

describe("summaryView over the whole run", () => {
  const view = summaryView(run.tasks, run.events, run.registry, { now: run.now });

  it("lists what merged, failed, came back and is blocked", () => {
    expect(view.window_ms).toBe(95 * MIN);
    expect(view.done.map((m) => m.task_id)).toEqual(["schema", "lint-fix", "api-auth", "api-orders", "i18n", "cache", "docs"]);
    expect(view.failed.map((m) => m.task_id)).toEqual(["cache", "flaky-test", "i18n", "flaky-test", "flaky-test"]);
    expect(view.kicked_back).toEqual([{ task_id: "cache", ts: run.started_at + 46 * MIN, reason: "conflict: src/catalog/lookup.ts" }]);
    expect(view.blocked).toMatchObject([{ task_id: "flaky-test", reason: expect.stringMatching(/^failed 3 attempts/) as string }]);
    expect(view.throughput_per_hour).toBe(4.42);
  });

  it("gives per-worker runs, median claim → merge_ready and the registry's cost and speed", () => {
    expect(view.workers).toEqual([
      { worker: "claude", runs: 10, reviews: 0, finished: 6, failed: 4, median_ms: 18 * MIN, cost: 3, speed: 2, usage: { runs: 0 } },
      { worker: "codex", runs: 6, reviews: 0, finished: 4, failed: 1, median_ms: 10 * MIN, cost: 1, speed: 3, usage: { runs: 0 } },
    ]);
  });

  it("renders the digest", () => {
    const lines = renderSummary(view);
    expect(lines[0]).toBe("Summary 2025-03-14 09:00:00Z → 2025-03-14 10:35:00Z (1h35m)");
    expect(lines).toContain("Done: 7 (schema, lint-fix, api-auth, api-orders, i18n, cache, docs)");
    expect(lines).toContain("Throughput: 4.42 tasks/hour");
    expect(lines).toContain("Failed attempts: 5 (cache, flaky-test ×3, i18n)");
    expect(lines).toContain("  cache: conflict: src/catalog/lookup.ts (more: polecat analyze cache)");
    expect(lines.join("\n")).toMatch(/worker\s+runs\s+reviews\s+finished\s+failed\s+median\s+cost\s+speed\s+spent\s+tokens\nclaude\s+10\s+0\s+6\s+4\s+18m\s+3\s+2\s+-\s+-\ncodex\s+6\s+0\s+4\s+1\s+10m\s+1\s+3\s+-\s+-/);
    expect(lines).toContain("Cost: no agent reported any");
  });

  it("is plain JSON for --json", () => {
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
  });
});

describe("summaryView over a window", () => {
  it("keeps only the window's events and runs", () => {
    const since = run.started_at + 60 * MIN;
    const view = summaryView(run.tasks, run.events, run.registry, { since, now: run.now });
    expect(view.since).toBe(since);
    expect(view.done.map((m) => m.task_id)).toEqual(["cache", "docs"]);
    expect(view.failed.map((m) => m.task_id)).toEqual(["flaky-test"]);
    expect(view.kicked_back).toEqual([]);
    expect(view.throughput_per_hour).toBe(3.43);
    expect(view.workers.map((w) => [w.worker, w.runs])).toEqual([
      ["claude", 2],
      ["codex", 1],
    ]);
    expect(view.workers[1]?.median_ms).toBeUndefined();
    expect(renderSummary(view).join("\n")).toMatch(/codex\s+1\s+0\s+0\s+0\s+-\s+1\s+3/);
  });

  it("copes with no events and no registry", () => {
    const view = summaryView([], [], undefined, { now: run.now });
    expect(view).toMatchObject({ window_ms: 0, throughput_per_hour: 0, workers: [], done: [] });
    expect(renderSummary(view)).toContain("Done: 0");
  });
});
