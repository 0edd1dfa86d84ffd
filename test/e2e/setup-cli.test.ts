// `safeshell init | refresh | uninstall | status | doctor` as a user runs them.
import assert from 'node:assert/strict';
import { accessSync, constants, existsSync, lstatSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { stopDaemon } from '../../src/client/control.js';
import { DEFAULT_CONFIG, loadConfig } from '../../src/config.js';
import { linkPrograms } from '../../src/setup/refresh.js';
import { CLI, makeHome } from '../helpers/home.js';
import { cleanEnv, run } from '../helpers/proc.js';

const cli = (home: string, args: string[], extra: NodeJS.ProcessEnv = {}) => run(process.execPath, [CLI, ...args], { env: cleanEnv({ SAFESHELL_HOME: home, ...extra }), timeoutMs: 20000 });

describe('safeshell init', () => {
  it('installs config, starter rules, shim, wrapper, shell files, and starts the daemon; twice changes nothing', async () => {
    const h = makeHome({ install: false });
    try {
      const first = await cli(h.home, ['init']);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout.toString(), /daemon started/);
      assert.deepEqual(loadConfig(h.p.config), DEFAULT_CONFIG, 'the config is all commented defaults');
      assert.match(readFileSync(h.p.config, 'utf8'), /^# on_daemon_unavailable: open$/m);
      const rules = readFileSync(h.p.globalRules, 'utf8');
      assert.ok(rules.split('\n').every((l) => l === '' || l.startsWith('#')), 'the starter rules file is only comments, never a copy of the built-ins');
      accessSync(join(h.p.shims, 'safeshell-shim'), constants.X_OK);
      assert.equal(readlinkSync(join(h.p.shims, 'safeshell-wrapper')), 'safeshell-shim');
      assert.equal(readlinkSync(join(h.p.shims, 'safeshell-check')), 'safeshell-shim');
      assert.match(readFileSync(join(h.home, 'init.bash'), 'utf8'), new RegExp(`^__safeshell_home='${h.home}'$`, 'm'));
      assert.ok(existsSync(join(h.home, 'init.zsh')));
      assert.match(readFileSync(join(h.home, 'daemon.cmd'), 'utf8'), /\n--max-semi-space-size=1\n--optimize-for-size\n.*\/dist\/src\/daemon\/main\.js\n$/);
      writeFileSync(h.p.globalRules, '# mine\n');
      const second = await cli(h.home, ['init']);
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout.toString(), /kept .*config\.yaml[\s\S]*kept .*rules\.yaml[\s\S]*daemon running/);
      assert.equal(readFileSync(h.p.globalRules, 'utf8'), '# mine\n', 'never overwritten');
    } finally {
      await stopDaemon(h.p);
      h.cleanup();
    }
  });

  it('`init bash` / `init zsh` print the integration with the home filled in; other shells are a usage error', async () => {
    const h = makeHome({ install: false });
    const bash = await cli(h.home, ['init', 'bash']);
    assert.equal(bash.code, 0);
    assert.match(bash.stdout.toString(), /__safeshell_wrap cd/);
    assert.match(bash.stdout.toString(), new RegExp(`__safeshell_home='${h.home}'`));
    assert.match((await cli(h.home, ['init', 'zsh'])).stdout.toString(), /functions\[\$name\]/);
    const fish = await cli(h.home, ['init', 'fish']);
    assert.equal(fish.code, 2);
    assert.match(fish.stderr, /unknown shell 'fish'/);
    h.cleanup();
  });
});

