import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFileStore } from "../../src/adapters/file-store/index.js";
import { describeStoreConformance } from "../store/conformance.js";

async function tempHome(): Promise<{ home: string; cleanup: () => Promise<void> }> {
  const home = await mkdtemp(join(tmpdir(), "polecat-store-"));
  return { home, cleanup: () => rm(home, { recursive: true, force: true }) };
}

describeStoreConformance("file store, test clock", async () => {
  const { home, cleanup } = await tempHome();
  let now = Date.UTC(2030, 0, 1);
  const store = await createFileStore({ home, clock: () => now });
  return { store, clock: { advance: (ms: number) => void (now += ms) }, cleanup };
});

describeStoreConformance("file store, real time", async () => {
  const { home, cleanup } = await tempHome();
  return { store: await createFileStore({ home }), cleanup };
});
