// Lease owner ids: they name the host and process holding a lease, so an operator can find it.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

/** A fresh lease owner id, `host:pid:random`; the random part keeps a recycled pid from matching an old lease. */
export function newOwnerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
}

/** True when `pid` names no process on this machine (EPERM: it exists, owned by someone else). */
export function pidGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * True only when an owner id (`host:pid:...`) provably names a dead process: same host, pid gone.
 * Another host's owner, or an id that does not parse, is never declared dead here.
 */
export function ownerDeadHere(owner: string): boolean {
  const [host, pid] = owner.split(":");
  const n = Number(pid);
  return host === hostname() && Number.isInteger(n) && n > 0 && pidGone(n);
}

/** The distinct lease owners among `tasks` that provably name a dead process here (see `ownerDeadHere`). */
export function deadOwnersHere(tasks: readonly { lease?: { owner: string } | undefined }[]): string[] {
  const owners = new Set(tasks.flatMap((t) => (t.lease === undefined ? [] : [t.lease.owner])));
  return [...owners].filter(ownerDeadHere);
}
