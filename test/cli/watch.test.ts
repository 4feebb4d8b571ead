// `status --watch`: the redraw loop on fake timers and a fake terminal, then the command on a real store and in a
// real pseudo-terminal (the built CLI under `script`, as `npm test` builds it first).
import { execa } from "execa";
import { EventEmitter } from "node:events";
import { resolve } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { keyWithout, watch, type Frame } from "../../src/cli/watch.js";
import { eventually } from "../helpers/eventually.js";
import { memoryWorld } from "../helpers/world.js";
import { runCli, useOriginWithSpec } from "../runtime/worker/helpers.js";
import { run } from "../../src/cli/program.js";

/** A stream that keeps what was written. */
function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (c: Buffer) => (text += c.toString()));
  return { stream, text: () => text };
}

const CLEAR = "\x1b[1;1H\x1b[0J";
const CLI = resolve(import.meta.dirname, "../../dist/cli/main.js");

describe("the watch loop", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Frames from a list, the last one repeated; counts how often it was asked. */
  function frames(list: Frame[]): { frame: () => Promise<Frame>; asked: () => number } {
    let n = 0;
    return { frame: () => Promise.resolve(list[Math.min(n++, list.length - 1)] as Frame), asked: () => n };
  }

  it("on a terminal redraws in place every interval, with the title and the time", async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 2, 3, 4, 5) });
    const out = capture();
    const controller = new AbortController();
    const f = frames([
      { lines: ["Running: nothing"], key: "a" },
      { lines: ["Running (1):", "  scripted-1  t1"], key: "b" },
    ]);
    const done = watch({ ...f, stream: out.stream, tty: true, intervalMs: 2_000, now: Date.now, signal: controller.signal, title: "Every 2s: polecat status" });
    await vi.advanceTimersByTimeAsync(0);
    expect(f.asked()).toBe(1);
    expect(out.text()).toBe(`${CLEAR}Every 2s: polecat status   2026-01-02 03:04:05 UTC\n\nRunning: nothing\n`);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(f.asked()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(f.asked()).toBe(2);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(f.asked()).toBe(4);
    const drawn = out.text().split(CLEAR).slice(1);
    expect(drawn).toHaveLength(4);
    expect(drawn[3]).toBe("Every 2s: polecat status   2026-01-02 03:04:11 UTC\n\nRunning (1):\n  scripted-1  t1\n");
    controller.abort();
    await done;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(f.asked()).toBe(4);
  });

  it("off a terminal prints a frame only when its key changed, and never clears the screen", async () => {
    vi.useFakeTimers({ now: 0 });
    const out = capture();
    const controller = new AbortController();
    const f = frames([
      { lines: ["one"], key: "a" },
      { lines: ["one, older"], key: "a" },
      { lines: ["two"], key: "b" },
    ]);
    const done = watch({ ...f, stream: out.stream, tty: false, intervalMs: 1_000, now: Date.now, signal: controller.signal, title: "Every 1s: polecat status" });
    await vi.advanceTimersByTimeAsync(5_000);
    controller.abort();
    await done;
    expect(f.asked()).toBe(6);
    expect(out.text()).toBe("Every 1s: polecat status   1970-01-01 00:00:00 UTC\n\none\n\nEvery 1s: polecat status   1970-01-01 00:00:02 UTC\n\ntwo\n");
  });

  it("keys a document without its ages", () => {
    const ages = new Set(["elapsed_ms"]);
    expect(keyWithout({ running: [{ slot: "s-1", elapsed_ms: 5 }] }, ages)).toBe(keyWithout({ running: [{ slot: "s-1", elapsed_ms: 9 }] }, ages));
    expect(keyWithout({ running: [{ slot: "s-1" }] }, ages)).not.toBe(keyWithout({ running: [{ slot: "s-2" }] }, ages));
  });
});

describe("polecat status --watch", () => {
  const originWithSpec = useOriginWithSpec();

  it("off a terminal prints the view, again when the queue changes, and ends with exit 0 on Ctrl+C", async () => {
    const { o, home, cli } = await originWithSpec();
    expect((await cli("init")).code).toBe(0);
    expect((await cli("apply")).code).toBe(0);
    const signals = new EventEmitter();
    const w = memoryWorld({ cwd: o.root, env: { ...o.env, NO_COLOR: "1" }, signals });
    const watching = run(["--home", home, "status", "--watch", "--interval", "100ms"], w.world);
    expect(await eventually(() => w.out().includes("Queue (1 tasks): active 1"))).toBe(true);
    expect((await runCli(o.root, o.env, ["--home", home, "task", "set", "t1", "--status", "waiting"])).code).toBe(0);
    expect(await eventually(() => w.out().includes("Queue (1 tasks): waiting 1"))).toBe(true);
    signals.emit("SIGINT");
    expect(await watching).toBe(0);
    expect(w.out().match(/^Every 100ms: polecat status {3}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/gm)).toHaveLength(2);
    expect(w.out()).not.toContain("\x1b[");
  });

  it("--json prints one compact document per change", async () => {
    const { o, home, cli } = await originWithSpec();
    expect((await cli("init")).code).toBe(0);
    const signals = new EventEmitter();
    const w = memoryWorld({ cwd: o.root, env: { ...o.env, NO_COLOR: "1" }, signals, isTTY: true });
    const watching = run(["--home", home, "--json", "status", "-w", "--interval", "100ms"], w.world);
    expect(await eventually(() => w.out().includes("\n"))).toBe(true);
    expect((await cli("apply")).code).toBe(0);
    expect(await eventually(() => w.out().split("\n").length === 3)).toBe(true);
    signals.emit("SIGTERM");
    expect(await watching).toBe(0);
    const docs = w.out().trim().split("\n").map((l) => JSON.parse(l) as { total: number });
    expect(docs.map((d) => d.total)).toEqual([0, 1]);
  });

  it("in a real terminal (a pseudo-TTY from `script`) redraws in place, and Ctrl+C typed there ends it with exit 0", async (ctx) => {
    if ((await execa("script", ["--version"], { reject: false }).catch(() => ({ exitCode: 1 }))).exitCode !== 0) return ctx.skip();
    const { home } = await originWithSpec();
    // `script` runs the command through $SHELL (/bin/sh when unset, as in CI); a shell that stayed as its
    // parent would be in the terminal's foreground group and die of the Ctrl+C itself (exit 130), so it execs.
    const command = `exec ${process.execPath} ${CLI} --home ${home} status --watch --interval 200ms`;
    const { SHELL: _shell, ...env } = process.env;
    const child = execa("script", ["-qfec", command, "/dev/null"], { reject: false, extendEnv: false, env: { ...env, TERM: "xterm", NO_COLOR: "1" } });
    let out = "";
    child.stdout?.on("data", (c: Buffer) => (out += c.toString()));
    const frames = (): number => out.split(CLEAR).length - 1;
    expect(await eventually(() => frames() >= 2), out).toBe(true);
    child.stdin?.write("\x03");
    const r = await child;
    expect(r.exitCode).toBe(0);
    expect(out.split(CLEAR)[1]).toMatch(/^Every 200ms: polecat status {3}\S+ \S+ UTC\r\n\r\nRunning: nothing\r\n/);
  });

  it.each([
    { args: ["--interval", "5s"], err: "--interval is for --watch" },
    { args: ["--watch", "--interval", "soon"], err: '--interval "soon" is not a duration' },
    { args: ["--watch", "--interval", "10ms"], err: "of at least 100ms" },
  ])("exits 2 for $args", async ({ args, err }) => {
    const { cli } = await originWithSpec();
    const r = await cli("status", ...args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(err);
  });
});
