// The swarm's display and alerts: the CLI imports this module only.
export { createProgress, progressMode, type ProgressMode, type ProgressOptions } from "./listr.js";
export { desktopAlert } from "./notify.js";
