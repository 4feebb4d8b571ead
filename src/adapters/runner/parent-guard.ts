// An agent must not outlive the polecat that started it: a tiny watcher per agent ends the agent's process
// group when polecat dies, however it dies (kill -9 included), since polecat can do nothing at that point.
import { spawn } from "node:child_process";
import type { Writable } from "node:stream";

// The watcher, run by `node -e` so it is the same from src/ and dist/. Its stdin is a pipe from polecat:
// end of file without the "disarm" byte means polecat is gone (the kernel closes a dead process's pipes at
// once). It then sends TERM to the group, waits up to the grace for it to go, and sends KILL.
const WATCHER = `
const [pgid, grace] = process.argv.slice(1).map(Number);
let armed = true;
for (const s of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(s, () => undefined);
const alive = () => { try { process.kill(-pgid, 0); return true; } catch { return false; } };
const send = (sig) => { try { process.kill(-pgid, sig); } catch {} };
const fire = () => {
  if (!armed) process.exit(0);
  armed = false;
  send("SIGTERM");
  const deadline = Date.now() + grace;
  const poll = setInterval(() => {
    if (alive() && Date.now() < deadline) return;
    send("SIGKILL");
    clearInterval(poll);
    process.exit(0);
  }, 20);
};
process.stdin.on("data", (chunk) => { if (chunk.includes(100)) armed = false; });
process.stdin.on("end", fire);
process.stdin.on("error", fire);
`;

/** Disarms a running guard: the agent ended under polecat's own care. */
export interface ParentGuard {
  /** The watcher's pid, for tests and the log. */
  pid: number | undefined;
  /** Tells the watcher to exit without touching the group (call once the group is gone). */
  disarm(): void;
}

/**
 * Starts the watcher for process group `pgid`: when this process dies, the group gets TERM, then KILL after
 * `graceMs`. The watcher leads its own process group (a kill of polecat's group spares it) and never keeps
 * this process alive.
 */
export function guardGroup(pgid: number, graceMs: number): ParentGuard {
  const child = spawn(process.execPath, ["-e", WATCHER, String(pgid), String(graceMs)], {
    detached: true,
    stdio: ["pipe", "ignore", "ignore"],
    env: {},
  });
  child.on("error", () => undefined); // no watcher (out of processes): the agent still runs, as before
  const stdin = child.stdin as (Writable & { unref?: () => void }) | null;
  stdin?.on("error", () => undefined);
  stdin?.unref?.();
  child.unref();
  let done = false;
  return {
    pid: child.pid,
    disarm: () => {
      if (done) return;
      done = true;
      stdin?.end("d");
    },
  };
}
