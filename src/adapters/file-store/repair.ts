// `polecat store repair` for the file store: rebuild from what is whole into one snapshot, old files moved aside.
import { copyFileSync, existsSync, mkdirSync, renameSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { RepairPlan } from "../../core/ports/store-check.js";
import { planRebuild, type Rebuild } from "../../core/store-rebuild.js";
import { replaceFileAtomic, syncDir } from "./atomic.js";
import { scanFileStore, type FileStoreScan } from "./check.js";
import { CURRENT, snapName } from "./journal.js";
import { createLockFs, withLock } from "./lock.js";

/** How to repair: `dryRun` only plans; `now` names the directory the old files move to. */
export interface RepairOptions {
  dryRun: boolean;
  now: number;
}

function planOf(scan: FileStoreScan, rebuilt: Rebuild, asideDir: string): RepairPlan {
  const location = `file ${scan.paths.dir}`;
  const base = { location, problems: scan.problems, movedAside: [], lost: [], stale: [], tasks: rebuilt.tasks.length };
  if (scan.problems.length === 0) return { ...base, steps: [] };
  const old = [...scan.files.map((f) => join(scan.paths.dir, f.name)), ...(scan.current === undefined ? [] : [join(scan.paths.dir, CURRENT)])];
  const from = [rebuilt.base, `${rebuilt.applied.length} whole change file${rebuilt.applied.length === 1 ? "" : "s"}`].filter((s) => s !== undefined).join(" + ");
  const steps = [
    ...scan.notDirectories.map((p) => `move the plain file ${p} aside and recreate the lock directory`),
    `write ${snapName(rebuilt.seq)} holding ${rebuilt.tasks.length} task${rebuilt.tasks.length === 1 ? "" : "s"}, rebuilt from ${from}`,
    `point ${CURRENT} at change ${rebuilt.seq}`,
    `move the ${old.length} old store file${old.length === 1 ? "" : "s"} to ${asideDir}`,
  ];
  return { ...base, steps, movedAside: [...scan.notDirectories, ...old], asideDir, lost: rebuilt.lost, stale: rebuilt.stale };
}

/**
 * Plans, and unless `dryRun` applies, the repair of the file store under `home`. Crash-safe in this order:
 * the new snapshot and CURRENT first (a store that loads), then the old files aside (a rerun after a crash
 * finds the new snapshot whole and newest, so it rebuilds the same state). Nothing is deleted.
 */
export async function repairFileStore(home: string, opts: RepairOptions): Promise<RepairPlan> {
  const asideDir = join(scanFileStore(home).paths.dir, `aside-${new Date(opts.now).toISOString().replace(/[:.]/g, "-")}`);
  const first = scanFileStore(home);
  const plan = planOf(first, planRebuild(first.files), asideDir);
  if (opts.dryRun || plan.steps.length === 0) return plan;
  mkdirSync(asideDir, { recursive: true });
  // The lock itself may be the damage: a plain file where its directory belongs goes aside before it is taken.
  const blocker = first.notDirectories[0];
  if (blocker !== undefined) renameSync(blocker, join(asideDir, basename(blocker)));
  mkdirSync(dirname(first.paths.lock), { recursive: true });
  return withLock(first.paths.lock, createLockFs(), () => {
    const scan = scanFileStore(home);
    const rebuilt = planRebuild(scan.files);
    const done = planOf({ ...scan, problems: first.problems, notDirectories: first.notDirectories }, rebuilt, asideDir);
    const { dir, tmp } = scan.paths;
    mkdirSync(tmp, { recursive: true });
    if (existsSync(join(dir, CURRENT))) copyFileSync(join(dir, CURRENT), join(asideDir, CURRENT));
    replaceFileAtomic(tmp, join(dir, snapName(rebuilt.seq)), JSON.stringify({ seq: rebuilt.seq, tasks: rebuilt.tasks }));
    replaceFileAtomic(tmp, join(dir, CURRENT), `${rebuilt.seq}\n`);
    for (const f of scan.files) if (existsSync(join(dir, f.name))) renameSync(join(dir, f.name), join(asideDir, f.name));
    syncDir(dir);
    syncDir(asideDir);
    return done;
  });
}
