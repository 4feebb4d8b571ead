// Lint rules: type-checked TypeScript, a pure src/core that never does I/O, and the floors
// (cli → runtime → adapters → core): no module imports from a floor above its own.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Relative imports that climb into one of these floors, from anywhere below src/<floor>/. */
const floorPattern = (floors, below) => ({
  regex: `^(\\.\\./)+(${floors.join("|")})/`,
  message: `src/${below} may not import from ${floors.map((f) => `src/${f}`).join(" or ")}: the floors are cli → runtime → adapters → core.`,
});

/** proper-lockfile is taken in one module only. */
const oneLockModule = { name: "proper-lockfile", message: "take locks through src/adapters/lockfile.ts, the one lock module." };

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
            ...["execa", "proper-lockfile", "pg", "cron", "listr2"].map((name) => ({
              name,
              message: "src/core is pure: do I/O in src/adapters.",
            })),
          ],
          patterns: [floorPattern(["adapters", "runtime", "cli"], "core")],
        },
      ],
      "no-restricted-globals": ["error", { name: "process", message: "src/core is pure: pass the world in." }],
    },
  },
  {
    files: ["src/adapters/**/*.ts"],
    ignores: ["src/adapters/lockfile.ts"],
    rules: { "no-restricted-imports": ["error", { paths: [oneLockModule], patterns: [floorPattern(["runtime", "cli"], "adapters")] }] },
  },
  {
    files: ["src/adapters/lockfile.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [floorPattern(["runtime", "cli"], "adapters")] }] },
  },
  {
    files: ["src/runtime/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { paths: [oneLockModule], patterns: [floorPattern(["cli"], "runtime")] }] },
  },
  {
    files: ["src/cli/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { paths: [oneLockModule] }] },
  },
  {
    files: ["src/**/*.ts"],
    ignores: ["src/adapters/git/run.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.name=/^execa/][arguments.0.value='git']",
          message: "git runs through the one git runner, src/adapters/git/run.ts (hooks off, environment scrubbed).",
        },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: {
      globals: { process: "readonly", console: "readonly", setTimeout: "readonly", clearTimeout: "readonly", setInterval: "readonly", clearInterval: "readonly", Buffer: "readonly", URL: "readonly" },
    },
  },
);
