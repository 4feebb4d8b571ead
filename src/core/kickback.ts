// Why a task's work came back, as data: stored on the kickback note, rendered for people (analyze,
// summary) and for the retried agent (the "Why this came back" prompt section and POLECAT_KICKBACK_FILE).
import type { OutputDigest } from "./test-output.js";

/** The four ways work comes back to its worker. */
export type KickbackKind = "validation" | "review" | "conflict" | "failure";

/** One kickback (or failed attempt) with its evidence, bounded so it can live in the task record. */
export interface Kickback {
  kind: KickbackKind;
  /** The attempt whose work came back (0 when unknown). */
  attempt: number;
  /** Who found it: the refinery (merge queue, review) or the worker itself (its rebase in finish, its agent). */
  found_by: "refinery" | "worker";
  /** One line for lists. */
  summary: string;
  /** The reviewer's notes, verbatim. */
  notes?: string;
  /** Files in conflict. */
  files?: string[];
  /** What the change conflicts with: the base branch, its commit and tasks merged onto it first. */
  base?: { branch: string; commit?: string; after?: string[] };
  /** The validation output, cut to its failing tests plus head and tail. */
  validation?: OutputDigest;
  /** Why an attempt failed (agent exit, timeout, setup), in words. */
  reason?: string;
}

/** Where a retried attempt starts, as the worker set it up: said in the prompt so the agent knows what it has. */
export interface RetryStart {
  /** `fresh`: a new worktree on the fresh base; `previous`: the previous attempt rebased onto it. */
  from: "fresh" | "previous";
  base: string;
  baseCommit: string;
  /** The previous attempt's work, kept under this branch name (visible in this worktree's repository). */
  previousBranch?: string;
  /** `retry_from: previous` was asked for but the rebase conflicted in these files, so the start is fresh. */
  rebaseConflict?: string[];
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The one-line summary of a validation kickback: the failing tests by name, or the last output line. */
export function validationSummary(d: OutputDigest): string {
  const n = d.failing.length + d.more_failing;
  if (n > 0) {
    const names = d.failing.slice(0, 3).map((t) => t.name).join("; ");
    return `validation failed: ${plural(n, "failing test")} (${names}${n > 3 ? "; …" : ""})`;
  }
  const last = (d.tail || d.head).split("\n").filter((l) => l.trim() !== "").at(-1)?.trim();
  return last === undefined ? "validation failed" : `validation failed: ${last}`;
}

function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = "`".repeat(longest + 1);
  return `${ticks}\n${text}\n${ticks}`;
}

function baseWords(k: Kickback): string {
  if (k.base === undefined) return "the base branch";
  const at = k.base.commit === undefined ? "" : ` at ${k.base.commit.slice(0, 12)}`;
  const after = k.base.after !== undefined && k.base.after.length > 0 ? ` with ${k.base.after.join(", ")} merged onto it first` : "";
  return `origin/${k.base.branch}${at}${after}`;
}

/** The kickback in full as markdown-ish text: what `analyze` shows and the body of the prompt section. */
export function renderKickback(k: Kickback): string {
  const who = k.found_by === "refinery" ? "the refinery" : "the worker";
  const attempt = k.attempt > 0 ? `Attempt ${k.attempt}` : "The previous attempt";
  const parts: string[] = [];
  switch (k.kind) {
    case "validation":
      parts.push(`${attempt} came back: **validation** failed (found by ${who}).`);
      break;
    case "review":
      parts.push(`${attempt} came back: the engineer **review** requested changes. The reviewer's notes, verbatim:`, fence(k.notes ?? ""));
      break;
    case "conflict":
      parts.push(
        `${attempt} came back: a **conflict** with ${baseWords(k)} (found by ${who}). Conflicting files:`,
        (k.files ?? []).map((f) => `- ${f}`).join("\n") || "- (not reported)",
      );
      break;
    case "failure":
      parts.push(`${attempt} **failed**: ${k.reason ?? k.summary}`);
      break;
  }
  if (k.kind !== "failure" && k.reason !== undefined) parts.push(k.reason);
  const d = k.validation;
  if (d !== undefined) {
    const n = d.failing.length + d.more_failing;
    if (n > 0) {
      parts.push(`Failing tests (${n}):`);
      for (const t of d.failing) parts.push(t.excerpt === "" ? `- ${t.name}` : `- ${t.name}\n${fence(t.excerpt)}`);
      if (d.more_failing > 0) parts.push(`… and ${plural(d.more_failing, "more failing test")}.`);
    }
    const omitted = d.omitted_lines > 0 ? `\n… (${plural(d.omitted_lines, "line")} left out) …\n` : "";
    parts.push(`Validation output (${d.omitted_lines > 0 ? "head and tail" : "whole"}):`, fence(`${d.head}${omitted}${d.tail}`.trimEnd()));
  }
  return parts.join("\n\n");
}

/** The prompt section a retried agent gets: the kickback, then where this attempt starts and what it keeps. */
export function kickbackSection(k: Kickback, start: RetryStart | undefined): string {
  const parts = ["## Why this came back", renderKickback(k)];
  if (start !== undefined) {
    const base = `origin/${start.base} (${start.baseCommit.slice(0, 12)})`;
    if (start.from === "previous" && start.previousBranch !== undefined) {
      parts.push(`This worktree holds the previous attempt's work rebased onto a fresh ${base}; it is also kept as branch \`${start.previousBranch}\`. Fix it rather than starting over.`);
    } else {
      const conflict = start.rebaseConflict === undefined ? "" : ` (rebasing the previous attempt onto it conflicted in ${start.rebaseConflict.join(", ")})`;
      parts.push(`This worktree starts from a fresh ${base}${conflict}.`);
      if (start.previousBranch !== undefined) {
        parts.push(
          `The previous attempt's work is kept on branch \`${start.previousBranch}\`: see it with \`git log -p origin/${start.base}..${start.previousBranch}\` ` +
            `(or \`git diff origin/${start.base}...${start.previousBranch}\`) and reuse what still holds, e.g. with \`git cherry-pick\`.`,
        );
      }
    }
  }
  parts.push("Address every point above before you finish.");
  return parts.join("\n\n");
}
