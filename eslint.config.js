// Lint rules: type-checked TypeScript, and a pure src/core that never does I/O.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const ioModules = ["fs", "fs/promises", "child_process", "os", "net", "http", "https", "worker_threads", "process"];

export default tseslint.config(
  { ignores: ["dist/**", "dist-check/**", "node_modules/**", "coverage/**", "src/core/validators/**"] },
  js.configs.recommended,
  {
    files: ["**/*.ts"],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            ...ioModules.flatMap((m) => [
              { name: m, message: "src/core is pure: do I/O in src/adapters." },
              { name: `node:${m}`, message: "src/core is pure: do I/O in src/adapters." },
            ]),
            ...["execa", "simple-git", "proper-lockfile", "pg", "cron", "listr2"].map((name) => ({
              name,
              message: "src/core is pure: do I/O in src/adapters.",
            })),
          ],
        },
      ],
      "no-restricted-globals": ["error", { name: "process", message: "src/core is pure: pass the world in." }],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: {
      globals: { process: "readonly", console: "readonly", setTimeout: "readonly", clearTimeout: "readonly", setInterval: "readonly", clearInterval: "readonly", Buffer: "readonly", URL: "readonly" },
    },
  },
);
