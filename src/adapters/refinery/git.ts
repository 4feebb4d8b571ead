// RefineryGit over the git adapter: every candidate is rebuilt in the refinery's own worktree from a
// known base, validated there, and pushed to origin fast-forward only.
import { PolecatError } from "../../core/errors.js";
import { taskBranch } from "../../core/layout.js";
import type { BuildResult, PushResult, RefineryGit, RevertBuild } from "../../core/ports/refinery.js";
import {
  copyFiles,
  diffFiles,
  originRef,
  originSha,
  prepareIntegration,
  pushFastForward,
  removeWorktree,
  removeWorktreeAt,
  resetTo,
  revertCommit,
  runSetup,
  squashMerge,
  syncMirror,
  type GitContext,
  type IntegrateResult,
} from "../git/index.js";
import { git } from "../git/run.js";
import { squashAuthor, squashMessage, type SquashInfo } from "../../core/refinery/authorship.js";
import { setupKey, setupWithCache, type SetupCache } from "../setup-cache.js";
import { branchTip, forkPoint } from "./branch.js";
import { foreignMove, landedCommits, markLeftAt, type ForeignMove } from "./ledger.js";
import { runValidation } from "./validate.js";

/** Everything the refinery's git side needs to know about the project. */
export interface RefineryGitOptions {
  ctx: GitContext;
  project: string;
  /** The branch the refinery guards (`spec.base`). */
  base: string;
  /** The spec's `refinery.validate` argv; undefined: every candidate passes. */
  validate: readonly string[] | undefined;
  validateTimeoutMs: number;
  /** The spec's `worktree` setup (run once per refinery process, e.g. `npm ci`) and copy (before every validation). */
  worktree: { setup: string[][]; copy: string[]; copyFrom: string };
  /** The setup cache; setup runs again (through it) whenever a candidate changes the cache key. */
  cache?: SetupCache;
  /** What a task's squash commit says: title, attempt, worker type and agent, approving review (core/refinery/authorship). */
  task: (id: string) => Promise<SquashInfo>;
  /** Hears when the base branch moved by someone other than polecat since the refinery left it. */
  onForeignMove?: (move: ForeignMove) => Promise<void>;
}

/** Builds the refinery's git port for one project. `head()` must come first: it prepares the worktree. */
export function createRefineryGit(o: RefineryGitOptions): RefineryGit {
  const { ctx, project, base } = o;
  const worktree = ctx.layout.refineryWorktree(project);
  const mirror = ctx.layout.mirror(project);
  let setUpFor: string | undefined;
  let everSetUp = false;

  // A commit even when the change is already on the base, so every task has its own merge commit.
  async function committed(r: IntegrateResult, message: string, author?: string): Promise<string | { files: string[] }> {
    if (r.kind === "committed") return r.commit;
    if (r.kind === "conflict") return { files: r.files };
    await git(ctx, worktree, ["commit", "--quiet", "--allow-empty", ...(author === undefined ? [] : [`--author=${author}`]), "-m", message]);
    return (await git(ctx, worktree, ["rev-parse", "HEAD"])).trim();
  }

  // Readies the worktree for the validate command: setup once per cache key (its output, e.g. node_modules,
  // is normally ignored and survives the clean between candidates), copied files before every run. A
  // candidate whose new key's setup fails fails validation; a setup that never worked is a config error.
  async function readyForValidation(): Promise<string | undefined> {
    await copyFiles(o.worktree.copyFrom, worktree, o.worktree.copy);
    const key = o.cache === undefined ? "once" : ((await setupKey(worktree, o.cache)) ?? "once");
    if (setUpFor === key) return undefined;
    const results = o.cache === undefined ? await runSetup(ctx, worktree, o.worktree.setup) : (await setupWithCache(ctx, worktree, o.cache)).results;
    const failed = results.find((r) => !r.ok);
    if (failed === undefined) {
      setUpFor = key;
      everSetUp = true;
      return undefined;
    }
    setUpFor = undefined;
    const output = failed.output.trimEnd();
    if (everSetUp) return `worktree setup ${JSON.stringify(failed.argv)} failed for this candidate:\n${output}`;
    throw new PolecatError("E_CONFIG", `worktree setup ${JSON.stringify(failed.argv)} failed in the refinery's worktree`, {
      details: [output].filter((s) => s !== ""),
    });
  }

  return {
    async head() {
      const head = (await prepareIntegration(ctx, project, base)).head;
      const moved = await foreignMove(ctx, project, base, head);
      if (moved !== undefined) await o.onForeignMove?.(moved);
      return head;
    },

    landed: (work) => landedCommits(ctx, project, base, work),

    async changedPaths(task) {
      const tip = await branchTip(ctx, project, task);
      if (tip === undefined) return [];
      return diffFiles(ctx, mirror, await forkPoint(ctx, mirror, base, tip), tip);
    },

    async build(start, ids): Promise<BuildResult> {
      await resetTo(ctx, worktree, start);
      let head = start;
      const commits: Record<string, string> = {};
      for (const id of ids) {
        const branch = taskBranch(id);
        if ((await originSha(ctx, project, branch)) === undefined) {
          return { ok: false, id, files: [`${branch} (no such branch on origin)`] };
        }
        const info = await o.task(id);
        const message = squashMessage(info);
        const author = squashAuthor(info);
        const r = await committed(await squashMerge(ctx, worktree, originRef(branch), message, author), message, author);
        if (typeof r !== "string") return { ok: false, id, files: r.files };
        commits[id] = head = r;
      }
      return { ok: true, head, commits };
    },

    async revert(start, commit, message): Promise<RevertBuild> {
      await resetTo(ctx, worktree, start);
      const r = await committed(await revertCommit(ctx, worktree, commit, message), message);
      return typeof r === "string" ? { ok: true, head: r } : { ok: false, files: r.files };
    },

    async validate(head) {
      if (o.validate === undefined) return { pass: true, log: "no validate command configured" };
      if ((await git(ctx, worktree, ["rev-parse", "HEAD"])).trim() !== head) await resetTo(ctx, worktree, head);
      const setupFailed = await readyForValidation();
      if (setupFailed !== undefined) return { pass: false, log: setupFailed };
      return runValidation({
        argv: o.validate,
        cwd: worktree,
        env: ctx.env,
        logFile: ctx.layout.log(project, "_refinery"),
        timeoutMs: o.validateTimeoutMs,
        label: head,
      });
    },

    async push(from, head): Promise<PushResult> {
      const r = await pushFastForward(ctx, project, worktree, head, base);
      if (r.kind === "pushed") {
        await markLeftAt(ctx, project, base, head);
        return { ok: true };
      }
      if (r.reason === "remote-rejected") {
        throw new PolecatError("E_GIT", `origin refused ${head} on ${base}`, { details: [r.detail] });
      }
      await syncMirror(ctx, project);
      const now = await originSha(ctx, project, base);
      // A refusal while the base stands still would only repeat: that is a failure, not a race.
      if (now === undefined || now === from) {
        throw new PolecatError("E_GIT", `pushing ${head} to ${base} was refused though ${base} is still at ${from}`, { details: [r.detail] });
      }
      return { ok: false, head: now };
    },

    async cleanup(id) {
      await removeWorktree(ctx, { project, taskId: id, deleteBranch: "local-and-remote" });
      await removeWorktreeAt(ctx, project, ctx.layout.reviewWorktree(project, id));
    },
  };
}
