import { describe, expect, it } from "vitest";
import { closest, didYouMean, editDistance } from "../../src/core/did-you-mean.js";

describe("editDistance", () => {
  it.each([
    ["", "", 0],
    ["abc", "abc", 0],
    ["abc", "", 3],
    ["dependz_on", "depends_on", 1],
    ["capabilites", "capabilities", 1],
    ["ab", "ba", 1],
    ["kitten", "sitting", 3],
  ])("%s → %s = %i", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe("didYouMean", () => {
  const keys = ["id", "title", "depends_on", "tags", "complexity", "files", "effort"];

  it("suggests the close key", () => {
    expect(didYouMean("dependz_on", keys)).toBe('did you mean "depends_on"?');
    expect(didYouMean("Title", keys)).toBe('did you mean "title"?');
    expect(didYouMean("efort", keys)).toBe('did you mean "effort"?');
  });

  it("stays quiet when nothing is close", () => {
    expect(didYouMean("priority_boost", keys)).toBeUndefined();
    expect(didYouMean("x", [])).toBeUndefined();
  });

  it("picks the closest of several candidates", () => {
    expect(closest("chores", ["chore", "mechanical", "multi-step"])).toBe("chore");
    expect(closest("tag", ["tags", "tasks"])).toBe("tags");
  });
});
