// One-line fields stay one line: a control character in a title, tag or path breaks tables, logs and
// commit subjects, and a NUL cannot even reach git or an agent's argv. Multi-line fields keep tab and
// line breaks but no other control character.
import { list, rec } from "./raw.js";
import type { Problem } from "./result.js";
import { problemAt, type Segment, type YamlSource } from "./yaml-positions.js";

// C0 controls, DEL and C1 controls; a multi-line text may hold tab, line feed and carriage return.
function isControl(code: number, multiLine: boolean): boolean {
  if (multiLine && (code === 9 || code === 10 || code === 13)) return false;
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
}

const NAMES: Record<number, string> = { 0: "NUL", 9: "tab", 10: "newline", 13: "carriage return", 27: "escape", 127: "DEL" };

/** A control character in words: its name where it has a common one, and its code point. */
export function describeControl(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  const name = NAMES[code];
  return name === undefined ? hex : `${name} (${hex})`;
}

/** The first control character a one-line (or, with `multiLine`, a multi-line) text may not hold. */
export function forbiddenControl(text: string, multiLine = false): string | undefined {
  for (const ch of text) if (isControl(ch.codePointAt(0) ?? 0, multiLine)) return ch;
  return undefined;
}

const TOP = ["project", "repo", "base", "workers", "store"];
const TASK_ONE = ["id", "title", "worker", "effort", "complexity"];
const TASK_LISTS = ["tags", "files", "needs", "depends_on", "acceptance", "pipeline"];

/** Every string of the spec that holds a character its field does not allow, at the string's position. */
export function controlCharRules(src: YamlSource, data: unknown): Problem[] {
  const out: Problem[] = [];
  const check = (path: Segment[], value: unknown, multiLine = false): void => {
    if (typeof value !== "string") return;
    const bad = forbiddenControl(value, multiLine);
    if (bad === undefined) return;
    const field = path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("").slice(1);
    const kind = multiLine ? "" : " (a one-line field)";
    out.push(problemAt(src, path, `${field} contains the control character ${describeControl(bad)}${kind}`, { hint: "remove the control character" }));
  };
  const doc = rec(data);
  for (const k of TOP) check([k], doc[k]);
  list(doc.pipeline).forEach((v, i) => check(["pipeline", i], v));
  list(doc.tasks).forEach((t, i) => {
    const task = rec(t);
    for (const k of TASK_ONE) check(["tasks", i, k], task[k]);
    check(["tasks", i, "description"], task.description, true);
    for (const k of TASK_LISTS) list(task[k]).forEach((v, j) => check(["tasks", i, k, j], v));
  });
  list(doc.schedules).forEach((s, i) => {
    const schedule = rec(s);
    for (const k of ["name", "cron", "job"]) check(["schedules", i, k], schedule[k]);
    list(schedule.args).forEach((v, j) => check(["schedules", i, "args", j], v));
  });
  return out;
}
