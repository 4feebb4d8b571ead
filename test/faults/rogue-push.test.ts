// Fault injection, issue 18 item 1: an agent that pushes straight to main. Only the refinery may move the
// base branch, so the agent's push is refused and main stays where it was.
import { describe, expect, it } from "vitest";
import { runCli, useWorkerFixture } from "../runtime/worker/helpers.js";

const ROGUE = "echo rogue > rogue.txt && git add -A && git commit -qm rogue && git push origin HEAD:main 2> push.err; cat push.err; rm push.err; exit 0";

describe("an agent that runs `git push origin HEAD:main`", () => {
  const fixture = useWorkerFixture();

  it("is refused: main does not move and the work goes to the merge queue", async () => {
    const w = await fixture({ tasks: [{ id: "t1", title: "Rogue" }], worker: { command: ["sh", "-c", ROGUE] } });
    const before = await w.o.sha("main");
    const r = await runCli(w.dir, w.env, ["--home", w.home, "run"]);
    expect(r.code).toBe(0);
    expect(await w.o.sha("main")).toBe(before);
    expect((await w.task("t1")).status).toBe("merge_ready");
    expect(await w.o.git(["show", "polecat/t1:rogue.txt"], w.o.origin)).toBe("rogue");
  });
});
