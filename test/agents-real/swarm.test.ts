// `polecat swarm` running the real Claude Code, Gemini CLI and Codex with polecat's own root WORKERS.md
// entries, each CLI against its own stand-in model server: every CLI's tool call lands a file that merges
// to main, with its cost and tokens recorded and shown; a 429 cools the type down without charging the
// task; a provider that goes silent is a stall whose restart resumes the Claude session; and without a
// key the type is paused with the CLI's own "Not logged in", charging and blocking nothing.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { EventRecord, TaskRecord } from "../../src/core/ports/store.js";
import { runCli } from "../runtime/worker/helpers.js";
import { startModelServer, type ModelServer } from "./harness/server.js";
import { hang, httpError, text, tool } from "./harness/turns.js";
import { realAgentProject, swarmEnv, type RealAgentProject } from "./harness/project.js";

const servers: ModelServer[] = [];
const projects: RealAgentProject[] = [];
afterEach(async () => {
  const used = servers.splice(0);
  await Promise.all(used.map((s) => s.close()));
  for (const p of projects.splice(0)) await p.o.cleanup();
  // Every CLI ran with HTTP(S)_PROXY at a stand-in: nothing may have tried to leave 127.0.0.1.
  expect(used.flatMap((s) => s.outbound().map((r) => `${r.method} ${r.path}`))).toEqual([]);
});

async function server(): Promise<ModelServer> {
  const s = await startModelServer();
  servers.push(s);
  return s;
}

/** `polecat init` and `apply` in the project; then its commands run with exactly `env` (`--json` output parsed). */
async function polecat(p: RealAgentProject, env: Record<string, string>) {
  const cli = (...args: string[]) => runCli(p.o.root, env, ["--home", p.home, ...args]);
  for (const step of ["init", "apply"]) {
    const r = await cli(step);
    expect(r.code, `${step}: ${r.out}\n${r.err}`).toBe(0);
  }
  const json = async <T>(...args: string[]): Promise<T> => {
    const r = await cli(...args, "--json");
    expect(r.code, r.err).toBe(0);
    return JSON.parse(r.out) as T;
  };
  return { cli, json };
}

interface Shown extends TaskRecord {
  runs: { attempt: number; outcome: string; agent?: TaskRecord["last_run"] }[];
}

const pinned = (id: string, worker: string, title: string, extra: Record<string, unknown> = {}) => ({ id, title, worker, ...extra });

