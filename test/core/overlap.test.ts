// Conflicts predicted from declared files: which entries meet, which tasks may run at once, and the order
// dispatch.serialize_overlapping adds.
import { describe, expect, it } from "vitest";
import { filesMeet, overlappingTasks, serializeOverlapping } from "../../src/core/overlap.js";
import { findCycle } from "../../src/core/dag.js";
import type { TaskSpec } from "../../src/core/spec.js";

const task = (id: string, files: string[], depends_on: string[] = [], priority = 0): TaskSpec => ({
  id,
  title: id,
  description: "",
  depends_on,
  tags: [],
  files,
  priority,
  needs: [],
  pipeline: ["implement"],
  acceptance: [],
});

describe("filesMeet", () => {
  it.each([
    ["src/a.ts", "src/a.ts", true],
    ["./src/a.ts", "src/a.ts", true],
    ["src", "src/a.ts", true],
    ["src/", "src/deep/b.ts", true],
    ["src/a.ts", "src/b.ts", false],
    ["src/ab.ts", "src/a", false],
    ["src/**/*.ts", "src/x/y.ts", true],
    ["src/*.ts", "src/x/y.ts", false],
    ["src/auth/**", "src", true],
    ["lib/**", "src/a.ts", false],
    ["src/auth/**", "src/**/*.ts", true],
    ["docs/**", "src/**", false],
    ["*.md", "src/**", true],
  ])("%s and %s: %s", (a, b, want) => {
    expect(filesMeet(a, b)).toBe(want);
    expect(filesMeet(b, a)).toBe(want);
  });
});

describe("overlappingTasks", () => {
  it("names pairs with no dependency path between them, direct or transitive, with the entries that meet", () => {
    const tasks = [
      task("a", ["src/parse.js", "README.md"]),
      task("b", ["src/**/*.js"]),
      task("c", ["docs/guide.md"]),
      task("d", ["src/parse.js"], ["a"]),
      task("e", ["README.md"], ["d"]),
      task("f", []),
    ];
    expect(overlappingTasks(tasks)).toEqual([
      { tasks: ["a", "b"], files: ["src/parse.js"] },
      { tasks: ["b", "d"], files: ["src/**/*.js"] },
    ]);
  });
});

describe("serializeOverlapping", () => {
  it("orders each overlapping pair in dispatch order, nearest first, and adds nothing a path already orders", () => {
    const tasks = [task("a", ["src/parse.js"]), task("b", ["src/**/*.js"]), task("c", ["docs/x.md"]), task("d", ["src/parse.js"], ["a"])];
    const { tasks: out, added } = serializeOverlapping(tasks);
    expect(added).toEqual([
      { task: "b", after: "a", files: ["src/**/*.js"] },
      { task: "d", after: "b", files: ["src/parse.js"] },
    ]);
    expect(out.map((t) => [t.id, t.depends_on])).toEqual([
      ["a", []],
      ["b", ["a"]],
      ["c", []],
      ["d", ["a", "b"]],
    ]);
    expect(overlappingTasks(out)).toEqual([]);
  });

  it("lets priority pick who goes first, and one chain covers three tasks on one file", () => {
    const { added } = serializeOverlapping([task("a", ["x"]), task("b", ["x"], [], 5), task("c", ["x"])]);
    expect(added).toEqual([
      { task: "a", after: "b", files: ["x"] },
      { task: "c", after: "a", files: ["x"] },
    ]);
  });

  it("never makes a cycle, and leaves a spec without overlaps as it is", () => {
    const many = Array.from({ length: 30 }, (_, i) => task(`t${i}`, [`f${i % 4}`, i % 5 === 0 ? "shared/**" : `g${i}`], i > 3 ? [`t${i - 3}`] : []));
    const { tasks: out } = serializeOverlapping(many);
    expect(findCycle(out.map((t) => ({ id: t.id, depends_on: t.depends_on, weight: 1 })))).toBeUndefined();
    expect(overlappingTasks(out)).toEqual([]);
    const plain = [task("a", ["x"]), task("b", ["y"])];
    expect(serializeOverlapping(plain)).toEqual({ tasks: plain, added: [] });
  });
});
