// Scores both labelled corpora through the real engine (analysis, matcher, conditions, built-in pack) and
// enforces the targets: parity 100%; agent-safety >= 95% of dangerous blocked, <= 3% of benign blocked.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Engine } from '../../src/engine.js';
import { packageRoot } from '../../src/native/load.js';
import type { ExecContext } from '../../src/rules/types.js';
import { gitRepo, tempDir } from './rules-support.js';

interface Case {
  command: string;
  context: ExecContext;
  expected: 'allow' | 'deny' | 'require_approval';
  git_branch?: string;
  category?: string;
}

const corpusDir = process.env.SAFESHELL_CORPUS ?? join(packageRoot, '..', 'shared', 'corpus');
const fixtureDir = join(packageRoot, 'test', 'fixtures', 'corpus');

function load(name: string): Case[] {
  let text: string;
  try {
    text = readFileSync(join(corpusDir, name), 'utf8');
  } catch {
    text = readFileSync(join(fixtureDir, name), 'utf8');
  }
  return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Case);
}

function judgeAll(cases: Case[]): Array<Case & { got: string; rule: string | null }> {
  const engine = Engine.create({ home: tempDir('ss-corpus-home-') });
  const plain = tempDir('ss-corpus-cwd-');
  const repos = new Map<string, string>();
  return cases.map((c) => {
    let cwd = plain;
    if (c.git_branch) {
      if (!repos.has(c.git_branch)) repos.set(c.git_branch, gitRepo(c.git_branch));
      cwd = repos.get(c.git_branch)!;
    }
    const d = engine.evaluate({ command: c.command, cwd, context: c.context });
    return { ...c, got: d.verdict, rule: d.rule };
  });
}

const blocked = (v: string): boolean => v === 'deny' || v === 'require_approval';

test('parity.jsonl: every case gets the original default rules\' verdict', () => {
  const results = judgeAll(load('parity.jsonl'));
  const wrong = results.filter((r) => r.got !== r.expected);
  const table = new Map<string, { n: number; ok: number }>();
  for (const r of results) {
    const key = `${r.context}/${r.expected}`;
    const row = table.get(key) ?? { n: 0, ok: 0 };
    row.n++;
    if (r.got === r.expected) row.ok++;
    table.set(key, row);
  }
  console.log('\nparity.jsonl score');
  for (const [key, row] of [...table].sort()) console.log(`  ${key.padEnd(24)} ${row.ok}/${row.n}`);
  console.log(`  ${'total'.padEnd(24)} ${results.length - wrong.length}/${results.length}`);
  assert.deepEqual(wrong.map((r) => `${r.context} ${r.command} => ${r.got} (${r.rule}), expected ${r.expected}`), []);
});

test('agent-safety.jsonl: >= 95% of dangerous commands blocked, <= 3% of benign ones blocked', () => {
  const results = judgeAll(load('agent-safety.jsonl'));
  const dangerous = results.filter((r) => r.expected !== 'allow');
  const benign = results.filter((r) => r.expected === 'allow');
  const missed = dangerous.filter((r) => !blocked(r.got));
  const falseBlocks = benign.filter((r) => blocked(r.got));
  const byCategory = new Map<string, { n: number; ok: number }>();
  for (const r of results) {
    const row = byCategory.get(r.category ?? '?') ?? { n: 0, ok: 0 };
    row.n++;
    if (blocked(r.got) === blocked(r.expected)) row.ok++;
    byCategory.set(r.category ?? '?', row);
  }
  console.log('\nagent-safety.jsonl score (AI context)');
  for (const [key, row] of [...byCategory].sort()) console.log(`  ${key.padEnd(28)} ${row.ok}/${row.n}`);
  const blockedPct = (100 * (dangerous.length - missed.length)) / dangerous.length;
  const falsePct = (100 * falseBlocks.length) / benign.length;
  console.log(`  dangerous blocked: ${dangerous.length - missed.length}/${dangerous.length} (${blockedPct.toFixed(1)}%)`);
  console.log(`  benign blocked:    ${falseBlocks.length}/${benign.length} (${falsePct.toFixed(1)}%)`);
  for (const r of missed) console.log(`  MISSED  ${JSON.stringify(r.command)} (${r.category})`);
  for (const r of falseBlocks) console.log(`  FALSE   ${JSON.stringify(r.command)} => ${r.got} by ${r.rule}`);
  assert.ok(blockedPct >= 95, `only ${blockedPct.toFixed(1)}% of dangerous commands blocked`);
  assert.ok(falsePct <= 3, `${falsePct.toFixed(1)}% of benign commands blocked`);
});
