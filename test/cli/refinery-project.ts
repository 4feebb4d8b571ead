// A project on disk for the refinery CLI tests: polecat.yaml and WORKERS.md beside a real origin, a
// home with the file store, and task branches brought to merge_ready the way a worker leaves them.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createFileStore } from "../../src/adapters/file-store/index.js";
import { createOrigin, hermeticGitEnv, type FileChanges, type TestOrigin } from "../helpers/git.js";
import { memoryWorld } from "../helpers/world.js";
import { run } from "../../src/cli/program.js";
import { SCRIPTED_AGENT } from "../adapters/refinery/harness.js";
import { VALIDATE } from "../adapters/refinery/helpers.js";

/** A task of the test spec: its branch's files and an optional review answer script step. */
export interface ProjectTask {
  id: string;
  files: FileChanges;
  complexity?: "mechanical" | "requires-judgment";
  review?: string;
}

/** The project and ways to drive it. */
export interface Project {
  o: TestOrigin;
  dir: string;
  home: string;
  env: Record<string, string | undefined>;
  /** Runs polecat in-process in the project directory (CI=true, no TTY). */
  polecat(...args: string[]): Promise<{ code: number; out: string; err: string }>;
  /** Pushes the tasks' branches and moves the tasks to merge_ready (they must be in the spec). */
  finish(tasks: ProjectTask[]): Promise<void>;
  status(id: string): Promise<{ status: string; reason?: string; merge_commit?: string }>;
}

function taskYaml(t: ProjectTask): string {
  const lines = [`  - id: ${t.id}`, `    title: Task ${t.id}`, `    complexity: ${t.complexity ?? "mechanical"}`];
  if (t.review !== undefined) lines.push("    description: |", "      ```polecat-script", `      [stage=review] review ${t.review}`, "      ```");
  return lines.join("\n");
}

/** Writes the spec (validate: the BAD* marker script; `validate` overrides it) and applies it. */
export async function createProject(tasks: ProjectTask[], opts: { validate?: string[]; env?: Record<string, string> } = {}): Promise<Project> {
  const o = await createOrigin({ files: { "README.md": "# demo\n", "CHANGELOG.md": "one\ntwo\nthree\n" } });
  const dir = o.root;
  const home = join(dir, "home");
  const env = { ...hermeticGitEnv(dir), NO_COLOR: "1", CI: "true", POLECAT_HOME: home, ...opts.env };
  const validate = JSON.stringify(opts.validate ?? VALIDATE);
  await writeFile(
    join(dir, "polecat.yaml"),
    [
      "version: 1",
      "project: demo",
      `repo: ${o.origin}`,
      "refinery:",
      `  validate: ${validate}`,
      "  batch_size: 8",
      "  review:",
      "    complexity: [requires-judgment]",
      "tasks:",
      ...tasks.map(taskYaml),
      "",
    ].join("\n"),
  );
  await writeFile(
    join(dir, "WORKERS.md"),
    ["# Test workers", "", "```yaml", "workers:", "  scripted:", `    command: [node, ${JSON.stringify(SCRIPTED_AGENT)}]`, "    capabilities: [code, review]", "routing:", "  default: scripted", "```", ""].join("\n"),
  );
  const polecat = async (...args: string[]) => {
    const w = memoryWorld({ cwd: dir, env });
    const code = await run(args, w.world);
    return { code, out: w.out(), err: w.err() };
  };
  const applied = await polecat("apply");
  if (applied.code !== 0) throw new Error(`apply failed: ${applied.err}`);
  return {
    o,
    dir,
    home,
    env,
    polecat,
    async finish(list) {
      const store = await createFileStore({ home });
      try {
        for (const t of list) {
          const head = await o.commit(t.files, { branch: `polecat/${t.id}`, message: `work on ${t.id}` });
          const claim = await store.claim({ project: "demo", workerType: "scripted", owner: "test", taskId: t.id, leaseMs: 600_000, capacity: {} });
          if (claim === undefined) throw new Error(`${t.id} was not claimable`);
          const lease = { project: "demo", id: t.id, attempt: claim.lease.attempt, owner: "test" };
          await store.transition({ project: "demo", id: t.id, from: "in_progress", to: "merge_ready", lease, patch: { branch: `polecat/${t.id}`, head_sha: head } });
        }
      } finally {
        await store.close();
      }
    },
    async status(id) {
      const store = await createFileStore({ home });
      try {
        const t = await store.get("demo", id);
        if (t === undefined) throw new Error(`no task ${id}`);
        return { status: t.status, ...(t.reason === undefined ? {} : { reason: t.reason }), ...(t.merge_commit === undefined ? {} : { merge_commit: t.merge_commit }) };
      } finally {
        await store.close();
      }
    },
  };
}
