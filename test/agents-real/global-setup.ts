// Vitest global setup: installs the pinned real agent CLIs (test/agents-real/manifest.json) into their
// cache before any test runs, so `npm ci && npm test` on a fresh machine has them. A no-op once
// installed. A failed install does not stop the other tests: the harness reports it in every test that
// needs a CLI.
import type { TestProject } from "vitest/node";
import { ensureAgentClis, type AgentClisEntry } from "../../scripts/install-agent-clis.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    agentClis: { entry: AgentClisEntry } | { error: string };
  }
}

/** Installs the CLIs (when needed) and hands the entry, or the install error, to the tests. */
export default async function setup(project: TestProject): Promise<void> {
  try {
    const entry = await ensureAgentClis({ log: (line) => process.stderr.write(`[agent CLIs] ${line}\n`) });
    project.provide("agentClis", { entry });
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    process.stderr.write(`[agent CLIs] install failed; the real-agent tests will fail with:\n${error}\n`);
    project.provide("agentClis", { error });
  }
}
