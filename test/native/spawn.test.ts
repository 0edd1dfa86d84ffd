// spawnProcess contract, run against both backends with real processes: output, exit status, typed spawn errors.
import assert from 'node:assert/strict';
import { chmodSync, closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { SpawnError } from '../../src/errors.js';
import { exitCodeOf, nativeSpawnUnavailable, spawnProcess, type Backend, type SpawnPlan } from '../../src/exec/spawn.js';
import { waitFor } from '../helpers/wait-for.js';
import { collect } from './spawn-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ss-spawn-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const env = { PATH: '/usr/local/bin:/usr/bin:/bin' };
const sh = (script: string, extra: Partial<SpawnPlan> = {}): SpawnPlan => ({ file: 'sh', argv: ['sh', '-c', script], env, ...extra });

for (const backend of ['native', 'js'] as Backend[]) {
  const skip = backend === 'native' ? nativeSpawnUnavailable() ?? false : false;
  const run = (plan: SpawnPlan) => spawnProcess(plan, { backend });

  describe(`spawnProcess (${backend})`, { skip }, () => {
    test('pipes stdout and stderr, writes stdin, reports exit 0 after the output', async () => {
      const child = run(sh('read line; echo "out:$line"; echo err >&2', { stdio: ['pipe', 'pipe', 'pipe'] }));
      assert.equal(child.backend, backend);
      const out = collect(child.stdout);
      const err = collect(child.stderr);
      child.stdin?.end('hello\n');
      assert.deepEqual(await child.exitPromise, { code: 0, signal: null });
      assert.equal(out.text(), 'out:hello\n');
      assert.equal(err.text(), 'err\n');
    });

    test('exit codes and signals come back as they are; exitCodeOf gives 128 + n', async () => {
      assert.deepEqual(await run(sh('exit 3')).exitPromise, { code: 3, signal: null });
      const killed = await run(sh('kill -KILL $$')).exitPromise;
      assert.deepEqual(killed, { code: null, signal: 'SIGKILL' });
      assert.equal(exitCodeOf(killed), 137);
    });

    test('a missing program is SpawnError ENOENT from execve, thrown at spawn (not exit 127)', () => {
      for (const file of ['/nonexistent/prog', 'no-such-program-xyz']) {
        assert.throws(
          () => run({ file, argv: [file], env }),
          (err: unknown) => err instanceof SpawnError && err.code === 'ENOENT' && err.syscall === 'execve' && err.path === file && err.errno === 2,
        );
      }
    });

    test('a file without the execute bit is EACCES from execve', () => {
      const file = join(dir, 'not-executable');
      writeFileSync(file, '#!/bin/sh\necho no\n');
      chmodSync(file, 0o644);
      assert.throws(() => run({ file, argv: [file], env }), (err: unknown) => err instanceof SpawnError && err.code === 'EACCES' && err.syscall === 'execve');
    });

    test('a missing cwd is SpawnError ENOENT from chdir with the directory as path', () => {
      const cwd = join(dir, 'missing');
      assert.throws(
        () => run({ file: '/bin/true', argv: ['true'], env, cwd }),
        (err: unknown) => err instanceof SpawnError && err.code === 'ENOENT' && err.syscall === 'chdir' && err.path === cwd,
      );
    });

    test('argv[0], env and cwd reach the child exactly', async () => {
      const child = run({
        file: 'sh',
        argv: ['custom-zero', '-c', 'printf "%s|%s|%s|" "$0" "$PWD" "$ONLY"; env | grep -c .'],
        env: { ONLY: 'yes', PATH: env.PATH },
        cwd: dir,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const out = collect(child.stdout);
      await child.exitPromise;
      // env: ONLY and PATH, plus PWD (and for some shells SHLVL/_) that sh sets itself
      const [zero, cwd, only, count] = out.text().trim().split('|');
      assert.deepEqual([zero, cwd, only], ['custom-zero', dir, 'yes']);
      assert.ok(Number(count) <= 5, `unexpected environment size ${count}`);
    });

    test('stdio fds are mapped: a file as stdout, /dev/null as stdin', async () => {
      const file = join(dir, `out-${backend}`);
      const fd = openSync(file, 'w');
      try {
        const child = run(sh('cat; echo written', { stdio: ['ignore', fd, 'inherit'] }));
        assert.deepEqual(await child.exitPromise, { code: 0, signal: null });
      } finally {
        closeSync(fd);
      }
      assert.equal(readFileSync(file, 'utf8'), 'written\n');
    });

    test('a PTY: the child sees terminals on 0-2 and its output arrives', async () => {
      const child = run(sh('test -t 0 && test -t 1 && test -t 2 && echo all-tty; stty size', { stdio: 'pty', cols: 100, rows: 30 }));
      const out = collect(child.pty);
      assert.deepEqual(await child.exitPromise, { code: 0, signal: null });
      assert.match(out.text(), /all-tty\r?\n/);
      assert.match(out.text(), /30 100/);
    });

    test('kill() reaches a process group; false once the child has exited', async () => {
      const child = run(sh('echo ready; sleep 30 & wait', { stdio: ['ignore', 'pipe', 'inherit'], processGroup: true }));
      const out = collect(child.stdout);
      await waitFor('ready', () => out.text().includes('ready'));
      assert.equal(child.kill('SIGTERM'), true);
      assert.equal((await child.exitPromise).signal, 'SIGTERM');
      assert.equal(child.kill('SIGTERM'), false);
    });
  });
}
