// The agent runner's public surface, so the worker loop and the refinery import one module.
export { cpuForSlot, detectCpus, parseCpuList, tasksetPrefix } from "./affinity.js";
export { gitFingerprint, gitHead, gitProgress, type Progress } from "./git-probes.js";
export { DEFAULT_RING_LINES, displayLine, LineRing } from "./line-ring.js";
export { DEFAULT_KILL_GRACE_MS, runAgent, type AgentRunResult, type RunAgentOptions } from "./run-agent.js";
export { runProbe, type ProbeResult } from "./probe.js";
export { mergeReports, superviseAgent, type AgentResult, type SuperviseOptions } from "./supervise.js";
