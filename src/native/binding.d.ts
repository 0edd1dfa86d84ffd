// Exact types of the raw addon surface (build/Release/addon.node). Only src/native/load.ts loads it.

export interface RawMatcher {
  /** See RegexMatcher.matchInto; subjects is one byte per pattern (0 cwd, 1 branch, 2 command). */
  matchInto(inputs: readonly string[], out: Int32Array): number;
  readonly size: number;
}

export interface RawBinding {
  abiVersion: number;
  hasRe2: boolean;
  init(classes: { PatternError: Function; SpawnError: Function }): void;
  /** Present only when the addon was built with RE2. */
  Matcher?: new (sources: string[], subjects: Uint8Array) => RawMatcher;
  [key: string]: unknown;
}
