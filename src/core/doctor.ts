// `polecat doctor` as data: which checks to run for a spec (worker types it can route to, git, store, Node), and the report.
import { credentialNeeds, type CredentialNeeds } from "./agent/credentials.js";
import { missingFlags, withDialect } from "./agent/dialects.js";
import type { Dialect } from "./agent/run.js";
import { fillCommand, type PlaceholderValues } from "./prompt.js";
import { reviewDecision } from "./refinery/review.js";
import { routeOf } from "./routing.js";
import type { LoadedSpec, WorkerRegistry, WorkerType } from "./spec.js";

/** How one check came out: `fail` makes `doctor` exit 2, `warn` does not. */
export type CheckStatus = "ok" | "warn" | "fail";

/** One line of the report. */
export interface CheckResult {
  /** `claude: binary`, `git identity`, ... */
  name: string;
  status: CheckStatus;
  detail: string;
  /** The kind of check (`binary`, `argv`, `credentials`, `git_identity`, `origin`, `store`, `node`). */
  check?: DoctorCheck["kind"];
  /** The worker type a type check is about. */
  type?: string;
}

/** A worker type's check carries what running it needs. */
interface TypeCheck {
  name: string;
  type: string;
  /** argv[0] with `{registry_dir}` / `{polecat_dir}` filled. */
  program: string;
  /** The variables the agent gets through the scrub. */
  envPass: string[];
}

/** One check to run, as data: the plan `doctor` prints with `--json` before anything runs. */
export type DoctorCheck =
  | (TypeCheck & { kind: "binary"; /** Ask `--version` (known CLIs only: a generic agent might start working). */ version: boolean })
  | (TypeCheck & {
      kind: "argv";
      /** The command polecat runs, prompt left out, `--help` last: a CLI that rejects an argument says so. */
      probe: string[];
      /** The program and its subcommand with only `--help`: the flags it lists (some CLIs hide the ones given). */
      help: string[];
      flags: string[];
      added: string[];
    })
  | (TypeCheck & { kind: "credentials"; needs: CredentialNeeds })
  | { kind: "git_identity"; name: string }
  | { kind: "origin"; name: string; repo: string; base: string }
  | { kind: "store"; name: string; location: string }
  | { kind: "node"; name: string; minimum: string };

/** Where placeholders point when `doctor` fills a command (no task runs, so task values are stand-ins). */
export interface DoctorPlaces {
  cwd: string;
  registryDir: string;
  polecatDir: string;
}

/**
 * The worker types a spec can send work to, in registry order: each task's route and its fallbacks that fit,
 * the default route when the spec lists no task, and the engineer reviewer when review can happen.
 */
export function routableTypes(loaded: LoadedSpec): string[] {
  const { spec, registry } = loaded;
  const types = new Set<string>();
  for (const task of spec.tasks) {
    const route = routeOf(task, registry);
    if (route === undefined) continue;
    types.add(route.worker);
    for (const f of route.fallbacks) types.add(f);
  }
  // With no task listed, work added later takes the default route, then its fallbacks.
  for (let t: string | undefined = spec.tasks.length === 0 ? registry.routing.default : undefined; t !== undefined && !types.has(t); t = registry.workers[t]?.fallback) types.add(t);
  // The reviewer counts when a listed task would go to review (its `files` standing in for the changed paths).
  const review = spec.refinery.review;
  const anyReview = review.complexity.length + review.tags.length + review.paths.length > 0 || review.sample_rate > 0;
  const reviews = spec.tasks.length === 0 ? anyReview : spec.tasks.some((t) => reviewDecision(t, t.files, review).review);
  if (reviews && review.worker !== undefined) types.add(review.worker);
  return Object.keys(registry.workers).filter((t) => types.has(t));
}

/** The values placeholders get outside a task: the prompt is left out, paths point at real places. */
function placeValues(places: DoctorPlaces): PlaceholderValues {
  return {
    prompt: "",
    prompt_file: "",
    "task.id": "doctor",
    "task.title": "doctor",
    worktree: places.cwd,
    branch: "polecat/doctor",
    stage: "work",
    registry_dir: places.registryDir,
    polecat_dir: places.polecatDir,
  };
}

/** A worker's argv[0] as it runs: `{registry_dir}` and `{polecat_dir}` filled. */
export function programOf(worker: Pick<WorkerType, "command">, places: DoctorPlaces): string {
  return fillCommand(worker.command.slice(0, 1), placeValues(places))[0] ?? "";
}

/** The flags of an argv (`--name` of `--name=value`), up to a `--`. */
export function flagsOf(argv: readonly string[]): string[] {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).filter((a) => /^-[^-\d]|^--[^-]/.test(a)).map((a) => a.split("=")[0] ?? a);
}

/** The command polecat would run for a worker type (dialect flags added), prompt arguments dropped, `--help` last. */
export function helpProbe(worker: Pick<WorkerType, "command" | "dialect">, places: DoctorPlaces): string[] {
  const cold = withDialect(worker.dialect, worker.command).filter((a) => a !== "{prompt}" && a !== "{prompt_file}");
  return [...fillCommand(cold, placeValues(places)), "--help"];
}

function typeChecks(w: WorkerType, places: DoctorPlaces): DoctorCheck[] {
  const base = { type: w.name, program: programOf(w, places), envPass: w.env_pass };
  const known = (d: Dialect): boolean => d !== "generic";
  const checks: DoctorCheck[] = [{ ...base, kind: "binary", name: `${w.name}: binary`, version: known(w.dialect) }];
  if (known(w.dialect)) {
    const probe = helpProbe(w, places);
    const added = missingFlags(w.dialect, w.command).map((f) => f.join(" "));
    const sub = probe.slice(1).findIndex((a) => a.startsWith("-"));
    const help = [...probe.slice(0, sub < 0 ? 1 : sub + 1), "--help"];
    checks.push({ ...base, kind: "argv", name: `${w.name}: argv`, probe, help, flags: [...new Set(flagsOf(probe.slice(1, -1)))], added });
  }
  const needs = credentialNeeds(w.dialect);
  if (needs !== undefined) checks.push({ ...base, kind: "credentials", name: `${w.name}: credentials`, needs });
  return checks;
}

/** Every check for a spec, in report order: worker types first, then git, origin, store and Node. */
export function planDoctor(loaded: LoadedSpec, places: DoctorPlaces, store: string, nodeMinimum: string): DoctorCheck[] {
  const workers: WorkerRegistry["workers"] = loaded.registry.workers;
  const types = routableTypes(loaded).flatMap((t) => (workers[t] === undefined ? [] : typeChecks(workers[t], places)));
  return [
    ...types,
    { kind: "git_identity", name: "git identity" },
    { kind: "origin", name: "origin", repo: loaded.spec.repo, base: loaded.spec.base },
    { kind: "store", name: "store", location: store },
    { kind: "node", name: "node", minimum: nodeMinimum },
  ];
}

/** `doctor`'s exit code: 2 when any check failed (a problem to fix before a swarm), else 0. */
export function doctorExitCode(results: readonly CheckResult[]): number {
  return results.some((r) => r.status === "fail") ? 2 : 0;
}

/** One line per check: `ok   claude: binary: /usr/bin/claude (2.1.3)`. */
export function formatCheck(r: CheckResult): string {
  return `${r.status.padEnd(4)} ${r.name}: ${r.detail}`;
}
