// Regex matching per request (MEASUREMENTS.md §4): JsMatcher (prefiltered V8), the native RE2::Set matcher, and V8 rule
// by rule as the naive reference; 10 / 90 (the original pack) / 1,000 / 10,000 rules × 40 B / 4 KB commands × hit / miss,
// plus a pathological pattern on 10 KB and 20,000 distinct commands (RE2's DFA states cold on the first pass).
import assert from 'node:assert/strict';
import { JsMatcher } from '../dist/src/match/js-matcher.js';
import { NativeMatcher } from '../dist/src/match/native-matcher.js';
import { loadNative } from '../dist/src/native/load.js';
import { BENIGN, ORIGINAL_PATTERNS, pad, randomInputs, rng, ruleSet } from './corpus.js';

const load = loadNative();
const out = new Int32Array(1 << 16);
const CWD = '/home/dev/project';
const BRANCH = 'feature/login';

function original() {
  return [
    ...ORIGINAL_PATTERNS.map((source) => ({ source, subject: 'command' })),
    { source: '^(main|master|develop)$', subject: 'branch' },
  ];
}

/** V8 rule by rule, each pattern compiled as written with the dialect's flags: the baseline MEASUREMENTS.md §4 names. */
function eachRule(specs) {
  const res = specs.map((s) => [new RegExp(s.source, 'su'), s.subject]);
  return (inputs) => {
    let n = 0;
    for (let i = 0; i < inputs.length; i++) {
      const kind = i === 0 ? 'cwd' : i === 1 ? 'branch' : 'command';
      for (const [re, subject] of res) if (subject === kind && re.test(inputs[i])) n++;
    }
    return n;
  };
}

function row(name, specs, inputs, expectHit, withEach = true) {
  const js = new JsMatcher(specs);
  const native = new NativeMatcher(specs, load.binding);
  const each = eachRule(specs);
  const n = js.matchInto(inputs, out);
  assert.equal(native.matchInto(inputs, out), n, `${name}: native and JS disagree`);
  assert.ok(expectHit ? n > 0 : n === 0, `${name}: expected ${expectHit ? 'a hit' : 'no hit'}, got ${n}`);
  const cases = { js: () => js.matchInto(inputs, out), native: () => native.matchInto(inputs, out) };
  if (withEach) cases['js each rule'] = () => each(inputs);
  return { name, cases };
}

export default {
  name: 'match',
  skip: () => (load.ok && load.binding.Matcher ? null : load.ok ? 'addon built without RE2' : load.reason),
  rows: () => {
    const rows = [];
    for (const count of [10, 90, 1000, 10000]) {
      const specs = count === 90 ? original() : ruleSet(count);
      const hit = count === 90 ? 'git push --force origin main' : specs[Math.floor(rng(count)() * count)].example;
      const miss = BENIGN[count % BENIGN.length];
      for (const [size, bytes] of [['40 B', 40], ['4 KB', 4096]]) {
        for (const [kind, cmd] of [['hit', hit], ['miss', miss]]) {
          const label = `${count.toLocaleString('en-US')} rules, ${size}, ${kind}`;
          rows.push(row(label, specs, [CWD, BRANCH, pad(cmd, bytes)], kind === 'hit', count < 10000));
        }
      }
    }
    const varied = randomInputs(20000, BENIGN, 99).map((c) => [CWD, BRANCH, c]);
    const specs = original();
    const js = new JsMatcher(specs);
    const native = new NativeMatcher(specs, load.binding);
    let i = 0;
    let j = 0;
    rows.push({
      name: '90 rules, 20,000 distinct commands',
      cases: { js: () => js.matchInto(varied[i++ % varied.length], out), native: () => native.matchInto(varied[j++ % varied.length], out) },
    });
    rows.push(row('(a+)+$ and 90 rules, 10 KB', [...specs, { source: '(a+)+$', subject: 'command' }], [CWD, BRANCH, `${'a'.repeat(10000)}!`], false, false));
    return rows;
  },
};
