// Evaluation against the full built-in pack (issue 2's target: median < 5 µs for a typical 50-character
// command), JS and native matchers side by side, plus the analyzer alone. Uses the compiled dist/ output.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeLine } from '../dist/src/analyze/index.js';
import { Engine } from '../dist/src/engine.js';

const home = mkdtempSync(join(tmpdir(), 'ss-bench-'));
const cwd = mkdtempSync(join(tmpdir(), 'ss-bench-cwd-'));
const js = Engine.create({ home, native: 'off', checkExamples: 'none' });
const native = Engine.create({ home, native: 'auto', checkExamples: 'none' });

// Typical agent commands around 50 characters: one that a rule matches, one that no rule matches.
const HIT = 'git push --force-with-lease origin feature/login-x';
const MISS = 'npm run build -- --filter=@app/web --mode production';
const COMPOUND = 'cd packages/api && npm test && git add -A && git commit -m "wip"';

for (const e of [js, native]) for (const c of [HIT, MISS, COMPOUND]) e.evaluate({ command: c, cwd, context: 'ai' });

export default {
  name: 'evaluate',
  description: 'one command against the full default pack (engine.evaluate: analysis + matcher + conditions)',
  cases: {
    'js: 50-char hit': () => js.evaluate({ command: HIT, cwd, context: 'ai' }),
    'native: 50-char hit': () => native.evaluate({ command: HIT, cwd, context: 'ai' }),
    'js: 50-char miss': () => js.evaluate({ command: MISS, cwd, context: 'ai' }),
    'native: 50-char miss': () => native.evaluate({ command: MISS, cwd, context: 'ai' }),
    'js: compound': () => js.evaluate({ command: COMPOUND, cwd, context: 'ai' }),
    'native: compound': () => native.evaluate({ command: COMPOUND, cwd, context: 'ai' }),
    'analyzer alone: 50-char': () => analyzeLine(HIT),
    'analyzer alone: compound': () => analyzeLine(COMPOUND),
  },
};
