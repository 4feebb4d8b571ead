// The batch + bisect planner as a pure state machine: the driver performs `state.next` and feeds back
// what happened. Main only moves by a `merge` step, and a merge step always pushes exactly the tree of
// the validate step just before it, which passed.
import { PolecatError } from "../errors.js";
import type { RefinerySpec } from "../spec.js";
import type { KickbackReason } from "./outcome.js";
import { PLANNED_CULPRITS, splitTable, type SplitTable } from "./split.js";

/** A task the plan sends back, and why. */
export interface PlanKick {
  id: string;
  reason: KickbackReason;
}

/**
 * What the driver does next. Trees are always "base + these tasks squash-merged in this order", rebuilt
 * by the driver: `validate` builds and validates one; `merge` fast-forwards main from `base` to the tree
 * it just validated; `kick` sends a task back; `done` ends the plan.
 */
export type PlanStep =
  | { kind: "validate"; base: string; ids: string[] }
  | { kind: "merge"; base: string; ids: string[] }
  | { kind: "kick"; id: string; reason: KickbackReason }
  | { kind: "done"; merged: string[]; kicked: PlanKick[]; runs: number };

/**
 * What happened. After `validate`: `validated`, or `conflict` when a task did not apply on this base.
 * After `merge`: `pushed` (main is now the tree, `head` its commit) or `moved` (main moved to `head`
 * first; nothing was pushed). After `kick`: `kicked`.
 */
export type PlanResult =
  | { kind: "validated"; pass: boolean; log: string }
  | { kind: "conflict"; id: string; files: string[] }
  | { kind: "pushed"; head: string }
  | { kind: "moved"; head: string }
  | { kind: "kicked" };

/** The planner's whole state; every field is the driver's to read, the planner's to change. */
export interface PlanState {
  readonly strategy: RefinerySpec["strategy"];
  /** Commit main is at, as far as the plan knows. */
  readonly base: string;
  /** The base branch's name, for the words of a conflict. */
  readonly baseBranch: string;
  /** Tasks neither merged nor kicked, in merge order. */
  readonly queue: readonly string[];
  /** Length of the shortest queue prefix known to fail on `base`; 0 when none is known. */
  readonly knownFail: number;
  /** Output of the run that showed `knownFail` (as bounded by the validation port). */
  readonly failLog: string;
  /** A validated prefix waiting to be pushed. */
  readonly passed: readonly string[] | undefined;
  /** Kicks decided and not yet performed. */
  readonly kicks: readonly PlanKick[];
  readonly culprits: number;
  readonly merged: readonly string[];
  readonly kicked: readonly PlanKick[];
  /** Validation runs so far. */
  readonly runs: number;
  /** The step the driver performs next. */
  readonly next: PlanStep;
  readonly splits: SplitTable;
  /** Length of the very first prefix to validate (the batch's policy); undefined once a run happened. */
  readonly first: number | undefined;
}

/**
 * How a batch of a given size is tested: the length of the first prefix validated (the whole batch, so a
 * clean one costs one run, or less when that cannot stay within serial's cost) and the culprits the split
 * points are tuned for. `one-at-a-time` is the serial strategy's.
 */
export interface BatchPolicy {
  first: number;
  planned: number;
}

type Fields = Omit<PlanState, "next">;

function nextStep(s: Fields): PlanStep {
  const kick = s.kicks[0];
  if (kick !== undefined) return { kind: "kick", ...kick };
  if (s.passed !== undefined) return { kind: "merge", base: s.base, ids: [...s.passed] };
  if (s.queue.length === 0) return { kind: "done", merged: [...s.merged], kicked: [...s.kicked], runs: s.runs };
  let length: number;
  if (s.strategy === "serial") length = 1;
  // Nothing known and nothing found yet: the policy's first prefix, then the whole queue, so a clean batch costs one run (or two).
  else if (s.knownFail === 0 && s.culprits === 0) length = Math.min(s.first ?? s.queue.length, s.queue.length);
  else length = s.splits.probe(s.queue.length, s.knownFail, s.culprits);
  return { kind: "validate", base: s.base, ids: s.queue.slice(0, length) };
}

/** Settles what the facts imply: a queue head that is a known-failing prefix on its own is a culprit. */
function settle(s: Fields): PlanState {
  const head = s.queue[0];
  if (s.knownFail === 1 && head !== undefined) {
    const kick: PlanKick = { id: head, reason: { kind: "validation failed", log: s.failLog } };
    return settle({
      ...s,
      queue: s.queue.slice(1),
      knownFail: 0,
      failLog: "",
      culprits: s.culprits + 1,
      kicks: [...s.kicks, kick],
    });
  }
  return { ...s, next: nextStep(s) };
}

