// `polecat completion bash|zsh|fish`: scripts written from the program tree, sourced into real shells.
import { execa } from "execa";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Command } from "commander";
import { completionTree } from "../../src/cli/commands/completion.js";
import { registerTask } from "../../src/cli/commands/task/index.js";
import { COMMANDS } from "../../src/cli/commands.js";
import { commandsFor, createProgram, run } from "../../src/cli/program.js";
import type { CompletionCommand } from "../../src/core/completion/index.js";
import { memoryWorld } from "../helpers/world.js";
import { useOriginWithSpec } from "../runtime/worker/helpers.js";

const CLI = resolve(import.meta.dirname, "../../dist/cli/main.js");

/** Whether a shell is installed (the zsh and fish checks run only where it is). */
async function has(shell: string): Promise<boolean> {
  return (await execa(shell, ["-c", "exit 0"], { reject: false }).catch(() => ({ exitCode: 1 }))).exitCode === 0;
}

async function script(shell: string): Promise<string> {
  const w = memoryWorld();
  expect(await run(["completion", shell], w.world)).toBe(0);
  return w.out();
}

/** `task`'s sub-commands as the program registers them, and the help commander adds. */
const TASK_SUBCOMMANDS = (() => {
  const root = new Command("polecat");
  registerTask(root, memoryWorld().world, run);
  return [...(root.commands[0]?.commands.map((c) => c.name()) ?? []), "help"];
})();

/** Every command path of the real program, e.g. `polecat task list`. */
async function paths(): Promise<string[]> {
  const root = completionTree(createProgram(memoryWorld().world, await commandsFor(["completion", "bash"])));
  const out: string[] = [];
  const walk = (c: CompletionCommand, at: string): void => {
    out.push(at);
    for (const s of c.commands) walk(s, `${at} ${s.name}`);
  };
  walk(root, root.name);
  return out;
}

