// Conflicts predicted from declared files: which entries meet, which tasks may run at once, and the order
// dispatch.serialize_overlapping adds.
import { describe, expect, it } from "vitest";
import { filesMeet, overlappingTasks, serializeOverlapping } from "../../src/core/overlap.js";
import { findCycle, waves } from "../../src/core/dag.js";
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
    expect(overlappingTasks(tasks)).toEqual({
      pairs: [
        { tasks: ["a", "b"], files: ["src/parse.js"] },
        { tasks: ["b", "d"], files: ["src/**/*.js"] },
      ],
      more: false,
    });
  });

  it("lists the first pairs in spec order up to the limit and says there are more", () => {
    const tasks = ["a", "b", "c", "d"].map((id) => task(id, ["shared.ts"]));
    expect(overlappingTasks(tasks, 2)).toEqual({
      pairs: [
        { tasks: ["a", "b"], files: ["shared.ts"] },
        { tasks: ["a", "c"], files: ["shared.ts"] },
      ],
      more: true,
    });
    expect(overlappingTasks(tasks, 6).more).toBe(false);
  });

  it("agrees with comparing every pair, on random specs of folders, files and patterns", () => {
    const pool = ["src", "src/a.ts", "src/b.ts", "src/x/c.ts", "src/**/*.ts", "src/x/**", "*.md", "README.md", "docs/guide.md", "lib/**", "lib/z.js", "**"];
    let seed = 7;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let round = 0; round < 40; round++) {
      const n = 2 + rand(14);
      const tasks = Array.from({ length: n }, (_, i) =>
        task(`t${i}`, [...new Set(Array.from({ length: rand(3) }, () => pool[rand(pool.length)] as string))], i > 0 && rand(3) === 0 ? [`t${rand(i)}`] : []),
      );
      const reach = (from: TaskSpec, to: string): boolean => from.depends_on.some((d) => d === to || reach(tasks.find((t) => t.id === d) as TaskSpec, to));
      const want = tasks.flatMap((a, i) =>
        tasks.slice(i + 1).flatMap((b) => {
          if (reach(a, b.id) || reach(b, a.id)) return [];
          const files = a.files.filter((f) => b.files.some((g) => filesMeet(f, g)));
          return files.length === 0 ? [] : [{ tasks: [a.id, b.id], files }];
        }),
      );
      expect(overlappingTasks(tasks, 1_000).pairs).toEqual(want);
    }
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
    expect(overlappingTasks(out).pairs).toEqual([]);
  });

  it("lets priority pick who goes first, and one chain covers three tasks on one file", () => {
    const { added } = serializeOverlapping([task("a", ["x"]), task("b", ["x"], [], 5), task("c", ["x"])]);
    expect(added).toEqual([
      { task: "a", after: "b", files: ["x"] },
      { task: "c", after: "a", files: ["x"] },
    ]);
  });

  it("adds the edges the plain rule gives (every earlier task, nearest first), on random specs", () => {
    // The rule spelled out pair by pair, as a reference for the indexed version.
    const reference = (tasks: TaskSpec[]): { task: string; after: string; files: string[] }[] => {
      const index = new Map(tasks.map((t, i) => [t.id, i]));
      const byId = new Map(tasks.map((t) => [t.id, t]));
      const order = waves(tasks.map((t) => ({ id: t.id, depends_on: t.depends_on, weight: 0 }))).flatMap((w) =>
        w.map((id) => byId.get(id) as TaskSpec).sort((a, b) => b.priority - a.priority || (index.get(a.id) ?? 0) - (index.get(b.id) ?? 0)),
      );
      const anc = new Map<string, Set<string>>();
      const added: { task: string; after: string; files: string[] }[] = [];
      order.forEach((t, k) => {
        const mine = new Set<string>();
        for (const d of t.depends_on) for (const a of [d, ...(anc.get(d) ?? [])]) mine.add(a);
        for (const e of order.slice(0, k).reverse()) {
          if (mine.has(e.id)) continue;
          const files = t.files.filter((f) => e.files.some((g) => filesMeet(f, g)));
          if (files.length === 0) continue;
          added.push({ task: t.id, after: e.id, files });
          for (const a of [e.id, ...(anc.get(e.id) ?? [])]) mine.add(a);
        }
        anc.set(t.id, mine);
      });
      return added;
    };
    const pool = ["src", "src/a.ts", "src/b.ts", "src/**/*.ts", "src/x/**", "*.md", "README.md", "lib/z.js", "**"];
    let seed = 11;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let round = 0; round < 40; round++) {
      const tasks = Array.from({ length: 2 + rand(14) }, (_, i) =>
        task(`t${i}`, [...new Set(Array.from({ length: rand(3) }, () => pool[rand(pool.length)] as string))], i > 0 && rand(3) === 0 ? [`t${rand(i)}`] : [], rand(3)),
      );
      expect(serializeOverlapping(tasks).added).toEqual(reference(tasks));
    }
  });

  it("never makes a cycle, and leaves a spec without overlaps as it is", () => {
    const many = Array.from({ length: 30 }, (_, i) => task(`t${i}`, [`f${i % 4}`, i % 5 === 0 ? "shared/**" : `g${i}`], i > 3 ? [`t${i - 3}`] : []));
    const { tasks: out } = serializeOverlapping(many);
    expect(findCycle(out.map((t) => ({ id: t.id, depends_on: t.depends_on, weight: 1 })))).toBeUndefined();
    expect(overlappingTasks(out).pairs).toEqual([]);
    const plain = [task("a", ["x"]), task("b", ["y"])];
    expect(serializeOverlapping(plain)).toEqual({ tasks: plain, added: [] });
  });
});
