// What an agent is told, and how a worker type's argv is filled: pure text, so no shell is ever involved.
import { PolecatError } from "./errors.js";
import type { TaskSpec } from "./spec.js";

/** The placeholders a worker type's `command` may use (WORKERS.md documents them). */
export const PLACEHOLDERS = [
  "prompt",
  "prompt_file",
  "task.id",
  "task.title",
  "worktree",
  "branch",
  "stage",
  "registry_dir",
  "polecat_dir",
] as const;

/** One placeholder name. */
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** A value for every placeholder, so a filled command never keeps a `{...}` by accident. */
export type PlaceholderValues = Record<Placeholder, string>;

// `{name}` or `{a.b}` in any case (so a mistyped `{PROMPT}` is reported); braces around anything else, like JSON, stay literal.
const PLACEHOLDER = /\{([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*)\}/gi;

function isPlaceholder(name: string): name is Placeholder {
  return (PLACEHOLDERS as readonly string[]).includes(name);
}

/** Placeholder-looking names polecat does not know, so the registry loader can reject a command up front. */
export function unknownPlaceholders(command: readonly string[]): string[] {
  const unknown = new Set<string>();
  for (const arg of command) {
    for (const m of arg.matchAll(PLACEHOLDER)) {
      const name = m[1] ?? "";
      if (!isPlaceholder(name)) unknown.add(name);
    }
  }
  return [...unknown];
}

/**
 * Fills placeholders inside each argv element in one pass: a value never splits an element, is never
 * rescanned for placeholders and never meets a shell. An unknown placeholder is a configuration error.
 */
export function fillCommand(command: readonly string[], values: PlaceholderValues): string[] {
  const unknown = unknownPlaceholders(command);
  if (unknown.length > 0) {
    throw new PolecatError("E_CONFIG", `unknown placeholder ${unknown.map((n) => `{${n}}`).join(", ")} in worker command`, {
      details: [`known placeholders: ${PLACEHOLDERS.map((n) => `{${n}}`).join(" ")}`],
    });
  }
  return command.map((arg) => arg.replace(PLACEHOLDER, (_m, name: string) => values[name as Placeholder]));
}

/** What a prompt is built from besides the task itself. */
export interface PromptInput {
  task: TaskSpec;
  /** The pipeline stage this run performs. */
  stage: string;
  /** Replaces the default "work here and commit" paragraph (a review stage asks for a verdict instead). */
  instructions?: string;
  /** Present on a restart: which restart this is and the compressed summary of what happened before. */
  restart?: { count: number; summary: string };
}

// The default working agreement every coding agent gets.
const DEFAULT_INSTRUCTIONS =
  "Work in the current directory: a git worktree checked out on this task's branch. " +
  "Make the change the task asks for and commit it on this branch. Do not push and do not switch branches.";

function stageLine(task: TaskSpec, stage: string): string {
  const i = task.pipeline.indexOf(stage);
  if (i < 0 || task.pipeline.length < 2) return `Pipeline stage: ${stage}`;
  return `Pipeline stage: ${stage} (${i + 1} of ${task.pipeline.length}: ${task.pipeline.join(" → ")})`;
}

function bullets(items: readonly string[]): string {
  return items.map((s) => `- ${s}`).join("\n");
}

/** Builds the prompt text an agent gets (in the prompt file and as `{prompt}`); the description stays verbatim. */
export function buildPrompt(input: PromptInput): string {
  const { task, stage } = input;
  const title = task.title.replace(/\s*[\r\n]+\s*/g, " ");
  const parts = [`# Task ${task.id}: ${title}`, stageLine(task, stage), input.instructions ?? DEFAULT_INSTRUCTIONS];
  parts.push(`## Description\n\n${task.description.trim() === "" ? "(no description)" : task.description.trim()}`);
  if (task.files.length > 0) parts.push(`## Files you are expected to touch\n\n${bullets(task.files)}`);
  if (task.acceptance.length > 0) parts.push(`## Acceptance criteria\n\n${bullets(task.acceptance)}`);
  if (input.restart) {
    parts.push(
      `## Restart ${input.restart.count}\n\n` +
        "An earlier run on this task was stopped and you are continuing from the state it left in this worktree. " +
        `What it did:\n\n${input.restart.summary}`,
    );
  }
  return `${parts.join("\n\n")}\n`;
}
