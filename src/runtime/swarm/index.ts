// The swarm supervisor's public surface: `polecat swarm` and `polecat spawn-batch` import this module only.
export { autoComposition, capComposition, parseComposition, slotIds, type Composition, type CompositionRequest } from "./composition.js";
export { bindSignals, SwarmControl, type Interrupt } from "./control.js";
export { previewDispatch, type DispatchPreview } from "./dry-run.js";
export { heartbeatLine, startHeartbeat, type HeartbeatFacts, type HeartbeatOptions, type Timers } from "./heartbeat.js";
export { formatCounts, leftOver, queueState, type LeftOver, type QueueCounts, type QueueState, type SwarmScope } from "./queue.js";
export { dispatchLog, leftLines, recordDispatchLog, resultText, summaryLine, summaryTable, swarmExitCode } from "./summary.js";
export { headerText, runSwarm } from "./supervisor.js";
export type { Merger, MergeQueue } from "../../core/ports/merge-queue.js";
export type { RunTask, SlotEnd, SlotRun, SwarmConfig, SwarmDeps, SwarmResult } from "./types.js";
export { MAX_IDLE_MS, MIN_IDLE_MS, storeWait, Waker, type WaitForWork } from "./wait.js";
export { withoutUnrunnable, type RunnableComposition } from "./unavailable.js";
