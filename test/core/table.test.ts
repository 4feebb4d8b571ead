import { describe, expect, it } from "vitest";
import { renderTable } from "../../src/core/table.js";

describe("renderTable", () => {
  it("aligns columns two spaces apart without trailing spaces", () => {
    expect(renderTable(["NAME", "N", "NOTE"], [["claude", "3", ""], ["x", "12", "long note"]], { align: ["left", "right"] })).toEqual([
      "NAME     N  NOTE",
      "claude   3",
      "x       12  long note",
    ]);
  });

  it("prints only the header for no rows, and bolds it only when asked", () => {
    expect(renderTable(["A", "B"], [])).toEqual(["A  B"]);
    expect(renderTable(["A"], [], { color: true })).toEqual(["\u001b[1mA\u001b[22m"]);
  });
});
