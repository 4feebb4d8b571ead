import { describe, expect, it } from "vitest";
import { Heap } from "../../src/core/heap.js";

describe("Heap", () => {
  it("pops in comparator order, whatever the push order", () => {
    let seed = 3;
    const values = Array.from({ length: 500 }, () => (seed = (seed * 48_271) % 2_147_483_647) % 1000);
    const heap = new Heap<number>((a, b) => a < b);
    for (const v of values) heap.push(v);
    expect(heap.size).toBe(500);
    expect(heap.peek()).toBe(Math.min(...values));
    const out: number[] = [];
    for (let v = heap.pop(); v !== undefined; v = heap.pop()) out.push(v);
    expect(out).toEqual([...values].sort((a, b) => a - b));
    expect(heap.size).toBe(0);
    expect(heap.pop()).toBeUndefined();
  });
});
