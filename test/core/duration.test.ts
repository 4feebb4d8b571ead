import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../../src/core/duration.js";

describe("parseDuration", () => {
  it.each([
    ["30s", 30_000],
    ["15m", 900_000],
    ["2h", 7_200_000],
    ["1h30m", 5_400_000],
    ["1d", 86_400_000],
    ["250ms", 250],
    ["1.5h", 5_400_000],
  ])("%s → %d ms", (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(["", "30", "m", "2 hours", "1h 30m", "-5m", "5x", "h1"])("rejects %j", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe("formatDuration", () => {
  it.each([
    [850, "850ms"],
    [42_000, "42s"],
    [185_000, "3m05s"],
    [7_800_000, "2h10m"],
    [2_700_000, "45m"],
    [3_600_000, "1h"],
  ])("%d ms → %s", (ms, text) => expect(formatDuration(ms)).toBe(text));
});
