// Leadership over advisory locks: one holder per (schema, project, name), on any machine; a dead holder's lock frees itself.
import { afterEach, beforeEach, expect, it } from "vitest";
import { openLeadership } from "../../../src/adapters/open-store.js";
import { parsePgLocation, pgLeadership } from "../../../src/adapters/pg-store/index.js";
import type { Leadership } from "../../../src/core/ports/leadership.js";
import { startChild } from "./child.js";
import { describePg, freshSchema, schemaUrl } from "./harness.js";

describePg("PostgreSQL leadership", () => {
  let url: string;
  const releases: (() => Promise<void>)[] = [];
  beforeEach(() => {
    // Advisory locks live in the database, not the schema: a fresh schema name is all the isolation needed.
    url = schemaUrl(freshSchema());
  });
  afterEach(async () => {
    for (const r of releases.splice(0)) await r();
  });

  const leader = (project = "p", at = url): Leadership => pgLeadership({ location: parsePgLocation(at), project });
  const take = async (l: Leadership, name: string) => {
    const release = await l.acquire(name);
    if (release !== undefined) releases.push(release);
    return release;
  };

  it("of two acquirers at once exactly one leads; after release the other may", async () => {
    const [a, b] = [leader(), leader()];
    const results = await Promise.all([take(a, "refinery"), take(b, "refinery")]);
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    const winner = results.find((r) => r !== undefined);
    await winner?.();
    await winner?.();
    expect(await take(b, "refinery")).toBeDefined();
  });

  it("names, projects and schemas are separate locks", async () => {
    expect(await take(leader(), "refinery")).toBeDefined();
    expect(await take(leader(), "janitor")).toBeDefined();
    expect(await take(leader("other"), "refinery")).toBeDefined();
    expect(await take(leader("p", schemaUrl(freshSchema())), "refinery")).toBeDefined();
    expect(await take(leader(), "refinery")).toBeUndefined();
  });

  it("openLeadership gives the advisory-lock kind for a postgres:// store", async () => {
    const viaStore = openLeadership({ home: "/nonexistent", env: { POLECAT_STORE: url }, project: "p" });
    expect(await take(viaStore, "refinery")).toBeDefined();
    expect(await take(leader(), "refinery")).toBeUndefined();
  });

  it("a holder killed with SIGKILL loses the lock as soon as its connection is gone", async () => {
    const holder = startChild("pg-leader.mjs", [url, "p", "refinery"]);
    expect(await holder.next((m) => "held" in m)).toEqual({ held: true });
    expect(await take(leader(), "refinery")).toBeUndefined();
    await holder.kill();
    // The server notices the closed socket almost at once; poll with a deadline rather than sleep a fixed time.
    const deadline = Date.now() + 30_000;
    let release = await take(leader(), "refinery");
    while (release === undefined && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      release = await take(leader(), "refinery");
    }
    expect(release).toBeDefined();
  });
});
