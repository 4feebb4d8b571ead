// The file backend of TaskStore: lock → catch up → pure rule → create-only commit → events → unlock.
import { createHash } from "node:crypto";
import { join } from "node:path";
import { homeLayout } from "../../core/layout.js";
import type {
  ApplyInput,
  ApplyResult,
  Claim,
  ClaimRequest,
  EventFilter,
  EventRecord,
  Lease,
  LeaseRef,
  Note,
  ReleaseRequest,
  ResetStalledRequest,
  StalledReport,
  TaskFilter,
  TaskRecord,
  TaskStore,
  TransitionRequest,
  WaitForWorkOptions,
} from "../../core/ports/store.js";
import { applyTasks } from "../../core/task-apply.js";
import { claimTask } from "../../core/task-claim.js";
import { reapExpiredLeases, releaseLease, renewLease, resetStalledTasks, type ReapOptions } from "../../core/task-lease.js";
import { listTasks, taskKey, type StateChange, type TaskTable } from "../../core/task-table.js";
import { appendTaskNote, transitionTask } from "../../core/task-transition.js";
import { appendEvents, readEvents } from "../event-log/jsonl.js";
import { Journal, type Entry } from "./journal.js";
import { createLockFs, withLock, type LockFs } from "./lock.js";
import { waitForChange } from "./wait.js";

/** Where a home's file store keeps its state, temp files, lock and event log. */
export interface FileStorePaths {
  dir: string;
  /** Temp files, in their own directory so that creating one never holds up readers of `dir`. */
  tmp: string;
  /** The proper-lockfile lock directory, alone in its parent so taking it contends with nothing else. */
  lock: string;
  events: string;
}

/** The file store's paths under a polecat home (tests and tools look at the lock and the log). */
export function fileStorePaths(home: string): FileStorePaths {
  const layout = homeLayout(home);
  return {
    dir: layout.store,
    tmp: join(layout.store, "tmp"),
    lock: join(layout.store, "lock", "write.lock"),
    events: layout.events,
  };
}

/** How to open a file store. */
export interface FileStoreOptions {
  home: string;
  /** Epoch milliseconds; tests pass a controllable clock. */
  clock?: () => number;
}

type Rule<T> = (table: TaskTable, now: number) => StateChange<T>;

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/**
 * TaskStore over plain files. Writes run one at a time per process (a promise chain) and across processes
 * under the store lock; the lock is held only around a synchronous catch-up, rule and commit, so nothing
 * else in the process can stretch it. Creating the temp file happens before the lock is taken; the
 * directory fsync that makes a commit durable and snapshot writing happen after it is released, before the
 * caller hears back. Reads catch up without the lock (see Journal). Every answer is a copy: callers cannot
 * change the cached state.
 */
export class FileStore implements TaskStore {
  private readonly journal: Journal;
  private readonly clock: () => number;
  private readonly lockFs: LockFs = createLockFs();
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly paths: FileStorePaths,
    clock: () => number,
  ) {
    this.journal = new Journal(paths.dir, paths.tmp);
    this.clock = clock;
  }

  applySpec(input: ApplyInput): Promise<ApplyResult> {
    return this.write((table, now) => applyTasks(table, input, now, sha256));
  }

  get(project: string, id: string): Promise<TaskRecord | undefined> {
    return this.read((table) => table.get(taskKey(project, id)));
  }

  list(filter?: TaskFilter): Promise<TaskRecord[]> {
    return this.read((table) => listTasks(table, filter));
  }

  claim(req: ClaimRequest): Promise<Claim | undefined> {
    return this.write((table, now) => claimTask(table, req, now));
  }

  heartbeat(ref: LeaseRef, leaseMs: number): Promise<Lease> {
    return this.write((table, now) => renewLease(table, ref, leaseMs, now));
  }

  transition(req: TransitionRequest): Promise<TaskRecord> {
    return this.write((table, now) => transitionTask(table, req, now));
  }

  release(req: ReleaseRequest): Promise<TaskRecord> {
    return this.write((table, now) => releaseLease(table, req, now));
  }

  appendNote(project: string, id: string, note: Omit<Note, "ts">): Promise<TaskRecord> {
    return this.write((table, now) => appendTaskNote(table, project, id, note, now));
  }

  resetStalled(req: ResetStalledRequest): Promise<StalledReport[]> {
    const rule: Rule<StalledReport[]> = (table, now) => resetStalledTasks(table, req, now);
    return req.dryRun ? this.read((table, now) => rule(table, now).result) : this.write(rule);
  }

  reapExpired(opts: ReapOptions = {}): Promise<TaskRecord[]> {
    const rule: Rule<TaskRecord[]> = (table, now) => reapExpiredLeases(table, opts, now);
    return opts.dryRun === true ? this.read((table, now) => rule(table, now).result) : this.write(rule);
  }

  logEvent(event: Omit<EventRecord, "ts">): Promise<void> {
    return new Promise((resolve) => {
      appendEvents(this.paths.events, [{ ts: this.clock(), ...event }]);
      resolve();
    });
  }

  events(filter?: EventFilter): Promise<EventRecord[]> {
    return new Promise((resolve) => resolve(readEvents(this.paths.events, filter)));
  }

  waitForWork(opts: WaitForWorkOptions): Promise<void> {
    return waitForChange(this.paths.dir, opts);
  }

  async close(): Promise<void> {
    await this.tail;
  }

  private read<T>(query: (table: TaskTable, now: number) => T): Promise<T> {
    return new Promise((resolve) => {
      this.journal.refresh();
      resolve(structuredClone(query(this.journal.table, this.clock())));
    });
  }

  private write<T>(rule: Rule<T>): Promise<T> {
    const run = async (): Promise<T> => {
      this.journal.prepare();
      let outcome: { result: T; snapshot?: Entry };
      try {
        outcome = await withLock(this.paths.lock, this.lockFs, () => this.commit(rule));
      } finally {
        this.journal.settle();
      }
      if (outcome.snapshot !== undefined) await this.compact(outcome.snapshot);
      return outcome.result;
    };
    const result = this.tail.then(run, run);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Runs under the lock. A lost commit race (only possible if the lock was taken over) is redone on fresh state. */
  private commit<T>(rule: Rule<T>): { result: T; snapshot?: Entry } {
    for (;;) {
      this.journal.refresh();
      const change = rule(this.journal.table, this.clock());
      if (change.upserts.length > 0 && !this.journal.commit(change.upserts)) continue;
      appendEvents(this.paths.events, change.events);
      const snapshot = change.upserts.length > 0 ? this.journal.snapshotDue() : undefined;
      return { result: structuredClone(change.result), ...(snapshot === undefined ? {} : { snapshot }) };
    }
  }

  /** Writes a snapshot outside the lock, installs it under a second short hold, then deletes what it covers. */
  private async compact(snapshot: Entry): Promise<void> {
    this.journal.writeSnapshot(snapshot);
    await withLock(this.paths.lock, this.lockFs, () => this.journal.installSnapshot(snapshot.seq));
    this.journal.removeCovered(snapshot.seq);
  }
}
