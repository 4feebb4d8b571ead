import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { classifyRun, isWorkerTypeClass, retryAt, type RunEnd } from "../../../src/core/agent/classify.js";
import { parseOutput } from "../../../src/core/agent/parse.js";

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/agents/${name}`, import.meta.url), "utf8");
const NOW = Date.parse("2026-12-02T08:00:00Z");
const end = (over: Partial<RunEnd>): RunEnd => ({ exitCode: 1, signal: undefined, error: undefined, timedOut: false, stalled: false, tail: [], report: {}, now: NOW, ...over });

describe("classifyRun on recorded CLI output", () => {
  it("claude without a login is auth, in its own words", () => {
    const text = fixture("claude-not-logged-in.jsonl");
    const f = classifyRun(end({ report: parseOutput("claude", text) }));
    expect(f).toEqual({ class: "auth", message: "Not logged in · Please run /login" });
    expect(isWorkerTypeClass("auth")).toBe(true);
  });

  it("gemini without a key is auth", () => {
    const f = classifyRun(end({ exitCode: 41, tail: fixture("gemini-no-key.txt").split("\n") }));
    expect(f?.class).toBe("auth");
    expect(f?.message).toMatch(/^Please set an Auth method/);
  });

  it("codex rejecting --full-auto is bad_invocation", () => {
    const f = classifyRun(end({ exitCode: 2, tail: fixture("codex-full-auto.txt").split("\n") }));
    expect(f).toEqual({ class: "bad_invocation", message: "error: unexpected argument '--full-auto' found" });
  });

  it("claude refusing --dangerously-skip-permissions as root is bad_invocation", () => {
    expect(classifyRun(end({ tail: fixture("claude-root.txt").split("\n") }))?.class).toBe("bad_invocation");
  });
});

describe("classifyRun", () => {
  it("success is no failure, unless the CLI says is_error", () => {
    expect(classifyRun(end({ exitCode: 0 }))).toBeUndefined();
    expect(classifyRun(end({ exitCode: 0, report: { is_error: true, final_message: "API Error: 429 rate_limit_error" } }))?.class).toBe("rate_limit");
  });

  it("a program that is not there is missing_binary, with the spawn error", () => {
    expect(classifyRun(end({ exitCode: undefined, error: "spawn codex ENOENT" }))).toEqual({ class: "missing_binary", message: "spawn codex ENOENT" });
  });

  it("timeouts and stalls keep their class", () => {
    expect(classifyRun(end({ timedOut: true }))?.class).toBe("timeout");
    expect(classifyRun(end({ stalled: true }))?.class).toBe("stalled");
  });

  it("a 429 with retry-after is a rate limit until then", () => {
    const f = classifyRun(end({ tail: ["API Error: 429 {\"type\":\"error\"}", "retry-after: 30"] }));
    expect(f).toMatchObject({ class: "rate_limit", retry_at: NOW + 30_000 });
  });

  it("a usage limit with its reset time", () => {
    expect(classifyRun(end({ report: { is_error: true, final_message: "Claude AI usage limit reached|1796200000" } }))).toMatchObject({ class: "usage_limit", retry_at: 1796200000_000 });
    expect(classifyRun(end({ tail: ["You've hit your usage limit. Try again in 2 hours 5 minutes."] }))).toMatchObject({ class: "usage_limit", retry_at: NOW + 125 * 60_000 });
  });

  it("usage words after a session started are still a limit, but argv words are the agent's own work", () => {
    expect(classifyRun(end({ report: { session_id: "s" }, tail: ["error: unknown option '--x'"] }))?.class).toBe("crash");
  });

  it("anything else is a crash that names how it ended", () => {
    expect(classifyRun(end({ exitCode: 3, tail: ["TypeError: x is undefined"] }))).toEqual({ class: "crash", message: "exited with code 3" });
    expect(classifyRun(end({ exitCode: undefined, signal: "SIGSEGV" }))?.message).toBe("killed by SIGSEGV");
  });
});

describe("retryAt", () => {
  it("reads seconds, relative times and ISO resets", () => {
    expect(retryAt("Please retry in 12.5s", NOW)).toBe(NOW + 12_500);
    expect(retryAt("Retry-After: 7", NOW)).toBe(NOW + 7_000);
    expect(retryAt("limit resets at 2026-12-02T09:30:00Z", NOW)).toBe(Date.parse("2026-12-02T09:30:00Z"));
    expect(retryAt("try later", NOW)).toBeUndefined();
  });
});
