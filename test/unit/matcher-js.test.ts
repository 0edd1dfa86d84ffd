// The RegexMatcher contract, checked on the JS matcher (and on the native one when the addon has RE2): subjects,
// pair order, -1 on a short `out`, prefilter chunks, risky patterns, surrogates; and NativeMatcher's JS fallback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PatternError } from '../../src/errors.js';
import { CHUNK, JsMatcher } from '../../src/match/js-matcher.js';
import { NativeMatcher } from '../../src/match/native-matcher.js';
import type { PatternSpec, RegexMatcher } from '../../src/match/regex-matcher.js';
import type { RawBinding } from '../../src/native/binding.js';
import { loadNative } from '../../src/native/load.js';

const load = loadNative();
const makers: [string, (specs: PatternSpec[]) => RegexMatcher][] = [['js', (s) => new JsMatcher(s)]];
if (load.ok && load.binding.Matcher) makers.push(['native', (s) => new NativeMatcher(s, load.binding)]);

const SPECS: PatternSpec[] = [
  { source: '^/etc(/|$)', subject: 'cwd' },
  { source: '^(main|master)$', subject: 'branch' },
  { source: '^git\\s+push', subject: 'command' },
  { source: '--force', subject: 'command' },
  { source: 'main', subject: 'command' },
  { source: '(a+)+$', subject: 'command' }, // risky: tested on its own, outside any prefilter
];

function run(m: RegexMatcher, inputs: string[], size = 64): number[] {
  const out = new Int32Array(size);
  const n = m.matchInto(inputs, out);
  return n < 0 ? [n] : [...out.subarray(0, 2 * n)];
}

for (const [name, make] of makers) {
  test(`${name}: pairs are (pattern, input), by input then pattern; subjects route to their slots`, () => {
    const m = make(SPECS);
    assert.equal(m.engine, name);
    assert.equal(m.size, SPECS.length);
    assert.deepEqual(run(m, ['/etc', 'main', 'git push --force origin main', 'echo main', 'aaaa']), [0, 0, 1, 1, 2, 2, 3, 2, 4, 2, 4, 3, 5, 4]);
    assert.deepEqual(run(m, ['git push', 'git push']), []); // a command pattern never sees the cwd or branch slot
    assert.deepEqual(run(m, []), []);
    assert.deepEqual(run(m, ['/', 'dev', 'ls']), []);
  });

  test(`${name}: -1 when out cannot hold every pair`, () => {
    const m = make(SPECS);
    assert.deepEqual(run(m, ['/etc', 'main', 'git push --force main'], 7), [-1]);
    assert.deepEqual(run(m, ['/etc', 'main', 'git push --force main'], 10), [0, 0, 1, 1, 2, 2, 3, 2, 4, 2]);
  });

  test(`${name}: many patterns across prefilter chunks, astral and lone-surrogate inputs`, () => {
    const specs: PatternSpec[] = Array.from({ length: 3 * CHUNK + 5 }, (_, i) => ({ source: `\\bw${i}\\b`, subject: 'command' }));
    specs.push({ source: '^.$', subject: 'command' }, { source: '\\uFFFD', subject: 'command' });
    const m = make(specs);
    const last = specs.length - 1;
    assert.deepEqual(run(m, ['', '', `w0 w${CHUNK} w${3 * CHUNK + 4} w${CHUNK}x`]), [0, 2, CHUNK, 2, 3 * CHUNK + 4, 2]);
    assert.deepEqual(run(m, ['', '', '😀']), [last - 1, 2]);
    assert.deepEqual(run(m, ['', '', '\uD800']), [last - 1, 2, last, 2]);
    assert.deepEqual(run(m, ['', '', `😀 w7`]), [7, 2]);
  });

  test(`${name}: a pattern outside the dialect is a PatternError with its index`, () => {
    assert.throws(() => make([{ source: 'x', subject: 'command' }, { source: '(a)\\1', subject: 'command' }]), (err: unknown) => {
      assert.ok(err instanceof PatternError);
      assert.equal(err.index, 1);
      return true;
    });
  });
}

test('NativeMatcher: an engine failure (-2) is answered by the JS matcher and logged once', () => {
  const calls: unknown[] = [];
  class FailingMatcher {
    readonly size: number;
    constructor(sources: string[], subjects: Uint8Array) {
      calls.push([sources.length, [...subjects]]);
      this.size = sources.length;
    }
    matchInto(): number {
      return -2;
    }
    static check(): null {
      return null;
    }
  }
  const binding = { Matcher: FailingMatcher } as unknown as RawBinding;
  const logs: string[] = [];
  const m = new NativeMatcher(SPECS, binding, undefined, (msg) => logs.push(msg));
  assert.deepEqual(calls, [[6, [0, 1, 2, 2, 2, 2]]]);
  assert.deepEqual(run(m, ['/etc', 'master', 'ls']), [0, 0, 1, 1]);
  assert.deepEqual(run(m, ['/', 'dev', 'git push']), [2, 2]);
  assert.equal(logs.length, 1);
  assert.match(logs[0]!, /RE2 ran out of memory/);
  assert.throws(() => new NativeMatcher(SPECS, {} as RawBinding), { name: 'TypeError' });
});
