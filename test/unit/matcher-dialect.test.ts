// The rule regex dialect (src/match/dialect.ts): what it accepts, the one-line reasons for what it rejects, and that the
// syntax-only check (no RE2 in the addon) accepts exactly what RE2 accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPattern, checkPatternWith, compilePatterns, translate } from '../../src/match/dialect.js';
import { NativeMatcher } from '../../src/match/native-matcher.js';
import { PatternError } from '../../src/errors.js';
import { loadNative } from '../../src/native/load.js';

const load = loadNative();
const re2 = load.ok ? load.binding.Matcher : undefined;

const ACCEPTED = [
  '', 'rm\\s+-rf', '^git\\s+push.*(--force|-f)', '\\.(env|env\\.local)($|\\s)', '[^\\s/]+', '(?<verb>create|delete)', '(?:a|b)*?c',
  'a{2}', 'a{2,}', 'a{0,1000}', '(?:a{10}){100}', '[\\d-]', '[-a]', '[a-]', '[\\-]', '[\\b]', '\\0', '\\x41\\u0042\\u{43}',
  '\\u{1F600}', '\\uD83D\\uDE00', '[😀-🙏]', '\\cJ', '\\/', '[]', '[^]', '\\t\\n\\v\\f\\r', 'é+', '(a+)+$', '(?:)', '\\bword\\B',
  '[\\s\\S]', '(.*a){12}', '[^\\W\\d_]',
];

const REJECTED: [string, string][] = [
  ['(a)\\1', 'backreferences (\\1…) are not supported: RE2 has none'],
  ['(?<n>a)\\k<n>', 'backreferences (\\k<name>) are not supported: RE2 has none'],
  ['a(?=b)', 'lookaround ((?=, (?!, (?<=, (?<!) is not supported: RE2 has none'],
  ['a(?!b)', 'lookaround ((?=, (?!, (?<=, (?<!) is not supported: RE2 has none'],
  ['(?<=a)b', 'lookaround ((?=, (?!, (?<=, (?<!) is not supported: RE2 has none'],
  ['(?<!a)b', 'lookaround ((?=, (?!, (?<=, (?<!) is not supported: RE2 has none'],
  ['(?>a+)b', 'atomic groups (?>…) are not supported'],
  ['a*+', 'possessive quantifiers (*+, ++, ?+) are not supported'],
  ['a++', 'possessive quantifiers (*+, ++, ?+) are not supported'],
  ['a\\Z', '\\Z is not JS syntax (use ^ and $)'],
  ['\\Aa', '\\A is not JS syntax (use ^ and $)'],
  ['a\\z', '\\z is not JS syntax (use ^ and $)'],
  ['(?i)abc', 'inline flags and other (?…) groups are not supported'],
  ['(?P<n>a)', 'named groups are written (?<name>…)'],
  ['\\p{L}', 'Unicode property escapes (\\p{…}) are not supported: V8 and RE2 use different Unicode tables'],
  ['a{1001}', "repetition count above 1000 (RE2's limit)"],
  ['(?:a{100}){11}', "nested counted repeats multiply above 1000 (RE2's limit)"],
  ['[z-a]', 'range out of order in character class'],
  ['[\\d-z]', 'a class escape (\\d, \\s, \\w…) cannot bound a range'],
  ['a{3,2}', 'numbers out of order in {3,2}'],
  ['\\uD800', 'lone surrogates (\\uD800–\\uDFFF) are not supported'],
  ['a\uD800', 'lone surrogates (\\uD800–\\uDFFF) are not supported'],
  ['a{', "incomplete quantifier: '{' must be escaped as \\{"],
  ['a{,3}', "incomplete quantifier: '{' must be escaped as \\{"],
  ['{1}', "nothing to repeat before '{'"],
  ['*a', "nothing to repeat before '*'"],
  ['a**', "nothing to repeat before '*'"],
  ['^*', 'an anchor or \\b cannot be repeated'],
  ['\\b+', 'an anchor or \\b cannot be repeated'],
  [']', "lone ']' (escape it as \\])"],
  ['a}', "lone '}' (escape it as \\})"],
  ['\\01', 'octal escapes are not supported (use \\x..)'],
  ['\\q', 'unknown escape \\q'],
  ['\\-', 'unknown escape \\-'],
  ['\\c1', '\\c must be followed by a letter'],
  ['\\x4', 'bad hex escape (\\x needs 2 digits, \\u 4 or {…})'],
  ['\\u{110000}', 'bad \\u{…} escape'],
  ['(a', 'missing )'],
  ['a)', 'unmatched )'],
  ['[a', 'missing ]'],
  ['[\\B]', '\\B is not allowed in a character class'],
  ['(?<1a>x)', 'bad group name: use (?<name>…) with an ASCII identifier'],
  ['x'.repeat(4097), 'longer than 4096 characters'],
  ['('.repeat(101) + ')'.repeat(101), 'groups nested deeper than 100'],
  ['[^a]{1000}[^b]{1000}', 'too large once counted repeats are spelled out'],
  ['(?<a>x)(?<a>y)', '/(?<a>x)(?<a>y)/su: Duplicate capture group name'],
];

