// One slot name everywhere: the swarm's `scripted-1` is what leases, events, notes, `status` and the report
// show, while the lease keeps its `host:pid:random` owner for fencing. A real swarm on a temp repository, and its report.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type { StatusView } from "../../src/core/views/status.js";
import { eventually } from "../helpers/eventually.js";
import { runCli, script, useWorkerFixture } from "../runtime/worker/helpers.js";

const SLOT = /^scripted-[12]$/;
const OWNER = /^[^:]+:\d+:[0-9a-f]{8}$/;

describe("the slot name", () => {
  const fixture = useWorkerFixture();

  it("is the swarm's slot in status while a task runs, in every event and note of the run, and in the report", { timeout: 120_000 }, async () => {
    const tasks = [
      { id: "slow", title: "Slow", description: script("write slow.txt slow", "sleep 1.5") },
      { id: "flaky", title: "Flaky", description: script("fail_once", "write flaky.txt flaky") },
    ];
    const w = await fixture({ tasks, spec: { limits: { max_attempts: 3, backoff: "1ms" } } });
    const cli = (...args: string[]) => runCli(w.dir, w.env, ["--home", w.home, ...args]);
    const swarm = cli("swarm", "-w", "scripted=2", "--stagger", "0", "--silent");

    let seen: StatusView | undefined;
    const running = await eventually(async () => {
      const r = await cli("status", "--json");
      seen = JSON.parse(r.out) as StatusView;
      return seen.running.some((s) => s.task_id === "slow");
    });
    expect(running, "status shows the slow task running").toBe(true);
    const slot = seen?.running.find((s) => s.task_id === "slow");
    expect(slot?.slot).toMatch(SLOT);
    expect(slot?.owner).toMatch(OWNER);
    const text = await cli("status");
    expect(text.out).toMatch(/^ {2}scripted-[12] +slow +scripted /m);
    expect(text.out).not.toMatch(/:\d+:[0-9a-f]{8}/);

    const done = await swarm;
    expect(done.code).toBe(0);
    const events = await w.store.events({ project: "demo" });
    const fromSlots = events.filter((e) => e.task_id !== undefined && (e.event.startsWith("slot.") || e.to === "in_progress" || e.from === "in_progress"));
    expect(fromSlots.filter((e) => e.event === "task.claimed")).toHaveLength(3);
    expect(fromSlots.filter((e) => e.event === "task.failed")).toHaveLength(1);
    for (const e of fromSlots) expect(e.worker_id, `${e.event} of ${e.task_id}`).toMatch(SLOT);
    const heartbeats = events.filter((e) => e.event === "task.heartbeat");
    for (const e of heartbeats) expect(e.worker_id).toMatch(SLOT);
    const flaky = await w.task("flaky");
    expect(flaky.notes.find((n) => n.kind === "failure")?.author).toMatch(SLOT);

    expect((await cli("report", "--html", "report.html")).code).toBe(0);
    const html = await readFile(join(w.dir, "report.html"), "utf8");
    const lanes = [...html.matchAll(/<div class="lane-name">([^<]*)<\/div>/g)].map((m) => m[1]).filter((n) => n !== "" && n !== "merged");
    expect(lanes.length).toBeGreaterThan(0);
    for (const lane of lanes) expect(lane).toMatch(SLOT);
    expect(html).not.toMatch(/:\d+:[0-9a-f]{8}/);
    // The report links each task's log where this machine has it, and shows what the swarm's merge queue did.
    expect(html).toContain(`<a href="${pathToFileURL(join(w.home, "logs", "demo", "slow.log")).href}">log</a>`);
    const merged = (await w.store.list({ project: "demo" })).filter((t) => t.status === "done").length;
    expect(merged).toBe(2);
    const commits = [...html.matchAll(/<tr data-merge-commit="([0-9a-f]{40})">/g)].map((m) => m[1]);
    expect(commits.length).toBeGreaterThan(0);
    expect(html).toMatch(new RegExp(`<li><b>${commits.length}</b>merge commits</li>`));
    expect(html).toMatch(/<li><b>[1-9]\d*<\/b>batches<\/li><li><b>[1-9]\d*<\/b>validation runs<\/li>/);
  });
});
