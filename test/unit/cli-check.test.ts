// The CLI as a user runs it: exit codes, one-line errors, no stack traces.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { packageRoot } from '../../src/native/load.js';
import { tempDir, writeFile } from './rules-support.js';

const bin = join(packageRoot, 'bin', 'safeshell.js');
const home = tempDir('ss-cli-');
const cwd = tempDir('ss-cli-cwd-');

function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, SAFESHELL_HOME: home, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('check: exit 0 allow, 1 deny, 3 approval, 2 usage', () => {
  assert.equal(cli('check', 'ls -la').code, 0);
  const deny = cli('check', 'cd x && rm -rf /');
  assert.equal(deny.code, 1);
  assert.match(deny.out, /^deny\s+cd x && rm -rf \/\n\s+rule: deny-rm-rf-root/);
  assert.equal(cli('check', 'git reset --hard').code, 3);
  assert.equal(cli('check', 'git reset --hard', '--context', 'human').code, 0);
  assert.equal(cli('check').code, 2);
  assert.equal(cli('check', 'ls', '--context', 'robot').code, 2);
});

test('check --json carries verdict, rule, message and the matched simple command', () => {
  const r = cli('check', '--json', 'echo ok; sudo rm -rf /etc');
  const d = JSON.parse(r.out) as Record<string, unknown>;
  assert.equal(d.verdict, 'deny');
  assert.equal(d.rule, 'deny-rm-rf-home-or-system');
  assert.equal(d.command, 'rm -rf /etc');
  assert.equal(d.input, 'echo ok; sudo rm -rf /etc');
});

test('rules validate: one file:line:col line per problem, exit 1, no stack trace', () => {
  const file = writeFile(join(tempDir(), 'bad.yaml'), "rules:\n  - name: a\n    commands: [x]\n    action: deny\n    message: m\n    pattern: '(x'\n  - name: b\n    commands: [y]\n    conditions: [{ command_matches: 'a(?=b)' }]\n    action: nope\n    message: m\n");
  const r = cli('rules', 'validate', file);
  assert.equal(r.code, 1);
  const lines = r.err.trim().split('\n');
  assert.ok(lines.length >= 3, r.err);
  for (const line of lines) assert.match(line, /^\/.*bad\.yaml:\d+:\d+: rule '(a|b)': /);
  assert.doesNotMatch(r.err, /at .*\.js:\d+/);
});

test('rules validate on a good global file, rules test on the pack, rules list', () => {
  writeFile(join(home, 'rules.yaml'), "rules:\n  - name: no-make-deploy\n    commands: [make]\n    conditions: [{ command_contains: deploy }]\n    action: deny\n    message: use CI\n    examples: { match: ['make deploy'], no_match: ['make test'] }\n");
  const v = cli('rules', 'validate');
  assert.equal(v.code, 0, v.err);
  assert.match(v.out, /^ok: \d+ rules/);
  const t = cli('rules', 'test');
  assert.equal(t.code, 0, t.err);
  assert.match(t.out, /^(\d+)\/\1 examples passed/);
  const l = cli('rules', 'list', '--json');
  const rows = JSON.parse(l.out) as Array<{ name: string; layer: string }>;
  assert.equal(rows.at(-1)?.name, 'no-make-deploy');
  assert.equal(rows.at(-1)?.layer, 'global');
  assert.equal(cli('check', 'make deploy').code, 1);
});

test('a broken config or global rules file is one clear line', () => {
  const h = tempDir('ss-cli-broken-');
  writeFile(join(h, 'rules.yaml'), 'rules: [\n');
  const r = spawnSync(process.execPath, [bin, 'rules', 'validate'], { cwd, encoding: 'utf8', env: { ...process.env, SAFESHELL_HOME: h } });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /rules\.yaml:\d+:\d+: invalid YAML/);
});

test('--version and --help', () => {
  assert.match(cli('--version').out, /^\d+\.\d+\.\d+/);
  const h = cli('--help');
  assert.equal(h.code, 0);
  assert.match(h.out, /check/);
});

test('demo: verdicts, then real shims and a real daemon block the dangerous commands', () => {
  const r = cli('demo');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^deny\s+ai\s+cd build && rm -rf \//m);
  assert.match(r.out, /\$ rm -rf \/\n.*blocked by policy \[rule: deny-rm-rf-root\].*\n\s+-> exit 126/);
  assert.match(r.out, /\$ cat victim\/src\/a\.txt\n\s+keep\n\s+-> exit 0/);
});
