// `daemon --list`: schedules in words and their next run times from the cron package.
import { describe, expect, it } from "vitest";
import { describeSchedule, listSchedules, nextRuns } from "../../../src/adapters/scheduler/index.js";
import { isPolecatError } from "../../../src/core/errors.js";

describe("describeSchedule", () => {
  it.each([
    ["* * * * * *", "every second"],
    ["*/1 * * * * *", "every second"],
    ["*/30 * * * * *", "every 30 seconds"],
    ["* * * * *", "every minute"],
    ["*/5 * * * *", "every 5 minutes"],
    ["30 */10 * * * *", "every 10 minutes at second 30"],
    ["0 * * * *", "every hour"],
    ["15 * * * *", "every hour at minute 15"],
    ["0 */2 * * *", "every 2 hours"],
    ["0 2 * * *", "at 02:00 every day"],
    ["30 0 2 * * *", "at 02:00:30 every day"],
    ["0 9,17 * * *", "at 09:00 and 17:00 every day"],
    ["0 9 * * 1-5", "at 09:00 on Monday to Friday"],
    ["0 9 * * mon,wed,fri", "at 09:00 on Monday, Wednesday and Friday"],
    ["*/10 * * * 0,6", "every 10 minutes on Sunday and Saturday"],
    ["0 3 1 * *", "at 03:00 on day 1 of the month"],
    ["0 3 1,15 * *", "at 03:00 on days 1 and 15 of the month"],
    ["@daily", "at 00:00 every day"],
    ["@hourly", "every hour"],
    ["@weekdays", "at 00:00 on Monday to Friday"],
  ])("%s → %s", (cron, words) => {
    expect(describeSchedule(cron)).toBe(words);
  });

  it.each([["0 2 * 6 *"], ["0 2 1 * 1"], ["0 2-4 * * *"], ["0 2 */2 * *"], ["1-5 * * * * *"], ["0 2 * * */2"]])(
    "falls back to the expression for %s",
    (cron) => {
      expect(describeSchedule(cron)).toBe(`cron "${cron}"`);
    },
  );
});

describe("nextRuns", () => {
  const now = new Date(2025, 0, 1, 10, 0, 10).getTime();

  it("gives second-resolution runs strictly after now", () => {
    expect(nextRuns({ name: "s", cron: "*/30 * * * * *" }, 3, now)).toEqual([now + 20_000, now + 50_000, now + 80_000]);
  });

  it("gives daily runs at the local time of day", () => {
    const runs = nextRuns({ name: "nightly", cron: "0 2 * * *" }, 2, now).map((t) => new Date(t));
    expect(runs.map((d) => [d.getDate(), d.getHours(), d.getMinutes()])).toEqual([
      [2, 2, 0],
      [3, 2, 0],
    ]);
  });

  it("rejects an invalid expression with E_SPEC_INVALID", () => {
    expect(() => nextRuns({ name: "bad", cron: "every day" }, 1, now)).toThrow(
      expect.objectContaining({ code: "E_SPEC_INVALID" }) as Error,
    );
    let error: unknown;
    try {
      listSchedules([{ name: "bad", cron: "99 * * * *", job: "sync", args: [] }], 1, now);
    } catch (e) {
      error = e;
    }
    expect(isPolecatError(error, "E_SPEC_INVALID")).toBe(true);
  });

  it("lists schedules with words and next runs for --json", () => {
    const rows = listSchedules([{ name: "reap", cron: "*/30 * * * * *", job: "janitor", args: ["--dry-run"] }], 2, now);
    expect(rows).toEqual([
      { name: "reap", job: "janitor", args: ["--dry-run"], cron: "*/30 * * * * *", words: "every 30 seconds", next: [now + 20_000, now + 50_000] },
    ]);
  });
});
