// createMatcher: SAFESHELL_NATIVE=off|require|auto, what `reason` says in each case, and that calibration stays cheap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SafeshellError } from '../../src/errors.js';
import { createMatcher } from '../../src/match/select-matcher.js';
import type { PatternSpec } from '../../src/match/regex-matcher.js';
import type { RawBinding } from '../../src/native/binding.js';
import { loadNative, type NativeLoad } from '../../src/native/load.js';

const real = loadNative();
const hasRe2 = real.ok && real.binding.Matcher !== undefined;
const SPECS: PatternSpec[] = [
  { source: '^git\\s+push.*(--force|-f)', subject: 'command' },
  { source: 'rm\\s+.*-[rf]*r[rf]*', subject: 'command' },
  { source: '^(main|master)$', subject: 'branch' },
];
const missing = (): NativeLoad => ({ ok: false, reason: 'addon not built (build/Release/addon.node missing)', path: 'x' });
const noRe2 = (): NativeLoad => ({ ok: true, binding: { abiVersion: 1, hasRe2: false } as RawBinding, path: 'x' });

test('off: JS, and the addon is not even loaded', () => {
  const c = createMatcher(SPECS, 'off', () => assert.fail('loaded the addon'));
  assert.equal(c.matcher.engine, 'js');
  assert.equal(c.reason, 'JS: disabled by SAFESHELL_NATIVE=off');
});

test('auto without the addon or without RE2: JS, with the reason doctor prints', () => {
  assert.equal(createMatcher(SPECS, 'auto', missing).reason, 'JS: addon not built (build/Release/addon.node missing)');
  const c = createMatcher(SPECS, 'auto', noRe2);
  assert.equal(c.matcher.engine, 'js');
  assert.equal(c.reason, 'JS: addon built without RE2 (pkg-config re2 not found, or SAFESHELL_NO_RE2=1 at build time)');
});

test('require without RE2 throws E_NATIVE', () => {
  assert.throws(() => createMatcher(SPECS, 'require', noRe2), (err: unknown) => {
    assert.ok(err instanceof SafeshellError);
    assert.equal(err.code, 'E_NATIVE');
    assert.equal(err.message, 'native matcher required (SAFESHELL_NATIVE=require) but addon built without RE2 (pkg-config re2 not found, or SAFESHELL_NO_RE2=1 at build time)');
    return true;
  });
});

test('a bad pattern is a PatternError in every mode, before any engine is chosen', () => {
  for (const mode of ['off', 'auto'] as const) {
    assert.throws(() => createMatcher([{ source: '(?=x)', subject: 'command' }], mode, missing), { name: 'PatternError', index: 0 });
  }
});

test('require with RE2: native, and the measured ratio in the reason', { skip: hasRe2 ? false : 'no RE2' }, () => {
  const c = createMatcher(SPECS, 'require', () => real);
  assert.equal(c.matcher.engine, 'native');
  assert.match(c.reason, /^native RE2::Set \(SAFESHELL_NATIVE=require; measured [\d.]+× JS speed\)$/);
});

test('auto with RE2: calibrated pick with a one-line reason; large sets go native without calibrating', { skip: hasRe2 ? false : 'no RE2' }, () => {
  const c = createMatcher(SPECS, 'auto', () => real);
  assert.match(c.reason, c.matcher.engine === 'native' ? /^native RE2::Set \(measured [\d.]+× faster\)$/ : /^JS: measured faster than native RE2::Set for this rule set \(native at [\d.]+× JS speed\)$/);
  const many = Array.from({ length: 200 }, (_, i): PatternSpec => ({ source: `^tool${i}\\s+\\S+.*\\s+delete(\\s|$)`, subject: 'command' }));
  const big = createMatcher(many, 'auto', () => real);
  assert.equal(big.matcher.engine, 'native');
  assert.equal(big.reason, 'native RE2::Set (200 patterns: native is faster from ~50, bench/match.bench.js)');
  const out = new Int32Array(8);
  assert.equal(big.matcher.matchInto(['/', 'main', 'tool7 group x delete'], out), 1);
  assert.deepEqual([...out.subarray(0, 2)], [7, 2]);
});

