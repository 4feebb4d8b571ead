// An agent leads its own process group, so stopping it means signalling the group and waiting for all of it.
import { readdir, readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";

const POLL_MS = 20;

/** Sends a signal to every process in a group; a group that is already gone is not an error. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: nothing left to signal. EPERM cannot happen for a group we created.
  }
}

// Zombies keep a group "alive" for kill(0) until init reaps them, yet they run nothing: /proc tells them apart.
async function hasLivingMember(pgid: number): Promise<boolean> {
  let pids: string[];
  try {
    pids = (await readdir("/proc")).filter((n) => /^\d+$/.test(n));
  } catch {
    return true; // no /proc (macOS): trust kill(0)
  }
  for (const pid of pids) {
    let stat: string;
    try {
      stat = await readFile(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // exited while we looked
    }
    // `pid (comm) state ppid pgrp ...`; comm may contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) === pgid && fields[0] !== "Z") return true;
  }
  return false;
}

/** True while any process of the group is still running (zombies waiting for their reaper do not count). */
export async function groupAlive(pgid: number): Promise<boolean> {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  return hasLivingMember(pgid);
}

/** Waits until the group is gone; false when it is still running after `ms`. */
export async function waitGroupGone(pgid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (!(await groupAlive(pgid))) return true;
    if (Date.now() >= deadline) return false;
    await sleep(POLL_MS);
  }
}

/**
 * Makes sure nothing of a group is left: TERM (unless the caller already sent it at `termSentAt`), up to
 * `graceMs` to exit, then KILL. Used after the leader exits, since its children may outlive it.
 */
export async function reapGroup(pgid: number, graceMs: number, termSentAt?: number): Promise<void> {
  if (!(await groupAlive(pgid))) return;
  const sentAt = termSentAt ?? Date.now();
  if (termSentAt === undefined) signalGroup(pgid, "SIGTERM");
  if (await waitGroupGone(pgid, Math.max(0, sentAt + graceMs - Date.now()))) return;
  signalGroup(pgid, "SIGKILL");
  await waitGroupGone(pgid, 2_000);
}
