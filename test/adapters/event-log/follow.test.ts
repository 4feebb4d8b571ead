// Following the JSONL event log on a real file: existing lines, appends, torn writes, truncation, abort.
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { followEvents } from "../../../src/adapters/event-log/follow.js";
import type { EventRecord } from "../../../src/core/ports/store.js";
import { eventually } from "../../helpers/eventually.js";

let dir: string;
let file: string;
let controller: AbortController;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "polecat-follow-"));
  file = join(dir, "events.jsonl");
  controller = new AbortController();
});

afterEach(() => {
  controller.abort();
  rmSync(dir, { recursive: true, force: true });
});

const event = (n: number, message = `event ${n}`): EventRecord => ({ ts: n, event: "test.step", level: "info", project: "p", message });
const line = (n: number, message?: string): string => `${JSON.stringify(event(n, message))}\n`;

/** Follows in the background; returns the events seen so far and a promise for the end of iteration. */
function follow(fromStart: boolean): { seen: EventRecord[]; done: Promise<void> } {
  const seen: EventRecord[] = [];
  const done = (async () => {
    for await (const e of followEvents(file, { signal: controller.signal, fromStart, pollMs: 20 })) seen.push(e);
  })();
  return { seen, done };
}

describe("followEvents", () => {
  it("yields what the file holds, then each new line as it is completed", async () => {
    writeFileSync(file, line(1) + line(2));
    const { seen, done } = follow(true);
    expect(await eventually(() => seen.length === 2), "the existing lines").toBe(true);
    const torn = line(3, "naïve ✓ unicode");
    const cut = Buffer.from(torn).length - 12;
    appendFileSync(file, Buffer.from(torn).subarray(0, cut));
    await new Promise((r) => setTimeout(r, 150));
    expect(seen).toHaveLength(2);
    appendFileSync(file, Buffer.concat([Buffer.from(torn).subarray(cut), Buffer.from("not json\n" + line(4))]));
    expect(await eventually(() => seen.length === 4), "the completed lines").toBe(true);
    expect(seen.map((e) => e.message)).toEqual(["event 1", "event 2", "naïve ✓ unicode", "event 4"]);
    controller.abort();
    await done;
  });

  it("starts at the end when asked for new lines only, and waits for a missing file", async () => {
    const { seen, done } = follow(false);
    await new Promise((r) => setTimeout(r, 100));
    writeFileSync(file, line(1));
    expect(await eventually(() => seen.length === 1), "the first line of a new file").toBe(true);
    controller.abort();
    await done;

    controller = new AbortController();
    const later = follow(false);
    await new Promise((r) => setTimeout(r, 100));
    appendFileSync(file, line(2));
    expect(await eventually(() => later.seen.length === 1), "only the new line").toBe(true);
    expect(later.seen[0]?.ts).toBe(2);
    controller.abort();
    await later.done;
  });

  it("reads a log larger than one read in order, lines split across reads included", async () => {
    const filler = "x".repeat(300);
    writeFileSync(file, Array.from({ length: 8_000 }, (_, i) => line(i, `${i} ${filler}`)).join(""));
    const { seen, done } = follow(true);
    expect(await eventually(() => seen.length === 8_000), "all 8000 lines").toBe(true);
    expect(seen.every((e, i) => e.ts === i && e.message === `${i} ${filler}`)).toBe(true);
    controller.abort();
    await done;
  });

  it("reads a truncated file again from its start", async () => {
    writeFileSync(file, line(1) + line(2) + line(3));
    const { seen, done } = follow(true);
    expect(await eventually(() => seen.length === 3), "three lines").toBe(true);
    writeFileSync(file, line(9));
    expect(await eventually(() => seen.length === 4), "the line after truncation").toBe(true);
    expect(seen[3]?.ts).toBe(9);
    controller.abort();
    await done;
  });
});
