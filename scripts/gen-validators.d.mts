// Types of scripts/gen-validators.mjs, so the TypeScript drift test can import the generator itself.

/** The schemas compiled, by the name their validator module carries. */
export const VALIDATORS: readonly string[];
/** The options every schema is compiled with. */
export const AJV_OPTIONS: Record<string, unknown>;
/** Where the validator module of a schema lives. */
export function validatorPath(name: string): string;
/** The TypeScript module for one schema. */
export function generate(name: string): string;
/** Where the document type module of a schema lives. */
export function typesPath(name: string): string;
/** The TypeScript module with the shape of a validated document of one schema. */
export function generateTypes(name: string): Promise<string>;
