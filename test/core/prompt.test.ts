import { describe, expect, it } from "vitest";
import { isPolecatError } from "../../src/core/errors.js";
import { buildPrompt, fillCommand, unknownPlaceholders, type PlaceholderValues } from "../../src/core/prompt.js";
import type { TaskSpec } from "../../src/core/spec.js";

const values: PlaceholderValues = {
  prompt: "the whole prompt\nwith lines",
  prompt_file: "/home/p/prompts/t1.md",
  "task.id": "t1",
  "task.title": "Fix it; $(touch pwned)",
  worktree: "/w/t 1",
  branch: "polecat/t1",
  stage: "implement",
  registry_dir: "/repo",
  polecat_dir: "/opt/polecat",
};

const task: TaskSpec = {
  id: "t1",
  title: "Add login\nform",
  description: "Build the form.\n\n```polecat-script\nwrite a.txt x\n```",
  depends_on: [],
  tags: [],
  files: ["src/login.ts"],
  priority: 0,
  needs: [],
  pipeline: ["implement", "test"],
  acceptance: ["a user can log in", "tests pass"],
};

describe("fillCommand", () => {
  it("fills each placeholder inside its own argv element", () => {
    const argv = fillCommand(
      ["agent", "-p", "{prompt}", "--file={prompt_file}", "{task.id}: {task.title}", "{worktree}", "{branch}", "{stage}", "{registry_dir}/x", "{polecat_dir}/agents/a.mjs"],
      values,
    );
    expect(argv).toEqual([
      "agent",
      "-p",
      "the whole prompt\nwith lines",
      "--file=/home/p/prompts/t1.md",
      "t1: Fix it; $(touch pwned)",
      "/w/t 1",
      "polecat/t1",
      "implement",
      "/repo/x",
      "/opt/polecat/agents/a.mjs",
    ]);
  });

  it("never rescans a filled value for placeholders", () => {
    expect(fillCommand(["{task.title}"], { ...values, "task.title": "{task.id} {prompt}" })).toEqual(["{task.id} {prompt}"]);
  });

  it("leaves braces that are not placeholders alone", () => {
    expect(fillCommand(['{"a":1}', "{}", "{ x }"], values)).toEqual(['{"a":1}', "{}", "{ x }"]);
  });

  it.each([
    [["{promt}"], ["promt"]],
    [["--x={task.name}"], ["task.name"]],
    [["{PROMPT}"], ["PROMPT"]],
    [["{HOME}", "{task.body}"], ["HOME", "task.body"]],
  ])("rejects unknown placeholders in %j", (command, unknown) => {
    expect(unknownPlaceholders(command)).toEqual(unknown);
    let thrown: unknown;
    try {
      fillCommand(command, values);
    } catch (e) {
      thrown = e;
    }
    expect(isPolecatError(thrown, "E_CONFIG")).toBe(true);
    for (const name of unknown) expect((thrown as Error).message).toContain(`{${name}}`);
  });
});

describe("buildPrompt", () => {
  it("states the task, its stage in the pipeline, files and acceptance", () => {
    const text = buildPrompt({ task, stage: "test" });
    expect(text).toContain("# Task t1: Add login form\n");
    expect(text).toContain("Pipeline stage: test (2 of 2: implement → test)");
    expect(text).toContain("commit it on this branch");
    expect(text).toContain("## Description\n\nBuild the form.\n\n```polecat-script\nwrite a.txt x\n```");
    expect(text).toContain("- src/login.ts");
    expect(text).toContain("## Acceptance criteria\n\n- a user can log in\n- tests pass");
    expect(text).not.toContain("Restart");
  });

  it("puts the restart summary after the description", () => {
    const text = buildPrompt({ task, stage: "implement", restart: { count: 2, summary: "Why it was restarted: stalled" } });
    expect(text).toContain("## Restart 2");
    expect(text.indexOf("## Restart 2")).toBeGreaterThan(text.indexOf("## Description"));
    expect(text).toContain("Why it was restarted: stalled");
  });

  it("uses the caller's instructions and tolerates an empty description and a one-stage pipeline", () => {
    const text = buildPrompt({
      task: { ...task, description: "  ", pipeline: ["implement"], files: [], acceptance: [] },
      stage: "review",
      instructions: "Review the change and answer in $POLECAT_REVIEW_FILE.",
    });
    expect(text).toContain("Pipeline stage: review\n");
    expect(text).toContain("Review the change and answer");
    expect(text).not.toContain("commit it on this branch");
    expect(text).toContain("(no description)");
    expect(text).not.toContain("## Files");
    expect(text).not.toContain("## Acceptance");
  });
});