describe("polecat swarm with the real agent CLIs", { timeout: 600_000 }, () => {
  it("claude, gemini and codex each land a file on main with cost and tokens recorded; a 429 cools claude down uncharged; a silent provider's stall resumes the claude session", async () => {
    const [claude, gemini, codex] = [await server(), await server(), await server()];
    claude.push(
      // limit: the first claude run of `c-file` is refused, the type cools down, the same task runs again.
      httpError(429, { retryAfterSeconds: 1, message: "rate limited by the stand-in" }),
      tool({ name: "Bash", input: { command: "printf 'from claude\\n' > claude.txt", description: "write claude.txt" } }, { usage: { input: 1000, output: 50, cacheRead: 200, cacheWrite: 30 } }),
      text("Wrote claude.txt.", { input: 1200, output: 10 }),
      // stall: `c-resume` hangs on its first request; the restart resumes the session and finishes.
      hang(),
      tool({ name: "Bash", input: { command: "printf 'after the stall\\n' > resumed.txt", description: "write resumed.txt" } }, { usage: { input: 500, output: 20 } }),
      text("Wrote resumed.txt.", { input: 600, output: 5 }),
    );
    gemini.push(
      tool({ name: "write_file", input: { file_path: "gemini.txt", content: "from gemini\n" } }, { usage: { input: 1000, output: 50, cacheRead: 200 } }),
      text("Wrote gemini.txt.", { input: 1200, output: 10 }),
    );
    codex.push(
      tool({ name: "exec", custom: true, input: `const r = await tools.apply_patch(${JSON.stringify("*** Begin Patch\n*** Add File: codex.txt\n+from codex\n*** End Patch\n")});\ntext(JSON.stringify(r));` }, { usage: { input: 1000, output: 50, cacheRead: 200 } }),
      text("Added codex.txt.", { input: 1200, output: 10 }),
    );
    const p = await realAgentProject({
      types: ["claude", "gemini", "codex"],
      tasks: [
        pinned("c-file", "claude", "Create claude.txt", { priority: 5 }),
        pinned("c-resume", "claude", "Create resumed.txt", { depends_on: ["c-file"] }),
        pinned("g-file", "gemini", "Create gemini.txt"),
        pinned("x-file", "codex", "Create codex.txt"),
      ],
      // The stall must be short for the test; a CLI start takes seconds, so not too short. Gemini starts slowest.
      overrides: { claude: { stall_timeout: "20s", timeout: "4m" }, gemini: { stall_timeout: "3m", timeout: "5m" }, codex: { stall_timeout: "2m", timeout: "4m" } },
    });
    projects.push(p);
    const env = await swarmEnv(p, { claude, gemini, codex }, claude);
    const { cli, json } = await polecat(p, env);

    const swarm = await cli("swarm", "-w", "claude=1", "-w", "gemini=1", "-w", "codex=1", "--stagger", "0");
    expect(swarm.code, `${swarm.out}\n${swarm.err}`).toBe(0);

    // (a) Each CLI's real tool call wrote a file in its worktree; all four merged to main.
    const landed: [string, string][] = [["claude.txt", "from claude"], ["resumed.txt", "after the stall"], ["gemini.txt", "from gemini"], ["codex.txt", "from codex"]];
    for (const [file, content] of landed) {
      expect(await p.o.git(["show", `main:${file}`], p.o.origin), file).toBe(content);
    }
    const tasks = new Map((await json<TaskRecord[]>("task", "list")).map((t) => [t.id, t]));
    expect([...tasks.values()].map((t) => [t.id, t.status, t.failures])).toEqual([
      ["c-file", "done", 0],
      ["c-resume", "done", 0],
      ["g-file", "done", 0],
      ["x-file", "done", 0],
    ]);
    // Each dialect's figures: the stand-in's token counts, a session, and Claude Code's own price.
    for (const id of ["c-file", "g-file", "x-file"]) {
      const run = tasks.get(id)?.last_run;
      expect(run?.session_id, id).toMatch(/^[0-9a-f-]{36}$/);
      expect(run?.tokens_out, id).toBe(60);
      expect(run?.tokens_in, id).toBeGreaterThanOrEqual(2200);
    }
    expect(tasks.get("c-file")?.last_run?.cost_usd).toBeGreaterThan(0);

    // (c) The 429: claude paused as a rate limit with a cool-down, c-file released uncharged and run again.
    const all = await readEvents(p);
    const pauses = all.filter((e) => e.event === "swarm.type_paused");
    expect(pauses.map((e) => [e.data?.worker_type, e.data?.class, typeof e.data?.until])).toEqual([["claude", "rate_limit", "number"]]);
    expect(pauses[0]?.message).toContain("429");
    expect(tasks.get("c-file")).toMatchObject({ attempt: 2, failures: 0, usage: { runs: 2 } });
    const cFile = await json<Shown>("task", "show", "c-file");
    expect(cFile.runs.map((r) => [r.attempt, r.outcome, r.agent?.failure_class])).toEqual([
      [1, "released", "rate_limit"],
      [2, "finished", undefined],
    ]);

    // (d) The stall: the restart ran `claude ... --resume <session>` and the stand-in got the session back.
    const resumed = tasks.get("c-resume")?.last_run;
    expect(resumed).toMatchObject({ resumed: 1, worker_type: "claude" });
    const log = await readFile(join(p.home, "logs", "demo", "c-resume.log"), "utf8");
    const header = /restart 1 resuming session ([0-9a-f-]{36}) \(worker claude\)/.exec(log);
    expect(header, log).not.toBeNull();
    expect(resumed?.session_id).toBe(header?.[1]);
    const reqs = claude.modelRequests();
    expect(reqs.map((q) => q.answer)).toEqual(["error", "tool", "text", "hang", "tool", "text"]);
    const messages = (reqs[4]?.body as { messages: unknown[] }).messages;
    expect(messages.length).toBeGreaterThan(1); // the hung session's prompt comes back before the restart's
    expect(JSON.stringify(messages[0])).not.toContain("no output and no change");
    expect(JSON.stringify(messages.at(-1))).toContain("no output and no change");

    // Shown: summary per worker type and in total, task show per run.
    const summary = await json<{ usage: { runs: number; cost_usd?: number }; workers: { worker: string; usage: { runs: number; tokens_out?: number } }[] }>("summary");
    const byType = Object.fromEntries(summary.workers.map((w) => [w.worker, w.usage]));
    expect(byType.gemini).toMatchObject({ runs: 1, tokens_out: 60 });
    expect(byType.codex).toMatchObject({ runs: 1, tokens_out: 60 });
    expect(byType.claude?.runs).toBe(3);
    expect(summary.usage.runs).toBe(5);
    expect(summary.usage.cost_usd).toBeGreaterThan(0);
    expect((await cli("summary")).out).toMatch(/^Cost: \$\d+\.\d{4} over 5 runs \(tokens /m);
    const shown = (await cli("task", "show", "g-file")).out;
    expect(shown).toContain(`  #1       gemini  finished  ${tasks.get("g-file")?.last_run?.session_id ?? "?"}`);
  });

  it("without a key: claude is paused with its own 'Not logged in', no task is charged and nothing is blocked", async () => {
    const trap = await server();
    const p = await realAgentProject({ types: ["claude"], tasks: [pinned("one", "claude", "Create one.txt"), pinned("two", "claude", "Create two.txt")] });
    projects.push(p);
    const env = await swarmEnv(p, { claude: trap }, trap, { claudeKey: null });
    const { cli, json } = await polecat(p, env);
    const swarm = await cli("swarm", "-w", "claude=1", "--stagger", "0");
    expect(swarm.code).toBe(1);
    expect(swarm.out + swarm.err).toContain("Not logged in");
    expect(swarm.out).toMatch(/; 1 slot stopped \(claude-1\); exit 1$/m);
    expect(swarm.out + swarm.err).toContain("paused until fixed (auth, no task charged)");
    const tasks = await json<TaskRecord[]>("task", "list");
    expect(tasks.map((t) => [t.id, t.status, t.failures])).toEqual([
      ["one", "active", 0],
      ["two", "active", 0],
    ]);
    const pauses = (await readEvents(p)).filter((e) => e.event === "swarm.type_paused");
    expect(pauses.map((e) => [e.data?.worker_type, e.data?.class])).toEqual([["claude", "auth"]]);
    expect(trap.modelRequests()).toHaveLength(0);
  });
});

async function readEvents(p: RealAgentProject): Promise<EventRecord[]> {
  const text = await readFile(join(p.home, "events.jsonl"), "utf8");
  return text.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as EventRecord);
}
