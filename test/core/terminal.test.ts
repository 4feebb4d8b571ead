// The colour and CI rules as tables: no-color.org, FORCE_COLOR, CI values, TERM=dumb, terminal or pipe.
import { describe, expect, it } from "vitest";
import { bold, canRedraw, colorEnabled, isCI } from "../../src/core/terminal.js";

describe("isCI", () => {
  it.each([
    [{}, false],
    [{ CI: "" }, false],
    [{ CI: "false" }, false],
    [{ CI: "FALSE" }, false],
    [{ CI: "0" }, false],
    [{ CI: "true" }, true],
    [{ CI: "1" }, true],
    [{ CI: "yes" }, true],
    [{ CI: "woodpecker" }, true],
  ])("%j → %s", (env, ci) => {
    expect(isCI(env)).toBe(ci);
  });
});

describe("colorEnabled", () => {
  it.each([
    { isTTY: true, env: {}, color: true },
    { isTTY: false, env: {}, color: false },
    // no-color.org: present and not empty disables; an empty NO_COLOR does not.
    { isTTY: true, env: { NO_COLOR: "1" }, color: false },
    { isTTY: true, env: { NO_COLOR: "0" }, color: false },
    { isTTY: true, env: { NO_COLOR: "" }, color: true },
    // FORCE_COLOR forces colour even through a pipe, and wins over NO_COLOR, CI and TERM=dumb.
    { isTTY: false, env: { FORCE_COLOR: "1" }, color: true },
    { isTTY: false, env: { FORCE_COLOR: "" }, color: true },
    { isTTY: false, env: { FORCE_COLOR: "3" }, color: true },
    { isTTY: false, env: { FORCE_COLOR: "true", CI: "true" }, color: true },
    { isTTY: true, env: { FORCE_COLOR: "1", NO_COLOR: "1" }, color: true },
    { isTTY: true, env: { FORCE_COLOR: "1", TERM: "dumb" }, color: true },
    { isTTY: true, env: { FORCE_COLOR: "0" }, color: false },
    { isTTY: true, env: { FORCE_COLOR: "false" }, color: false },
    // A dumb terminal and CI logs get none.
    { isTTY: true, env: { TERM: "dumb" }, color: false },
    { isTTY: true, env: { TERM: "xterm-256color" }, color: true },
    { isTTY: true, env: { CI: "true" }, color: false },
    { isTTY: true, env: { CI: "1" }, color: false },
    { isTTY: true, env: { CI: "false" }, color: true },
    { isTTY: true, env: { CI: "0" }, color: true },
    { isTTY: true, env: { CI: "" }, color: true },
  ])("TTY $isTTY, env $env → colour $color", ({ isTTY, env, color }) => {
    expect(colorEnabled(isTTY, env)).toBe(color);
  });
});

describe("canRedraw", () => {
  it.each([
    { isTTY: true, env: {}, redraw: true },
    { isTTY: false, env: {}, redraw: false },
    { isTTY: true, env: { TERM: "dumb" }, redraw: false },
    { isTTY: true, env: { CI: "1" }, redraw: false },
    { isTTY: true, env: { CI: "false" }, redraw: true },
  ])("TTY $isTTY, env $env → redraw $redraw", ({ isTTY, env, redraw }) => {
    expect(canRedraw(isTTY, env)).toBe(redraw);
  });
});

describe("bold", () => {
  it("adds SGR bold only when colour is on", () => {
    expect(bold("x", false)).toBe("x");
    expect(bold("x", true)).toBe("\u001b[1mx\u001b[22m");
  });
});
