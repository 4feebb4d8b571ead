import { describe, expect, it } from "vitest";
import type { Result } from "../../src/core/result.js";
import { byPosition, parsePointer, parseYaml, pointer, problemAt, type YamlSource } from "../../src/core/yaml-positions.js";

function parsed(text: string): YamlSource {
  const r: Result<YamlSource> = parseYaml("spec.yaml", text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

const TEXT = ["project: demo", "tasks:", "  - id: a", "    depends_on: [b, c]", "  - id: b", "    tags:", "      - x", "    note:", ""].join("\n");

describe("parseYaml positions", () => {
  const src = parsed(TEXT);

  it("parses to plain data", () => {
    expect(src.data).toEqual({ project: "demo", tasks: [{ id: "a", depends_on: ["b", "c"] }, { id: "b", tags: ["x"], note: null }] });
  });

  it.each([
    [["project"], "value", 1, 10],
    [["project"], "key", 1, 1],
    [["tasks", 0], "value", 3, 5],
    [["tasks", 0, "depends_on", 1], "value", 4, 21],
    [["tasks", 0, "depends_on"], "key", 4, 5],
    [["tasks", 1, "tags", 0], "value", 7, 9],
    [[], "value", 1, 1],
  ] as const)("%j (%s) is at %i:%i", (path, on, line, col) => {
    expect(src.at(path, on)).toEqual({ line, col });
  });

  it("points at the key of an empty value", () => {
    expect(src.at(["tasks", 1, "note"])).toEqual({ line: 8, col: 5 });
  });

  it("falls back to the nearest existing ancestor", () => {
    expect(src.at(["tasks", 1, "missing", 3])).toEqual({ line: 5, col: 5 });
    expect(src.at(["tasks", 9])).toEqual({ line: 3, col: 3 });
  });

  it("follows aliases", () => {
    const s = parsed("base: &b\n  x: 1\n  y: 2\nother: *b\n");
    expect(s.data).toEqual({ base: { x: 1, y: 2 }, other: { x: 1, y: 2 } });
    expect(s.at(["other", "y"])).toEqual({ line: 3, col: 6 });
  });

  it("builds problems with pointer and position", () => {
    expect(problemAt(src, ["tasks", 0, "depends_on", 1], "bad", { hint: "fix it" })).toEqual({
      file: "spec.yaml",
      line: 4,
      col: 21,
      path: "/tasks/0/depends_on/1",
      message: "bad",
      hint: "fix it",
    });
  });
});

describe("parseYaml errors", () => {
  it("reports every syntax error with its position", () => {
    const r = parseYaml("f.yaml", "a: 1\na: 2\nb: [1, 2\n");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => `${e.line}:${e.col} ${e.message}`)).toEqual([
      expect.stringMatching(/^2:1 invalid YAML: Map keys must be unique$/),
      expect.stringMatching(/^\d+:\d+ invalid YAML: .*\]/),
    ]);
  });

  it("refuses alias bombs instead of expanding them", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 0; i < 8; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(", ")}]`);
    const r = parseYaml("bomb.yaml", lines.join("\n"));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.message).toMatch(/^invalid YAML: /);
  });
});

describe("pointers", () => {
  it.each([
    [[], ""],
    [["tasks", 3, "depends_on", 0], "/tasks/3/depends_on/0"],
    [["a/b", "c~d"], "/a~1b/c~0d"],
  ] as const)("%j ⇄ %s", (path, ptr) => {
    expect(pointer(path)).toBe(ptr);
    expect(parsePointer(ptr)).toEqual(path);
  });

  it("sorts problems by position", () => {
    const p = (line: number, col: number) => ({ file: "f", line, col, path: "", message: `${line}:${col}` });
    expect(byPosition([p(3, 1), p(1, 5), p(1, 2)]).map((x) => x.message)).toEqual(["1:2", "1:5", "3:1"]);
  });
});
