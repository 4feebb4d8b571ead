// The listr2 display: which mode a world gets, plain lines in CI/pipes, nothing when silent.
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createProgress, progressMode } from "../../../src/adapters/progress/index.js";

describe("progressMode", () => {
  it.each([
    { isTTY: true, env: {}, silent: false, mode: "tty" },
    { isTTY: true, env: { CI: "true" }, silent: false, mode: "plain" },
    { isTTY: true, env: { CI: "1" }, silent: false, mode: "plain" },
    { isTTY: true, env: { CI: "false" }, silent: false, mode: "tty" },
    { isTTY: true, env: { TERM: "dumb" }, silent: false, mode: "plain" },
    { isTTY: false, env: {}, silent: false, mode: "plain" },
    { isTTY: true, env: {}, silent: true, mode: "silent" },
    { isTTY: false, env: { CI: "true" }, silent: true, mode: "silent" },
  ])("TTY $isTTY, env $env, silent $silent → $mode", ({ isTTY, env, silent, mode }) => {
    expect(progressMode({ isTTY, env }, silent)).toBe(mode);
  });
});

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (c: Buffer) => (text += c.toString()));
  return { stream, text: () => text };
}

const slots = [
  { id: "scripted-1", type: "scripted", index: 0 },
  { id: "scripted-2", type: "scripted", index: 1 },
];

describe("createProgress", () => {
  it("plain: one line per change, throttled headers unless urgent, slot ends as completed or failed", async () => {
    const out = capture();
    let now = 0;
    const p = createProgress({ mode: "plain", stream: out.stream, clock: () => now, color: false, headerEveryMs: 5_000 });
    // Rows and notes sent before listr2 starts a row are kept for it.
    p.start(slots);
    p.row("scripted-1", { task: "t1", state: "worktree" });
    p.header("1 ready · 1 running");
    p.header("0 ready · 2 running");
    now = 10_000;
    p.header("0 ready · 2 running · 1 done");
    p.header("draining: running tasks finish", true);
    p.row("scripted-1", { task: "t1", stage: "implement", state: "working" });
    p.row("scripted-1", { task: "t1", stage: "implement", state: "working" });
    p.note("scripted-1", "t1: merge_ready in 2s (now merge_ready)");
    p.end("scripted-1", "done: nothing left to claim", true);
    p.end("scripted-2", "stopped after 2 consecutive failed tasks", false);
    await p.close();
    const lines = out.text().trimEnd().split("\n");
    expect(lines).toContain("[OUTPUT] queue: 1 ready · 1 running");
    expect(lines).not.toContain("[OUTPUT] queue: 0 ready · 2 running");
    expect(lines).toContain("[OUTPUT] queue: 0 ready · 2 running · 1 done");
    expect(lines).toContain("[OUTPUT] queue: draining: running tasks finish");
    expect(lines.filter((l) => l === "[OUTPUT] scripted-1: t1 → implement")).toHaveLength(1);
    expect(lines).toContain("[OUTPUT] scripted-1: t1 claimed");
    expect(lines).toContain("[OUTPUT] scripted-1: t1: merge_ready in 2s (now merge_ready)");
    expect(lines).toContain("[COMPLETED] scripted-1  done: nothing left to claim");
    expect(lines.some((l) => l.startsWith("[FAILED] scripted-2") && l.includes("stopped after 2 consecutive failed tasks"))).toBe(true);
    expect(out.text()).not.toContain("\u001b[");
  });

  it("close ends rows nobody ended, so a slot that threw cannot keep the display waiting", async () => {
    const out = capture();
    const p = createProgress({ mode: "plain", stream: out.stream, clock: Date.now, color: false });
    p.start(slots);
    p.end("scripted-1", "done", true);
    await p.close();
    expect(out.text()).toContain("[COMPLETED] scripted-2  ended");
  });

  it("silent: writes nothing", async () => {
    const out = capture();
    const p = createProgress({ mode: "silent", stream: out.stream, clock: Date.now, color: false });
    p.start(slots);
    p.header("1 ready", true);
    p.row("scripted-1", { task: "t1", state: "worktree" });
    p.note("scripted-1", "t1: merge_ready");
    p.end("scripted-1", "done", true);
    p.end("scripted-2", "gave up", false);
    await p.close();
    expect(out.text()).toBe("");
  });
});
