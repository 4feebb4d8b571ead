// A test run's output cut to what a person or an agent needs: every failing test by name with a short
// excerpt, plus the head and tail of the output. Recognises TAP (node:test, tap, ava --tap), node's spec
// reporter, vitest, jest and mocha; anything else keeps only head and tail.

/** One failing test: its name (suites joined by ` > `) and the lines that explain the failure. */
export interface FailingTest {
  name: string;
  excerpt: string;
}

/** The output format the failures were read from. */
export type OutputFormat = "tap" | "node-spec" | "vitest" | "jest" | "mocha" | "unknown";

/** A bounded digest of a test run's output. */
export interface OutputDigest {
  format: OutputFormat;
  /** Every failing test found, in output order (names beyond MAX_NAMES are counted in `more_failing`). */
  failing: FailingTest[];
  more_failing: number;
  /** The first and last lines of the output, with the number of lines left out between them. */
  head: string;
  tail: string;
  omitted_lines: number;
}

/** Bounds of a digest, so a stored kickback never grows with the size of the test suite. */
export const DIGEST_LIMITS = {
  names: 200,
  excerpts: 20,
  excerptLines: 14,
  excerptChars: 1_200,
  headLines: 15,
  tailLines: 40,
  lineChars: 300,
} as const;

// eslint-disable-next-line no-control-regex -- terminal escape sequences are exactly what is removed here
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

interface Anchor {
  line: number;
  name: string;
  /** Last line (exclusive) of this failure's own lines. */
  end?: number;
}

function clip(line: string): string {
  return line.length > DIGEST_LIMITS.lineChars ? `${line.slice(0, DIGEST_LIMITS.lineChars)}…` : line;
}

