// Test runner settings: real git and real processes make some tests slow, so give them room.
import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Installs the pinned real agent CLIs (Claude Code, Gemini CLI, Codex) into their cache once.
    globalSetup: ["test/agents-real/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // At least two test files at once: the tests mostly wait on git and child processes, so on a 2-core
    // machine (where vitest's default, cores - 1, is one) a second worker fills the idle core.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    reporters: process.env.CI ? ["default"] : ["default"],
  },
});
