// Patterns from an untrusted repo must not hang either path: RE2 is linear by construction; the JS path relies on V8's
// linear-time engine taking over after 50,000 backtracks (src/match/dialect.ts). Deadlines are generous for CI noise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linearFallback } from '../../src/match/dialect.js';
import { JsMatcher } from '../../src/match/js-matcher.js';
import { NativeMatcher } from '../../src/match/native-matcher.js';
import type { PatternSpec, RegexMatcher } from '../../src/match/regex-matcher.js';
import { loadNative } from '../../src/native/load.js';

const load = loadNative();
const native = load.ok && load.binding.Matcher ? load.binding : undefined;

const CASES: [string, string][] = [
  ['(a+)+$', `${'a'.repeat(10_000)}!`],
  ['(?:a|aa)+$', `${'a'.repeat(10_000)}!`],
  ['(?:\\s*)*x', ' '.repeat(10_000)],
  ['\\s*\\s*\\s*\\s*x', ' '.repeat(10_000)],
  ['(.*a){12}', 'a'.repeat(10_000)],
  ['^(([a-z])+.)+[A-Z]([a-z])+$', 'a'.repeat(10_000)],
  ['rm\\s+(-[^\\s]*r[^\\s]*\\s+)+/($|\\s)', `rm ${'-rrrrrrrr '.repeat(1000)}x`],
];

function timed(m: RegexMatcher, text: string): { ms: number; n: number } {
  const out = new Int32Array(16);
  const t0 = performance.now();
  const n = m.matchInto(['/', 'main', text], out);
  return { ms: performance.now() - t0, n };
}

test("V8's linear-time fallback is active on this Node", () => {
  assert.equal(linearFallback, true);
});

for (const [source, text] of CASES) {
  const specs: PatternSpec[] = [
    { source, subject: 'command' },
    { source: '^git\\s+push', subject: 'command' }, // a neighbour, so a shared prefilter would be exercised too
  ];
  test(`${source} on ${text.length} chars: JS finishes promptly`, () => {
    const m = new JsMatcher(specs);
    const { ms, n } = timed(m, text);
    assert.ok(ms < 2000, `${ms.toFixed(0)} ms`);
    assert.equal(timed(m, text).n, n);
  });
  test(`${source} on ${text.length} chars: native finishes promptly and agrees`, { skip: native ? false : 'no RE2' }, () => {
    const { ms, n } = timed(new NativeMatcher(specs, native!), text);
    assert.ok(ms < 500, `${ms.toFixed(0)} ms`);
    assert.equal(n, timed(new JsMatcher(specs), text).n);
  });
}
