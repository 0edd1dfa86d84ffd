// Picks the regex matcher for one rule set: native RE2::Set when the addon has it and a quick calibration shows it faster
// for these rules, JS otherwise. `reason` is what `safeshell doctor` and `rules explain` print.
import { SafeshellError } from '../errors.js';
import { loadNative, type NativeLoad, type NativeMode } from '../native/load.js';
import { compilePatterns } from './dialect.js';
import { JsMatcher } from './js-matcher.js';
import { NativeMatcher } from './native-matcher.js';
import type { PatternSpec, RegexMatcher } from './regex-matcher.js';

export interface MatcherChoice {
  matcher: RegexMatcher;
  reason: string;
}

/** Calibration budget, warm-up included: JS compiles each RegExp on first use (~3 ms at 90 rules) and again on tier-up. */
const BUDGET_MS = 5;
/** From here on native wins (1.5× at the 90-rule pack, 3–1000× above: bench/match.bench.js), so the daemon's start-up
 *  skips calibration, which would cost ~25 ms of first-use JS regex compiles. */
const ALWAYS_NATIVE = 50;

// What calibration feeds both matchers: mostly short commands, as agents send them, and one long one.
const CALIBRATION: string[][] = (() => {
  const cmds = ['git status', 'npm run build -- --watch', 'rm -rf node_modules/.cache', 'docker compose up -d db',
    'git push origin feature/x', 'cat src/index.ts | grep -n export', 'python3 -m pytest -q tests/unit'];
  const long = `node scripts/release.js ${'--tag v1.2.3 --notes "fix: retry on EAGAIN" '.repeat(24)}`;
  return [...cmds, long].map((c) => ['/home/dev/project', 'main', c]);
})();

/**
 * `mode` is SAFESHELL_NATIVE: `off` → JS; `require` → native or throw (E_NATIVE); `auto`/`debug` → native if it is
 * available and measured faster. Throws PatternError(reason, index) for a pattern outside the dialect.
 */
export function createMatcher(
  specs: readonly PatternSpec[],
  mode: NativeMode,
  load: (m: NativeMode) => NativeLoad = loadNative,
): MatcherChoice {
  const translations = compilePatterns(specs);
  const js = (reason: string): MatcherChoice => ({ matcher: new JsMatcher(specs, translations), reason: `JS: ${reason}` });
  if (mode === 'off') return js('disabled by SAFESHELL_NATIVE=off');

  const loaded = load(mode); // throws E_NATIVE itself when required and the addon is missing
  let native: NativeMatcher | undefined;
  let why = '';
  if (!loaded.ok) why = loaded.reason;
  else if (!loaded.binding.Matcher) why = 'addon built without RE2 (pkg-config re2 not found, or SAFESHELL_NO_RE2=1 at build time)';
  else {
    try {
      native = new NativeMatcher(specs, loaded.binding, translations);
    } catch (err) {
      if (!(err instanceof Error) || err.name !== 'PatternError') throw err;
      why = `RE2 rejected the rule set (${err.message})`;
    }
  }
  if (native === undefined) {
    if (mode === 'require') {
      throw new SafeshellError('E_NATIVE', `native matcher required (SAFESHELL_NATIVE=require) but ${why}`, {
        hint: 'install libre2-dev (pkg-config re2) and run `npm run build:native`',
      });
    }
    return js(why);
  }
  if (specs.length >= ALWAYS_NATIVE) {
    return { matcher: native, reason: `native RE2::Set (${specs.length} patterns: native is faster from ~50, bench/match.bench.js)` };
  }
  const jsMatcher = new JsMatcher(specs, translations);
  const ratio = calibrate(native, jsMatcher);
  const shown = `${ratio < 10 ? ratio.toFixed(1) : Math.round(ratio)}×`;
  if (mode === 'require') return { matcher: native, reason: `native RE2::Set (SAFESHELL_NATIVE=require; measured ${shown} JS speed)` };
  return ratio > 1
    ? { matcher: native, reason: `native RE2::Set (measured ${shown} faster)` }
    : { matcher: jsMatcher, reason: `JS: measured faster than native RE2::Set for this rule set (native at ${shown} JS speed)` };
}

/** JS time / native time over the calibration inputs, best of a few rounds within BUDGET_MS. */
function calibrate(native: RegexMatcher, js: RegexMatcher): number {
  const out = new Int32Array(2 * 3 * (native.size + 1));
  const round = (m: RegexMatcher): number => {
    const t0 = performance.now();
    for (const inputs of CALIBRATION) m.matchInto(inputs, out);
    return performance.now() - t0;
  };
  const deadline = performance.now() + BUDGET_MS;
  round(native); // warm-up: lazy DFA states
  round(js); // warm-up: V8 compiles each RegExp to bytecode on first use, to machine code on the second
  let tNative = Infinity;
  let tJs = Infinity;
  for (let r = 0; r < 8 && (r < 3 || performance.now() < deadline); r++) {
    tNative = Math.min(tNative, round(native));
    tJs = Math.min(tJs, round(js));
  }
  return tJs / Math.max(tNative, 1e-6);
}
