import { hostname } from "node:os";
import { expect, it } from "vitest";
import { newOwnerId } from "../../src/adapters/owner.js";

it("names host and pid, and differs on every call", () => {
  const id = newOwnerId();
  expect(id).toMatch(new RegExp(`^${hostname().replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:${process.pid}:[0-9a-f]{8}$`));
  expect(newOwnerId()).not.toBe(id);
});
