// Fault injection, issue 18 item 8: the origin vanishes. The failure names git's own message, not only
// "git fetch ... failed (exit 128)".
import { rm } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { runCli, useWorkerFixture } from "../runtime/worker/helpers.js";

describe("a vanished origin", () => {
  const fixture = useWorkerFixture();

  it("is reported with git's own message", async () => {
    const w = await fixture({ tasks: [{ id: "t1", title: "One" }] });
    await rm(w.o.origin, { recursive: true, force: true });
    const r = await runCli(w.dir, w.env, ["--home", w.home, "run"]);
    expect(r.code).not.toBe(0);
    expect(`${r.out}${r.err}`).toMatch(/git fetch .*failed \(exit 128\).*: fatal: '.*' does not appear to be a git repository/);
  });
});
