// The list of commands `polecat` registers; each command lives in its own file, loaded only when it runs.
import type { RegisterCommand } from "./context.js";

/** A command by name, with the loader of its module: start-up imports only the command that runs. */
export interface CommandEntry {
  name: string;
  load: () => Promise<RegisterCommand>;
  /** It reads the whole program (completion): every command is registered when it runs, as for help. */
  wholeProgram?: true;
}

/** Every command, in help order: set up, plan, feed the store, work, clean up, observe, try it out, the shell. */
export const COMMANDS: readonly CommandEntry[] = [
  { name: "new", load: async () => (await import("./commands/new.js")).registerNew },
  { name: "init", load: async () => (await import("./commands/init.js")).registerInit },
  { name: "sync", load: async () => (await import("./commands/sync.js")).registerSync },
  { name: "validate", load: async () => (await import("./commands/validate.js")).registerValidate },
  { name: "plan", load: async () => (await import("./commands/plan.js")).registerPlan },
  { name: "doctor", load: async () => (await import("./commands/doctor.js")).registerDoctor },
  { name: "workers", load: async () => (await import("./commands/workers.js")).registerWorkers },
  { name: "apply", load: async () => (await import("./commands/apply.js")).registerApply },
  { name: "task", load: async () => (await import("./commands/task/index.js")).registerTask },
  { name: "run", load: async () => (await import("./commands/run.js")).registerRun },
  { name: "swarm", load: async () => (await import("./commands/swarm.js")).registerSwarm },
  { name: "spawn-batch", load: async () => (await import("./commands/spawn-batch.js")).registerSpawnBatch },
  { name: "worktree", load: async () => (await import("./commands/worktree.js")).registerWorktree },
  { name: "refinery", load: async () => (await import("./commands/refinery.js")).registerRefinery },
  { name: "revert", load: async () => (await import("./commands/revert.js")).registerRevert },
  { name: "reset-stalled", load: async () => (await import("./commands/reset-stalled.js")).registerResetStalled },
  { name: "store", load: async () => (await import("./commands/store/index.js")).registerStore },
  { name: "janitor", load: async () => (await import("./commands/janitor.js")).registerJanitor },
  { name: "daemon", load: async () => (await import("./commands/daemon.js")).registerDaemon },
  { name: "status", load: async () => (await import("./commands/status.js")).registerStatus },
  { name: "summary", load: async () => (await import("./commands/summary.js")).registerSummary },
  { name: "analyze", load: async () => (await import("./commands/analyze.js")).registerAnalyze },
  { name: "logs", load: async () => (await import("./commands/logs.js")).registerLogs },
  { name: "report", load: async () => (await import("./commands/report.js")).registerReport },
  { name: "demo", load: async () => (await import("./commands/demo.js")).registerDemo },
  { name: "completion", load: async () => (await import("./commands/completion.js")).registerCompletion, wholeProgram: true },
  { name: "__complete-tasks", load: async () => (await import("./commands/complete-tasks.js")).registerCompleteTasks }, // hidden: the completion scripts' helper
];
