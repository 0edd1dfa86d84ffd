// Contract of the raw Matcher binding: argument checks (TypeError), PatternError from C++ (class, message, index),
// the -1 / pairs protocol, and how strings cross (lone surrogates, NUL). Everything else goes through the TS wrapper.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PatternError } from '../../src/errors.js';
import { loadNative } from '../../src/native/load.js';
import type { RawBinding, RawMatcherClass } from '../../src/native/binding.js';

const load = loadNative();
const binding: RawBinding | undefined = load.ok ? load.binding : undefined;
const Matcher: RawMatcherClass | undefined = binding?.Matcher;
const skip = Matcher ? false : `addon without RE2 (${load.ok ? 'hasRe2 false' : load.reason})`;

test('boundary probes exist in every build (with or without RE2)', { skip: load.ok ? false : load.reason }, () => {
  assert.equal(binding!.noop!(), undefined);
  assert.equal(binding!.utf8Length!('héllo'), 6);
  assert.equal(binding!.utf8Length!('a\0b'), 3);
  assert.equal(binding!.utf8Length!('\u{1F600}'), 4);
  assert.equal(binding!.hasRe2, binding!.Matcher !== undefined);
  assert.throws(() => (binding!.utf8Length as (x: unknown) => number)(1), { name: 'TypeError', message: 'utf8Length(text): text must be a string' });
});

test('a bad pattern is a PatternError built from C++: RE2 message and the global index', { skip }, () => {
  const err = (() => {
    try {
      new Matcher!(['ok', 'fine', 'a('], Uint8Array.of(0, 2, 2));
    } catch (e) {
      return e;
    }
    return undefined;
  })();
  assert.ok(err instanceof PatternError);
  assert.equal((err as PatternError).name, 'PatternError');
  assert.equal((err as PatternError).code, 'E_RULE_PATTERN');
  assert.equal((err as PatternError).message, 'missing ): a(');
  assert.equal((err as PatternError).index, 2);
  assert.throws(() => new Matcher!(['x', '(?:a{100}){11}'], Uint8Array.of(1, 1)), {
    name: 'PatternError',
    message: 'invalid repetition size: {11}',
    index: 1,
  });
});

test('wrong argument types are TypeErrors with exact messages, never a crash', { skip }, () => {
  const M = Matcher as unknown as new (...a: unknown[]) => { matchInto(...a: unknown[]): number };
  const ctor = (...a: unknown[]): unknown => new M(...a);
  const te = (message: string) => ({ name: 'TypeError', message });
  assert.throws(() => ctor(), te('Matcher(sources, subjects): sources must be an array of strings'));
  assert.throws(() => ctor('x', Uint8Array.of(2)), te('Matcher(sources, subjects): sources must be an array of strings'));
  assert.throws(() => ctor(['x'], [2]), te('Matcher(sources, subjects): subjects must be a Uint8Array'));
  assert.throws(() => ctor(['x'], Int8Array.of(2)), te('Matcher(sources, subjects): subjects must be a Uint8Array'));
  assert.throws(() => ctor(['x'], Uint8Array.of(2, 2)), te('Matcher(sources, subjects): subjects must have one entry per source'));
  assert.throws(() => ctor(['x', 3], Uint8Array.of(2, 2)), te('Matcher(sources, subjects): sources[1] is not a string'));
  assert.throws(() => ctor(['x'], Uint8Array.of(3)), te('Matcher(sources, subjects): subjects[0] must be 0 (cwd), 1 (branch) or 2 (command)'));
  assert.throws(() => (Matcher as unknown as (...a: unknown[]) => unknown)(['x'], Uint8Array.of(2)), { name: 'TypeError' });

  const m = new M(['x', 'y'], Uint8Array.of(1, 2)); // only slots with patterns are read, so give the branch one
  const out = new Int32Array(4);
  assert.throws(() => m.matchInto(), te('matchInto(inputs, out): inputs must be an array of strings'));
  assert.throws(() => m.matchInto('x', out), te('matchInto(inputs, out): inputs must be an array of strings'));
  assert.throws(() => m.matchInto(['', '', 'x'], [0, 0]), te('matchInto(inputs, out): out must be an Int32Array'));
  assert.throws(() => m.matchInto(['', '', 'x'], new Uint32Array(4)), te('matchInto(inputs, out): out must be an Int32Array'));
  assert.throws(() => m.matchInto(['', null, 'x'], out), te('matchInto(inputs, out): inputs[1] is not a string'));
  assert.throws(() => Matcher!.check(1 as unknown as string), te('Matcher.check(source): source must be a string'));
});

test('matchInto writes (pattern, input) pairs ordered by input then pattern; -1 when out is too small', { skip }, () => {
  const m = new Matcher!(['^/etc', 'main', 'rm', '^git\\s+push', '(?s:.)', 'x'], Uint8Array.of(0, 1, 2, 2, 2, 2));
  assert.equal(m.size, 6);
  const out = new Int32Array(32);
  const n = m.matchInto(['/etc/x', 'main', 'git push', 'rm -rf /'], out);
  assert.equal(n, 6);
  assert.deepEqual([...out.subarray(0, 2 * n)], [0, 0, 1, 1, 3, 2, 4, 2, 2, 3, 4, 3]);
  assert.equal(m.matchInto(['/etc/x', 'main', 'git push', 'rm -rf /'], new Int32Array(11)), -1);
  assert.equal(m.matchInto([], out), 0);
  assert.equal(m.matchInto(['/home', 'dev'], out), 0);
  const detached = m.matchInto; // an own function holding the compiled sets: usable without its object
  assert.equal(detached([], out), 0);
});

test('strings cross as UTF-8: NUL kept, lone surrogates read as U+FFFD', { skip }, () => {
  const m = new Matcher!(['a\\x{0}b', '\\x{FFFD}', '^(?s:.)$', '\\x{1F600}'], Uint8Array.of(2, 2, 2, 2));
  const out = new Int32Array(16);
  const hits = (text: string): number[] => {
    const n = m.matchInto(['', '', text], out);
    return [...out.subarray(0, 2 * n)].filter((_, i) => i % 2 === 0);
  };
  assert.deepEqual(hits('a\0b'), [0]);
  assert.deepEqual(hits('\uD800'), [1, 2]);
  assert.deepEqual(hits('\uDC00x'), [1]);
  assert.deepEqual(hits('\u{1F600}'), [2, 3]);
  assert.equal(Matcher!.check('a('), 'missing ): a(');
  assert.equal(Matcher!.check('\\x{41}+'), null);
});

test('a set too large for its memory budget is PatternError index -1, not a crash', { skip }, () => {
  // 80 patterns of ~8,000 RE2 instructions each: beyond the set's budget (32 MiB + 16 KiB per pattern).
  const sources = Array.from({ length: 80 }, (_, i) => `x${i}[^a]{1000}`);
  assert.throws(() => new Matcher!(sources, new Uint8Array(sources.length).fill(2)), (err: unknown) => {
    assert.ok(err instanceof PatternError);
    assert.equal(err.index, -1);
    assert.match(err.message, /^the rule set is too large for RE2 \(max_mem \d+ MiB\)$/);
    return true;
  });
});
