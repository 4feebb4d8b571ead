// The refinery's adapters: git + validation, the engineer reviewer, leadership, and their wiring.
export { DEFAULT_VALIDATE_TIMEOUT_MS, refineryDeps, type RefineryDepsOptions } from "./deps.js";
export { createRefineryGit, type RefineryGitOptions } from "./git.js";
export { refineryLockName } from "./leadership.js";
export { answerFile, createReviewer, REVIEW_STAGE, reviewWorker, type ReviewerOptions } from "./reviewer.js";
export { GUIDELINE_FILES, MAX_DIFF_CHARS, reviewInstructions, type ReviewMaterial } from "./review-prompt.js";
export { runValidation, type ValidationOutcome, type ValidationRun } from "./validate.js";