/** Starts a plan with a given batch policy and split tables (the policy search shares them across its trials). */
function startWith(base: string, ids: readonly string[], strategy: RefinerySpec["strategy"], baseBranch: string, policy: BatchPolicy, splits: SplitTable): PlanState {
  return settle({
    strategy,
    base,
    baseBranch,
    queue: [...ids],
    knownFail: 0,
    failLog: "",
    passed: undefined,
    kicks: [],
    culprits: 0,
    merged: [],
    kicked: [],
    runs: 0,
    splits,
    first: policy.first,
  });
}

/** Validation runs a plan takes when the task at `culprit` (-1: none) is the only one that fails. */
function runsWith(n: number, culprit: number, policy: BatchPolicy, splits: SplitTable): number {
  const ids = Array.from({ length: n }, (_, i) => String(i));
  const contents = new Map<string, string[]>([["0", []]]);
  let tree: string[] = [];
  let state = startWith("0", ids, "batch", "main", policy, splits);
  while (state.next.kind !== "done") {
    const step = state.next;
    if (step.kind === "validate") {
      tree = [...(contents.get(step.base) ?? []), ...step.ids];
      state = advance(state, { kind: "validated", pass: !tree.includes(String(culprit)), log: "" });
    } else if (step.kind === "merge") {
      const head = String(contents.size);
      contents.set(head, tree);
      state = advance(state, { kind: "pushed", head });
    } else state = advance(state, { kind: "kicked" });
  }
  return state.next.runs;
}

/**
 * Picks the batch policy for `n` candidates: the first, in order of preference, whose cost with no culprit
 * or one culprit anywhere never exceeds one at a time (n runs). Preference: the whole batch first (a clean
 * batch in one run) with the split points tuned for two culprits, then for one (plain halving); then a
 * shorter first prefix (a clean batch in two runs), longest first. A first prefix of 1 always qualifies.
 */
export function batchPolicy(n: number, tables: Readonly<Record<number, SplitTable>> = { 1: splitTable(1), [PLANNED_CULPRITS]: splitTable() }): BatchPolicy {
  const candidates: BatchPolicy[] = [];
  for (let first = n; first >= 1; first--) for (const planned of [PLANNED_CULPRITS, 1]) candidates.push({ first, planned });
  const fits = (p: BatchPolicy): boolean => {
    const splits = tables[p.planned] ?? splitTable(p.planned);
    for (let c = -1; c < n; c++) if (runsWith(n, c, p, splits) > n) return false;
    return true;
  };
  return candidates.find(fits) ?? { first: 1, planned: 1 };
}

/** Starts a plan for candidates already ordered for merging, on main at `base`; a batch is tested by its size's policy. */
export function startPlan(base: string, ids: readonly string[], strategy: RefinerySpec["strategy"], baseBranch = "main"): PlanState {
  const tables: Record<number, SplitTable> = { 1: splitTable(1), [PLANNED_CULPRITS]: splitTable() };
  const policy = strategy === "serial" ? { first: 1, planned: 1 } : batchPolicy(ids.length, tables);
  return startWith(base, ids, strategy, baseBranch, policy, tables[policy.planned] ?? splitTable(policy.planned));
}

function mismatch(step: PlanStep, result: PlanResult): PolecatError {
  return new PolecatError("E_USAGE", `refinery planner: result ${result.kind} does not answer step ${step.kind}`);
}

/** Feeds back the outcome of `state.next` and returns the new state. */
export function advance(state: PlanState, result: PlanResult): PlanState {
  const { next: step, ...s } = state;
  if (step.kind === "validate") {
    if (result.kind === "validated") {
      const runs = s.runs + 1;
      if (result.pass) return settle({ ...s, runs, first: undefined, passed: step.ids });
      return settle({ ...s, runs, first: undefined, knownFail: step.ids.length, failLog: result.log });
    }
    if (result.kind === "conflict" && step.ids.includes(result.id)) {
      // A task that does not apply here leaves at once; what was known about this queue no longer holds.
      const after = step.ids.slice(0, step.ids.indexOf(result.id));
      const kick: PlanKick = { id: result.id, reason: { kind: "conflict", files: result.files, base: { branch: s.baseBranch, commit: s.base, after } } };
      return settle({ ...s, queue: s.queue.filter((id) => id !== result.id), knownFail: 0, failLog: "", kicks: [...s.kicks, kick] });
    }
  }
  if (step.kind === "merge") {
    if (result.kind === "pushed") {
      const n = step.ids.length;
      return settle({
        ...s,
        base: result.head,
        queue: s.queue.slice(n),
        merged: [...s.merged, ...step.ids],
        passed: undefined,
        knownFail: s.knownFail > 0 ? s.knownFail - n : 0,
      });
    }
    // Main moved under us: rebuild on the new head and validate again; old knowledge is void.
    if (result.kind === "moved") return settle({ ...s, base: result.head, passed: undefined, knownFail: 0, failLog: "" });
  }
  if (step.kind === "kick" && result.kind === "kicked") {
    return settle({ ...s, kicks: s.kicks.slice(1), kicked: [...s.kicked, { id: step.id, reason: step.reason }] });
  }
  throw mismatch(step, result);
}
