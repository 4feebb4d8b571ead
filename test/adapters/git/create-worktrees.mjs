// Child process for worktree.test.ts: creates worktrees from another process, concurrently, to race the
// test's other children. Imports polecat from dist/ (npm test builds it before vitest runs).
// Usage: node create-worktrees.mjs HOME PROJECT TASK_ID...
import { createWorktree } from "../../../dist/adapters/git/index.js";
import { homeLayout } from "../../../dist/core/layout.js";

const [home, project, ...ids] = process.argv.slice(2);
const ctx = { layout: homeLayout(home), env: process.env };
const made = await Promise.all(ids.map((taskId) => createWorktree(ctx, { project, taskId, base: "main" })));
if (!made.every((w) => w.ok)) process.exit(1);