describe("polecat completion", () => {
  let dir = "";
  const files: Record<string, string> = {};
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "polecat-completion-"));
    for (const shell of ["bash", "zsh", "fish"]) {
      files[shell] = join(dir, `polecat.${shell}`);
      await writeFile(files[shell], await script(shell));
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** What bash offers after `line` (the last word is the one being completed), from the sourced script. */
  async function bash(line: string): Promise<string[]> {
    const words = line.split(" ");
    const program = `source ${files.bash}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _polecat; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const r = await execa("bash", ["--norc", "-c", program]);
    return r.stdout.split("\n").filter((l) => l !== "");
  }

  it("registers a completion function in a real bash", async () => {
    const r = await execa("bash", ["--norc", "-c", `source ${files.bash}; complete -p polecat`]);
    expect(r.stdout).toBe("complete -o default -F _polecat polecat");
  });

  it.each([
    { line: "polecat ", want: [...COMMANDS.filter((c) => !c.name.startsWith("__")).map((c) => c.name), "help"] },
    { line: "polecat ta", want: ["task"] },
    { line: "polecat task ", want: TASK_SUBCOMMANDS },
    { line: "polecat --home /tmp/h task s", want: ["show", "set"] },
    { line: "polecat --spec=x.yaml worktree p", want: ["prune"] },
    { line: "polecat status --pro", want: ["--project"] },
    { line: "polecat task list --h", want: ["--help", "--home"] },
    { line: "polecat report --html ", want: [] },
    { line: "polecat completion ", want: ["bash", "zsh", "fish"] },
    { line: "polecat completion z", want: ["zsh"] },
  ])("bash offers $want after '$line'", async ({ line, want }) => {
    expect((await bash(line)).sort()).toEqual([...want].sort());
  });

  it("names every command path in each script", async () => {
    const all = await paths();
    expect(all).toContain("polecat task claim");
    for (const shell of ["bash", "zsh", "fish"]) {
      const text = await script(shell);
      for (const p of all) expect(text, `${shell}: ${p}`).toContain(`'${p}'`);
    }
  });

  it("is a zsh script zsh parses and that registers _polecat with compinit", async (ctx) => {
    if (!(await has("zsh"))) return ctx.skip();
    expect((await execa("zsh", ["-n", files.zsh ?? ""], { reject: false })).exitCode).toBe(0);
    const r = await execa("zsh", ["-f", "-c", `autoload -U compinit && compinit -u -d ${dir}/zcompdump && source ${files.zsh} && print -r -- $_comps[polecat]`]);
    expect(r.stdout.trim()).toBe("_polecat");
  });

  it("gives fish the sub-commands and options at each position", async (ctx) => {
    if (!(await has("fish"))) return ctx.skip();
    expect((await execa("fish", ["--no-execute", files.fish ?? ""], { reject: false })).exitCode).toBe(0);
    const complete = async (line: string): Promise<string[]> => {
      const r = await execa("fish", ["--no-config", "-c", `source ${files.fish}; complete -C '${line}'`]);
      return r.stdout.split("\n").map((l) => l.split("\t")[0] ?? "").filter((l) => l !== "");
    };
    expect((await complete("polecat task ")).sort()).toEqual([...TASK_SUBCOMMANDS].sort());
    expect(TASK_SUBCOMMANDS).toEqual(expect.arrayContaining(["list", "show", "claim", "help"]));
    expect(await complete("polecat ")).toEqual(expect.arrayContaining(COMMANDS.filter((c) => !c.name.startsWith("__")).map((c) => c.name)));
    expect(await complete("polecat ")).not.toContain("__complete-tasks");
    expect(await complete("polecat --home /tmp/h status --pro")).toEqual(["--project"]);
    expect((await complete("polecat completion ")).sort()).toEqual(["bash", "fish", "zsh"]);
  });

  it("exits 2 for a shell it does not know", async () => {
    const w = memoryWorld();
    expect(await run(["completion", "tcsh"], w.world)).toBe(2);
    expect(w.err()).toContain("Allowed choices are bash, zsh, fish");
  });

  describe("task ids from the store, where a command names a task", () => {
    const originWithSpec = useOriginWithSpec();

    /** A project with three tasks in its store and a `polecat` on PATH (the built CLI), as a user's shell would have. */
    async function project() {
      const { o, home, cli } = await originWithSpec();
      expect((await cli("init")).code).toBe(0);
      expect((await cli("apply")).code).toBe(0);
      expect((await cli("task", "add", "t2", "--title", "Two:\ttabbed")).code).toBe(0);
      expect((await cli("task", "add", "x9", "--title", "Other")).code).toBe(0);
      const bin = join(o.root, "bin");
      await mkdir(bin);
      await writeFile(join(bin, "polecat"), `#!/bin/sh\nexec ${process.execPath} ${CLI} "$@"\n`);
      await chmod(join(bin, "polecat"), 0o755);
      const env = { ...o.env, PATH: `${bin}:${o.env.PATH ?? process.env.PATH ?? ""}`, HOME: o.root };
      return { o, home, env };
    }

    it("the hidden helper prints `id<TAB>title` lines and is in neither help nor the scripts' command lists", async () => {
      const { o, home, env } = await project();
      const r = await execa("polecat", ["--home", home, "__complete-tasks"], { cwd: o.root, env, extendEnv: false });
      expect(r.stdout.split("\n")).toEqual(["t1\tOne", "t2\tTwo: tabbed", "x9\tOther"]);
      expect((await execa("polecat", ["--help"], { cwd: o.root, env, extendEnv: false })).stdout).not.toContain("__complete");
    });

    it("bash offers them at a task argument, with --home passed on (also as ~/ and --home=), and nowhere else", async () => {
      const { o, home, env } = await project();
      const complete = async (line: string): Promise<string[]> => {
        const words = line.split(" ");
        const program = `source ${files.bash}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _polecat; printf '%s\\n' "\${COMPREPLY[@]}"`;
        const r = await execa("bash", ["--norc", "-c", program], { cwd: o.root, env, extendEnv: false });
        return r.stdout.split("\n").filter((l) => l !== "").sort();
      };
      expect(await complete(`polecat --home ${home} task show `)).toEqual(["t1", "t2", "x9"]);
      expect(await complete(`polecat --home ${home} analyze t`)).toEqual(["t1", "t2"]);
      expect(await complete(`polecat task retry --home ${home} --note why x`)).toEqual(["x9"]);
      expect(await complete(`polecat --home = ${home} revert `)).toEqual(["t1", "t2", "x9"]);
      expect(await complete("polecat --home ~/home worktree status ")).toEqual(["t1", "t2", "x9"]);
      expect(await complete(`polecat --home ${home} task show t1 `)).toEqual([]);
      expect(await complete(`polecat --home ${home} task add `)).toEqual([]);
      expect(await complete(`polecat --home ${home} task show -p `)).toEqual([]);
      expect(await complete(`polecat --home ${home}/none task show `)).toEqual([]);
    });

    it("zsh offers them with their titles", async (ctx) => {
      if (!(await has("zsh"))) return ctx.skip();
      const { o, home, env } = await project();
      // compadd is replaced by a recorder, so _describe's matches are printed instead of shown in a menu.
      const program = [
        "autoload -U compinit && compinit -u -d $ZDOTDIR/zcompdump",
        `source ${files.zsh}`,
        "_describe() { local -a list; list=(${(P)${@[-1]}}); print -rl -- $list; }",
        `words=(polecat --home ${home} task show ''); CURRENT=6; PREFIX=''`,
        "_polecat",
      ].join("\n");
      const r = await execa("zsh", ["-f", "-c", program], { cwd: o.root, env: { ...env, ZDOTDIR: o.root }, extendEnv: false });
      expect(r.stdout.split("\n")).toEqual(["t1:One", "t2:Two: tabbed", "x9:Other"]);
    });

    it("fish offers them with their titles", async (ctx) => {
      if (!(await has("fish"))) return ctx.skip();
      const { o, home, env } = await project();
      const complete = async (line: string): Promise<string[]> =>
        (await execa("fish", ["--no-config", "-c", `source ${files.fish}; complete -C '${line}'`], { cwd: o.root, env, extendEnv: false })).stdout.split("\n");
      expect(await complete(`polecat --home ${home} task show `)).toEqual(["t1\tOne", "t2\tTwo: tabbed", "x9\tOther"]);
      expect(await complete(`polecat task set --home=${home} t`)).toEqual(["t1\tOne", "t2\tTwo: tabbed"]);
      expect(await complete(`polecat --home ${home} task show t1 `)).not.toContain("t2\tTwo: tabbed");
    });
  });
});
