// A reader that goes away (`polecat plan | head -1`) must not crash polecat: the built CLI writes into a pipe
// whose reading end is already closed, and ends quietly with exit 0 and nothing on stderr. The fixture routes
// to claude and gemini, so the pinned CLIs are on PATH (validate would rightly warn otherwise).
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pathWithAgentClis } from "../agents-real/harness/clis.js";

const MAIN = join(import.meta.dirname, "..", "..", "dist", "cli", "main.js");
const FIXTURE = join(import.meta.dirname, "..", "fixtures", "valid", "minimal");

function closedPipe(args: string[]): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { cwd: FIXTURE, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", PATH: pathWithAgentClis() } });
    child.stdout.destroy();
    let err = "";
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, err }));
  });
}

describe("EPIPE", () => {
  it.each([["plan"], ["plan", "--format", "markdown"], ["workers"], ["validate"], ["--help"]])("polecat %s into a closed pipe exits 0 quietly", async (...args) => {
    const { code, err } = await closedPipe(args);
    expect(err).toBe("");
    expect(code).toBe(0);
  });
});
