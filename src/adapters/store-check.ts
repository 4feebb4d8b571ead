// `polecat store check|repair` for whichever store a command talks to, chosen as openStore chooses it.
import type { RepairPlan, StoreCheck } from "../core/ports/store-check.js";
import { checkFileStore } from "./file-store/check.js";
import { repairFileStore } from "./file-store/repair.js";
import { storeLocation, type OpenStoreOptions } from "./open-store.js";

/** Every problem of the configured store; reads without opening it, so a damaged store can be checked. */
export async function checkStore(opts: Pick<OpenStoreOptions, "spec" | "env" | "home">): Promise<StoreCheck> {
  const location = storeLocation(opts);
  if (location === "file") return checkFileStore(opts.home);
  const { checkPgStore } = await import("./pg-store/check.js");
  return checkPgStore(location);
}

/** Plans (and unless `dryRun` applies) the repair of the configured store. */
export async function repairStore(opts: Pick<OpenStoreOptions, "spec" | "env" | "home">, run: { dryRun: boolean; now: number }): Promise<RepairPlan> {
  const location = storeLocation(opts);
  if (location === "file") return repairFileStore(opts.home, run);
  const { repairPgStore } = await import("./pg-store/check.js");
  return repairPgStore(location, run);
}
