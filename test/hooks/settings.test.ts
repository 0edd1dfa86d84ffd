// `safeshell hook install|uninstall`: merging into existing settings (other hooks untouched), idempotence, backups,
// invalid JSON refused, CLAUDE_CONFIG_DIR and --settings, Gemini's format, and removal refused inside an agent.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { inspectContext } from '../../src/auth/agent-context.js';
import { installHook, uninstallHook } from '../../src/hooks/settings.js';
import { CLI, makeHome, type TestHome } from '../helpers/home.js';
import { cleanEnv, run } from '../helpers/proc.js';

let h: TestHome;
before(() => {
  h = makeHome();
});
after(() => h.cleanup());

const CMD = "/home/me/.safeshell/shims/safeshell-shim --hook claude";
const read = (f: string): Record<string, any> => JSON.parse(readFileSync(f, 'utf8')) as Record<string, any>;
const backups = (dir: string): string[] => readdirSync(dir).filter((f) => f.includes('.safeshell-backup-'));

const EXISTING = {
  model: 'opus',
  permissions: { allow: ['Bash(npm test)'] },
  hooks: {
    PreToolUse: [
      { matcher: 'Bash', hooks: [{ type: 'command', command: '/usr/local/bin/audit-bash' }] },
      { matcher: 'Write|Edit', hooks: [{ type: 'command', command: 'prettier-check' }] },
    ],
    PostToolUse: [{ matcher: '*', hooks: [{ type: 'command', command: 'log-tool' }] }],
  },
};

describe('hook install/uninstall (settings.json)', () => {
  it('creates a missing file with the hook; the timeout outlives the approval timeout', () => {
    const dir = join(h.tmp, 'fresh');
    const file = join(dir, 'settings.json');
    const r = installHook('claude', file, CMD, 300);
    assert.equal(r.changed, true);
    assert.equal(r.backup, null);
    assert.deepEqual(read(file), { hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: CMD, timeout: 330 }] }] } });
  });

  it('merges into existing settings, leaves every other hook alone, backs up first, and is idempotent', () => {
    const dir = join(h.tmp, 'existing');
    mkdirSync(dir);
    const file = join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify(EXISTING, null, 4));
    const original = readFileSync(file, 'utf8');
    const r = installHook('claude', file, CMD, 300);
    assert.equal(r.changed, true);
    assert.equal(readFileSync(r.backup!, 'utf8'), original, 'backup holds the previous file');
    const s = read(file);
    assert.equal(s.model, 'opus');
    assert.deepEqual(s.permissions, EXISTING.permissions);
    assert.deepEqual(s.hooks.PostToolUse, EXISTING.hooks.PostToolUse);
    assert.deepEqual(s.hooks.PreToolUse.slice(0, 2), EXISTING.hooks.PreToolUse);
    assert.deepEqual(s.hooks.PreToolUse[2], { matcher: 'Bash', hooks: [{ type: 'command', command: CMD, timeout: 330 }] });
    const again = installHook('claude', file, CMD, 300);
    assert.equal(again.changed, false);
    assert.match(again.summary, /already installed/);
    assert.equal(backups(dir).length, 1, 'no change, no new backup');
    // A new approval timeout updates the entry in place.
    const updated = installHook('claude', file, CMD, 600);
    assert.equal(updated.changed, true);
    assert.equal(read(file).hooks.PreToolUse.length, 3);
    assert.equal(read(file).hooks.PreToolUse[2].hooks[0].timeout, 630);
    // Uninstall removes exactly ours.
    const u = uninstallHook('claude', file);
    assert.equal(u.changed, true);
    assert.deepEqual(read(file), EXISTING);
    assert.equal(uninstallHook('claude', file).changed, false);
  });

  it('refuses a file that is not valid JSON and leaves it untouched', () => {
    const file = join(h.tmp, 'broken.json');
    writeFileSync(file, '{ "hooks": { ');
    assert.throws(() => installHook('claude', file, CMD, 300), (err: Error & { code?: string }) => err.code === 'E_INSTALL' && /not valid JSON.*nothing was changed/.test(err.message));
    assert.equal(readFileSync(file, 'utf8'), '{ "hooks": { ');
    writeFileSync(file, '{"hooks": {"PreToolUse": {"matcher": "Bash"}}}');
    assert.throws(() => installHook('claude', file, CMD, 300), /"hooks.PreToolUse" is not an array/);
  });

  it("writes Gemini CLI's BeforeTool format (timeout in milliseconds, a name)", () => {
    const file = join(h.tmp, 'gemini', 'settings.json');
    installHook('gemini', file, '/x/safeshell-shim --hook gemini', 300);
    assert.deepEqual(read(file).hooks.BeforeTool, [
      { matcher: 'run_shell_command', hooks: [{ name: 'safeshell', type: 'command', command: '/x/safeshell-shim --hook gemini', timeout: 330_000, description: 'safeshell: judge shell commands' }] },
    ]);
    assert.equal(uninstallHook('gemini', file).changed, true);
    assert.deepEqual(read(file), { hooks: {} });
  });

  it('CLI: honours CLAUDE_CONFIG_DIR and --settings; uninstall is refused in an agent context', async () => {
    const configDir = join(h.tmp, 'claude-config');
    const env = cleanEnv({ SAFESHELL_HOME: h.home, CLAUDE_CONFIG_DIR: configDir });
    const r = await run(process.execPath, [CLI, 'hook', 'install', 'claude'], { env });
    assert.equal(r.code, 0, r.stderr);
    const file = join(configDir, 'settings.json');
    const entry = read(file).hooks.PreToolUse[0].hooks[0];
    assert.equal(entry.command, `${join(h.p.shims, 'safeshell-shim')} --hook claude`);
    assert.ok(existsSync(join(h.p.shims, 'safeshell-shim')));
    const other = join(h.tmp, 'other.json');
    assert.equal((await run(process.execPath, [CLI, 'hook', 'install', 'claude', '--settings', other], { env })).code, 0);
    assert.ok(existsSync(other));
    const agent = await run(process.execPath, [CLI, 'hook', 'uninstall', 'claude'], { env: { ...env, CLAUDECODE: '1' } });
    assert.equal(agent.code, 1);
    assert.match(agent.stderr, /error\[E_PERMISSION\]: an agent may not remove the agent hook/);
    assert.equal(read(file).hooks.PreToolUse.length, 1, 'still installed');
    if (!inspectContext(process.pid).agent) {
      const human = await run(process.execPath, [CLI, 'hook', 'uninstall', 'claude'], { env });
      assert.equal(human.code, 0, human.stderr);
      assert.deepEqual(read(file), { hooks: {} });
    }
    const bad = await run(process.execPath, [CLI, 'hook', 'install', 'cursor'], { env });
    assert.equal(bad.code, 2);
  });
});
