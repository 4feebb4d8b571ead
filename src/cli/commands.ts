// The list of commands `polecat` registers; each command lives in its own file.
import type { Command } from "commander";
import { registerStatus } from "./status.js";
import { registerSummary } from "./summary.js";
import { registerAnalyze } from "./analyze.js";
import { registerLogs } from "./logs.js";
import { registerReport } from "./report.js";
import { registerApply } from "./apply.js";
import { registerPlan } from "./plan.js";
import { registerRefinery } from "./refinery.js";
import { registerResetStalled } from "./reset-stalled.js";
import { registerRevert } from "./revert.js";
import { registerTask } from "./task.js";
import { registerValidate } from "./validate.js";
import type { World } from "./world.js";
import { registerWorkers } from "./workers.js";

/** Registers one command on the program. */
export type RegisterCommand = (program: Command, world: World) => void;

/** Every command, in help order. */
export const COMMANDS: readonly RegisterCommand[] = [
  registerValidate,
  registerPlan,
  registerWorkers,
  registerApply,
  registerTask,
  registerResetStalled,
  registerStatus,
  registerSummary,
  registerAnalyze,
  registerLogs,
  registerReport,
  registerRefinery,
  registerRevert,
];
