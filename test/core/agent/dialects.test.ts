import { describe, expect, it } from "vitest";
import { guessDialect, missingFlags, resumeCommand, withDialect } from "../../../src/core/agent/dialects.js";

describe("dialect argv", () => {
  it("adds the JSON-output flags a command lacks, after the program or codex's exec", () => {
    expect(withDialect("claude", ["claude", "-p", "{prompt}"])).toEqual(["claude", "--output-format", "stream-json", "--verbose", "-p", "{prompt}"]);
    expect(withDialect("codex", ["codex", "exec", "{prompt}"])).toEqual(["codex", "exec", "--json", "{prompt}"]);
    expect(withDialect("gemini", ["gemini", "-o", "json", "-p", "{prompt}"])).toEqual(["gemini", "-o", "json", "-p", "{prompt}"]);
    expect(withDialect("generic", ["node", "a.mjs"])).toEqual(["node", "a.mjs"]);
    expect(missingFlags("claude", ["claude", "--output-format=stream-json", "--verbose"])).toEqual([]);
  });

  it("resumes claude with --resume and codex with exec resume before the prompt", () => {
    expect(resumeCommand("claude", ["claude", "-p", "{prompt}"], "s1")).toEqual(["claude", "--resume", "s1", "-p", "{prompt}"]);
    expect(resumeCommand("codex", ["codex", "exec", "--json", "{prompt}"], "t1")).toEqual(["codex", "exec", "--json", "resume", "t1", "{prompt}"]);
    expect(resumeCommand("generic", ["x"], "s")).toBeUndefined();
  });

  it("guesses the dialect from the program name", () => {
    expect(guessDialect(["/usr/local/bin/claude"])).toBe("claude");
    expect(guessDialect(["npx", "codex"])).toBe("generic");
  });
});
