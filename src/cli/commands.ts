// The list of commands `polecat` registers; each command lives in its own file.
import type { Command } from "commander";
import { registerAnalyze } from "./analyze.js";
import { registerApply } from "./apply.js";
import { registerDaemon } from "./daemon.js";
import { registerDemo } from "./demo.js";
import { registerInit } from "./init.js";
import { registerJanitor } from "./janitor.js";
import { registerLogs } from "./logs.js";
import { registerPlan } from "./plan.js";
import { registerRefinery } from "./refinery.js";
import { registerReport } from "./report.js";
import { registerResetStalled } from "./reset-stalled.js";
import { registerRevert } from "./revert.js";
import { registerRun } from "./run.js";
import { registerStatus } from "./status.js";
import { registerSummary } from "./summary.js";
import { registerSpawnBatch } from "./spawn-batch.js";
import { registerSwarm } from "./swarm.js";
import { registerSync } from "./sync.js";
import { registerTask } from "./task.js";
import { registerValidate } from "./validate.js";
import type { World } from "./world.js";
import { registerWorkers } from "./workers.js";
import { registerWorktree } from "./worktree.js";

/** Registers one command on the program. */
export type RegisterCommand = (program: Command, world: World) => void;

/** Every command, in help order: set up, plan, feed the store, work, clean up, observe, try it out. */
export const COMMANDS: readonly RegisterCommand[] = [
  registerInit,
  registerSync,
  registerValidate,
  registerPlan,
  registerWorkers,
  registerApply,
  registerTask,
  registerRun,
  registerSwarm,
  registerSpawnBatch,
  registerWorktree,
  registerRefinery,
  registerRevert,
  registerResetStalled,
  registerJanitor,
  registerDaemon,
  registerStatus,
  registerSummary,
  registerAnalyze,
  registerLogs,
  registerReport,
  registerDemo,
];
