// Composition: -w/-c/-g parsing, capping at max_concurrent, --auto sizing, slot ids.
import { describe, expect, it } from "vitest";
import { isPolecatError } from "../../../src/core/errors.js";
import { autoComposition, capComposition, parseComposition, slotIds, type CompositionRequest } from "../../../src/runtime/swarm/index.js";
import { input, registry } from "./records.js";

const req = (o: Partial<CompositionRequest>): CompositionRequest => ({ workers: [], auto: false, ...o });

describe("parseComposition", () => {
  it("reads -w in order and the -c/-g shorthands after", () => {
    const c = parseComposition(req({ workers: ["codex=1"], claude: "2", gemini: "3" }), registry());
    expect(c.slots).toEqual({ codex: 1, claude: 2, gemini: 3 });
    expect(Object.keys(c.slots)).toEqual(["codex", "claude", "gemini"]);
    expect(c.notes).toEqual([]);
  });

  it("caps each type at its max_concurrent and says so", () => {
    const c = parseComposition(req({ workers: ["claude=5", "codex=2"] }), registry());
    expect(c.slots).toEqual({ claude: 3, codex: 2 });
    expect(c.notes).toEqual(["claude: 5 slots asked, capped at its max_concurrent of 3"]);
  });

  it("drops a type asked for with 0 slots when others remain", () => {
    expect(parseComposition(req({ workers: ["claude=0", "gemini=1"] }), registry()).slots).toEqual({ gemini: 1 });
  });

  it.each([
    { name: "an unknown type, with a hint", r: req({ workers: ["claud=2"] }), message: 'unknown worker type "claud" (did you mean "claude"?)' },
    { name: "-c when the registry has no claude", r: req({ claude: "1" }), message: 'unknown worker type "claude"', reg: "no-claude" },
    { name: "a missing count", r: req({ workers: ["claude"] }), message: '-w "claude" must be TYPE=N' },
    { name: "a count that is not a number", r: req({ workers: ["claude=two"] }), message: 'claude: "two" is not a number of slots' },
    { name: "a negative count", r: req({ workers: ["claude=-1"] }), message: 'claude: "-1" is not a number of slots' },
    { name: "a type given twice", r: req({ workers: ["claude=1"], claude: "2" }), message: "worker type claude is given twice" },
    { name: "zero slots in all", r: req({ workers: ["claude=0", "gemini=0"] }), message: "the swarm would have no slots" },
    { name: "no workers at all", r: req({}), message: "no workers: pass -w TYPE=N" },
    { name: "--auto with -w", r: req({ workers: ["claude=1"], auto: true }), message: "--auto sizes the swarm itself" },
  ])("refuses $name with a usage error (exit 2)", ({ r, message, reg }) => {
    const registryUsed = registry();
    if (reg === "no-claude") delete registryUsed.workers.claude;
    let error: unknown;
    try {
      parseComposition(r, registryUsed);
    } catch (e) {
      error = e;
    }
    expect(isPolecatError(error, "E_USAGE")).toBe(true);
    expect((error as Error).message).toContain(message);
    expect((error as { exitCode: number }).exitCode).toBe(2);
  });
});

describe("capComposition", () => {
  it("caps and keeps order", () => {
    expect(capComposition({ gemini: 9, claude: 1 }, registry()).slots).toEqual({ gemini: 3, claude: 1 });
  });
});

describe("autoComposition", () => {
  it("sizes by the widest wave and splits by routed type", () => {
    // Wave 0 has four tasks (tier: up to 10 ready → 4 slots), the mix is 4 claude : 2 gemini.
    const tasks = [
      input("a", { worker: "claude" }),
      input("b", { worker: "claude" }),
      input("c", { worker: "gemini" }),
      input("d", { worker: "gemini" }),
      input("e", { worker: "claude", deps: ["a"] }),
      input("f", { worker: "claude", deps: ["done-elsewhere"] }),
    ];
    expect(autoComposition(tasks, registry())).toEqual({ claude: 3, gemini: 1 });
  });

  it("starts no type with nothing ready now or next, and types with work ready now first", () => {
    // Wave 0 is gemini's, wave 1 claude's, wave 2 gemini's again; one slot in all (max_total 1 caps it).
    const tasks = [input("a", { worker: "gemini" }), input("b", { worker: "claude", deps: ["a"] }), input("c", { worker: "gemini", deps: ["b"] })];
    expect(autoComposition(tasks, registry())).toEqual({ claude: 1, gemini: 1 });
    const one = registry();
    one.sizing = { ...one.sizing, max_total: 1 };
    expect(autoComposition(tasks, one)).toEqual({ gemini: 1 });
    // Nothing ready now or next for claude: no claude slot.
    expect(autoComposition([input("x", { worker: "gemini" }), input("y", { worker: "gemini", deps: ["x"] }), input("z", { worker: "claude", deps: ["y"] })], registry())).toEqual({ gemini: 1 });
  });

  it("gives nothing for an empty queue", () => {
    expect(autoComposition([], registry())).toEqual({});
  });
});

describe("slotIds", () => {
  it("numbers slots per type from 1", () => {
    expect(slotIds({ claude: 2, gemini: 1 })).toEqual([
      { id: "claude-1", type: "claude" },
      { id: "claude-2", type: "claude" },
      { id: "gemini-1", type: "gemini" },
    ]);
  });
});
