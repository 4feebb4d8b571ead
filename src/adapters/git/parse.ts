// Parsers for git's machine-readable output formats (porcelain, -z); pure, so they are tested on tables.

/** One worktree as `git worktree list --porcelain -z` reports it. */
export interface WorktreeRecord {
  path: string;
  head?: string;
  /** Full ref name (`refs/heads/...`) when a branch is checked out. */
  branch?: string;
  bare: boolean;
  detached: boolean;
}

/** Parses `git worktree list --porcelain -z`: attributes end in NUL, records end in an empty attribute. */
export function parseWorktreeList(out: string): WorktreeRecord[] {
  const records: WorktreeRecord[] = [];
  let cur: WorktreeRecord | undefined;
  for (const field of out.split("\0")) {
    if (field === "") {
      if (cur) records.push(cur);
      cur = undefined;
      continue;
    }
    const sp = field.indexOf(" ");
    const key = sp < 0 ? field : field.slice(0, sp);
    const value = sp < 0 ? "" : field.slice(sp + 1);
    if (key === "worktree") cur = { path: value, bare: false, detached: false };
    else if (!cur) continue;
    else if (key === "HEAD") cur.head = value;
    else if (key === "branch") cur.branch = value;
    else if (key === "bare") cur.bare = true;
    else if (key === "detached") cur.detached = true;
  }
  if (cur) records.push(cur);
  return records;
}

/** HEAD, branch and changed paths from `git status --porcelain=v2 --branch -z`. */
export interface StatusSummary {
  /** Undefined on an unborn branch. */
  head?: string;
  /** Short branch name; undefined when HEAD is detached. */
  branch?: string;
  /** Every path with a staged, unstaged, conflicted or untracked change (both sides of a rename). */
  files: string[];
}

// Space-separated fields before the path, per porcelain v2 entry type (ignored `!` entries are left out).
const PATH_AFTER: Record<string, number> = { "1": 8, "2": 9, u: 10, "?": 1 };

/** Parses `git status --porcelain=v2 --branch -z`. */
export function parseStatusV2(out: string): StatusSummary {
  const summary: StatusSummary = { files: [] };
  const fields = out.split("\0");
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i] ?? "";
    if (f.startsWith("# branch.oid ")) {
      const oid = f.slice("# branch.oid ".length);
      if (oid !== "(initial)") summary.head = oid;
    } else if (f.startsWith("# branch.head ")) {
      const name = f.slice("# branch.head ".length);
      if (name !== "(detached)") summary.branch = name;
    } else {
      const skip = PATH_AFTER[f.slice(0, f.indexOf(" "))];
      if (skip === undefined) continue;
      summary.files.push(f.split(" ").slice(skip).join(" "));
      // A rename or copy is followed by its original path as the next field.
      if (f.startsWith("2 ")) summary.files.push(fields[++i] ?? "");
    }
  }
  return summary;
}

/** One ref line of `git push --porcelain`. */
export interface PushRefLine {
  /** ` ` fast-forward, `+` forced, `-` deleted, `*` new, `!` rejected, `=` up to date. */
  flag: string;
  from: string;
  to: string;
  /** e.g. `[rejected] (non-fast-forward)`, `[new branch]`, `abc..def`. */
  summary: string;
}

/** Parses the ref lines of `git push --porcelain` (the `To` and `Done` lines are skipped). */
export function parsePushPorcelain(out: string): PushRefLine[] {
  const lines: PushRefLine[] = [];
  for (const line of out.split("\n")) {
    const parts = line.split("\t");
    if (parts.length !== 3) continue;
    const [flag = "", refs = "", summary = ""] = parts;
    const colon = refs.lastIndexOf(":");
    lines.push({ flag, from: refs.slice(0, colon), to: refs.slice(colon + 1), summary });
  }
  return lines;
}

/** Why a push was refused, in the categories callers act on. */
export type PushRejection = "non-fast-forward" | "stale" | "remote-rejected";

/** Classifies a rejected ref line: the remote moved (`non-fast-forward`), the lease broke, or a hook said no. */
export function classifyRejection(summary: string): PushRejection {
  if (summary.startsWith("[remote ")) return "remote-rejected";
  if (summary.includes("(stale info)")) return "stale";
  return "non-fast-forward";
}
