// The engine end to end in-process: every condition, precedence, layering, overrides, git facts, reload.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Engine } from '../../src/engine.js';
import { engineWith, gitRepo, tempDir, verdict, writeFile } from './rules-support.js';

const rule = (name: string, body: string): string => `  - name: ${name}\n${body.replace(/^/gm, '    ')}\n`;

test('each condition type', () => {
  const { engine } = engineWith(`rules:
${rule('m', 'commands: [t1]\nconditions: [{ command_matches: "x[0-9]+$" }]\naction: deny\nmessage: m')}
${rule('c', 'commands: [t2]\nconditions: [{ command_contains: "--boom" }]\naction: deny\nmessage: m')}
${rule('s', 'commands: [t3]\nconditions: [{ command_startswith: "t3 go" }]\naction: deny\nmessage: m')}
${rule('bi', 'commands: [t4]\nconditions: [{ git_branch_in: [release] }]\naction: deny\nmessage: m')}
${rule('bm', 'commands: [t5]\nconditions: [{ git_branch_matches: "^rel" }]\naction: deny\nmessage: m')}
${rule('ir', 'commands: [t6]\nconditions: [{ in_git_repo: true }]\naction: deny\nmessage: m')}
${rule('pm', 'commands: [t7]\nconditions: [{ path_matches: "special" }]\naction: deny\nmessage: m')}
${rule('fe', 'commands: [t8]\nconditions: [{ file_exists: "DANGER" }]\naction: deny\nmessage: m')}
${rule('env', 'commands: [t9]\nconditions: [{ env_equals: { variable: STAGE, value: prod } }]\naction: deny\nmessage: m')}
${rule('pf', 'commands: [t10]\nconditions: [{ piped_from: [curl] }]\naction: deny\nmessage: m')}
${rule('dir', 'commands: [t11]\ndirectory: "/tmp/ss-"\naction: deny\nmessage: m')}
${rule('not', 'commands: [t12]\nconditions: [{ not: { command_contains: safe } }]\naction: deny\nmessage: m')}
`);
  const plain = tempDir('ss-plain-');
  const rel = gitRepo('release');
  const special = tempDir('ss-special-');
  const danger = tempDir('ss-danger-');
  writeFileSync(join(danger, 'DANGER'), '');
  const v = (cmd: string, cwd = plain, env: Record<string, string> = {}): string => engine.evaluate({ command: cmd, cwd, context: 'ai', env }).verdict;
  assert.equal(v('t1 a x12'), 'deny');
  assert.equal(v('t1 x12 a'), 'allow');
  assert.equal(v('t2 --boom'), 'deny');
  assert.equal(v('t2 --bo'), 'allow');
  assert.equal(v('t3 go now'), 'deny');
  assert.equal(v('t3 now go'), 'allow');
  assert.equal(v('t4', rel), 'deny');
  assert.equal(v('t4', plain), 'allow');
  assert.equal(v('t5', rel), 'deny');
  assert.equal(v('t6', rel), 'deny');
  assert.equal(v('t6', plain), 'allow');
  assert.equal(v('t7', special), 'deny');
  assert.equal(v('t7', plain), 'allow');
  assert.equal(v('t8', danger), 'deny');
  assert.equal(v('t8', plain), 'allow');
  assert.equal(v('t9', plain, { STAGE: 'prod' }), 'deny');
  assert.equal(v('t9', plain, { STAGE: 'dev' }), 'allow');
  assert.equal(v('curl x | t10'), 'deny');
  assert.equal(v('t10'), 'allow');
  assert.equal(v('t11', plain), 'deny'); // temp dirs are /tmp/ss-…
  assert.equal(v('t12 go'), 'deny');
  assert.equal(v('t12 safe'), 'allow');
});

test('most restrictive wins; ties go to the earliest rule; context filters', () => {
  const { engine } = engineWith(`rules:
${rule('a-allow', 'commands: [p]\naction: allow\nmessage: fine')}
${rule('b-ask', 'commands: [p]\nconditions: [{ command_contains: x }]\naction: require_approval\nmessage: ask')}
${rule('c-ask', 'commands: [p]\nconditions: [{ command_contains: x }]\naction: require_approval\nmessage: ask2')}
${rule('d-deny-human', 'commands: [p]\nconditions: [{ command_contains: y }]\naction: deny\ncontext: human_only\nmessage: no')}
${rule('e-redirect', 'commands: [q]\naction: redirect\nredirect_to: [echo, moved, $ARGS]\nmessage: moved')}
`);
  const cwd = tempDir();
  assert.equal(engine.evaluate({ command: 'p x', cwd, context: 'ai' }).rule, 'b-ask');
  assert.equal(engine.evaluate({ command: 'p y', cwd, context: 'ai' }).rule, 'a-allow');
  assert.equal(engine.evaluate({ command: 'p y', cwd, context: 'human' }).verdict, 'deny');
  assert.equal(engine.evaluate({ command: 'p z; p x y', cwd, context: 'human' }).rule, 'd-deny-human');
  const r = engine.evaluate({ command: "q 'a b' c", cwd, context: 'ai' });
  assert.equal(r.verdict, 'redirect');
  assert.deepEqual(r.redirectTo, ['echo', 'moved', 'a b', 'c']);
});

