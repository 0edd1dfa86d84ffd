// Pure TS regex matcher: the fallback when the addon is missing and the oracle the native matcher is tested against.
// Per subject, patterns are tested through shared alternation prefilters, so a miss costs a few RegExp calls, not one per rule.
import { compilePatterns, type Translation } from './dialect.js';
import type { PatternSpec, PatternSubject, RegexMatcher } from './regex-matcher.js';

/** Patterns per prefilter: a hit in a chunk costs one test per pattern in it (8–64 measured on the bench rows: 16). */
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
  fast: Chunk[];
  /** Code-point-exact forms, built on the first input with surrogates (rare: emoji, astral text). */
  exact: Chunk[] | undefined;
  ids: number[];
}

// ES2024 string methods (V8 11.1+), missing from the ES2022 lib this project compiles against.
type WellFormed = string & { isWellFormed(): boolean; toWellFormed(): string };

const SUBJECT_SLOT: Record<PatternSubject, number> = { cwd: 0, branch: 1, command: 2 };

/** Consecutive patterns share a prefilter, CHUNK at a time; a risky pattern gets a chunk of its own. */
function chunk(ids: readonly number[], translations: readonly Translation[], form: 'js' | 'jsExact'): Chunk[] {
  const chunks: Chunk[] = [];
  let open: Chunk | undefined;
  for (const id of ids) {
    const t = translations[id]!;
    if (t.risky || open === undefined || open.ids.length === CHUNK) {
      open = { filter: null, res: [], ids: [] };
      chunks.push(open);
    }
    open.res.push(new RegExp(t[form]));
    open.ids.push(id);
    if (t.risky) open = undefined;
  }
  for (const c of chunks) if (c.ids.length > 1) c.filter = new RegExp(c.ids.map((id) => translations[id]![form]).join('|'));
  return chunks;
}

export class JsMatcher implements RegexMatcher {
  readonly engine = 'js' as const;
  readonly size: number;
  private readonly plans: (SubjectPlan | undefined)[] = [undefined, undefined, undefined];

  /** Throws PatternError(reason, index) for a pattern outside the dialect. */
  constructor(
    specs: readonly PatternSpec[],
    private readonly translations: readonly Translation[] = compilePatterns(specs),
  ) {
    this.size = specs.length;
    const bySlot: number[][] = [[], [], []];
    specs.forEach((spec, i) => bySlot[SUBJECT_SLOT[spec.subject]]!.push(i));
    bySlot.forEach((ids, slot) => {
      if (ids.length > 0) this.plans[slot] = { fast: chunk(ids, translations, 'js'), exact: undefined, ids };
    });
  }

  /** HOT PATH (bench/match.bench.js): 90 rules ≈ 1 µs for a 40 B miss, ~30 µs for 4 KB; see bench/README.md. */
  matchInto(inputs: readonly string[], out: Int32Array): number {
    let n = 0;
    for (let i = 0; i < inputs.length; i++) {
      const plan = this.plans[i < 2 ? i : 2];
      if (plan === undefined) continue;
      let text = inputs[i]!;
      let chunks = plan.fast;
      if (SURROGATE.test(text)) {
        // Astral code points (or lone surrogates, read as U+FFFD as RE2 sees them): only the exact forms answer right.
        text = (text as WellFormed).isWellFormed() ? text : (text as WellFormed).toWellFormed();
        chunks = plan.exact ??= chunk(plan.ids, this.translations, 'jsExact');
      }
      for (const c of chunks) {
        if (c.filter !== null && !c.filter.test(text)) continue;
        const res = c.res;
        for (let k = 0; k < res.length; k++) {
          if (!res[k]!.test(text)) continue;
          if (n + 2 > out.length) return -1;
          out[n++] = c.ids[k]!;
          out[n++] = i;
        }
      }
    }
    return n >> 1;
  }
}
