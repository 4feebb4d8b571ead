// A pure model of the refinery's world for property tests: an in-memory task store that enforces the
// status table, a commit graph where a tree passes validation iff it holds no bad task, and a reviewer
// answering from the scenario. It records what an invariant needs: every state main pointed to, every
// validation, every deleted branch.
import { PolecatError } from "../../../src/core/errors.js";
import type { RefineryDeps, RefineryGit } from "../../../src/core/ports/refinery.js";
import { assertTransition } from "../../../src/core/status.js";
import type { EventRecord, TaskFilter, TaskRecord, TaskStore, TransitionRequest } from "../../../src/core/ports/store.js";
import { rng, type AnswerKind, type Scenario } from "./scenarios.js";

/** One commit of the model: its parent, the task it adds (or reverts), and the tasks its tree holds. */
export interface ModelCommit {
  parent: string | undefined;
  task?: string;
  foreign: boolean;
  contents: ReadonlySet<string>;
}

/** The model and what it recorded. */
export interface ModelWorld {
  deps: RefineryDeps;
  tasks: Map<string, TaskRecord>;
  commits: Map<string, ModelCommit>;
  /** Every commit main pointed to, in order, the initial one first. */
  mainHistory: string[];
  /** Validation verdicts by commit. */
  validated: Map<string, boolean>;
  validations: number;
  deletedBranches: string[];
  events: Omit<EventRecord, "ts">[];
  bad: ReadonlySet<string>;
}

const ANSWERS: Record<AnswerKind, string | undefined> = {
  approve: JSON.stringify({ decision: "approve", notes: "looks right" }),
  request_changes: JSON.stringify({ decision: "request_changes", notes: "add a test for the empty case" }),
  reject: JSON.stringify({ decision: "reject", notes: "duplicates existing behaviour" }),
  none: undefined,
  malformed: '{"decision": "ship it"',
};

function matches(t: TaskRecord, f: TaskFilter): boolean {
  const statuses = f.status === undefined ? undefined : ([] as string[]).concat(f.status);
  return (
    (f.project === undefined || t.project === f.project) &&
    (statuses === undefined || statuses.includes(t.status)) &&
    (f.ids === undefined || f.ids.includes(t.id))
  );
}

