// The list of commands `polecat` registers; each command lives in its own file.
import type { Command } from "commander";
import { registerInit } from "./init.js";
import { registerPlan } from "./plan.js";
import { registerRun } from "./run.js";
import { registerSync } from "./sync.js";
import { registerValidate } from "./validate.js";
import type { World } from "./world.js";
import { registerWorkers } from "./workers.js";
import { registerWorktree } from "./worktree.js";

/** Registers one command on the program. */
export type RegisterCommand = (program: Command, world: World) => void;

/** Every command, in help order. */
export const COMMANDS: readonly RegisterCommand[] = [
  registerValidate,
  registerPlan,
  registerWorkers,
  registerInit,
  registerSync,
  registerRun,
  registerWorktree,
];
