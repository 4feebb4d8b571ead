// Small files with one concern each: no hand-written source file in src/ grows past 250 lines. The
// validators under src/core/validators/ are generated from schemas/ and are not read by people.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(import.meta.dirname, "../src");
const LIMIT = 250;
const GENERATED = /^core\/validators\//;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** Lines of a file as `wc -l` counts them (a last line without a newline still counts). */
function lineCount(text: string): number {
  return text.length === 0 ? 0 : text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

describe("source files", () => {
  const files = sourceFiles(SRC)
    .map((f) => relative(SRC, f).split("\\").join("/"))
    .filter((f) => !GENERATED.test(f));

  it("are all found", () => {
    expect(files).toContain("cli/main.ts");
    expect(files.length).toBeGreaterThan(100);
  });

  it(`stay under ${LIMIT} lines each`, () => {
    const over = files
      .map((f) => ({ file: f, lines: lineCount(readFileSync(join(SRC, f), "utf8")) }))
      .filter((f) => f.lines > LIMIT)
      .map((f) => `src/${f.file}: ${f.lines} lines`);
    expect(over).toEqual([]);
  });

  it("are counted as wc -l counts them", () => {
    expect([lineCount(""), lineCount("a\n"), lineCount("a\nb"), lineCount("a\nb\n")]).toEqual([0, 1, 2, 2]);
  });
});
