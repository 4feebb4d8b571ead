import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/program.js";
import { memoryWorld } from "../helpers/world.js";

describe("polecat program", () => {
  it("prints help listing and exits 0", async () => {
    const w = memoryWorld();
    const code = await run(["--help"], w.world);
    expect(code).toBe(0);
    expect(w.out()).toContain("Usage: polecat");
  });

  it("exits 2 on an unknown option without a stack trace", async () => {
    const w = memoryWorld();
    const code = await run(["--no-such-option"], w.world);
    expect(code).toBe(2);
    expect(w.err()).toContain("unknown option");
    expect(w.err()).not.toMatch(/\n\s+at /);
  });
});
