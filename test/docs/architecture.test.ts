import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");

/** The folders the drawing between the `folders` markers names: two spaces of indent per level, a name ending in `/`. */
function drawnFolders(markdown: string): string[] {
  const start = markdown.indexOf("<!-- folders:start -->");
  const end = markdown.indexOf("<!-- folders:end -->");
  if (start < 0 || end < start) throw new Error("no folders drawing in docs/architecture.md");
  const path: string[] = [];
  const out: string[] = [];
  for (const line of markdown.slice(start, end).split("\n")) {
    const m = /^( *)([\w.-]+)\/(\s|$)/.exec(line);
    if (m === null) continue;
    const depth = (m[1] as string).length / 2;
    path.length = depth;
    path.push(m[2] as string);
    out.push(path.join("/"));
  }
  return out.sort();
}

function realFolders(dir: string): string[] {
  const found = readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
  return [dir, ...found].sort();
}

describe("docs/architecture.md", () => {
  it("draws the folders of src/ exactly as they are", () => {
    const drawn = drawnFolders(readFileSync(join(ROOT, "docs/architecture.md"), "utf8"));
    expect(drawn).toEqual(realFolders("src"));
  });

  it("reads nesting from the indent, so a folder drawn at the wrong level is caught", () => {
    const doc = ["<!-- folders:start -->", "src/", "  cli/", "    commands/", "  core/", "<!-- folders:end -->"].join("\n");
    expect(drawnFolders(doc)).toEqual(["src", "src/cli", "src/cli/commands", "src/core"]);
    const misplaced = doc.replace("    commands/", "  commands/");
    expect(drawnFolders(misplaced)).toEqual(["src", "src/cli", "src/commands", "src/core"]);
  });
});
