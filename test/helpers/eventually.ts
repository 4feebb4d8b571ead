// The one polling helper of the tests. On real processes, git and the file system no clock can be faked, so it
// polls in real time; under `vi.useFakeTimers()` it moves the fake clock forward instead, so polecat's own
// timers (cron ticks, heartbeats, back-offs) fire at once while real I/O still gets a moment to land.
import { setTimeout as sleep } from "node:timers/promises";
import { vi } from "vitest";

const REAL_POLL_MS = 25;
/** Real time given to I/O between two steps of fake time. */
const IO_GRACE_MS = 5;
/** Fake time moves in a hundred steps of the span waited, 100 ms at least. */
const fakeStep = (ms: number): number => Math.max(100, Math.ceil(ms / 100));

/**
 * Polls `check` until it holds (true) or `ms` pass (false); assert with `expect(await eventually(...), what).toBe(true)`.
 * With fake timers the `ms` are fake time, advanced in a hundred steps.
 */
export async function eventually(check: () => Promise<boolean> | boolean, ms = 30_000): Promise<boolean> {
  const fake = vi.isFakeTimers();
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    if (fake) {
      await vi.advanceTimersByTimeAsync(fakeStep(ms));
      await sleep(IO_GRACE_MS);
    } else await sleep(REAL_POLL_MS);
  }
}

/** Lets fake time pass (timers due in it fire, real I/O gets a moment), for tests that show nothing happens. */
export async function passFakeTime(ms: number): Promise<void> {
  const step = fakeStep(ms);
  for (let t = 0; t < ms; t += step) {
    await vi.advanceTimersByTimeAsync(Math.min(step, ms - t));
    await sleep(IO_GRACE_MS);
  }
}

/** The timers polecat's own code schedules; setImmediate, nextTick and I/O stay real. */
export const FAKED_TIMERS = ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] as const;
