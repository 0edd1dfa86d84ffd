// `safeshell run` without a terminal (pipes): environment, exit codes, spawn errors, signals. Real processes.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { buildRunEnv } from '../../src/exec/run-env.js';
import { packageRoot } from '../../src/native/load.js';
import { CLI as bin } from '../helpers/home.js';
import { waitFor } from '../helpers/wait-for.js';

const home = mkdtempSync(join(tmpdir(), 'ss-run-'));
after(() => rmSync(home, { recursive: true, force: true }));

for (const native of ['auto', 'off']) {
  const env = { ...process.env, SAFESHELL_HOME: home, SAFESHELL_NATIVE: native };
  const run = (args: string[], input?: string) => spawnSync(process.execPath, [bin, 'run', ...args], { env, input, encoding: 'utf8' });

  describe(`safeshell run, no terminal (SAFESHELL_NATIVE=${native})`, () => {
    test('the agent environment: shims first on PATH, AI context, a fresh session, BASH_ENV', () => {
      const script = 'printf "%s\\n" "${PATH%%:*}" "$SAFESHELL_CONTEXT" "$SAFESHELL_SESSION" "$BASH_ENV"';
      const first = run(['sh', '-c', script]);
      const second = run(['sh', '-c', script]);
      assert.equal(first.status, 0, first.stderr);
      const [path, context, session, bashEnv] = first.stdout.trim().split('\n');
      assert.equal(path, join(home, 'shims'));
      assert.equal(context, 'ai');
      assert.match(session ?? '', /^[0-9a-f-]{36}$/);
      assert.notEqual(session, second.stdout.trim().split('\n')[2], 'a new session per run');
      assert.equal(bashEnv, join(packageRoot, 'shims', 'init.bash'));
      assert.equal(first.stderr, '', 'no warning without a terminal');
    });

    test("CMD's own options are CMD's, with or without --", () => {
      assert.equal(run(['sh', '-c', 'echo "$1"', 'zero', '-V']).stdout, '-V\n');
      assert.equal(run(['--', 'sh', '-c', 'echo --help']).stdout, '--help\n');
    });

    test('stdin and stdout pass straight through', () => {
      assert.equal(run(['tr', 'a-z', 'A-Z'], 'piped input\n').stdout, 'PIPED INPUT\n');
    });

    test('exit status: the code, or 128 + the signal', () => {
      assert.equal(run(['sh', '-c', 'exit 3']).status, 3);
      assert.equal(run(['sh', '-c', 'kill -KILL $$']).status, 137);
    });

    test('a program that cannot start: 127 for not found, 126 otherwise, one error line', () => {
      const missing = run(['no-such-program-xyz']);
      assert.equal(missing.status, 127);
      assert.match(missing.stderr, /^safeshell: error\[ENOENT\]: execve no-such-program-xyz: no such file or directory\n/);
      const file = join(home, 'not-executable');
      writeFileSync(file, 'echo no\n');
      chmodSync(file, 0o644);
      const denied = run([file]);
      assert.equal(denied.status, 126);
      assert.match(denied.stderr, /^safeshell: error\[EACCES\]: execve /);
    });

    test('SIGINT to safeshell alone is ignored; SIGTERM is forwarded and the child decides', async () => {
      const script = 'trap "exit 42" TERM; echo "ready $$"; while :; do sleep 0.05; done';
      const child = spawn(process.execPath, [bin, 'run', 'sh', '-c', script], { env });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const sh = Number((await waitFor('ready', () => /ready (\d+)/.exec(out), 10000))[1]);
      try {
        child.kill('SIGINT');
        await new Promise((resolve) => setTimeout(resolve, 200)); // a non-event: nothing to wait for but time
        assert.equal(child.exitCode, null, 'still running after SIGINT');
        child.kill('SIGTERM');
        assert.equal(await exited, 42);
      } finally {
        try {
          process.kill(sh, 'SIGKILL'); // on failure sh would outlive us and hold our stdout pipe open
        } catch {}
      }
    });
  });
}

describe('buildRunEnv', () => {
  const shimsDir = '/home/u/.safeshell/shims';
  const base = { HOME: '/home/u', PATH: `/usr/bin:${shimsDir}:/bin` };

  test('shims move to the front of PATH once; context and session are set', () => {
    const env = buildRunEnv({ env: base, shimsDir, packageRoot: '/pkg', session: 's1' });
    assert.equal(env.PATH, `${shimsDir}:/usr/bin:/bin`);
    assert.equal(env.SAFESHELL_CONTEXT, 'ai');
    assert.equal(env.SAFESHELL_SESSION, 's1');
    assert.equal(env.BASH_ENV, '/pkg/shims/init.bash');
    assert.equal(env.SAFESHELL_USER_BASH_ENV, undefined);
    assert.equal(env.ZDOTDIR, undefined, 'no zsh integration installed: ZDOTDIR untouched');
  });

  test("a user's BASH_ENV and ZDOTDIR are kept for the integration scripts to chain to", () => {
    const root = mkdtempSync(join(tmpdir(), 'ss-pkg-'));
    try {
      mkdirSync(join(root, 'shims', 'zsh'), { recursive: true });
      writeFileSync(join(root, 'shims', 'zsh', '.zshenv'), '');
      const env = buildRunEnv({ env: { ...base, BASH_ENV: '/home/u/.bashenv', ZDOTDIR: '/home/u/.zsh' }, shimsDir, packageRoot: root });
      assert.equal(env.SAFESHELL_USER_BASH_ENV, '/home/u/.bashenv');
      assert.equal(env.ZDOTDIR, join(root, 'shims', 'zsh'));
      assert.equal(env.SAFESHELL_USER_ZDOTDIR, '/home/u/.zsh');
      const noZdotdir = buildRunEnv({ env: base, shimsDir, packageRoot: root });
      assert.equal(noZdotdir.SAFESHELL_USER_ZDOTDIR, '/home/u', 'zsh falls back to HOME');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
