// The list of commands `polecat` registers; each command lives in its own file, loaded only when it runs.
import type { Command } from "commander";
import type { World } from "./world.js";

/** Registers one command on the program. */
export type RegisterCommand = (program: Command, world: World) => void;

/** A command by name, with the loader of its module: start-up imports only the command that runs. */
export interface CommandEntry {
  name: string;
  load: () => Promise<RegisterCommand>;
}

/** Every command, in help order: set up, plan, feed the store, work, clean up, observe, try it out. */
export const COMMANDS: readonly CommandEntry[] = [
  { name: "new", load: async () => (await import("./commands/new.js")).registerNew },
  { name: "init", load: async () => (await import("./init.js")).registerInit },
  { name: "sync", load: async () => (await import("./sync.js")).registerSync },
  { name: "validate", load: async () => (await import("./validate.js")).registerValidate },
  { name: "plan", load: async () => (await import("./plan.js")).registerPlan },
  { name: "workers", load: async () => (await import("./workers.js")).registerWorkers },
  { name: "apply", load: async () => (await import("./apply.js")).registerApply },
  { name: "task", load: async () => (await import("./task.js")).registerTask },
  { name: "run", load: async () => (await import("./run.js")).registerRun },
  { name: "swarm", load: async () => (await import("./swarm.js")).registerSwarm },
  { name: "spawn-batch", load: async () => (await import("./spawn-batch.js")).registerSpawnBatch },
  { name: "worktree", load: async () => (await import("./worktree.js")).registerWorktree },
  { name: "refinery", load: async () => (await import("./refinery.js")).registerRefinery },
  { name: "revert", load: async () => (await import("./revert.js")).registerRevert },
  { name: "reset-stalled", load: async () => (await import("./reset-stalled.js")).registerResetStalled },
  { name: "janitor", load: async () => (await import("./janitor.js")).registerJanitor },
  { name: "daemon", load: async () => (await import("./daemon.js")).registerDaemon },
  { name: "status", load: async () => (await import("./status.js")).registerStatus },
  { name: "summary", load: async () => (await import("./summary.js")).registerSummary },
  { name: "analyze", load: async () => (await import("./analyze.js")).registerAnalyze },
  { name: "logs", load: async () => (await import("./logs.js")).registerLogs },
  { name: "report", load: async () => (await import("./report.js")).registerReport },
  { name: "demo", load: async () => (await import("./demo.js")).registerDemo },
];
