// `polecat new`: scaffolds a commented polecat.yaml and a workers.yaml in the current repository, ready to
// validate and plan as they are. Plan (the files and whether each exists), then write.
import { access, writeFile } from "node:fs/promises";
import { isAbsolute, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import type { Command } from "commander";
import { runGit, type GitContext } from "../../adapters/git/index.js";
import { schemaPath } from "../../adapters/install-dir.js";
import { PolecatError } from "../../core/errors.js";
import { homeLayout } from "../../core/layout.js";
import { projectIdFrom, scaffold, type ScaffoldFile } from "../../core/scaffold.js";
import { globalOptions, resolveHome, type RegisterCommand } from "../context.js";
import { println, type World } from "../world.js";

interface NewOpts {
  project?: string;
  force?: boolean;
  dryRun?: boolean;
}

/** One file of the plan: where it goes and whether it would replace an existing file. */
interface PlannedFile extends ScaffoldFile {
  absolute: string;
  exists: boolean;
}

/** Registers `polecat new`. */
export const registerNew: RegisterCommand = (program, world) => {
  program
    .command("new")
    .description("scaffold a commented polecat.yaml and workers.yaml in the current git repository (they validate and plan as they are)")
    .option("--project <id>", "project id (default: the repository's directory name)")
    .option("--force", "overwrite polecat.yaml and workers.yaml when they exist")
    .option("--dry-run", "print the files that would be written and write nothing")
    .addHelpText("after", "\nExamples:\n  $ cd my-repo && polecat new && polecat validate && polecat plan\n  $ polecat new --project shop --dry-run")
    .action(async (opts: NewOpts, cmd: Command) => {
      const json = globalOptions(cmd).json === true;
      const plan = await planScaffold(world, cmd, opts);
      const clobbered = plan.files.filter((f) => f.exists);
      if (opts.dryRun) {
        if (json) return println(world.stdout, JSON.stringify({ root: plan.root, files: plan.files.map(({ path, exists }) => ({ path, exists })) }, null, 2));
        for (const f of plan.files) println(world.stdout, `would write ${f.path}${f.exists ? (opts.force ? " (replacing it)" : " (exists: needs --force)") : ""}`);
        return;
      }
      if (clobbered.length > 0 && !opts.force) {
        throw new PolecatError("E_CONFIG", `${clobbered.map((f) => f.path).join(" and ")} already exist${clobbered.length === 1 ? "s" : ""} in ${plan.root}`, {
          details: ["pass --force to overwrite, or edit the existing files"],
        });
      }
      for (const f of plan.files) await writeFile(f.absolute, f.text);
      if (json) return println(world.stdout, JSON.stringify({ root: plan.root, files: plan.files.map((f) => f.path) }, null, 2));
      for (const f of plan.files) println(world.stdout, `wrote ${f.path}`);
      println(world.stdout, "next: polecat validate && polecat plan, then polecat init && polecat apply && polecat swarm -w scripted=2");
    });
};

/** The repository, what to write there and what is already present. */
async function planScaffold(world: World, cmd: Command, opts: NewOpts): Promise<{ root: string; files: PlannedFile[] }> {
  const git: GitContext = { layout: homeLayout(resolveHome(world, globalOptions(cmd))), env: world.env };
  const top = await runGit(git, world.cwd, ["rev-parse", "--show-toplevel"]);
  if (top.exitCode !== 0) {
    throw new PolecatError("E_CONFIG", `${world.cwd} is not inside a git repository`, { details: ["polecat new scaffolds the repository you are in: run `git init` first, or cd into one"] });
  }
  const root = top.stdout.trim();
  const origin = await runGit(git, root, ["remote", "get-url", "origin"]);
  const branch = await runGit(git, root, ["symbolic-ref", "--quiet", "--short", "HEAD"]);
  const project = opts.project ?? projectIdFrom(root.split("/").pop() ?? "");
  if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(project)) throw new PolecatError("E_USAGE", `--project ${project}: use lowercase letters, digits, ".", "_", "-" (at most 64)`);
  const files = scaffold({
    project,
    repo: origin.exitCode === 0 && origin.stdout.trim() !== "" ? origin.stdout.trim() : ".",
    base: branch.exitCode === 0 && branch.stdout.trim() !== "" ? branch.stdout.trim() : "main",
    specSchema: schemaRef(root, schemaPath("swarm-spec")),
    workersSchema: schemaRef(root, schemaPath("workers")),
  });
  const planned = await Promise.all(files.map(async (f) => ({ ...f, absolute: join(root, f.path), exists: await exists(join(root, f.path)) })));
  return { root, files: planned };
}

/** The schema as the modeline names it: a relative path when polecat is installed inside the repository, else a file URL. */
function schemaRef(root: string, schema: string): string {
  const rel = relative(root, schema);
  return rel.startsWith("..") || isAbsolute(rel) ? pathToFileURL(schema).href : rel;
}

function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
