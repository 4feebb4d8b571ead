// Lease owner ids: they name the host and process holding a lease, so an operator can find it.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

/** A fresh lease owner id, `host:pid:random`; the random part keeps a recycled pid from matching an old lease. */
export function newOwnerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
}
