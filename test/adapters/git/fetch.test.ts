// The fetch coalescer: callers share a fetch whose start covers their need, and wait for the next one otherwise.
import { describe, expect, it } from "vitest";
import { FetchCoalescer } from "../../../src/adapters/git/index.js";

describe("FetchCoalescer", () => {
  it("serves eight callers who ask while a fetch runs with that fetch and one more, never eight", async () => {
    let now = 100;
    const c = new FetchCoalescer(() => now);
    const started: number[] = [];
    const ends: (() => void)[] = [];
    const run = (): Promise<void> => {
      started.push(now);
      return new Promise((r) => ends.push(r));
    };
    const first = c.fetch("m", 100, run);
    now = 110;
    // Older needs share the fetch in flight; newer ones wait for the one queued behind it.
    const older = Array.from({ length: 3 }, () => c.fetch("m", 90, run));
    const newer = Array.from({ length: 4 }, () => c.fetch("m", 105, run));
    expect(started).toEqual([100]);
    ends[0]?.();
    await Promise.all([first, ...older]);
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([100, 110]);
    ends[1]?.();
    await Promise.all(newer);
    // A finished fetch that started at or after the need is reused without running git again.
    await c.fetch("m", 110, run);
    expect(started).toHaveLength(2);
    // Other mirrors do not share.
    const other = c.fetch("n", 0, run);
    expect(started).toHaveLength(3);
    ends[2]?.();
    await other;
  });

  it("a failed fetch fails its callers and does not count as fresh", async () => {
    const c = new FetchCoalescer(() => 1);
    await expect(c.fetch("m", 0, () => Promise.reject(new Error("offline")))).rejects.toThrow("offline");
    let ran = 0;
    await c.fetch("m", 0, () => Promise.resolve(void ran++));
    expect(ran).toBe(1);
  });
});
