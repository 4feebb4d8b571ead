// The one view of a lease, as ages relative to now: `status` (each running slot) and `analyze` (the task's
// lease) show it with the same fields and names.
import type { Lease } from "../ports/store.js";
import { leaseHolder } from "../task-table.js";

/** A lease as ages relative to now. */
export interface LeaseView {
  /** The slot holding it (`scripted-1`), the name the swarm, events and the report use; else `owner`. */
  slot: string;
  /** The lease owner id (`host:pid:random`), the identity fencing and dead-holder checks use. */
  owner: string;
  worker_type: string;
  attempt: number;
  elapsed_ms: number;
  heartbeat_age_ms: number;
  /** Negative once the lease has expired (the janitor will reap it). */
  expires_in_ms: number;
  expired: boolean;
}

/** The view of `lease` at `now`. */
export function leaseView(lease: Lease, now: number): LeaseView {
  return {
    slot: leaseHolder(lease),
    owner: lease.owner,
    worker_type: lease.worker_type,
    attempt: lease.attempt,
    elapsed_ms: now - lease.claimed_at,
    heartbeat_age_ms: now - lease.heartbeat_at,
    expires_in_ms: lease.expires_at - now,
    expired: lease.expires_at <= now,
  };
}