/** Builds the model world for a scenario. `passes` overrides the validation rule (default: no bad task). */
export function createModel(scenario: Scenario, passes?: (contents: ReadonlySet<string>) => boolean): ModelWorld {
  const project = "demo";
  const byId = new Map(scenario.tasks.map((t) => [t.id, t]));
  const bad = new Set(scenario.tasks.filter((t) => t.fate === "bad").map((t) => t.id));
  const valid = passes ?? ((contents: ReadonlySet<string>) => ![...contents].some((id) => bad.has(id)));
  const tasks = new Map<string, TaskRecord>();
  scenario.tasks.forEach((t, i) => {
    tasks.set(t.id, {
      project,
      id: t.id,
      spec: { id: t.id, title: `task ${t.id}`, description: "", depends_on: [], tags: t.tags, complexity: t.complexity, files: t.files, priority: t.priority, needs: [], pipeline: ["implement"], acceptance: [] },
      spec_hash: t.id,
      status: t.status,
      route: { worker: "coder", rule: "default", fallbacks: [] },
      critical_path: 1,
      attempt: 1,
      failures: 0,
      kickbacks: t.kickbacks,
      notes: [],
      branch: `polecat/${t.id}`,
      seq: i,
      created_at: 1000 + i,
      updated_at: 2000 + i,
      finished_at: 2000 + i,
    });
  });
  const commits = new Map<string, ModelCommit>([["root", { parent: undefined, foreign: false, contents: new Set() }]]);
  const r = rng(scenario.seed + 1);
  let foreignLeft = scenario.foreignPushes;
  let counter = 0;
  const main = (): string => world.mainHistory[world.mainHistory.length - 1] ?? "root";
  const commit = (parent: string, c: Omit<ModelCommit, "parent">): string => {
    const sha = `c${++counter}`;
    commits.set(sha, { parent, ...c });
    return sha;
  };
  const get = (sha: string): ModelCommit => {
    const c = commits.get(sha);
    if (c === undefined) throw new Error(`model: unknown commit ${sha}`);
    return c;
  };
  const descends = (head: string, base: string): boolean => {
    for (let s: string | undefined = head; s !== undefined; s = get(s).parent) if (s === base) return true;
    return false;
  };

  const store: RefineryDeps["store"] = {
    list: (filter?: TaskFilter) => Promise.resolve([...tasks.values()].filter((t) => matches(t, filter ?? {})).map((t) => structuredClone(t))),
    logEvent: (event) => {
      world.events.push(event);
      return Promise.resolve();
    },
    transition: (req: TransitionRequest): ReturnType<TaskStore["transition"]> => {
      const t = tasks.get(req.id);
      if (t === undefined) return Promise.reject(new PolecatError("E_NOT_FOUND", req.id));
      if (!([] as string[]).concat(req.from).includes(t.status)) {
        return Promise.reject(new PolecatError("E_CONFLICT", `${req.id} is ${t.status}, not ${String(req.from)}`));
      }
      assertTransition(t.id, t.status, req.to);
      const next: TaskRecord = { ...t, status: req.to, notes: [...t.notes], updated_at: t.updated_at + 1 };
      if (req.patch?.reason !== undefined) next.reason = req.patch.reason;
      if (req.patch?.merge_commit !== undefined) next.merge_commit = req.patch.merge_commit;
      if (req.patch?.kickback === true) next.kickbacks += 1;
      if (req.note !== undefined) next.notes.push({ ts: next.updated_at, ...req.note });
      tasks.set(t.id, next);
      return Promise.resolve(structuredClone(next));
    },
  };

  const git: RefineryGit = {
    head: () => Promise.resolve(main()),
    changedPaths: (task) => Promise.resolve([...task.spec.files]),
    landed: (work) => {
      const found: Record<string, string> = {};
      for (const w of work) {
        for (let s: string | undefined = main(); s !== undefined && found[w.id] === undefined; s = get(s).parent) {
          if (get(s).task === w.id) found[w.id] = s;
        }
      }
      return Promise.resolve(found);
    },
    build: (base, ids) => {
      let head = base;
      const heads: Record<string, string> = {};
      for (const id of ids) {
        const t = byId.get(id);
        const contents = get(head).contents;
        if (t === undefined) throw new Error(`model: unknown task ${id}`);
        if (t.fate === "conflict" || (t.after !== undefined && !contents.has(t.after))) {
          return Promise.resolve({ ok: false as const, id, files: [...t.files] });
        }
        head = commit(head, { task: id, foreign: false, contents: new Set([...contents, id]) });
        heads[id] = head;
      }
      return Promise.resolve({ ok: true as const, head, commits: heads });
    },
    revert: (base, sha) => {
      const task = get(sha).task;
      const contents = new Set(get(base).contents);
      if (task !== undefined) contents.delete(task);
      return Promise.resolve({ ok: true as const, head: commit(base, { foreign: false, contents }) });
    },
    validate: (head) => {
      world.validations += 1;
      const pass = valid(get(head).contents);
      world.validated.set(head, pass);
      return Promise.resolve({ pass, log: pass ? "all tests passed" : `FAIL ${[...get(head).contents].filter((id) => bad.has(id)).join(" ")}` });
    },
    push: (base, head) => {
      if (foreignLeft > 0 && r() < 0.5) {
        // Someone else pushed a clean commit first.
        foreignLeft -= 1;
        world.mainHistory.push(commit(main(), { foreign: true, contents: get(main()).contents }));
      }
      if (main() !== base) return Promise.resolve({ ok: false as const, head: main() });
      if (!descends(head, base)) throw new Error(`model: push of ${head} is not a fast-forward of ${base}`);
      world.mainHistory.push(head);
      return Promise.resolve({ ok: true as const });
    },
    cleanup: (id) => {
      world.deletedBranches.push(id);
      return Promise.resolve();
    },
  };

  const review = (task: TaskRecord): Promise<string | undefined> => {
    const t = byId.get(task.id);
    return Promise.resolve(t === undefined ? undefined : ANSWERS[t.answer]);
  };

  // The closures above read and write `world` only when called, after it exists.
  const world: ModelWorld = {
    deps: { project, refinery: scenario.refinery, store, git, review },
    tasks,
    commits,
    mainHistory: ["root"],
    validated: new Map(),
    validations: 0,
    deletedBranches: [],
    events: [],
    bad,
  };
  return world;
}
