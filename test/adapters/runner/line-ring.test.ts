import { describe, expect, it } from "vitest";
import { displayLine, LineRing, LineSplitter } from "../../../src/adapters/runner/line-ring.js";

describe("LineRing", () => {
  it("keeps the last lines up to its capacity", () => {
    const ring = new LineRing(3);
    for (const l of ["a", "b", "c", "d", "e"]) ring.add(l);
    expect(ring.lines()).toEqual(["c", "d", "e"]);
  });
});

describe("displayLine", () => {
  it.each([
    ["\u001b[1;32mgreen\u001b[0m", "green"],
    ["10%\r50%\r100%", "100%"],
    ["done\r", "done"],
    ["\u001b]0;title\u0007text", "text"],
    ["x".repeat(600), `${"x".repeat(500)}…`],
  ])("%j → %j", (raw, shown) => expect(displayLine(raw)).toBe(shown));
});

describe("LineSplitter", () => {
  it("joins lines split across chunks, including a split UTF-8 character, and ends a last partial line", () => {
    const ring = new LineRing(10);
    const s = new LineSplitter(ring);
    const euro = Buffer.from("€");
    s.write(Buffer.concat([Buffer.from("one\ntw"), euro.subarray(0, 1)]));
    s.write(Buffer.concat([euro.subarray(1), Buffer.from("o\nthr")]));
    expect(ring.lines()).toEqual(["one", "tw€o"]);
    s.end();
    expect(ring.lines()).toEqual(["one", "tw€o", "thr"]);
  });
});