test('accepted patterns', () => {
  for (const p of ACCEPTED) assert.equal(checkPattern(p), null, p);
});

test('rejected patterns come with a one-line reason', () => {
  for (const [p, reason] of REJECTED) {
    assert.equal(checkPattern(p), reason, p.slice(0, 40));
    assert.doesNotMatch(reason, /\n/);
  }
});

test('compilePatterns throws PatternError with the index of the first bad pattern', () => {
  assert.throws(() => compilePatterns([{ source: 'ok', subject: 'command' }, { source: 'a(?=b)', subject: 'cwd' }]), (err: unknown) => {
    assert.ok(err instanceof PatternError);
    assert.equal(err.index, 1);
    assert.equal(err.code, 'E_RULE_PATTERN');
    return true;
  });
});

test('without RE2 the syntax checks accept exactly what RE2 accepts', { skip: re2 ? false : 'addon without RE2' }, () => {
  const edge = [...ACCEPTED, ...REJECTED.map(([p]) => p), '(?s:.){1000}', '[^a]{1000}', '\\s{1000}', '(?:a{10}){100}x{1000}',
    '(?:(?:a{10}){10}){10}', '(?:(?:a{10}){10}){11}', '(?:a{7}){142}', '(?:a{7}){143}', 'a{1000}b{1000}', '(?:)*', '(?:^)*', '(?:\\b|a)+',
    '[\\u{10000}-\\u{10FFFF}]{500}', '(?:😀){1000}', 'x{0}', '(?:a*){1000}'];
  for (const p of edge) {
    const withRe2 = checkPattern(p);
    const without = checkPatternWith(p, null);
    assert.equal(without === null, withRe2 === null, `${p.slice(0, 40)}: without RE2 ${without}, with RE2 ${withRe2}`);
  }
});

test('\\s is ECMAScript whitespace in every form, code point by code point', { skip: load.ok && re2 ? false : 'addon without RE2' }, () => {
  const m = new NativeMatcher([{ source: '^\\s$', subject: 'command' }], load.ok ? load.binding : ({} as never));
  const js = new RegExp(translate('^\\s$').jsExact);
  const out = new Int32Array(2 * 1002);
  for (let base = 0; base <= 0x10ffff; base += 1000) {
    const texts: string[] = [];
    for (let cp = base; cp < base + 1000 && cp <= 0x10ffff; cp++) texts.push(cp >= 0xd800 && cp <= 0xdfff ? 'x' : String.fromCodePoint(cp));
    const n = m.matchInto(['', '', ...texts], out);
    const native = new Set([...out.subarray(0, 2 * n)].filter((_, i) => i % 2 === 1).map((i) => base + i - 2));
    texts.forEach((t, k) => {
      const expected = /^\s$/u.test(t);
      assert.equal(native.has(base + k), expected, `U+${(base + k).toString(16)} native`);
      assert.equal(js.test(t), expected, `U+${(base + k).toString(16)} JS exact form`);
    });
  }
});

test('translations: V8 forms without the u flag, RE2 form with explicit classes; char-start guard only when nullable', () => {
  const t = translate('^git\\s+push');
  assert.equal(t.js, '(?:^git\\s+push)');
  assert.match(t.re2, /^\(\?:\^git\[\\x\{9\}-\\x\{D\}.*\]\+push\)$/);
  assert.equal(translate('\\B').re2, '(?:^|(?s:.))(?:\\B)');
  assert.equal(translate('\\B').jsExact, '(?:^|[^\\uD800-\\uDBFF])(?:\\B)');
  assert.equal(translate('(a+)+$').risky, true);
  assert.equal(translate('a+b+').risky, false);
  assert.equal(translate('a{17}').js, '(?:aaaaaaaaaaaaaaaaa)'); // spelled out: V8's linear engine refuses counts above 16
  assert.equal(translate('.').js, '(?:[^])');
  assert.equal(translate('[^a]').jsExact.includes('\\uD800-\\uDFFF'), true);
});
