// The default worktree probes against real repositories.
import { appendFile, mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitFingerprint, gitHead, gitProgress } from "../../../src/adapters/runner/git-probes.js";
import { baseEnv, git, tempDir, tempRepo } from "./helpers.js";

const env = baseEnv();

describe("gitFingerprint", () => {
  it("is stable while nothing changes and moves on every edit, commit and new file", async () => {
    const repo = await tempRepo();
    const seen = new Set<string>();
    const step = async (label: string, change: () => Promise<unknown>) => {
      await change();
      const fp = await gitFingerprint(repo, env);
      expect(seen.has(fp), label).toBe(false);
      seen.add(fp);
      expect(await gitFingerprint(repo, env), `${label} (stable)`).toBe(fp);
    };
    await step("clean", () => Promise.resolve());
    await step("edit", () => appendFile(join(repo, "README.md"), "one\n"));
    // `git status` shows " M README.md" both times: only the file's size and mtime tell the edits apart.
    await step("edit the already modified file again", () => appendFile(join(repo, "README.md"), "two\n"));
    await step("new untracked file in a new directory", async () => {
      await mkdir(join(repo, "src/deep"), { recursive: true });
      await writeFile(join(repo, "src/deep/a.ts"), "x");
    });
    await step("rename staged", async () => {
      await git(repo, "add", "-A");
      await rename(join(repo, "src/deep/a.ts"), join(repo, "src/deep/b.ts"));
      await git(repo, "add", "-A");
    });
    await step("commit", () => git(repo, "commit", "-q", "-m", "work"));
  });
});

describe("gitProgress", () => {
  it("lists commits since the start, newest first, and every changed or new path", async () => {
    const repo = await tempRepo();
    const start = await gitHead(repo, env);
    await writeFile(join(repo, "a.txt"), "a");
    await git(repo, "add", "a.txt");
    await git(repo, "commit", "-q", "-m", "add a");
    await writeFile(join(repo, "b.txt"), "b");
    await git(repo, "add", "b.txt");
    await git(repo, "commit", "-q", "-m", "add b");
    await appendFile(join(repo, "README.md"), "edited\n");
    await writeFile(join(repo, "untracked.txt"), "u");
    const p = await gitProgress(repo, env, start);
    expect(p.commits.map((c) => c.replace(/^[0-9a-f]+ /, ""))).toEqual(["add b", "add a"]);
    expect(p.files).toEqual(["README.md", "a.txt", "b.txt", "untracked.txt"]);
  });

  it("knows nothing without a start commit or outside a repository", async () => {
    const dir = await tempDir();
    expect(await gitHead(dir, env)).toBeUndefined();
    expect(await gitProgress(dir, env, undefined)).toEqual({ commits: [], files: [] });
    expect(await gitProgress(dir, env, "abc123")).toEqual({ commits: [], files: [] });
  });
});
