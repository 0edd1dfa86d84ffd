// N-API crossing cost (MEASUREMENTS.md §5): an empty call, and one string converted to UTF-8 the way Matcher.matchInto
// converts its inputs, against the same work in plain JS. Needs the addon (any build: noop/utf8Length exist without RE2).
import { loadNative } from '../dist/src/native/load.js';
import { pad } from './corpus.js';

const load = loadNative();
const s40 = pad('git push --force origin main', 40);
const s4k = pad('git push --force origin main', 4096);
let sink = 0;
function jsNoop() {}
function jsLength(s) {
  return s.length;
}

export default {
  name: 'boundary',
  skip: () => (load.ok ? null : load.reason),
  rows: () => {
    const { noop, utf8Length } = load.binding;
    return [
      { name: 'empty call', cases: { js: () => jsNoop(), native: () => noop() } },
      { name: '40 B string', cases: { js: () => (sink += jsLength(s40)), native: () => (sink += utf8Length(s40)) } },
      { name: '4 KB string', cases: { js: () => (sink += jsLength(s4k)), native: () => (sink += utf8Length(s4k)) } },
    ];
  },
};
