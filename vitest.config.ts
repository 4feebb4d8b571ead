// Test runner settings: real git and real processes make some tests slow, so give them room.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Installs the pinned real agent CLIs (Claude Code, Gemini CLI, Codex) into their cache once.
    globalSetup: ["test/agents-real/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: process.env.CI ? ["default"] : ["default"],
  },
});
