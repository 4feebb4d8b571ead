// The swarm's display, git fetch progress and alerts (init and sync import fetch.js alone, so they do not load listr2).
export { createProgress, progressMode, type ProgressMode, type ProgressOptions } from "./listr.js";
export { desktopAlert } from "./notify.js";
export { fetchLine, fetchProgress, type FetchLine, type FetchProgress, type FetchProgressOptions } from "./fetch.js";
