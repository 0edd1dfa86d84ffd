// The plain-line fast path of analyzeLine must give exactly what the full parser gives.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeScript } from '../../src/analyze/core.js';
import { ROOT, newState } from '../../src/analyze/context.js';
import { analyzeLine, plainWords } from '../../src/analyze/index.js';
import { packageRoot } from '../../src/native/load.js';

function parsed(line: string): unknown {
  const st = newState();
  analyzeScript(line, st, ROOT);
  return { commands: st.out, complete: st.complete };
}

const corpus = ['parity.jsonl', 'agent-safety.jsonl'].flatMap((f) =>
  readFileSync(join(packageRoot, 'test', 'fixtures', 'corpus', f), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { command: string }).command),
);
const extra = ['sudo -u root rm -rf /etc', 'env -i git reset --hard', 'xargs rm -rf', 'watch -n 5 rm -rf /', 'timeout 5 ls', 'nice -n 19 rm -rf /home/user',
  'git -C /tmp/other reset --hard', 'bash script.sh', 'sh', 'rm', 'stdbuf -oL git push --force origin main', 'command git reset --hard'];

test('plain lines: fast path == full parser (corpora and wrappers)', () => {
  let fast = 0;
  for (const line of [...corpus, ...extra]) {
    if (plainWords(line) === null) continue;
    fast++;
    assert.deepEqual(analyzeLine(line), parsed(line), line);
  }
  assert.ok(fast > 200, `only ${fast} lines took the fast path`);
});

test('anything with shell syntax takes the full parser', () => {
  for (const line of ['FOO=1 rm -rf /', 'rm -rf ~', "rm 'a b'", 'a && b', 'echo $HOME', 'ls *.ts', 'for x in a; do rm $x; done', 'time rm -rf /', 'ls # c', 'a > f', '{ ls; }', 'echo "x"']) {
    assert.equal(plainWords(line), null, line);
  }
});
