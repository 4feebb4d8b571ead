// `polecat demo`: polecat end to end on a scratch project with scripted agents, so a newcomer sees it work
// without an AI agent: init, plan, apply, a swarm with the refinery merging behind it, summary, report.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { absPath, type RegisterCommand } from "../context.js";
import { checkExpectations, parseExpectations } from "../demo/expect.js";
import { heading, printLocations, printPlan, printVerdicts, step } from "../demo/print.js";
import { rounds, type Polecat } from "../demo/rounds.js";
import { DEMO_SOURCE, demoEnv, prepareScratch, removeRepositories, scratchDir, scratchPaths, scratchTasks } from "../demo/scratch.js";
import { println } from "../world.js";
import { ExitCode } from "../../core/errors.js";

/** Registers `polecat demo`. */
export const registerDemo: RegisterCommand = (program, world, run) => {
  program
    .command("demo")
    .description("run polecat end to end on a scratch project with scripted agents (no AI agent needed) and check every task's end state")
    .option("--keep", "also keep the scratch repositories and worktrees (default: only the spec, store, logs and report stay)")
    .option("--dir <dir>", "scratch directory, new or empty (default: a new one under the OS temp dir)")
    .action(async (opts: { keep?: boolean; dir?: string }) => {
      const started = world.now();
      const expected = parseExpectations(await readFile(join(DEMO_SOURCE, "expected.json"), "utf8"));
      const s = scratchPaths(await scratchDir(opts.dir === undefined ? undefined : absPath(world, opts.dir)));
      const env = demoEnv(world.env);
      printPlan(world, s, expected.size);
      await prepareScratch(s, env);
      const polecat: Polecat = (args, w = world) => run(["--spec", s.spec, "--home", s.home, ...args], { ...w, cwd: s.dir, env });
      for (const args of [["init"], ["plan"], ["apply"]]) step(world, s, args, await polecat(args));
      await rounds(world, s, polecat, env);
      heading(world, "summary");
      step(world, s, ["summary"], await polecat(["summary"]));
      step(world, s, ["report"], await polecat(["report", "--html", s.report]));

      const verdicts = checkExpectations(expected, await scratchTasks(s, env));
      const ok = verdicts.every((v) => v.ok);
      printVerdicts(world, verdicts);
      const keep = opts.keep === true || !ok;
      if (!keep) await removeRepositories(s);
      printLocations(world, s, keep);
      const seconds = ((world.now() - started) / 1000).toFixed(1);
      println(world.stdout, ok ? `demo: every task ended as expected, in ${seconds} s` : `demo: some tasks did not end as expected (${seconds} s)`);
      if (!ok) throw new ExitCode(1);
    });
};
