// A whole worker world on temp disk: a bare origin, a spec and WORKERS.md running the scripted agent, a
// polecat home with its mirror, and a real store with the spec applied.
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { stringify } from "yaml";
import { initMirror, type GitContext } from "../../../src/adapters/git/index.js";
import { openStore } from "../../../src/adapters/open-store.js";
import { loadSpec } from "../../../src/adapters/spec-loader.js";
import { run } from "../../../src/cli/program.js";
import type { World } from "../../../src/cli/world.js";
import { applyInput } from "../../../src/core/apply.js";
import { homeLayout } from "../../../src/core/layout.js";
import type { LoadedSpec } from "../../../src/core/spec.js";
import type { TaskRecord, TaskStore } from "../../../src/core/ports/store.js";
import type { WorkerContext } from "../../../src/runtime/worker/index.js";
import { createOrigin, hermeticGitEnv, type TestOrigin } from "../../helpers/git.js";
import { ownedUntilAfterEach } from "../../helpers/owned.js";
import { memoryWorld } from "../../helpers/world.js";

/** The scripted agent shipped with polecat. */
export const SCRIPTED_AGENT = resolve(import.meta.dirname, "../../../agents/scripted-agent.mjs");

/** A task description carrying a scripted-agent script. */
export function script(...steps: string[]): string {
  return ["Scripted steps:", "", "```polecat-script", ...steps, "```", ""].join("\n");
}

/** What a fixture is built from: raw spec tasks and overrides of the spec and of the scripted worker type. */
export interface FixtureOptions {
  tasks: Record<string, unknown>[];
  /** Merged into the `scripted` worker type of WORKERS.md. */
  worker?: Record<string, unknown>;
  /** Merged into the spec (limits, worktree, pipeline, ...). */
  spec?: Record<string, unknown>;
  files?: Record<string, string>;
  /** Extra worker types (merged beside `scripted`) and routing, e.g. types named claude and gemini that run the scripted agent. */
  registry?: { workers?: Record<string, unknown>; routing?: Record<string, unknown> };
}

/** A ready worker world. */
export interface WorkerFixture {
  o: TestOrigin;
  /** Directory holding polecat.yaml and WORKERS.md. */
  dir: string;
  home: string;
  specPath: string;
  loaded: LoadedSpec;
  store: TaskStore;
  git: GitContext;
  env: Record<string, string | undefined>;
  /** A worker context for slot `scripted-1`. */
  ctx(overrides?: Partial<WorkerContext>): WorkerContext;
  task(id: string): Promise<TaskRecord>;
  cleanup(): Promise<void>;
}

/** Writes polecat.yaml and WORKERS.md for the scripted agent into `dir`. */
export async function writeSpec(dir: string, origin: string, opts: FixtureOptions): Promise<string> {
  const worker = {
    command: [process.execPath, SCRIPTED_AGENT, "{task.title}"],
    capabilities: ["code", "tests", "docs", "review"],
    max_concurrent: 4,
    timeout: "1m",
    stall_timeout: "1m",
    max_restarts: 0,
    ...opts.worker,
  };
  const registry = { workers: { scripted: worker, ...opts.registry?.workers }, routing: { default: "scripted", ...opts.registry?.routing } };
  await writeFile(join(dir, "WORKERS.md"), `# Workers\n\n\`\`\`yaml\n${stringify(registry)}\`\`\`\n`);
  const spec = {
    version: 1,
    project: "demo",
    repo: origin,
    base: "main",
    limits: { max_attempts: 3, lease: "1m", backoff: "1ms" },
    ...opts.spec,
    tasks: opts.tasks,
  };
  const specPath = join(dir, "polecat.yaml");
  await writeFile(specPath, stringify(spec));
  return specPath;
}

/** Builds the world: origin, spec, mirror, store with the spec applied. */
export async function workerFixture(opts: FixtureOptions): Promise<WorkerFixture> {
  const o = await createOrigin(opts.files === undefined ? {} : { files: opts.files });
  const dir = o.root;
  const home = join(o.root, "home");
  const env = hermeticGitEnv(o.root);
  const specPath = await writeSpec(dir, o.origin, opts);
  const result = await loadSpec({ specPath });
  if (!result.ok) throw new Error(`fixture spec is invalid: ${JSON.stringify(result.errors)}`);
  const loaded = result.value;
  const git: GitContext = { layout: homeLayout(home), env };
  await initMirror(git, "demo", o.origin);
  const store = await openStore({ spec: loaded.spec, home, env });
  await store.applySpec(applyInput(loaded));
  return {
    o,
    dir,
    home,
    specPath,
    loaded,
    store,
    git,
    env,
    ctx: (overrides = {}) => ({
      store,
      loaded,
      git,
      env,
      clock: Date.now,
      owner: "test-host:1:abcd",
      slot: { id: "scripted-1" },
      ...overrides,
    }),
    async task(id) {
      const t = await store.get("demo", id);
      if (t === undefined) throw new Error(`no task ${id}`);
      return t;
    },
    async cleanup() {
      await store.close();
      await o.cleanup();
    },
  };
}

/** The store, with `act` awaited before it logs `event`: a deterministic point to change the world mid-run. */
export function beforeEvent(store: TaskStore, event: string, act: () => Promise<unknown>): TaskStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === "logEvent") {
        return async (e: Parameters<TaskStore["logEvent"]>[0]) => {
          if (e.event === event) await act();
          return target.logEvent(e);
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Runs the polecat CLI in-process in `cwd` with `env` (and any other world parts); returns the exit code and what it printed. */
export async function runCli(
  cwd: string,
  env: Record<string, string | undefined>,
  args: string[],
  world: Partial<World> = {},
): Promise<{ code: number; out: string; err: string }> {
  const w = memoryWorld({ cwd, env: { ...env, NO_COLOR: "1" }, ...world });
  const code = await run(args, w.world);
  return { code, out: w.out(), err: w.err() };
}

/** Call inside a describe: whatever the returned function makes in a test is cleaned up after that test. */
function cleanedAfterEach<A extends unknown[], T>(make: (...args: A) => Promise<T>, cleanup: (made: T) => Promise<void>): (...args: A) => Promise<T> {
  const own = ownedUntilAfterEach(cleanup);
  return async (...args) => own(await make(...args));
}

/** Call inside a describe: each fixture the returned function makes is cleaned up after its test. */
export function useWorkerFixture(): (opts: FixtureOptions) => Promise<WorkerFixture> {
  return cleanedAfterEach(workerFixture, (f) => f.cleanup());
}

/** A bare origin with a one-task spec beside it and a home under it, for commands that start from nothing. */
export async function originWithSpec(): Promise<{ o: TestOrigin; home: string; cli: (...args: string[]) => ReturnType<typeof runCli> }> {
  const o = await createOrigin();
  await writeSpec(o.root, o.origin, { tasks: [{ id: "t1", title: "One" }] });
  const home = join(o.root, "home");
  return { o, home, cli: (...args) => runCli(o.root, o.env, ["--home", home, ...args]) };
}

/** Call inside a describe: each test's `originWithSpec()` from the returned function is cleaned up after it. */
export function useOriginWithSpec(): () => ReturnType<typeof originWithSpec> {
  return cleanedAfterEach(originWithSpec, (r) => r.o.cleanup());
}