describe('shim links', () => {
  it('one link per program; stale links removed; regular files, builtins, * and own tools left alone', () => {
    const h = makeHome();
    writeFileSync(join(h.p.shims, 'git'), '#!/bin/sh\n', { mode: 0o755 }); // a user's own file
    symlinkSync('/bin/true', join(h.p.shims, 'mine')); // a user's own symlink
    const first = linkPrograms(h.p.shims, ['rm', 'git', 'docker', '*', 'cd', 'eval', 'node', 'safeshell', '../x', 'mkfs.ext4'], { removeStale: true });
    assert.deepEqual(first.added, ['docker', 'mkfs.ext4', 'rm']);
    assert.deepEqual(first.conflicts, ['git']);
    assert.deepEqual(first.skipped.map((s) => s.name), ['*', 'cd', 'eval', 'node', 'safeshell', '../x']);
    const second = linkPrograms(h.p.shims, ['rm'], { removeStale: true });
    assert.deepEqual(second.kept, ['rm']);
    assert.deepEqual(second.removed, ['docker', 'mkfs.ext4']);
    assert.equal(lstatSync(join(h.p.shims, 'git')).isFile(), true);
    assert.equal(readlinkSync(join(h.p.shims, 'mine')), '/bin/true');
    assert.ok(existsSync(join(h.p.shims, 'safeshell-wrapper')), 'tool links are never stale');
    h.cleanup();
  });

  it('`safeshell refresh` syncs with the rules', async () => {
    const h = makeHome();
    symlinkSync('safeshell-shim', join(h.p.shims, 'stale-prog'));
    const r = await cli(h.home, ['refresh']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout.toString(), /removed \(1\): stale-prog/);
    h.cleanup();
  });
});

describe('status, doctor, uninstall', () => {
  it('status and doctor report a stopped daemon, then a healthy setup', async () => {
    const h = makeHome();
    try {
      const st = await cli(h.home, ['status']);
      assert.equal(st.code, 0, st.stderr);
      assert.match(st.stdout.toString(), /daemon: +not running \(no socket\)/);
      assert.match(st.stdout.toString(), /^rules: /m);
      assert.match(st.stdout.toString(), /^native: /m);
      const json = JSON.parse((await cli(h.home, ['status', '--json'])).stdout.toString()) as { daemon: { running: boolean } };
      assert.equal(json.daemon.running, false);
      const sick = await cli(h.home, ['doctor']);
      assert.equal(sick.code, 1);
      assert.match(sick.stdout.toString(), /^FAIL +daemon reachable: no socket/m);
      await cli(h.home, ['daemon', 'start']);
      const PATH = `${h.p.shims}:/usr/bin:/bin`;
      const ok = await cli(h.home, ['doctor'], { PATH });
      assert.equal(ok.code, 0, ok.stdout.toString());
      for (const name of ['shim installed', 'shims first on PATH', 'daemon reachable', 'socket directory', 'config valid', 'native addon']) {
        assert.match(ok.stdout.toString(), new RegExp(`^(ok|warn) +${name}: `, 'm'));
      }
      assert.match((await cli(h.home, ['status'])).stdout.toString(), /daemon: +running, pid \d+/);
      writeFileSync(h.p.config, 'on_daemon_unavailable: sometimes\n');
      assert.match((await cli(h.home, ['doctor'])).stdout.toString(), /^FAIL +config valid: .*on_daemon_unavailable must be one of open, closed/m);
    } finally {
      await stopDaemon(h.p);
      h.cleanup();
    }
  });

  it('uninstall removes shims and installed files, keeps config and rules; --purge removes everything', async () => {
    const h = makeHome({ programs: ['rm'] });
    writeFileSync(join(h.p.shims, 'users-file'), 'x');
    const r = await cli(h.home, ['uninstall']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(existsSync(join(h.p.shims, 'rm')), false);
    assert.equal(existsSync(join(h.p.shims, 'safeshell-shim')), false);
    assert.equal(existsSync(join(h.p.shims, 'users-file')), true, 'files safeshell did not create stay');
    assert.equal(existsSync(join(h.home, 'init.bash')), false);
    assert.equal(existsSync(h.p.config), true);
    const agent = await cli(h.home, ['uninstall'], { CLAUDECODE: '1' });
    assert.equal(agent.code, 1);
    assert.match(agent.stderr, /an agent may not uninstall safeshell/);
    await cli(h.home, ['uninstall', '--purge']);
    assert.equal(existsSync(h.p.config), false);
    assert.equal(existsSync(h.p.globalRules), false);
    h.cleanup();
  });
});
