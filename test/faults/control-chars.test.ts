// Fault injection, issue 18 item 7: control characters in one-line fields. A NUL in a title used to validate
// and apply, then kill the swarm with an internal error; a newline broke the task table. Validation now
// rejects them, every one at once with FILE:LINE:COL, while a description keeps its line breaks.
import { describe, expect, it } from "vitest";
import { createOrigin } from "../helpers/git.js";
import { runCli, writeSpec } from "../runtime/worker/helpers.js";
import { forbiddenControl } from "../../src/core/control-chars.js";

describe("control characters in the spec", () => {
  it("a NUL title, a newline in a tag and an escape in a file path are each reported with a position; apply refuses", async () => {
    const o = await createOrigin();
    try {
      await writeSpec(o.root, o.origin, {
        tasks: [
          { id: "t1", title: "nul\0title", description: "line one\nline two\n" },
          { id: "t2", title: "Fine", tags: ["ok", "two\nlines"], files: ["src/\u001b[31mred.ts"] },
        ],
      });
      const v = await runCli(o.root, o.env, ["--home", `${o.root}/home`, "validate"]);
      expect(v.code).toBe(2);
      const lines = v.err.split("\n").filter((l) => l.includes("contains the control character"));
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatch(/polecat\.yaml:\d+:\d+: tasks\[0\]\.title contains the control character NUL \(U\+0000\) \(a one-line field\)/);
      expect(lines[1]).toMatch(/polecat\.yaml:\d+:\d+: tasks\[1\]\.tags\[1\] contains the control character newline \(U\+000A\)/);
      expect(lines[2]).toMatch(/polecat\.yaml:\d+:\d+: tasks\[1\]\.files\[0\] contains the control character escape \(U\+001B\)/);
      const apply = await runCli(o.root, o.env, ["--home", `${o.root}/home`, "apply"]);
      expect(apply.code).toBe(2);
    } finally {
      await o.cleanup();
    }
  });

  it("multi-line fields keep tab and line breaks but nothing else", () => {
    expect(forbiddenControl("a\tb\r\nc", true)).toBeUndefined();
    expect(forbiddenControl("a\u0085b", true)).toBe("\u0085");
    expect(forbiddenControl("a\tb")).toBe("\t");
    expect(forbiddenControl("plain ünïcödé ✓")).toBeUndefined();
  });
});
