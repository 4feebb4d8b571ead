// `polecat status` on the recorded run: human lines and the --json document.
import { describe, expect, it } from "vitest";
import { renderStatus, statusView } from "../../../src/core/views/status.js";
import { MIN, recordedRun } from "./fixture.js";

const run = recordedRun();

describe("statusView", () => {
  const view = statusView(run.tasks, run.now, { registry: run.registry, events: run.events });

  it("shows the running slot with stage, elapsed, heartbeat and lease", () => {
    expect(view.running).toEqual([
      {
        task_id: "metrics",
        title: "Expose Prometheus metrics",
        worker_type: "codex",
        slot: "codex-1",
        owner: "fixture-host:4242:codex-1",
        attempt: 1,
        stage: "test",
        elapsed_ms: 15 * MIN,
        heartbeat_age_ms: 5 * MIN,
        expires_in_ms: 5 * MIN,
        expired: false,
      },
    ]);
    expect(view.slots).toEqual([
      { worker: "claude", running: 0, max: 2 },
      { worker: "codex", running: 1, max: 1 },
    ]);
  });

  it("counts the queue by status and lists the refinery queue oldest first", () => {
    expect(view.total).toBe(13);
    expect(view.counts).toEqual({
      active: 1,
      waiting: 0,
      in_progress: 1,
      merge_ready: 1,
      review: 1,
      approved: 0,
      done: 7,
      blocked: 1,
      cancelled: 1,
    });
    expect(view.refinery).toEqual([
      { task_id: "rate-limit", status: "review", waiting_ms: 23 * MIN },
      { task_id: "ui-list", status: "merge_ready", waiting_ms: 10 * MIN },
    ]);
  });

  it("renders a table a human reads at a glance", () => {
    const text = renderStatus(view).join("\n");
    expect(text).toContain("Running (1):");
    expect(text).toMatch(/codex-1\s+metrics\s+codex\s+test\s+#1\s+15m\s+5m ago\s+5m left/);
    expect(text).toContain("Slots: claude 0/2, codex 1/1");
    expect(text).toContain("Queue (13 tasks): active 1, in_progress 1, merge_ready 1, review 1, done 7, blocked 1, cancelled 1");
    expect(text).toMatch(/rate-limit\s+review\s+23m/);
  });

  it("lists a dead owner's lease as abandoned, not running, and counts no slot for it", () => {
    const dead = statusView(run.tasks, run.now, { registry: run.registry, events: run.events, deadOwners: ["fixture-host:4242:codex-1"] });
    expect(dead.running).toEqual([]);
    expect(dead.abandoned.map((r) => [r.task_id, r.slot, r.owner])).toEqual([["metrics", "codex-1", "fixture-host:4242:codex-1"]]);
    expect(dead.slots).toContainEqual({ worker: "codex", running: 0, max: 1 });
    const text = renderStatus(dead).join("\n");
    expect(text).toContain("Running: nothing");
    expect(text).toContain("Abandoned (1): metrics (#1, codex-1): their process is gone");
    expect(view.abandoned).toEqual([]);
  });

    it("is plain JSON for --json", () => {
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
  });

  it("says an expired lease is expired, and copes without registry and events", () => {
    const later = statusView(run.tasks, run.now + 12 * MIN);
    expect(later.running[0]?.stage).toBeUndefined();
    expect(later.slots).toEqual([{ worker: "codex", running: 1 }]);
    const text = renderStatus(later).join("\n");
    expect(text).toMatch(/metrics\s+codex\s+-\s+#1\s+27m\s+17m ago\s+expired 7m ago/);
    expect(text).toContain("Slots: codex 1/?");
  });

  it("says so when nothing runs and nothing waits", () => {
    const idle = statusView([], run.now);
    expect(renderStatus(idle)).toEqual(["Running: nothing", "Queue (0 tasks): empty", "Cost so far: no agent reported any", "Refinery queue: empty"]);
  });
});
