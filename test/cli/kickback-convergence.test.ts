// Kickbacks converge without a person: on a repository with a real node:test suite, a stand-in agent that
// acts only on its prompt fixes the failing test it is told about, redoes a conflicting change on fresh
// main and answers the reviewer's notes, until every task is merged. Told nothing, the same agent cannot.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { Kickback } from "../../src/core/kickback.js";
import { gitIn } from "../helpers/git.js";
import { runCli, useWorkerFixture, type WorkerFixture } from "../runtime/worker/helpers.js";

const AGENT = resolve(import.meta.dirname, "../fixtures/agents/prompt-agent.mjs");

const playbook = (...rules: string[]): string => ["```polecat-playbook", ...rules, "```", ""].join("\n");
const j = JSON.stringify;

const FILES = {
  "lib/list.js": "module.exports = [\n  'base',\n];\n",
  "test/list.test.js": "const test = require('node:test');\nconst assert = require('node:assert');\nconst list = require('../lib/list.js');\ntest('list keeps base', () => assert.ok(list.includes('base')));\n",
};

const CLAMP_TEST =
  "const test = require('node:test');\nconst assert = require('node:assert');\nconst clamp = require('../lib/clamp.js');\n" +
  "test('clamp passes values inside', () => assert.strictEqual(clamp(3, 0, 5), 3));\n" +
  "test('clamp keeps values within bounds', () => { assert.strictEqual(clamp(-1, 0, 5), 0); assert.strictEqual(clamp(9, 0, 5), 5); });\n";

const TASKS = [
  { id: "list-a", title: "Add alpha to the list", priority: 10, description: playbook(`insert lib/list.js ${j("];")} ${j("  'alpha',")}`) },
  { id: "list-b", title: "Add beta to the list", priority: 10, description: playbook(`insert lib/list.js ${j("];")} ${j("  'beta',")}`) },
  {
    id: "clamp",
    title: "Add clamp",
    description: playbook(
      `write lib/clamp.js ${j("module.exports = (x, lo, hi) => Math.max(lo, x);\n")}`,
      `write test/clamp.test.js ${j(CLAMP_TEST)}`,
      `on-test clamp keeps values within bounds => write lib/clamp.js ${j("module.exports = (x, lo, hi) => Math.min(hi, Math.max(lo, x));\n")}`,
    ),
  },
  {
    id: "triple",
    title: "Add triple",
    complexity: "requires-judgment",
    description: playbook(
      `write lib/triple.js ${j("module.exports = (x) => 3 * x;\n")}`,
      `on-review comment => write lib/triple.js ${j("/** Three times x. */\nmodule.exports = (x) => 3 * x;\n")}`,
      "review-wants /** => Document triple with a /** */ comment above the function.",
    ),
  },
];

const SETTLED = new Set(["done", "blocked", "cancelled"]);

// Unattended rounds of `swarm --refinery`, as a daemon's swarm schedule would run them, until every task settles.
async function runUntilSettled(w: WorkerFixture): Promise<void> {
  for (let round = 0; round < 8; round++) {
    const r = await runCli(w.dir, w.env, ["--home", w.home, "swarm", "-w", "scripted=2", "--refinery", "--stagger", "0", "--silent"]);
    if (r.code === 2) throw new Error(`swarm refused to run: ${r.err}`);
    const tasks = await w.store.list({ project: "demo" });
    if (tasks.every((t) => SETTLED.has(t.status))) return;
  }
}

function fixture(make: ReturnType<typeof useWorkerFixture>, agentArgs: string[]): Promise<WorkerFixture> {
  return make({
    files: FILES,
    tasks: TASKS,
    worker: { command: [process.execPath, AGENT, ...agentArgs] },
    spec: {
      limits: { max_attempts: 3, lease: "1m", backoff: "1ms" },
      refinery: { validate: [process.execPath, "--test"], batch_size: 4, max_kickbacks: 2, review: { complexity: ["requires-judgment"] } },
    },
  });
}

function kickbacks(task: { notes: { kind: string; kickback?: Kickback }[] }): Kickback[] {
  return task.notes.flatMap((n) => (n.kind === "kickback" && n.kickback !== undefined ? [n.kickback] : []));
}

describe("kickbacks converge without a person", () => {
  const make = useWorkerFixture();

  it("told why, the agent fixes the failing test, redoes the conflicting change on fresh main and answers the review", async () => {
    const w = await fixture(make, []);
    await runUntilSettled(w);
    const tasks = await w.store.list({ project: "demo" });
    expect(Object.fromEntries(tasks.map((t) => [t.id, t.status]))).toEqual({ "list-a": "done", "list-b": "done", clamp: "done", triple: "done" });

    const clamp = kickbacks(await w.task("clamp"));
    expect(clamp.map((k) => k.kind)).toEqual(["validation"]);
    expect(clamp[0]?.validation?.failing.map((t) => t.name)).toEqual(["clamp keeps values within bounds"]);
    expect(clamp[0]?.validation?.failing[0]?.excerpt).toContain("9 !== 5");
    const triple = kickbacks(await w.task("triple"));
    expect(triple.map((k) => k.kind)).toEqual(["review"]);
    expect(triple[0]?.notes).toBe("Document triple with a /** */ comment above the function.");
    const lists = [...kickbacks(await w.task("list-a")), ...kickbacks(await w.task("list-b"))];
    expect(lists.map((k) => k.kind)).toEqual(["conflict"]);
    expect(lists[0]?.files).toEqual(["lib/list.js"]);

    // The agents read the kickback as JSON too, and the retried prompt said why.
    const file = JSON.parse(await readFile(w.git.layout.kickback("demo", "clamp"), "utf8")) as { kickback: Kickback; start: { from: string; previousBranch?: string } };
    expect(file.kickback.kind).toBe("validation");
    expect(file.start).toMatchObject({ from: "fresh", previousBranch: "polecat/clamp@1" });
    expect(await readFile(w.git.layout.log("demo", "clamp"), "utf8")).toContain("told why: Attempt 1 came back: **validation** failed (found by the refinery).");

    const list = await gitIn(w.o.origin, ["show", "main:lib/list.js"], w.env);
    expect(list).toMatch(/'alpha',\n {2}'beta',|'beta',\n {2}'alpha',/);
    expect(await gitIn(w.o.origin, ["show", "main:lib/triple.js"], w.env)).toContain("/** Three times x. */");
    expect(await gitIn(w.o.origin, ["show", "main:lib/clamp.js"], w.env)).toContain("Math.min(hi");
  });

  it("told nothing (the section dropped from the prompt), the same agent repeats its mistakes until the tasks are blocked", async () => {
    const w = await fixture(make, ["--ignore-kickback"]);
    await runUntilSettled(w);
    const clamp = await w.task("clamp");
    const triple = await w.task("triple");
    expect(clamp.status).toBe("blocked");
    expect(clamp.kickbacks).toBe(3);
    expect(triple.status).toBe("blocked");
    expect(triple.reason).toMatch(/^kicked back 3 times; last: review requested changes/);
    expect((await w.task("list-a")).status).toBe("done");
    expect((await w.task("list-b")).status).toBe("done");
  });
});
