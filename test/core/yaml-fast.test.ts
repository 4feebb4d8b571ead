import { parseDocument } from "yaml";
import { describe, expect, it } from "vitest";
import { fastYaml } from "../../src/core/yaml-fast.js";
import { parseYaml } from "../../src/core/yaml-positions.js";

/** What the position-keeping parser makes of a document (the reference the fast reader must match). */
function reference(text: string): unknown {
  const doc = parseDocument(text);
  expect(doc.errors).toEqual([]);
  return doc.toJS({ maxAliasCount: 1000 });
}

describe("fastYaml", () => {
  it.each([
    ["a: 0o17"], ["a: 017"], ["a: 0x1F"], ["a: 0b101"], ["a: 1_000"], ["a: +12"], ["a: -0"], ["a: 9007199254740993"],
    ["a: .inf"], ["a: -.Inf"], ["a: .NaN"], ["a: .inF"], ["a: 1e3"], ["a: 1.5e+3"], ["a: 1."], ["a: .5"], ["a: +.5"],
    ["a: -.5"], ["a: 1e400"], ["a: 1.0"], ["a: +0x1F"], ["a: -0o7"], ["a: 0o8"], ["a: 00"], ["a: 08"], ["a: 0.0.1"],
    ["a: yes"], ["a: on"], ["a: TRUE"], ["a: True"], ["a: tRUE"], ["a: false"], ["a: ~"], ["a: Null"], ["a: nULL"],
    ["a:"], ["a: 2024-01-01"], ["a: 12:30"], ["a: '1'"], ['a: "true"'], ['a: "\\u00e9"'], ["a: !!str 5"],
    ["a: |\n  x\n  y\n"], ["a: >-\n  x\n  y\n"], [""], ["# only a comment\n"], ["---\na: 1\n...\n"], ["<<: {b: 1}"],
    ["a: &x 1\nb: *x"], ["a: 'x'\n__proto__: {p: 1}"], ["- 1\n- [2, {c: d}]"], ["tasks:\n  - id: a\n    depends_on: [b, c]\n"],
  ])("reads %j exactly as the yaml parser does", (text) => {
    const fast = fastYaml(text);
    expect(fast).toBeDefined();
    expect(fast?.data).toStrictEqual(reference(text));
  });

  it.each([
    ["a syntax error", "a: [1, 2"],
    ["a duplicate key", "a: 1\na: 2"],
    ["an unknown tag", "a: !custom x"],
    ["a tag the core schema lacks", "a: !!binary aGVsbG8="],
    ["an explicit tag the value does not fit", "a: !!float 1"],
    ["a YAML 1.1 directive", "%YAML 1.1\n---\na: yes\n"],
    ["a complex key", "? [a]\n: 1"],
    ["a collection as a flow key", "a: {[b]: 1}"],
    ["an alias to a collection", "a: &x [1]\nb: *x"],
    ["two documents", "a: 1\n---\nb: 2\n"],
  ])("leaves %s to the yaml parser", (_what, text) => {
    expect(fastYaml(text)).toBeUndefined();
  });
});

describe("parseYaml on the fast path", () => {
  it("locates nodes on demand", () => {
    const r = parseYaml("polecat.yaml", "version: 1\ntasks:\n  - id: a\n    depends_on: [b]\n");
    if (!r.ok) throw new Error("expected a valid document");
    expect(r.value.data).toEqual({ version: 1, tasks: [{ id: "a", depends_on: ["b"] }] });
    expect(r.value.at(["tasks", 0, "depends_on", 0])).toEqual({ line: 4, col: 18 });
    expect(r.value.at(["tasks", 0, "id"], "key")).toEqual({ line: 3, col: 5 });
  });

  it("still expands aliases within the limit and reports alias bombs", () => {
    const ok = parseYaml("f.yaml", "a: &x [1]\nb: *x\n");
    expect(ok.ok && ok.value.data).toEqual({ a: [1], b: [1] });
    const levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 8; i++) levels.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(", ")}]`);
    const bomb = parseYaml("f.yaml", `${levels.join("\n")}\n`);
    expect(bomb.ok).toBe(false);
  });
});
