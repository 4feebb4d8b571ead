// The trailers polecat writes on the base branch, so a rerun, `revert` and the base watch can tell
// polecat's own commits (and which task and attempt each carries) from everyone else's.

/** Names the task a squash commit carries. */
export const TASK_TRAILER = "Polecat-Task";
/** The attempt whose work the commit carries: work redone after a revert is a new attempt. */
export const ATTEMPT_TRAILER = "Polecat-Attempt";
/** Carried by the refinery's revert commits. */
export const REVERT_TRAILER = "Polecat-Revert";
