// Types of scripts/config-reference.mjs, so the TypeScript drift test can import the generator itself.

/** One configuration key in the reference tables. */
export interface ReferenceRow {
  path: string;
  type: string;
  default: string;
  description: string;
}

/** Markers around the generated section of README.md. */
export const START: string;
/** Closing marker of the generated section. */
export const END: string;
/** The schemas the reference covers, in README order. */
export const SOURCES: readonly { file: string; schema: string }[];
/** Every configuration key of one parsed schema. */
export function rows(schema: Record<string, unknown>): ReferenceRow[];
/** The Markdown between the markers, from the parsed schemas in SOURCES order. */
export function renderReference(schemas: readonly Record<string, unknown>[]): string;
/** README text with the generated section between the markers (added at the end if absent). */
export function spliceReference(readme: string, generated: string): string;
/** The first line where two texts differ. */
export function firstDifference(actual: string, expected: string): { line: number; actual: string; expected: string } | undefined;