test('global overrides disable or change built-ins; unknown targets are errors', () => {
  const cwd = tempDir();
  const base = engineWith().engine;
  assert.equal(verdict(base, 'sudo apt update', cwd), 'require_approval');
  const { engine } = engineWith(`overrides:
  - { name: approve-sudo, disabled: true }
  - { name: approve-git-rebase, action: deny, message: never rebase here }
  - { name: no-such-rule, disabled: true }
`);
  assert.equal(verdict(engine, 'sudo apt update', cwd), 'allow');
  const d = engine.evaluate({ command: 'git rebase main', cwd, context: 'ai' });
  assert.equal(d.verdict, 'deny');
  assert.equal(d.message, 'never rebase here');
  assert.match(engine.status(cwd).errors.join('\n'), /rule 'no-such-rule': override names no built-in rule/);
});

test('a global rule cannot reuse a built-in name', () => {
  const { engine } = engineWith(`rules:\n${rule('approve-sudo', 'commands: [sudo]\naction: allow\nmessage: m')}`);
  assert.match(engine.status(tempDir()).errors.join('\n'), /rule 'approve-sudo': duplicate rule name .*use 'overrides:'/);
});

test('repo rules only add restrictions: overrides and redirects refused, allow cannot lift', () => {
  const { engine } = engineWith();
  const repo = tempDir('ss-r-');
  writeFile(join(repo, '.safeshell', 'rules.yaml'), `rules:
${rule('repo-deny-make', 'commands: [make]\nconditions: [{ command_contains: deploy }]\naction: deny\nmessage: no deploys from here')}
${rule('repo-allow-rm', 'commands: [rm]\naction: allow\nmessage: fine')}
${rule('repo-redirect', 'commands: [ls]\naction: redirect\nredirect_to: [evil]\nmessage: m')}
overrides:
  - { name: deny-rm-rf-root, disabled: true }
`);
  const sub = join(repo, 'a', 'b');
  mkdirSync(sub, { recursive: true });
  assert.equal(verdict(engine, 'make deploy', sub), 'deny');
  assert.equal(verdict(engine, 'rm -rf /', sub), 'deny');
  assert.equal(verdict(engine, 'ls', sub), 'allow');
  const warnings = engine.status(sub).warnings.join('\n');
  assert.match(warnings, /override of 'deny-rm-rf-root' refused/);
  assert.match(warnings, /rule 'repo-redirect' refused/);
  assert.equal(verdict(engine, 'make deploy', tempDir()), 'allow');
});

test('a broken file keeps the last good rules and reports the error', () => {
  const { engine, home } = engineWith(`rules:\n${rule('no-foo', 'commands: [foo]\naction: deny\nmessage: m')}`);
  const cwd = tempDir();
  assert.equal(verdict(engine, 'foo', cwd), 'deny');
  writeFile(join(home, 'rules.yaml'), 'rules:\n  - name: [broken\n');
  engine.invalidate();
  assert.equal(verdict(engine, 'foo', cwd), 'deny');
  assert.match(engine.status(cwd).errors.join('\n'), /rules\.yaml:\d+:\d+: invalid YAML/);
  writeFile(join(home, 'rules.yaml'), `rules:\n${rule('no-bar', 'commands: [bar]\naction: deny\nmessage: m')}`);
  engine.invalidate();
  assert.equal(verdict(engine, 'foo', cwd), 'allow');
  assert.equal(verdict(engine, 'bar', cwd), 'deny');
  assert.deepEqual(engine.status(cwd).errors, []);
});

test('failing examples are reported with the example', () => {
  const { engine } = engineWith(`rules:
${rule('ex', 'commands: [foo]\nconditions: [{ command_contains: bad }]\naction: deny\nmessage: m\nexamples: { match: ["foo good"], no_match: ["foo bad"] }')}`);
  const errors = engine.status(tempDir()).errors.join('\n');
  assert.match(errors, /rule 'ex': example should match but does not: "foo good"/);
  assert.match(errors, /rule 'ex': example should not match but does: "foo bad"/);
});

test('the built-in pack loads cleanly and its examples pass', () => {
  const engine = Engine.create({ home: tempDir(), checkExamples: 'all' });
  const status = engine.status(tempDir());
  assert.deepEqual(status.errors, []);
  assert.ok(status.ruleCount >= 90, `only ${status.ruleCount} rules`);
});

test('git: worktrees (.git file), detached HEAD, and a branch switch seen at once', () => {
  const { engine } = engineWith(`rules:\n${rule('on-main', 'commands: [t]\nconditions: [{ git_branch_in: [main] }]\naction: deny\nmessage: m')}`);
  const repo = gitRepo('main');
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
  assert.equal(verdict(engine, 't', repo), 'deny');
  git('checkout', '-q', '-b', 'other');
  assert.equal(verdict(engine, 't', repo), 'allow', 'branch switch noticed without a stale window');
  const wt = join(tempDir('ss-wt-'), 'wt');
  git('worktree', 'add', '-q', wt, 'main');
  assert.equal(verdict(engine, 't', wt), 'deny', 'worktree (.git file) on main');
  git('checkout', '-q', '--detach');
  assert.equal(verdict(engine, 't', repo), 'allow', 'detached HEAD has no branch');
});

test('a line that cannot be fully parsed: judged by its words, and an agent\'s needs approval', () => {
  const { engine } = engineWith();
  const cwd = tempDir();
  assert.equal(verdict(engine, 'rm -rf / "oops', cwd), 'deny', 'still judged by its words');
  assert.equal(engine.evaluate({ command: 'echo "unterminated', cwd, context: 'ai' }).rule, 'safeshell-unparsed-command');
  assert.equal(verdict(engine, 'echo "unterminated', cwd, 'human'), 'allow');
});
