// Every command's help ends with examples and lists the global options; every example parses as polecat parses it.
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { commandPath, EXAMPLES } from "../../src/cli/examples.js";
import { commandsFor, createProgram, run } from "../../src/cli/program.js";
import { memoryWorld } from "../helpers/world.js";

async function program(): Promise<{ program: Command; err: () => string }> {
  const w = memoryWorld();
  return { program: createProgram(w.world, await commandsFor(["--help"])), err: w.err };
}

function allCommands(cmd: Command): Command[] {
  return cmd.commands.flatMap((c) => [c, ...allCommands(c)]);
}

/** The words of a shell command line (quotes grouped, no expansion). */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? "");
}

/** Every `polecat ...` invocation in an example line (a pipe, redirect, `&&` or `)` ends one). */
function invocations(line: string): string[][] {
  return [...line.matchAll(/\bpolecat ([^|>&)]*)/g)].map((m) => words(m[1] ?? ""));
}

describe("help", () => {
  it("has examples for every command and sub-command, and for no command that does not exist", async () => {
    const { program: p } = await program();
    const paths = allCommands(p).filter((c) => c.name() !== "help").map(commandPath);
    expect(paths).toContain("task claim");
    expect(paths.filter((path) => EXAMPLES[path] === undefined), "commands without examples in src/cli/examples.ts").toEqual([]);
    expect(Object.keys(EXAMPLES).filter((path) => !paths.includes(path))).toEqual([]);
  });

  it("prints the examples and the global options in each command's help", async () => {
    const { program: p } = await program();
    for (const path of allCommands(p).map(commandPath)) {
      if (path.endsWith("help")) continue;
      const w = memoryWorld();
      expect(await run([...path.split(" "), "--help"], w.world), path).toBe(0);
      expect(w.out(), path).toMatch(/\nGlobal Options:\n(.*\n)*\s+--home <dir>/);
      expect(w.out(), path).toMatch(/\nExamples:\n {2}# .+\n {2}\$ .*polecat /);
    }
  });

  it("lists the global options, the environment and the exit codes at the top", async () => {
    const w = memoryWorld();
    expect(await run(["--help"], w.world)).toBe(0);
    for (const flag of ["--spec <file>", "--workers <file>", "--home <dir>", "--json"]) expect(w.out()).toContain(flag);
    for (const name of ["POLECAT_HOME", "NO_COLOR", "FORCE_COLOR", "CI", "POLECAT_DEBUG"]) expect(w.out()).toMatch(new RegExp(`^  ${name} `, "m"));
    expect(w.out()).toContain("Exit codes: 0 ok, 1 work failed, 2 bad input or configuration, 3 nothing ready");
  });

  it("parses every example with the real program: a real command, known options, the right arguments", async () => {
    const lines = [...Object.values(EXAMPLES).flat().map(([, line]) => line)];
    expect(lines.length).toBeGreaterThan(40);
    for (const line of lines) {
      const calls = invocations(line);
      expect(calls.length, line).toBeGreaterThan(0);
      for (const argv of calls) {
        const { program: p, err } = await program();
        let ran: string | undefined;
        // The real parser, with each command's action swapped for one that records which command ran.
        for (const c of allCommands(p)) c.action(() => void (ran = commandPath(c)));
        const parsed = await p.parseAsync(argv, { from: "user" }).then(
          () => "ok",
          (e: unknown) => `${String(e)} ${err()}`,
        );
        expect(parsed, line).toBe("ok");
        expect(ran, `${line}: no command ran`).toBeDefined();
        expect(EXAMPLES[ran ?? ""], line).toBeDefined();
      }
    }
  });
});
