// The git adapter's public surface: mirrors, task worktrees, finishing, and the refinery's primitives.
export { POLECAT_IDENTITY, deleteRemoteBranch, initMirror, originSha, syncMirror, type MirrorInfo, type ProgressListener } from "./mirror.js";
export { copyFiles, createWorktree, runSetup, type CommandResult, type CreateWorktreeOptions, type CreatedWorktree } from "./worktree.js";
export { listWorktrees, worktreeStatus, type WorktreeEntry, type WorktreeStatus } from "./worktree-list.js";
export { pruneWorktrees, removeWorktree, removeWorktreeAt, type DeleteBranch, type PrunedWorktree } from "./worktree-remove.js";
export { commitAll, finishWorktree, hasWork, rebaseOntoBase, type FinishOptions, type FinishResult, type RebaseResult } from "./finish.js";
export { pushCommit, type PushMode, type PushResult } from "./push.js";
export {
  diffFiles,
  diffText,
  prepareIntegration,
  prepareReviewWorktree,
  pushFastForward,
  resetTo,
  revertCommit,
  squashMerge,
  type IntegrateResult,
  type DetachedWorktree,
} from "./integrate.js";
export { originRef, runGit, type GitContext, type GitResult } from "./run.js";
export type { PushRejection } from "./parse.js";
export { LocalQueue } from "./lock.js";
export { FetchCoalescer, fetchMirror } from "./fetch.js";
export { lostLockRace, runGitRetrying } from "./contention.js";
