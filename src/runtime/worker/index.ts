// The worker runtime's public surface: `polecat run` and the swarm import this module only.
export { keepLease, type LeaseKeeper } from "./lease-keeper.js";
export { finishToResult, NO_CHANGES, recordResult } from "./record.js";
export { capacityOf, runOne } from "./run-one.js";
export { runStages, type StagesInput, type StagesOutcome } from "./stages.js";
export type { FailureCause, RunOneOutcome, RunOneRequest, WorkerContext, WorkerEvent, WorkerResult } from "./types.js";
