// Parses YAML while keeping node positions, so every problem can be reported as FILE:LINE:COL.
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import type { Problem, Result } from "./result.js";
import { fastYaml } from "./yaml-fast.js";

/** One step of a path into a document: a mapping key or a list index. */
export type Segment = string | number;

/** A line and column, both 1-based, as editors count them. */
export interface Position {
  line: number;
  col: number;
}

/** A parsed YAML document that can say where any of its nodes sits in the file. */
export interface YamlSource {
  file: string;
  /** The document as plain data (mappings become objects). */
  data: unknown;
  /** Position of the node at `path` (its key when `on` is "key"); the nearest existing ancestor when absent. */
  at(path: readonly Segment[], on?: "key" | "value"): Position;
}

/** Options for a problem found at a node. */
export interface ProblemOptions {
  hint?: string | undefined;
  /** Point at the key rather than the value (unknown keys, names of map entries). */
  on?: "key" | "value";
}

/**
 * Parses YAML text; syntax errors (every one of them) come back as problems. Valid documents are read by the
 * fast loader, and the position-keeping parse runs only if something asks where a node is.
 */
export function parseYaml(file: string, text: string): Result<YamlSource> {
  const fast = fastYaml(text);
  if (fast === undefined) return parseKeepingPositions(file, text);
  let locate: YamlSource["at"] | undefined;
  const at: YamlSource["at"] = (path, on) => {
    locate ??= locator(text);
    return locate(path, on);
  };
  return { ok: true, value: { file, data: fast.data, at }, warnings: [] };
}

/** Where nodes of a document the fast loader accepted sit; 1:1 in the rare document only js-yaml accepts. */
function locator(text: string): YamlSource["at"] {
  const parsed = parseKeepingPositions("", text);
  if (parsed.ok) {
    const src = parsed.value;
    return (path, on) => src.at(path, on);
  }
  return () => ({ line: 1, col: 1 });
}

function parseKeepingPositions(file: string, text: string): Result<YamlSource> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    const errors = doc.errors.map((e): Problem => {
      const pos = e.linePos?.[0] ?? { line: 1, col: 1 };
      const first = e.message.split("\n")[0] ?? e.message;
      return {
        file,
        line: pos.line,
        col: pos.col,
        path: "",
        message: `invalid YAML: ${first.replace(/ at line \d+, column \d+:?$/, "")}`,
        hint: SYNTAX_HINTS[e.code],
      };
    });
    return { ok: false, errors };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    // The yaml library throws here only for documents it parsed but cannot expand (alias bombs).
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, errors: [{ file, line: 1, col: 1, path: "", message: `invalid YAML: ${message}` }] };
  }
  const at = (path: readonly Segment[], on: "key" | "value" = "value"): Position =>
    lineCounter.linePos(offsetOf(doc, path, on));
  return { ok: true, value: { file, data, at }, warnings: [] };
}

const SYNTAX_HINTS: Partial<Record<string, string>> = {
  TAB_AS_INDENT: "indent with spaces; YAML does not allow tabs",
  BAD_INDENT: "check the indentation of this line and the ones above it",
  DUPLICATE_KEY: "each key may appear once in a mapping",
  MISSING_CHAR: "a quote or bracket is probably not closed",
};

/** Character offset of the node at `path`, walking as far as the document goes. */
function offsetOf(doc: Document, path: readonly Segment[], on: "key" | "value"): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const [i, seg] of path.entries()) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      const keyStart = rangeStart(pair.key);
      const valueStart = isEmptyScalar(pair.value) ? undefined : rangeStart(pair.value);
      if (i === path.length - 1 && on === "key") return keyStart ?? offset;
      offset = valueStart ?? keyStart ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === "number") {
      const item: unknown = node.items[seg];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  return node !== null && typeof node === "object" && "range" in node ? (node as Node).range?.[0] : undefined;
}

/** `key:` with nothing after it: point at the key instead of at an empty spot. */
function isEmptyScalar(node: unknown): boolean {
  return isScalar(node) && node.value === null && node.range?.[0] === node.range?.[1];
}

/** The JSON pointer for a path (`/tasks/3/depends_on/0`), escaped per RFC 6901. */
export function pointer(path: readonly Segment[]): string {
  return path.map((s) => `/${String(s).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}

/** The path a JSON pointer names; numeric steps become indices. */
export function parsePointer(ptr: string): Segment[] {
  if (ptr === "") return [];
  return ptr
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

/** A problem located at the node `path` points to. */
export function problemAt(src: YamlSource, path: readonly Segment[], message: string, opts: ProblemOptions = {}): Problem {
  const { line, col } = src.at(path, opts.on);
  const p: Problem = { file: src.file, line, col, path: pointer(path), message };
  if (opts.hint !== undefined) p.hint = opts.hint;
  return p;
}

/** Problems sorted the way a reader meets them in the file. */
export function byPosition(problems: readonly Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.col - b.col);
}
