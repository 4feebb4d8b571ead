// Pins a real agent with taskset when the machine has it, and reads back the CPUs the agent may use.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cpuForSlot, detectCpus, parseCpuList, runAgent } from "../../../src/adapters/runner/index.js";
import { DUMP_AGENT, tempDir } from "./helpers.js";

describe("parseCpuList", () => {
  it.each([
    ["0", [0]],
    ["0-3", [0, 1, 2, 3]],
    ["0,2-3,8\n", [0, 2, 3, 8]],
    ["", []],
    ["a-b", []],
  ])("%j → %j", (text, cpus) => expect(parseCpuList(text)).toEqual(cpus));
});

describe("cpuForSlot", () => {
  it("hands the allowed CPUs out round-robin", () => {
    expect([0, 1, 2, 3, 4].map((slot) => cpuForSlot([2, 5], slot))).toEqual([2, 5, 2, 5, 2]);
    expect(cpuForSlot([], 0)).toBeUndefined();
  });
});

describe("taskset", async () => {
  const cpus = await detectCpus(process.env);
  it.skipIf(cpus === undefined)("runs the agent on the one core it was given", async () => {
    const cpu = cpus?.[cpus.length - 1] ?? 0;
    const dir = await tempDir();
    const r = await runAgent({
      argv: [process.execPath, DUMP_AGENT],
      cwd: dir,
      env: { PATH: process.env.PATH ?? "" },
      logFile: join(dir, "agent.log"),
      timeoutMs: 30_000,
      stallTimeoutMs: 0,
      cpu,
    });
    expect(r.exitCode).toBe(0);
    const dump = JSON.parse(await readFile(join(dir, "agent-dump.json"), "utf8")) as { cpus?: string };
    expect(dump.cpus).toBe(String(cpu));
  });
});
