// WORKERS.md is prose for people plus exactly one fenced yaml block for polecat; this finds that block.
import type { Problem, Result } from "./result.js";

interface Fence {
  /** 0-based line of the opening fence. */
  start: number;
  /** 0-based line of the closing fence; undefined when the block never closes. */
  end: number | undefined;
  isYaml: boolean;
}

const OPEN = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)/;

function fencesOf(lines: readonly string[]): Fence[] {
  const fences: Fence[] = [];
  let open: { marker: string; fence: Fence } | undefined;
  lines.forEach((line, i) => {
    if (open === undefined) {
      const m = OPEN.exec(line);
      if (m) {
        const info = (m[2] ?? "").toLowerCase();
        open = { marker: m[1] ?? "```", fence: { start: i, end: undefined, isYaml: info === "yaml" || info === "yml" } };
        fences.push(open.fence);
      }
      return;
    }
    const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line)?.[1];
    if (close !== undefined && close[0] === open.marker[0] && close.length >= open.marker.length) {
      open.fence.end = i;
      open = undefined;
    }
  });
  return fences;
}

/**
 * The registry's YAML from a Markdown file: the text of its one ```yaml block with every other line
 * blanked, so YAML positions are already the Markdown file's lines and columns.
 */
export function yamlBlockOf(file: string, markdown: string): Result<string> {
  const lines = markdown.split(/\r?\n/);
  const blocks = fencesOf(lines).filter((f) => f.isYaml);
  const at = (line: number, message: string, hint?: string): Problem => {
    const p: Problem = { file, line: line + 1, col: 1, path: "", message };
    if (hint !== undefined) p.hint = hint;
    return p;
  };
  const [first, second] = blocks;
  if (first === undefined) {
    return {
      ok: false,
      errors: [at(0, "no ```yaml block found", "a worker registry is Markdown with exactly one fenced ```yaml block holding `workers:`")],
    };
  }
  if (second !== undefined) {
    const extra = blocks.slice(1).map((b) =>
      at(b.start, `a second \`\`\`yaml block (the first is at line ${first.start + 1})`, "a worker registry has exactly one ```yaml block; merge them or mark prose examples as another language"),
    );
    return { ok: false, errors: extra };
  }
  if (first.end === undefined) {
    return { ok: false, errors: [at(first.start, "the ```yaml block is never closed", "end it with a line of ```")] };
  }
  const { start, end } = first;
  const masked = lines.map((line, i) => (i > start && i < end ? line : "")).join("\n");
  return { ok: true, value: masked, warnings: [] };
}
