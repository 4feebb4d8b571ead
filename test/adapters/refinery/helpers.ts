// Shared set-up for the refinery adapter tests: a real origin and mirror, task branches, the test
// validate script (fixtures/validate.mjs) and a RefineryGit over them.
import { join, resolve } from "node:path";
import { initMirror, type GitContext } from "../../../src/adapters/git/index.js";
import { createRefineryGit, type RefineryGitOptions } from "../../../src/adapters/refinery/index.js";
import type { RefineryGit } from "../../../src/core/ports/refinery.js";
import { createOrigin, polecatGit, type FileChanges, type TestOrigin } from "../../helpers/git.js";

/** The validate command every refinery test uses: fails when the tree holds a BAD* file. */
export const VALIDATE = ["node", resolve(import.meta.dirname, "fixtures/validate.mjs")];

/** An origin with a mirror already initialised for project `demo`. */
export interface RefineryRepo {
  o: TestOrigin;
  ctx: GitContext;
  project: string;
  /** Pushes branch polecat/<id> to origin: one commit with `files`, started from main (or `from`). */
  branch(id: string, files: FileChanges, from?: string): Promise<string>;
  cleanup(): Promise<void>;
}

/** Creates the origin (README and CHANGELOG on main) and the polecat mirror of it. */
export async function refineryRepo(env: Record<string, string> = {}): Promise<RefineryRepo> {
  const o = await createOrigin({ files: { "README.md": "# demo\n", "CHANGELOG.md": "one\ntwo\nthree\n" } });
  const base = polecatGit(o);
  const ctx: GitContext = { ...base, env: { ...base.env, ...env } };
  await initMirror(ctx, "demo", o.origin);
  return {
    o,
    ctx,
    project: "demo",
    branch: (id, files, from) => o.commit(files, { branch: `polecat/${id}`, message: `work on ${id}`, ...(from === undefined ? {} : { from }) }),
    cleanup: () => o.cleanup(),
  };
}

/** A RefineryGit on the repo, validating with VALIDATE unless told otherwise. */
export function refineryGit(repo: RefineryRepo, overrides: Partial<RefineryGitOptions> = {}): RefineryGit {
  return createRefineryGit({
    ctx: repo.ctx,
    project: repo.project,
    base: "main",
    validate: VALIDATE,
    validateTimeoutMs: 60_000,
    worktree: { setup: [], copy: [], copyFrom: join(repo.o.root, "checkout") },
    task: (id) => Promise.resolve({ id, title: `Task ${id}`, attempt: 1 }),
    ...overrides,
  });
}
