import { describe, expect, it } from "vitest";
import { classifyRejection, parsePushPorcelain, parseStatusV2, parseWorktreeList } from "../../../src/adapters/git/parse.js";

const sha = "a".repeat(40);
const z = (...fields: string[]): string => fields.map((f) => `${f}\0`).join("");

describe("parseWorktreeList", () => {
  it.each([
    { name: "empty output", out: "", want: [] },
    { name: "bare mirror only", out: z("worktree /m.git", "bare", ""), want: [{ path: "/m.git", bare: true, detached: false }] },
    {
      name: "branch, detached, locked and prunable",
      out: z("worktree /m.git", "bare", "", `worktree /w/a b`, `HEAD ${sha}`, "branch refs/heads/polecat/a", "", "worktree /w/r", `HEAD ${sha}`, "detached", "locked", "prunable gitdir file points to non-existent location", ""),
      want: [
        { path: "/m.git", bare: true, detached: false },
        { path: "/w/a b", head: sha, branch: "refs/heads/polecat/a", bare: false, detached: false },
        { path: "/w/r", head: sha, bare: false, detached: true },
      ],
    },
    { name: "no trailing record end", out: `worktree /w/a\0HEAD ${sha}`, want: [{ path: "/w/a", head: sha, bare: false, detached: false }] },
  ])("$name", ({ out, want }) => {
    expect(parseWorktreeList(out)).toEqual(want);
  });
});

describe("parseStatusV2", () => {
  it.each([
    { name: "clean, on a branch", out: z(`# branch.oid ${sha}`, "# branch.head polecat/t1"), want: { head: sha, branch: "polecat/t1", files: [] } },
    { name: "unborn and detached", out: z("# branch.oid (initial)", "# branch.head (detached)"), want: { files: [] } },
    {
      name: "every entry kind, paths with spaces, ignored skipped",
      out: z(
        `# branch.oid ${sha}`,
        "# branch.head main",
        "# branch.ab +1 -2",
        `1 .M N... 100644 100644 100644 ${sha} ${sha} src/a file.ts`,
        `2 R. N... 100644 100644 100644 ${sha} ${sha} R100 new name.txt`,
        "old name.txt",
        `u UU N... 100644 100644 100644 100644 ${sha} ${sha} ${sha} both.txt`,
        "? untracked dir/",
        "! node_modules/",
      ),
      want: { head: sha, branch: "main", files: ["src/a file.ts", "new name.txt", "old name.txt", "both.txt", "untracked dir/"] },
    },
  ])("$name", ({ out, want }) => {
    expect(parseStatusV2(out)).toEqual(want);
  });
});

describe("parsePushPorcelain and classifyRejection", () => {
  it("reads the ref lines and skips the rest", () => {
    const out = ["To /tmp/origin.git", "*\tHEAD:refs/heads/polecat/t1\t[new branch]", "!\tabc:refs/heads/main\t[rejected] (fetch first)", "Done"].join("\n");
    expect(parsePushPorcelain(out)).toEqual([
      { flag: "*", from: "HEAD", to: "refs/heads/polecat/t1", summary: "[new branch]" },
      { flag: "!", from: "abc", to: "refs/heads/main", summary: "[rejected] (fetch first)" },
    ]);
  });

  it.each([
    { summary: "[rejected] (non-fast-forward)", want: "non-fast-forward" },
    { summary: "[rejected] (fetch first)", want: "non-fast-forward" },
    { summary: "[rejected] (stale info)", want: "stale" },
    { summary: "[remote rejected] (pre-receive hook declined)", want: "remote-rejected" },
    { summary: "[remote failure]", want: "remote-rejected" },
  ])("$summary is $want", ({ summary, want }) => {
    expect(classifyRejection(summary)).toBe(want);
  });
});
