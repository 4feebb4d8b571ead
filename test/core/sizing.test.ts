import { describe, expect, it } from "vitest";
import { suggestSwarm, swarmTotal, taskMix } from "../../src/core/sizing.js";
import { registry } from "./routing-fixture.js";

describe("swarmTotal", () => {
  const sizing = registry().sizing;
  it.each([
    { ready: 0, total: 0 },
    { ready: 1, total: 1 },
    { ready: 2, total: 2 },
    { ready: 3, total: 3 },
    { ready: 5, total: 4 },
    { ready: 6, total: 6 },
    { ready: 20, total: 8 },
    { ready: 21, total: 10 },
    { ready: 500, total: 10 },
  ])("$ready ready → $total slots", ({ ready, total }) => {
    expect(swarmTotal(ready, sizing)).toBe(total);
  });

  it("caps a tier by max_total and reads tiers in any order", () => {
    expect(swarmTotal(15, { tiers: [{ ready_at_most: 50, total: 9 }, { ready_at_most: 10, total: 3 }], max_total: 6 })).toBe(6);
    expect(swarmTotal(8, { tiers: [{ ready_at_most: 50, total: 9 }, { ready_at_most: 10, total: 3 }], max_total: 6 })).toBe(3);
  });
});

describe("suggestSwarm", () => {
  it.each<{ name: string; mix: Record<string, number>; swarm: Record<string, number> }>([
    { name: "5 ready, 3 code and 2 docs", mix: { claude: 3, gemini: 2 }, swarm: { claude: 2, gemini: 2 } },
    { name: "one type", mix: { gemini: 6 }, swarm: { gemini: 2 } },
    { name: "capped by max_concurrent", mix: { codex: 12 }, swarm: { codex: 1 } },
    { name: "every type with work gets one", mix: { claude: 1, gemini: 1, codex: 1 }, swarm: { claude: 1, gemini: 1, codex: 1 } },
    { name: "most tasks per slot gets the next", mix: { claude: 12, gemini: 4 }, swarm: { claude: 3, gemini: 2 } },
    { name: "never more slots than tasks", mix: { claude: 1, jules: 1 }, swarm: { claude: 1, jules: 1 } },
    { name: "unknown types and empty counts are ignored", mix: { ghost: 5, claude: 0, gemini: 1 }, swarm: { gemini: 1 } },
    { name: "nothing ready", mix: {}, swarm: {} },
  ])("$name", ({ mix, swarm }) => {
    expect(suggestSwarm(mix, registry())).toEqual(swarm);
  });

  it("gives the busiest types a slot first when the total is short, ties in registry order", () => {
    const reg = registry();
    reg.sizing = { tiers: [{ ready_at_most: 100, total: 2 }], max_total: 2 };
    expect(suggestSwarm({ jules: 3, claude: 5, gemini: 1, codex: 3 }, reg)).toEqual({ claude: 1, codex: 1 });
  });

  it("sizes the total by the given ready-queue size when it differs from the mix", () => {
    expect(suggestSwarm({ claude: 40, gemini: 40 }, registry(), 2)).toEqual({ claude: 1, gemini: 1 });
    expect(suggestSwarm({ claude: 1, gemini: 1, jules: 1 }, registry(), 2)).toEqual({ claude: 1, gemini: 1 });
  });

  it("lists types in registry order, whatever the mix order", () => {
    expect(Object.keys(suggestSwarm({ jules: 2, gemini: 2, claude: 2 }, registry()))).toEqual(["claude", "gemini", "jules"]);
  });

  it("counts the mix by primary, skipping unroutable tasks", () => {
    expect(taskMix(["claude", undefined, "gemini", "claude"])).toEqual({ claude: 2, gemini: 1 });
  });
});
