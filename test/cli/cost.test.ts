// What agents reported, shown by every view: a real swarm of scripted agents that print their cost and
// tokens as JSON lines (the generic dialect), then `task show`, `summary`, `analyze`, `status` and the
// HTML report over the store it left; and `limits.budget_usd` draining a swarm.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, script, SCRIPTED_AGENT, useWorkerFixture, type FixtureOptions } from "../runtime/worker/helpers.js";

const usage = (session: string, cost: number, tokensIn: number, tokensOut: number, extra = ""): string =>
  `print {"session_id":"${session}","cost_usd":${cost},"tokens_in":${tokensIn},"tokens_out":${tokensOut}${extra}}`;

/** A second worker type running the same scripted agent, so spending splits by type. */
const CHEAP = { command: [process.execPath, SCRIPTED_AGENT, "{task.title}"], capabilities: ["code"], max_concurrent: 1, timeout: "1m", stall_timeout: "1m", max_restarts: 0 };

interface RunJson {
  attempt: number;
  outcome: string;
  agent?: { session_id?: string; cost_usd?: number; tokens_in?: number; worker_type: string; failure_class?: string };
}

describe("cost and tokens in the views", () => {
  const fixture = useWorkerFixture();
  async function setup(opts: FixtureOptions) {
    const w = await fixture(opts);
    const cli = (...args: string[]) => runCli(w.dir, w.env, ["--home", w.home, ...args]);
    const json = async <T>(...args: string[]): Promise<T> => {
      const r = await cli(...args, "--json");
      expect(r.code, r.err).toBe(0);
      return JSON.parse(r.out) as T;
    };
    return { w, cli, json };
  }

  it("task show, summary, analyze, status and report show each run's session, cost and tokens, per worker type and in total", { timeout: 120_000 }, async () => {
    const { w, cli, json } = await setup({
      registry: { workers: { cheap: CHEAP } },
      tasks: [
        { id: "alpha", title: "Alpha", worker: "scripted", description: script(usage("s-alpha", 0.25, 1000, 50, ',"tokens_cached":200,"turns":2,"model":"m-big"'), "write alpha.txt a", "commit alpha") },
        // Crashes once (charged, its run recorded), then finishes: two runs on one task.
        { id: "beta", title: "Beta", worker: "cheap", description: script(`[attempt=1] ${usage("s-beta-1", 0.1, 300, 10)}`, "[attempt=1] fail 3", `[attempt=2] ${usage("s-beta-2", 0.2, 400, 20)}`, "write beta.txt b", "commit beta") },
        // Changes nothing: blocked, its run still counted.
        { id: "gamma", title: "Gamma", worker: "cheap", description: script(usage("s-gamma", 0.05, 100, 5), "noop") },
      ],
    });
    const swarm = await cli("swarm", "-w", "scripted=1", "-w", "cheap=1", "--stagger", "0");
    expect(swarm.out).toContain("agents reported $0.6000");
    expect((await w.task("alpha")).status).toBe("done");
    expect((await w.task("beta")).status).toBe("done");

    // task show: each run with its session, cost, tokens and error; the task's total.
    const show = await cli("task", "show", "beta");
    expect(show.code, show.err).toBe(0);
    expect(show.out).toContain("cost: $0.3000 over 2 runs (tokens 700 in / 30 out)");
    expect(show.out).toMatch(/^ +attempt +worker +outcome +session +cost +in +out +cached +turns +model +error$/m);
    expect(show.out).toMatch(/^ +#1 +cheap +failed +s-beta-1 +\$0\.1000 +300 +10 +- +- +- +crash$/m);
    expect(show.out).toMatch(/^ +#2 +cheap +finished +s-beta-2 +\$0\.2000 +400 +20 +- +- +- +-$/m);
    const shown = await json<{ usage: { runs: number; cost_usd: number }; runs: RunJson[] }>("task", "show", "beta");
    expect(shown.usage).toMatchObject({ runs: 2, cost_usd: 0.3, tokens_in: 700, tokens_out: 30 });
    expect(shown.runs.map((r) => [r.attempt, r.outcome, r.agent?.session_id, r.agent?.cost_usd, r.agent?.failure_class])).toEqual([
      [1, "failed", "s-beta-1", 0.1, "crash"],
      [2, "finished", "s-beta-2", 0.2, undefined],
    ]);
    const alpha = await cli("task", "show", "alpha");
    expect(alpha.out).toMatch(/^ +#1 +scripted +finished +s-alpha +\$0\.2500 +1000 +50 +200 +2 +m-big +-$/m);

    // summary: per worker type and in total.
    const summary = await json<{ usage: Record<string, number>; workers: { worker: string; usage: Record<string, number> }[] }>("summary");
    expect(summary.usage).toEqual({ runs: 4, cost_usd: 0.6, tokens_in: 1800, tokens_out: 85, tokens_cached: 200, turns: 2 });
    expect(Object.fromEntries(summary.workers.map((x) => [x.worker, x.usage]))).toEqual({
      scripted: { runs: 1, cost_usd: 0.25, tokens_in: 1000, tokens_out: 50, tokens_cached: 200, turns: 2 },
      cheap: { runs: 3, cost_usd: 0.35, tokens_in: 800, tokens_out: 35 },
    });
    const human = (await cli("summary")).out;
    expect(human).toContain("Cost: $0.6000 over 4 runs (tokens 1.8k in / 85 out / 200 cached)");
    expect(human).toMatch(/^worker +runs +reviews +finished +failed +median +cost +speed +spent +tokens$/m);
    expect(human).toMatch(/^cheap +3 +0 +1 +2 +\S+ +3 +3 +\$0\.3500 +800 in \/ 35 out$/m);

    // analyze: the task's total and each run's cost and session.
    const analyze = await cli("analyze", "beta");
    expect(analyze.out).toContain("Cost: $0.3000 over 2 runs (tokens 700 in / 30 out)");
    expect(analyze.out).toMatch(/^ +#1 +\S+ .* failed .*\$0\.1000 +300 in \/ 10 out +s-beta-1$/m);
    const analyzed = await json<{ usage: { cost_usd: number }; runs: RunJson[] }>("analyze", "beta");
    expect(analyzed.usage.cost_usd).toBe(0.3);
    expect(analyzed.runs.map((r) => r.agent?.session_id)).toEqual(["s-beta-1", "s-beta-2"]);

    // status: a task claimed by hand after a recorded run shows what it spent so far; the total so far.
    expect((await cli("task", "set", "gamma", "--status", "active")).code).toBe(0);
    expect((await cli("task", "claim", "--worker", "cheap", "--task", "gamma")).code).toBe(0);
    const status = await cli("status");
    expect(status.out).toMatch(/^ +slot +task +worker +stage +attempt +elapsed +heartbeat +lease +spent$/m);
    expect(status.out).toMatch(/^ +\S+ +gamma +cheap .* \$0\.0500$/m);
    expect(status.out).toContain("Cost so far: $0.6000 over 4 runs (tokens 1.8k in / 85 out / 200 cached)");
    const st = await json<{ usage: { cost_usd: number; runs: number }; running: { task_id: string; usage?: { cost_usd: number } }[] }>("status");
    expect(st.usage).toMatchObject({ runs: 4, cost_usd: 0.6 });
    expect(st.running).toEqual([expect.objectContaining({ task_id: "gamma", usage: { runs: 1, cost_usd: 0.05, tokens_in: 100, tokens_out: 5 } })]);

    // The HTML report: a spent column per task and the cost rollup per worker type.
    expect((await cli("report", "--html", "report.html")).code).toBe(0);
    const html = await readFile(join(w.dir, "report.html"), "utf8");
    expect(html).toContain("<li><b>$0.6000</b>spent</li>");
    expect(html).toMatch(/<tr data-row="beta">.*<td class="num">\$0\.3000<\/td><td class="num">700 in \/ 30 out<\/td><td class="why"/);
    expect(html).toContain('<tr><td class="id">cheap</td><td class="num">3</td><td class="num">$0.3500</td><td class="num">800</td><td class="num">35</td><td class="num">-</td><td class="num">-</td></tr>');
    expect(html).toContain('<tr class="total"><td class="id">total</td><td class="num">4</td><td class="num">$0.6000</td><td class="num">1800</td><td class="num">85</td><td class="num">200</td><td class="num">2</td></tr>');
  });

  it("limits.budget_usd drains the swarm once its agents report more: the rest stays unclaimed and the swarm says why", { timeout: 120_000 }, async () => {
    const task = (id: string) => ({ id, title: id, priority: id === "one" ? 3 : id === "two" ? 2 : 1, description: script(usage(`s-${id}`, 0.2, 10, 1), `write ${id}.txt ${id}`, `commit ${id}`) });
    const { w, cli, json } = await setup({ spec: { limits: { max_attempts: 3, lease: "1m", backoff: "1ms", budget_usd: 0.3 } }, tasks: [task("one"), task("two"), task("three")] });
    const r = await cli("swarm", "-w", "scripted=1", "--stagger", "0");
    expect(r.out + r.err).toContain("budget spent: agents reported $0.4000, past limits.budget_usd $0.3000");
    expect((await w.task("three")).attempt).toBe(0);
    expect((await w.task("one")).usage?.cost_usd).toBe(0.2);
    const halted = (await w.store.events({ project: "demo" })).filter((e) => e.event === "swarm.halted");
    expect(halted.map((e) => e.message)).toEqual(["budget spent: agents reported $0.4000, past limits.budget_usd $0.3000"]);
    expect((await json<{ usage: { cost_usd: number; runs: number } }>("summary")).usage).toMatchObject({ runs: 2, cost_usd: 0.4 });
  });
});
