import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/commands.js";
import { commandsFor, commandWord, run } from "../../src/cli/program.js";
import { memoryWorld } from "../helpers/world.js";

describe("polecat program", () => {
  it("prints help listing and exits 0", async () => {
    const w = memoryWorld();
    const code = await run(["--help"], w.world);
    expect(code).toBe(0);
    expect(w.out()).toContain("Usage: polecat");
  });

  it("exits 2 on an unknown option without a stack trace", async () => {
    const w = memoryWorld();
    const code = await run(["--no-such-option"], w.world);
    expect(code).toBe(2);
    expect(w.err()).toContain("unknown option");
    expect(w.err()).not.toMatch(/\n\s+at /);
  });

  it("lists every command in help (but the hidden helpers), each registered under the name its entry gives", async () => {
    const w = memoryWorld();
    expect(await run(["--help"], w.world)).toBe(0);
    for (const { name } of COMMANDS) {
      // `__`-named commands are the completion scripts' helpers: registered, never listed.
      if (name.startsWith("__")) expect(w.out()).not.toContain(name);
      else expect(w.out()).toMatch(new RegExp(`^  ${name}\\b`, "m"));
    }
  });

  it("suggests the nearest command for a misspelt one", async () => {
    const w = memoryWorld();
    expect(await run(["pln"], w.world)).toBe(2);
    expect(w.err()).toContain("Did you mean plan?");
  });

  it.each([
    [["plan", "--json"], "plan"],
    [["--spec", "x.yaml", "validate"], "validate"],
    [["--home", "/tmp/h", "--json", "status", "--all"], "status"],
    [["--spec=x.yaml", "workers"], "workers"],
    [["--json"], undefined],
    [["--", "task", "list"], "task"],
    [[], undefined],
  ])("finds the command word in %j", (argv, word) => {
    expect(commandWord(argv)).toBe(word);
  });

  it("loads only the command that runs, none for --version, all for help and completion", async () => {
    expect(await commandsFor(["--home", "h", "plan"])).toHaveLength(1);
    expect(await commandsFor(["--version"])).toHaveLength(0);
    expect(await commandsFor(["help", "plan"])).toHaveLength(COMMANDS.length);
    expect(await commandsFor(["completion", "bash"])).toHaveLength(COMMANDS.length);
    expect(await commandsFor(["no-such-command"])).toHaveLength(COMMANDS.length);
  });
});
