// The PostgreSQL store against the shared conformance suite (database time, so the suite waits in real time).
import { createPgStore } from "../../../src/adapters/pg-store/index.js";
import { describeStoreConformance } from "../../core/ports/store-conformance/index.js";
import { describePg, pgSandbox } from "./harness.js";

describePg("PostgreSQL store", () => {
  describeStoreConformance("PostgreSQL store", async () => {
    const sandbox = await pgSandbox();
    const store = await createPgStore({ url: sandbox.url, home: sandbox.home });
    return { store, cleanup: sandbox.cleanup };
  });
});
