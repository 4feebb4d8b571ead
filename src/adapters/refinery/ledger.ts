// What the base branch already carries: polecat's merge commits, found by their trailers, and the
// commits someone else put there since the refinery last left it.
import { originRef, runGit, type GitContext } from "../git/index.js";
import { git } from "../git/run.js";
import type { WorkKey } from "../../core/ports/refinery.js";
import { ATTEMPT_TRAILER, REVERT_TRAILER, TASK_TRAILER } from "../../core/refinery/trailers.js";

interface TrailerCommit {
  sha: string;
  task: string;
  attempt: number | undefined;
  empty: boolean;
}

const SEP = "\x1f";

// Every commit on origin/<base> with a Polecat-Task trailer, newest first, with whether it changes the tree.
async function trailerCommits(ctx: GitContext, mirror: string, base: string): Promise<TrailerCommit[]> {
  const fmt = ["%H", "%T", "%P", `%(trailers:key=${TASK_TRAILER},valueonly,separator=%x2c)`, `%(trailers:key=${ATTEMPT_TRAILER},valueonly,separator=%x2c)`].join(SEP);
  const out = await git(ctx, mirror, ["log", "-z", `--format=${fmt}`, `--grep=^${TASK_TRAILER}: `, originRef(base), "--"]);
  const rows = out.split("\0").filter((r) => r.trim() !== "").map((r) => r.split(SEP).map((f) => f.trim()));
  const parents = rows.map((r) => (r[2] ?? "").split(" ")[0] ?? "").filter((p) => p !== "");
  const trees = new Map<string, string>();
  if (parents.length > 0) {
    const t = await runGit(ctx, mirror, ["rev-parse", ...parents.map((p) => `${p}^{tree}`)]);
    const lines = t.stdout.split("\n");
    parents.forEach((p, i) => trees.set(p, lines[i] ?? ""));
  }
  return rows.map(([sha = "", tree = "", parentList = "", task = "", attempt = ""]) => ({
    sha,
    task,
    attempt: /^\d+$/.test(attempt) ? Number(attempt) : undefined,
    empty: trees.get(parentList.split(" ")[0] ?? "") === tree,
  }));
}

/**
 * For each task whose work is already on origin/<base>, the commit that carries it: the newest commit
 * with its Polecat-Task trailer (and Polecat-Attempt, when the key names an attempt) that changes the
 * tree, else the newest such commit at all.
 */
export async function landedCommits(ctx: GitContext, project: string, base: string, work: readonly WorkKey[]): Promise<Record<string, string>> {
  if (work.length === 0) return {};
  const all = await trailerCommits(ctx, ctx.layout.mirror(project), base);
  const found: Record<string, string> = {};
  for (const w of work) {
    const mine = all.filter((c) => c.task === w.id && (w.attempt === undefined || c.attempt === w.attempt));
    const pick = mine.find((c) => !c.empty) ?? mine[0];
    if (pick !== undefined) found[w.id] = pick.sha;
  }
  return found;
}

/** Commits someone other than polecat put on the base branch. */
export interface ForeignMove {
  from: string;
  to: string;
  /** `sha subject` of each commit without a polecat trailer, newest first. */
  commits: string[];
  /** The base no longer contains where the refinery left it (a force push). */
  rewritten: boolean;
}

/** The ref in the mirror recording where the refinery last left the base branch. */
export function leftAtRef(base: string): string {
  return `refs/polecat/refinery-left/${base}`;
}

/** Records that the refinery left the base at `sha` (after its own push, or after reporting a foreign move). */
export async function markLeftAt(ctx: GitContext, project: string, base: string, sha: string): Promise<void> {
  await git(ctx, ctx.layout.mirror(project), ["update-ref", leftAtRef(base), sha]);
}

/**
 * Compares origin/<base> (as last fetched, at `head`) with where the refinery left it. Commits in
 * between that carry no polecat trailer are someone else's: they are returned (and acknowledged, so
 * each move is reported once). Undefined when the base is where it was left, or nothing was recorded yet.
 */
export async function foreignMove(ctx: GitContext, project: string, base: string, head: string): Promise<ForeignMove | undefined> {
  const mirror = ctx.layout.mirror(project);
  const left = await runGit(ctx, mirror, ["rev-parse", "--verify", "--quiet", `${leftAtRef(base)}^{commit}`]);
  const from = left.stdout.trim();
  if (left.exitCode !== 0 || from === head) {
    await markLeftAt(ctx, project, base, head);
    return undefined;
  }
  const rewritten = (await runGit(ctx, mirror, ["merge-base", "--is-ancestor", from, head])).exitCode !== 0;
  const fmt = ["%h %s", `%(trailers:key=${TASK_TRAILER},valueonly)`, `%(trailers:key=${REVERT_TRAILER},valueonly)`].join(SEP);
  const out = await git(ctx, mirror, ["log", "-z", `--format=${fmt}`, rewritten ? head : `${from}..${head}`, "-n", rewritten ? "20" : "1000", "--"]);
  const commits = out
    .split("\0")
    .map((r) => r.split(SEP).map((f) => f.trim()))
    .filter(([line = "", task = "", revert = ""]) => line !== "" && task === "" && revert === "")
    .map(([line = ""]) => line);
  await markLeftAt(ctx, project, base, head);
  if (commits.length === 0 && !rewritten) return undefined;
  return { from, to: head, commits, rewritten };
}
