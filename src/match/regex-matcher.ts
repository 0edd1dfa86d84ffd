// The contract both regex matchers (JS and native) implement, so evaluate.ts cannot tell them apart.

/** What a pattern is tested against. Input slot 0 is the cwd, slot 1 the git branch, slots 2.. command texts. */
export type PatternSubject = 'cwd' | 'branch' | 'command';

export interface PatternSpec {
  source: string;
  subject: PatternSubject;
}

export interface RegexMatcher {
  readonly engine: 'js' | 'native';
  readonly size: number;
  /**
   * HOT PATH (bench/match.bench.js): one call per request.
   * inputs = [cwd, branch, text0, text1, …]. For every pattern whose subject is an input's kind and which
   * matches that input, writes the pair (patternIndex, inputIndex) into `out` and returns the number of pairs.
   * If the pairs would not fit, returns -1 and the caller retries with a larger array.
   */
  matchInto(inputs: readonly string[], out: Int32Array): number;
}

export function subjectOfInput(inputIndex: number): PatternSubject {
  return inputIndex === 0 ? 'cwd' : inputIndex === 1 ? 'branch' : 'command';
}
