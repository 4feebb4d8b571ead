import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generate, generateTypes, typesPath, VALIDATORS, validatorPath } from "../../scripts/gen-validators.mjs";

describe("src/core/validators", () => {
  it.each(VALIDATORS)("%s.ts is what `npm run gen:validators` makes of its schema", (name) => {
    expect(readFileSync(validatorPath(name), "utf8"), "run `npm run gen:validators` after editing schemas/").toBe(generate(name));
  });

  it.each(VALIDATORS)("%s.types.ts is what `npm run gen:validators` makes of its schema", async (name) => {
    expect(readFileSync(typesPath(name), "utf8"), "run `npm run gen:validators` after editing schemas/").toBe(await generateTypes(name));
  });
});