// TAP: `not ok N - name`, the YAML block under it, nesting from `# Subtest:` indentation. A suite that
// failed only because a subtest did (`failureType: 'subtestsFailed'`) is not a failing test of its own.
function tapAnchors(lines: readonly string[]): Anchor[] {
  const out: Anchor[] = [];
  const stack: { indent: number; name: string }[] = [];
  lines.forEach((line, i) => {
    const sub = /^(\s*)# Subtest: (.*)$/.exec(line);
    if (sub) {
      const indent = sub[1]?.length ?? 0;
      while (stack.length > 0 && (stack.at(-1)?.indent ?? 0) >= indent) stack.pop();
      stack.push({ indent, name: sub[2]?.trim() ?? "" });
      return;
    }
    const m = /^(\s*)not ok \d+(?: - (.*?))?(\s+#\s*(?:TODO|SKIP)\b.*)?$/i.exec(line);
    if (!m || m[3] !== undefined) return;
    const indent = m[1]?.length ?? 0;
    while (stack.length > 0 && (stack.at(-1)?.indent ?? 0) > indent) stack.pop();
    const parents = stack.filter((s) => s.indent < indent).map((s) => s.name);
    let end = i + 1;
    if (/^\s*---\s*$/.test(lines[end] ?? "")) {
      while (end < lines.length && !/^\s*\.\.\.\s*$/.test(lines[end] ?? "")) end++;
      end = Math.min(end + 1, lines.length);
    }
    const block = lines.slice(i + 1, end);
    if (block.some((l) => /failureType:\s*'?subtestsFailed/.test(l))) return;
    out.push({ line: i, name: [...parents, m[2]?.trim() ?? `test ${i + 1}`].join(" > "), end });
  });
  return out;
}

function simpleAnchors(lines: readonly string[], re: RegExp, skip?: RegExp): Anchor[] {
  const out: Anchor[] = [];
  lines.forEach((line, i) => {
    const m = re.exec(line);
    const name = m?.[1]?.trim();
    if (name !== undefined && name !== "" && !(skip?.test(name) ?? false)) out.push({ line: i, name });
  });
  return out;
}

// mocha: after `N failing`, each `  N) suite` line opens one failure; its name runs until a line ending in `:`.
function mochaAnchors(lines: readonly string[]): Anchor[] {
  const start = lines.findIndex((l) => /^\s*\d+ failing\s*$/.test(l));
  if (start < 0) return [];
  const out: Anchor[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const m = /^\s{1,4}\d+\) (.*)$/.exec(lines[i] ?? "");
    if (!m) continue;
    const parts = [m[1]?.trim() ?? ""];
    let j = i + 1;
    while (!(parts.at(-1) ?? "").endsWith(":") && j < lines.length && j < i + 6 && (lines[j] ?? "").trim() !== "") parts.push((lines[j++] ?? "").trim());
    out.push({ line: i, name: parts.join(" > ").replace(/:$/, "") });
  }
  return out;
}

const DETECTORS: readonly [OutputFormat, (lines: readonly string[]) => Anchor[]][] = [
  ["tap", tapAnchors],
  ["vitest", (l) => simpleAnchors(l, /^\s*FAIL\s+(.+?\s>\s.+?)\s*$/)],
  ["jest", (l) => simpleAnchors(l, /^\s*● (.+?)\s*$/, /^Console$/)],
  ["mocha", mochaAnchors],
  ["node-spec", (l) => simpleAnchors(l, /^\s*✖ (.+?)(?: \([\d.]+m?s\))?\s*$/, /^failing tests:?$/)],
  ["vitest", (l) => simpleAnchors(l, /^\s*[×✗] (.+?)(?: \d+m?s)?\s*$/)],
];

// Excerpt lines worth keeping: TAP's stack traces and timings say little about why a test failed.
function excerptOf(lines: readonly string[], a: Anchor, next: number): string {
  const end = Math.min(a.end ?? next, next, a.line + 1 + 80);
  const kept: string[] = [];
  let inStack = false;
  for (const raw of lines.slice(a.line + 1, end)) {
    const stackStart = /^\s*stack:\s*\|-?\s*$/.test(raw);
    if (stackStart) inStack = true;
    else if (inStack && /^\s*[a-z_]+:/.test(raw) && !/^\s{6,}/.test(raw)) inStack = false;
    if (inStack || /^\s*(duration_ms|---|\.\.\.)\b/.test(raw) || /^\s*\.\.\.\s*$/.test(raw) || /^\s*---\s*$/.test(raw)) continue;
    kept.push(clip(raw));
  }
  while (kept.length > 0 && (kept.at(-1) ?? "").trim() === "") kept.pop();
  const indent = Math.min(...kept.filter((l) => l.trim() !== "").map((l) => /^\s*/.exec(l)?.[0].length ?? 0));
  let text = kept.slice(0, DIGEST_LIMITS.excerptLines).map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join("\n");
  if (kept.length > DIGEST_LIMITS.excerptLines) text += `\n… (${kept.length - DIGEST_LIMITS.excerptLines} more lines)`;
  return text.length > DIGEST_LIMITS.excerptChars ? `${text.slice(0, DIGEST_LIMITS.excerptChars)}…` : text;
}

/** Reads the failing tests and the head and tail out of a test command's output. */
export function digestOutput(output: string): OutputDigest {
  const lines = output.replace(ANSI, "").replace(/\r\n?/g, "\n").trimEnd().split("\n");
  let format: OutputFormat = "unknown";
  let anchors: Anchor[] = [];
  for (const [f, detect] of DETECTORS) {
    anchors = detect(lines);
    if (anchors.length > 0) {
      format = f;
      break;
    }
  }
  const seen = new Set<string>();
  const unique = anchors.filter((a) => (seen.has(a.name) ? false : (seen.add(a.name), true)));
  const failing = unique.slice(0, DIGEST_LIMITS.names).map((a, k) => {
    const next = anchors.find((b) => b.line > a.line)?.line ?? lines.length;
    return { name: a.name, excerpt: k < DIGEST_LIMITS.excerpts ? excerptOf(lines, a, next) : "" };
  });
  const { headLines, tailLines } = DIGEST_LIMITS;
  const whole = lines.length <= headLines + tailLines;
  return {
    format,
    failing,
    more_failing: unique.length - failing.length,
    head: lines.slice(0, whole ? lines.length : headLines).map(clip).join("\n"),
    tail: whole ? "" : lines.slice(-tailLines).map(clip).join("\n"),
    omitted_lines: whole ? 0 : lines.length - headLines - tailLines,
  };
}
