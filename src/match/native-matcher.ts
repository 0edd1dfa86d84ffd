// Wraps the addon's Matcher (RE2::Set, one call per request). If RE2 fails on an input (DFA out of memory), that request
// is answered by the JS matcher instead, and the first such failure is logged once.
import type { RawBinding, RawMatcher } from '../native/binding.js';
import { compilePatterns, type Translation } from './dialect.js';
import { JsMatcher } from './js-matcher.js';
import type { PatternSpec, PatternSubject, RegexMatcher } from './regex-matcher.js';

const SUBJECT_CODE: Record<PatternSubject, number> = { cwd: 0, branch: 1, command: 2 };

export class NativeMatcher implements RegexMatcher {
  readonly engine = 'native' as const;
  readonly size: number;
  private readonly raw: RawMatcher;
  private fallback: JsMatcher | undefined;
  private warned = false;

  /** Throws PatternError(reason, index) for a pattern outside the dialect or one RE2 rejects; TypeError without RE2. */
  constructor(
    private readonly specs: readonly PatternSpec[],
    binding: RawBinding,
    private readonly translations: readonly Translation[] = compilePatterns(specs),
    private readonly log: (message: string) => void = (m) => process.stderr.write(`safeshell: ${m}\n`),
  ) {
    if (!binding.Matcher) throw new TypeError('NativeMatcher: the addon was built without RE2');
    const subjects = Uint8Array.from(specs, (s) => SUBJECT_CODE[s.subject]);
    this.raw = new binding.Matcher(
      translations.map((t) => t.re2),
      subjects,
    );
    this.size = specs.length;
  }

  /** HOT PATH (bench/match.bench.js): one crossing per request, ~0.5 µs for a 40 B command at 90 or 10,000 rules. */
  matchInto(inputs: readonly string[], out: Int32Array): number {
    const n = this.raw.matchInto(inputs, out);
    return n === -2 ? this.rerunInJs(inputs, out) : n;
  }

  private rerunInJs(inputs: readonly string[], out: Int32Array): number {
    if (!this.warned) {
      this.warned = true;
      this.log('RE2 ran out of memory on an input; such requests are matched in JS (same answers, slower)');
    }
    this.fallback ??= new JsMatcher(this.specs, this.translations);
    return this.fallback.matchInto(inputs, out);
  }
}
