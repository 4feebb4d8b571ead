// `polecat daemon --list`: each schedule in words with its next run times.
import { CronTime } from "cron";
import type { ScheduleSpec } from "../../core/spec.js";
import { assertCron } from "./scheduler.js";

/** The cron package's presets, expanded so the describer sees plain fields. */
const PRESETS: Readonly<Record<string, string>> = {
  "@yearly": "0 0 0 1 1 *",
  "@monthly": "0 0 0 1 * *",
  "@weekly": "0 0 0 * * 0",
  "@daily": "0 0 0 * * *",
  "@hourly": "0 0 * * * *",
  "@minutely": "0 * * * * *",
  "@secondly": "* * * * * *",
  "@weekdays": "0 0 0 * * 1-5",
  "@weekends": "0 0 0 * * 0,6",
};

const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const DAY_ALIASES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

const NUMBER = /^\d+$/;
const STEP = /^\*\/(\d+)$/;

/** "a", "a and b", "a, b and c". */
function joinWords(items: string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function every(n: number, unit: string): string {
  return n === 1 ? `every ${unit}` : `every ${n} ${unit}s`;
}

function dayName(text: string): string | undefined {
  const i = NUMBER.test(text) ? Number(text) : DAY_ALIASES.indexOf(text.toLowerCase());
  return DAY_NAMES[i];
}

/** Day-of-week list in words ("Monday to Friday", "Saturday and Sunday"); undefined for steps. */
function weekdays(dow: string): string | undefined {
  const parts: string[] = [];
  for (const item of dow.split(",")) {
    const [a, b, extra] = item.split("-");
    const from = a === undefined ? undefined : dayName(a);
    if (from === undefined || extra !== undefined) return undefined;
    if (b === undefined) {
      parts.push(from);
      continue;
    }
    const to = dayName(b);
    if (to === undefined) return undefined;
    parts.push(`${from} to ${to}`);
  }
  return joinWords(parts);
}

/** The day part: "" for every day, " on ..." for a restriction, undefined when words would mislead. */
function describeDays(dom: string, mon: string, dow: string): string | undefined {
  if (mon !== "*") return undefined;
  if (dom === "*" && dow === "*") return "";
  if (dom === "*") {
    const days = weekdays(dow);
    return days === undefined ? undefined : ` on ${days}`;
  }
  const dates = dom.split(",");
  if (dow !== "*" || !dates.every((d) => NUMBER.test(d))) return undefined;
  return dates.length === 1 ? ` on day ${dom} of the month` : ` on days ${joinWords(dates)} of the month`;
}

const pad = (n: string): string => n.padStart(2, "0");

/** The time part, and whether it names times of day (which then read "every day" when unrestricted). */
function describeTime(sec: string, min: string, hour: string): { text: string; atTimes: boolean } | undefined {
  const secStep = STEP.exec(sec);
  if (min === "*" && hour === "*") {
    if (sec === "*") return { text: "every second", atTimes: false };
    if (secStep) return { text: every(Number(secStep[1]), "second"), atTimes: false };
  }
  if (!NUMBER.test(sec)) return undefined;
  const atSecond = sec === "0" ? "" : ` at second ${Number(sec)}`;
  const minStep = STEP.exec(min);
  if (hour === "*" && min === "*") return { text: `every minute${atSecond}`, atTimes: false };
  if (hour === "*" && minStep) return { text: every(Number(minStep[1]), "minute") + atSecond, atTimes: false };
  if (!NUMBER.test(min)) return undefined;
  const atMinute = min === "0" && sec === "0" ? "" : ` at minute ${Number(min)}${atSecond}`;
  const hourStep = STEP.exec(hour);
  if (hour === "*") return { text: `every hour${atMinute}`, atTimes: false };
  if (hourStep) return { text: every(Number(hourStep[1]), "hour") + atMinute, atTimes: false };
  const hours = hour.split(",");
  if (!hours.every((h) => NUMBER.test(h))) return undefined;
  const secs = sec === "0" ? "" : `:${pad(sec)}`;
  return { text: `at ${joinWords(hours.map((h) => `${pad(h)}:${pad(min)}${secs}`))}`, atTimes: true };
}

/** A cron expression in words for common shapes ("every 30 seconds", "at 02:00 every day"), else the expression. */
export function describeSchedule(expr: string): string {
  const text = expr.trim();
  const fields = (PRESETS[text.toLowerCase()] ?? text).split(/\s+/);
  const six = fields.length === 5 ? ["0", ...fields] : fields;
  const [sec, min, hour, dom, mon, dow] = six;
  const fallback = `cron "${text}"`;
  if (six.length !== 6 || sec === undefined || min === undefined || hour === undefined) return fallback;
  if (dom === undefined || mon === undefined || dow === undefined) return fallback;
  const time = describeTime(sec, min, hour);
  const days = describeDays(dom, mon, dow);
  if (time === undefined || days === undefined) return fallback;
  return time.text + (days === "" && time.atTimes ? " every day" : days);
}

/** The next `n` run times (epoch ms) of a schedule after `now`, in the daemon's local time zone. */
export function nextRuns(spec: Pick<ScheduleSpec, "name" | "cron">, n: number, now: number): number[] {
  assertCron(spec);
  const time = new CronTime(spec.cron);
  const runs: number[] = [];
  let from = now;
  for (let i = 0; i < n; i++) {
    from = time.getNextDateFrom(new Date(from)).toMillis();
    runs.push(from);
  }
  return runs;
}

/** One line of `daemon --list`, as data for `--json`. */
export interface ScheduleListing {
  name: string;
  job: ScheduleSpec["job"];
  args: string[];
  cron: string;
  words: string;
  next: number[];
}

/** Every schedule with its words and next `n` runs. */
export function listSchedules(schedules: readonly ScheduleSpec[], n: number, now: number): ScheduleListing[] {
  return schedules.map((s) => ({
    name: s.name,
    job: s.job,
    args: [...s.args],
    cron: s.cron,
    words: describeSchedule(s.cron),
    next: nextRuns(s, n, now),
  }));
}
