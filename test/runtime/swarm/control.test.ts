// Interrupts: the first Ctrl+C drains, the second stops now, SIGTERM alike; and the idle wait's wake-ups.
import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { bindSignals, MIN_IDLE_MS, SwarmControl, Waker } from "../../../src/runtime/swarm/index.js";
import { nextIdle, raceWaits, storeWait } from "../../../src/runtime/swarm/wait.js";
import { tempStore } from "./fake-worker.js";
import { input } from "./records.js";

describe("SwarmControl", () => {
  it("drains on the first SIGINT and stops on the second; unbinding stops listening", () => {
    const signals = new EventEmitter();
    const control = new SwarmControl();
    const unbind = bindSignals(signals, control);
    expect(control.interrupted).toBeUndefined();
    signals.emit("SIGINT");
    expect(control.interrupted).toBe("drain");
    expect(control.drainSignal.aborted).toBe(true);
    expect(control.stopSignal.aborted).toBe(false);
    signals.emit("SIGINT");
    expect(control.interrupted).toBe("stop");
    expect(control.stopSignal.aborted).toBe(true);
    unbind();
    expect(signals.listenerCount("SIGINT")).toBe(0);
    expect(signals.listenerCount("SIGTERM")).toBe(0);
  });

  it("treats SIGTERM like Ctrl+C: the first drains, the second stops now, and the first signal names the exit", () => {
    const signals = new EventEmitter();
    const control = new SwarmControl();
    bindSignals(signals, control);
    signals.emit("SIGTERM");
    expect(control.interrupted).toBe("drain");
    signals.emit("SIGTERM");
    expect(control.interrupted).toBe("stop");
    signals.emit("SIGINT");
    expect(control.signal).toBe("SIGTERM");
  });
});

describe("Waker", () => {
  it("wakes every waiter early, and says so", async () => {
    const waker = new Waker();
    const signal = new AbortController().signal;
    const waits = [waker.wait({ timeoutMs: 60_000, signal }), waker.wait({ timeoutMs: 60_000, signal })];
    waker.wake();
    expect(await Promise.all(waits)).toEqual([true, true]);
  });

  it("times out, and ends at once on abort", async () => {
    const waker = new Waker();
    expect(await waker.wait({ timeoutMs: 5, signal: new AbortController().signal })).toBe(false);
    const ctl = new AbortController();
    const waiting = waker.wait({ timeoutMs: 60_000, signal: ctl.signal });
    ctl.abort();
    expect(await waiting).toBe(false);
    expect(await waker.wait({ timeoutMs: 60_000, signal: ctl.signal })).toBe(false);
  });

  it("a store wake-up raced with the in-process one ends the wait and releases the other", async () => {
    const waker = new Waker();
    let storeSignal: AbortSignal | undefined;
    const store = ({ signal }: { timeoutMs: number; signal: AbortSignal }) => {
      storeSignal = signal;
      return Promise.resolve(true);
    };
    expect(await raceWaits(waker.wait, store)({ timeoutMs: 60_000, signal: new AbortController().signal })).toBe(true);
    expect(storeSignal?.aborted).toBe(true);
  });

  it("the store's own wake-up counts as woken when a change cuts it short, not when it times out", async () => {
    const { store, cleanup } = await tempStore([input("a")]);
    try {
      const wait = storeWait(store, Date.now);
      const signal = new AbortController().signal;
      expect(await wait({ timeoutMs: 50, signal })).toBe(false);
      // The store starts watching when the wait is called, so a change right after is seen.
      const waiting = wait({ timeoutMs: 60_000, signal });
      await store.claim({ project: "demo", workerType: "claude", owner: "other:1:x", leaseMs: 60_000, capacity: {} });
      expect(await waiting).toBe(true);
    } finally {
      await cleanup();
    }
  });

  it("backs off by doubling up to the cap, and resets after a wake-up", () => {
    expect(nextIdle(MIN_IDLE_MS, false, 1_000)).toBe(MIN_IDLE_MS * 2);
    expect(nextIdle(800, false, 1_000)).toBe(1_000);
    expect(nextIdle(1_000, true, 1_000)).toBe(MIN_IDLE_MS);
  });
});
