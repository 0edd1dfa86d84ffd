// Pure TS regex matcher: the fallback when the addon is missing and the oracle the native matcher is tested against.
// Per subject, patterns are tested through shared alternation prefilters, so a miss costs a few RegExp calls, not one per rule.
import { compilePatterns, type Translation } from './dialect.js';
import type { PatternSpec, PatternSubject, RegexMatcher } from './regex-matcher.js';

/** Patterns per prefilter: a hit in a chunk costs one test per pattern in it (bench/match.bench.js picked 16). */
export const CHUNK = 16;

// A surrogate unit means an astral code point (or a lone surrogate): then only the code-point-exact forms answer right.
const SURROGATE = /[\uD800-\uDFFF]/;

interface Chunk {
  /** One alternation of all the chunk's patterns, or null for a chunk of one (risky patterns always stand alone). */
  filter: RegExp | null;
  res: RegExp[];
  ids: number[];
}

interface SubjectPlan {
  chunks: Chunk[];
  ids: number[];
  exactSources: string[];
  exact: RegExp[] | undefined; // compiled on the first input with surrogates
}

// ES2024 string methods (V8 11.1+), missing from the ES2022 lib this project compiles against.
type WellFormed = string & { isWellFormed(): boolean; toWellFormed(): string };

const SUBJECT_SLOT: Record<PatternSubject, number> = { cwd: 0, branch: 1, command: 2 };

export class JsMatcher implements RegexMatcher {
  readonly engine = 'js' as const;
  readonly size: number;
  private readonly plans: (SubjectPlan | undefined)[] = [undefined, undefined, undefined];

  /** Throws PatternError(reason, index) for a pattern outside the dialect. */
  constructor(specs: readonly PatternSpec[], translations: readonly Translation[] = compilePatterns(specs)) {
    this.size = specs.length;
    const bySlot: number[][] = [[], [], []];
    specs.forEach((spec, i) => bySlot[SUBJECT_SLOT[spec.subject]]!.push(i));
    bySlot.forEach((ids, slot) => {
      if (ids.length === 0) return;
      const chunks: Chunk[] = [];
      let open: Chunk | undefined;
      for (const id of ids) {
        const t = translations[id]!;
        if (t.risky || open === undefined || open.ids.length === CHUNK) {
          open = { filter: null, res: [], ids: [] };
          chunks.push(open);
        }
        open.res.push(new RegExp(t.js));
        open.ids.push(id);
        if (t.risky) open = undefined;
      }
      for (const c of chunks) {
        if (c.ids.length > 1) c.filter = new RegExp(c.ids.map((id) => translations[id]!.js).join('|'));
      }
      this.plans[slot] = { chunks, ids, exactSources: ids.map((id) => translations[id]!.jsExact), exact: undefined };
    });
  }

  /** HOT PATH (bench/match.bench.js): 90 rules ≈ 1 µs on a miss; see bench/README.md. */
  matchInto(inputs: readonly string[], out: Int32Array): number {
    let n = 0;
    for (let i = 0; i < inputs.length; i++) {
      const plan = this.plans[i < 2 ? i : 2];
      if (plan === undefined) continue;
      const text = inputs[i]!;
      if (SURROGATE.test(text)) {
        n = this.matchExact(plan, text, i, out, n);
        if (n < 0) return -1;
        continue;
      }
      for (const chunk of plan.chunks) {
        if (chunk.filter !== null && !chunk.filter.test(text)) continue;
        const res = chunk.res;
        for (let k = 0; k < res.length; k++) {
          if (!res[k]!.test(text)) continue;
          if (n + 2 > out.length) return -1;
          out[n++] = chunk.ids[k]!;
          out[n++] = i;
        }
      }
    }
    return n >> 1;
  }

  /** Inputs with surrogates: code-point-exact forms, lone surrogates read as U+FFFD (as RE2 sees them). */
  private matchExact(plan: SubjectPlan, text: string, input: number, out: Int32Array, n: number): number {
    plan.exact ??= plan.exactSources.map((s) => new RegExp(s));
    const wellFormed = (text as WellFormed).isWellFormed() ? text : (text as WellFormed).toWellFormed();
    for (let k = 0; k < plan.exact.length; k++) {
      if (!plan.exact[k]!.test(wellFormed)) continue;
      if (n + 2 > out.length) return -1;
      out[n++] = plan.ids[k]!;
      out[n++] = input;
    }
    return n;
  }
}
