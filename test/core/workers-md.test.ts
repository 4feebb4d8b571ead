import { describe, expect, it } from "vitest";
import { yamlBlockOf } from "../../src/core/workers-md.js";

describe("yamlBlockOf", () => {
  it("keeps only the yaml block's lines, at their own line numbers", () => {
    const md = ["# Workers", "", "```yaml", "workers:", "  a: 1", "```", "after"].join("\n");
    const r = yamlBlockOf("W.md", md);
    expect(r).toEqual({ ok: true, value: ["", "", "", "workers:", "  a: 1", "", ""].join("\n"), warnings: [] });
  });

  it("accepts yml, tildes, longer fences and CRLF line ends", () => {
    const md = "intro\r\n~~~~yml\r\nworkers: {}\r\n~~~~\r\n";
    const r = yamlBlockOf("W.md", md);
    expect(r.ok && r.value.split("\n")[2]).toBe("workers: {}");
  });

  it("ignores other languages and yaml shown inside another fence", () => {
    const md = ["````markdown", "```yaml", "not: this", "```", "````", "```bash", "echo hi", "```", "```yaml", "workers: {}", "```"].join("\n");
    const r = yamlBlockOf("W.md", md);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.split("\n").filter((l) => l !== "")).toEqual(["workers: {}"]);
  });

  it.each([
    ["no block", "# nothing\n\n```json\n{}\n```\n", 1, "no ```yaml block found"],
    ["two blocks", "```yaml\na: 1\n```\n\n```yaml\nb: 2\n```\n", 5, "a second ```yaml block (the first is at line 1)"],
    ["unclosed block", "text\n```yaml\nworkers: {}\n", 2, "the ```yaml block is never closed"],
  ])("%s is a problem", (_name, md, line, message) => {
    const r = yamlBlockOf("W.md", md);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ file: "W.md", line, col: 1, message });
  });
});
