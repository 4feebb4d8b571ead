// The stall rule on fake timers: no output and no worktree change for stallMs is a stall; output or a
// changed fingerprint resets the clock; a failing probe counts as no change; a stopped watch reports nothing.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { StallWatch, defaultPollMs } from "../../../src/adapters/runner/stall-watch.js";

const STALL = 60_000;
const POLL = 5_000;

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

function watch(fingerprint?: () => Promise<string>): { w: StallWatch; stalledAt: () => number | undefined } {
  let at: number | undefined;
  const start = Date.now();
  const w = new StallWatch({ stallMs: STALL, pollMs: POLL, now: () => Date.now(), ...(fingerprint ? { fingerprint } : {}), onStall: () => (at = Date.now() - start) });
  w.start();
  return { w, stalledAt: () => at };
}

describe("StallWatch", () => {
  it("reports a stall at the first poll at or past stallMs of silence, once", async () => {
    const { stalledAt } = watch();
    await vi.advanceTimersByTimeAsync(STALL - 1);
    expect(stalledAt()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(stalledAt()).toBe(STALL);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("restarts the clock on output", async () => {
    const { w, stalledAt } = watch();
    await vi.advanceTimersByTimeAsync(50_000);
    w.touch();
    await vi.advanceTimersByTimeAsync(55_000);
    expect(stalledAt()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(stalledAt()).toBe(110_000);
  });

  it("restarts the clock when the worktree's fingerprint changes, not on the first reading", async () => {
    let fp = "a";
    const { stalledAt } = watch(() => Promise.resolve(fp));
    await vi.advanceTimersByTimeAsync(30_000);
    fp = "b";
    await vi.advanceTimersByTimeAsync(POLL);
    await vi.advanceTimersByTimeAsync(STALL - POLL);
    expect(stalledAt()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(POLL);
    expect(stalledAt()).toBe(35_000 + STALL);
  });

  it("takes a failing probe as no change", async () => {
    const { stalledAt } = watch(() => Promise.reject(new Error("git gone")));
    await vi.advanceTimersByTimeAsync(STALL);
    expect(stalledAt()).toBe(STALL);
  });

  it("reports nothing once stopped", async () => {
    const { w, stalledAt } = watch();
    await vi.advanceTimersByTimeAsync(30_000);
    w.stop();
    await vi.advanceTimersByTimeAsync(10 * STALL);
    expect(stalledAt()).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("polls every few seconds, or a quarter of a short timeout, never under 50 ms", () => {
    expect([defaultPollMs(3_600_000), defaultPollMs(8_000), defaultPollMs(100)]).toEqual([5_000, 2_000, 50]);
  });
});
