// The parent guard: an agent's process group dies with the process that started it, kill -9 included.
import { resolve } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { eventually } from "../../helpers/eventually.js";
import { processGone } from "./helpers.js";

const PARENT = resolve(import.meta.dirname, "fixtures/guarded-parent.mjs");

/** Starts the stand-in parent and reads the pids it prints. */
async function startParent(mode: "armed" | "disarm") {
  const proc = execa(process.execPath, [PARENT, mode], { reject: false, stdin: "ignore" });
  const line = await new Promise<string>((done, fail) => {
    let out = "";
    proc.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
      if (out.includes("\n")) done(out.split("\n")[0] ?? "");
    });
    void proc.then(() => fail(new Error(`parent exited early: ${String(proc.exitCode)}`)));
  });
  const pids = JSON.parse(line) as { agent: number; guard: number };
  return { proc, ...pids };
}

describe.skipIf(process.platform !== "linux")("guardGroup", () => {
  it("kills the agent's group when its parent is killed with SIGKILL", async () => {
    const { proc, agent, guard } = await startParent("armed");
    expect(await processGone(agent)).toBe(false);
    proc.kill("SIGKILL");
    await proc;
    expect(await eventually(() => processGone(agent), 10_000)).toBe(true);
    expect(await eventually(() => processGone(guard), 10_000)).toBe(true);
  });

  it("a disarmed guard exits and leaves the group alone", async () => {
    const { proc, agent, guard } = await startParent("disarm");
    try {
      expect(await eventually(() => processGone(guard), 10_000)).toBe(true);
      proc.kill("SIGKILL");
      await proc;
      expect(await processGone(agent)).toBe(false);
    } finally {
      process.kill(-agent, "SIGKILL");
    }
  });
});
