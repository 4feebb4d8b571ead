import { describe, expect, it } from "vitest";
import { criticalPaths, findCycle, longestChain, readySet, topoOrder, waves, type DagNode } from "../../src/core/dag.js";

const n = (id: string, depends_on: string[] = [], weight = 1): DagNode => ({ id, depends_on, weight });

describe("dag", () => {
  const diamond = [n("a", [], 10), n("b", ["a"], 5), n("c", ["a"], 30), n("d", ["b", "c"], 1)];

  it("orders dependencies first", () => {
    const order = topoOrder(diamond);
    expect(order.indexOf("a")).toBeLessThan(order.indexOf("b"));
    expect(order.indexOf("c")).toBeLessThan(order.indexOf("d"));
  });

  it("groups tasks into waves by longest dependency chain", () => {
    expect(waves(diamond)).toEqual([["a"], ["b", "c"], ["d"]]);
  });

  it("computes critical paths including the task's own weight", () => {
    const cp = criticalPaths(diamond);
    expect(Object.fromEntries(cp)).toEqual({ a: 41, b: 6, c: 31, d: 1 });
    expect(longestChain(diamond)).toBe(41);
  });

  it.each([
    { name: "self loop", nodes: [n("a", ["a"])], cycle: ["a", "a"] },
    { name: "two nodes", nodes: [n("a", ["b"]), n("b", ["a"])], cycle: ["a", "b", "a"] },
    { name: "cycle behind a chain", nodes: [n("x"), n("a", ["x", "c"]), n("b", ["a"]), n("c", ["b"])], cycle: ["a", "c", "b", "a"] },
  ])("finds a cycle: $name", ({ nodes, cycle }) => {
    expect(findCycle(nodes)).toEqual(cycle);
    expect(() => topoOrder(nodes)).toThrow(/cycle/);
  });

  it("reports no cycle for a DAG and ignores unknown dependencies", () => {
    expect(findCycle(diamond)).toBeUndefined();
    expect(findCycle([n("a", ["ghost"])])).toBeUndefined();
  });

  it("handles a 20,000-long chain without recursion", () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => n(`t${i}`, i === 0 ? [] : [`t${i - 1}`]));
    expect(longestChain(chain)).toBe(20_000);
    expect(waves(chain)).toHaveLength(20_000);
  });

  it("lists ready tasks", () => {
    expect(readySet(diamond, new Set(["a"]))).toEqual(["b", "c"]);
    expect(readySet(diamond, new Set(["a", "b"]))).toEqual(["c"]);
  });
});

describe("dag at scale", () => {
  it("handles a star of 200,000 dependents without spreading arrays onto the stack", () => {
    const nodes = [n("root"), ...Array.from({ length: 200_000 }, (_, i) => n(`leaf${i}`, ["root"]))];
    expect(longestChain(nodes)).toBe(2);
    expect(waves(nodes)[1]).toHaveLength(200_000);
  });
});
