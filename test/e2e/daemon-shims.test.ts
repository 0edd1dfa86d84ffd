// End to end: the real daemon, real shims on PATH, real bash. Allowed commands behave exactly as without
// safeshell; denied ones never run (once the real engine judges the test rules); crashes fail by the policy.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ping, stopDaemon } from '../../src/client/control.js';
import { engineIsStub, startDaemonProcess, type RunningDaemon } from '../helpers/daemon.js';
import { argvDumpBinary, makeHome, splitNul, type TestHome } from '../helpers/home.js';
import { cleanEnv, run } from '../helpers/proc.js';
import { DENY_TOUCH_MARKER } from '../helpers/rules.js';
import { waitFor } from '../helpers/wait-for.js';

let h: TestHome;
let d: RunningDaemon;
let env: NodeJS.ProcessEnv;
let stub = true;

before(async () => {
  h = makeHome({ programs: ['argvdump', 'cat', 'head', 'touch', 'printf', 'wc'] });
  writeFileSync(h.p.globalRules, DENY_TOUCH_MARKER);
  const bin = join(h.tmp, 'bin');
  mkdirSync(bin);
  symlinkSync(argvDumpBinary(), join(bin, 'argvdump'));
  env = cleanEnv({ PATH: `${h.p.shims}:${bin}:/usr/bin:/bin` });
  stub = await engineIsStub(h.home);
  d = await startDaemonProcess(h.p);
});
after(async () => {
  await d.stop();
  await stopDaemon(h.p); // any daemon a test started in the background
  h.cleanup();
});

const bash = (script: string, extra: NodeJS.ProcessEnv = {}, input?: Buffer) => run('/bin/bash', ['-c', script], { env: { ...env, ...extra }, cwd: h.tmp, ...(input ? { input } : {}) });

describe('allowed commands run exactly as without safeshell', () => {
  it('exact argv: spaces, $, quotes, globs, newlines, empty', async () => {
    const r = await bash(`argvdump "a b" '$HOME' "it's" 'say "hi"' '*' "" $'line1\\nline2' \\$x`);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(splitNul(r.stdout).map(String), ['argvdump', 'a b', '$HOME', "it's", 'say "hi"', '*', '', 'line1\nline2', '$x']);
    assert.equal(r.stderr, '');
  });

  it('stdin, binary stdout, stderr and exit codes', async () => {
    const data = randomBytes(256 * 1024);
    const cat = await bash('cat', {}, data);
    assert.equal(cat.code, 0, cat.stderr);
    assert.ok(cat.stdout.equals(data), 'binary data through the cat shim is unchanged');
    const file = join(h.tmp, 'bin.dat');
    writeFileSync(file, data);
    const head = await bash(`head -c 1000 ${file}`);
    assert.ok(head.stdout.equals(data.subarray(0, 1000)));
    const err = await bash('argvdump x; echo "code=$?"', { DUMP_STDIN: '1', DUMP_EXIT: '42' }, Buffer.from('to stderr'));
    assert.equal(err.stderr, 'to stderr');
    assert.match(err.stdout.toString(), /code=42\n$/);
    const piped = await bash("printf '%s\\n' a b c | wc -l");
    assert.equal(piped.stdout.toString().trim(), '3');
  });

  it('64 commands at once', async () => {
    const rs = await Promise.all(Array.from({ length: 64 }, (_, i) => run('argvdump', [`n${i}`], { env })));
    rs.forEach((r, i) => {
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(splitNul(r.stdout).map(String), ['argvdump', `n${i}`]);
      assert.equal(r.stderr, '');
    });
  });

  it('compound commands through the wrapper run in full', async () => {
    const r = await run(join(h.p.shims, 'safeshell-wrapper'), ['-c', 'printf "%s," a b | cat && echo " ok"; (cd / && pwd)'], { env, cwd: h.tmp });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.toString(), 'a,b, ok\n/\n');
  });
});

describe('denied commands never run', () => {
  it('through a shim: exit 126, no marker', async (t) => {
    if (stub) return t.skip('the engine is still the stub');
    const marker = join(h.tmp, 'marker-shim');
    const r = await bash(`touch ${marker}`);
    assert.equal(r.code, 126);
    assert.match(r.stderr, /deny-touch-marker/);
    assert.equal(existsSync(marker), false);
    const other = join(h.tmp, 'other-file');
    assert.equal((await bash(`touch ${other}`)).code, 0);
    assert.equal(existsSync(other), true);
  });

  it('through the wrapper, inside a compound command: nothing runs', async (t) => {
    if (stub) return t.skip('the engine is still the stub');
    const first = join(h.tmp, 'first');
    const marker = join(h.tmp, 'marker-wrapper');
    const r = await run(join(h.p.shims, 'safeshell-wrapper'), ['-c', `: > ${first} && cd /tmp && touch ${marker}`], { env, cwd: h.tmp });
    assert.equal(r.code, 126);
    assert.equal(existsSync(first), false, 'the whole line is refused before any part runs');
    assert.equal(existsSync(marker), false);
  });
});

describe('when the daemon dies', () => {
  it('kill -9: the next command fails open with a warning and restarts the daemon in the background', async () => {
    d.child.kill('SIGKILL');
    await d.exited;
    const r = await run('argvdump', ['after-crash'], { env });
    assert.equal(r.code, 0);
    assert.match(r.stderr, /daemon unavailable \(connection refused \(stale socket\)\); argvdump runs unchecked/);
    const info = await waitFor('the background start', () => ping(h.p).catch(() => undefined), 10000);
    assert.notEqual(info.pid, d.pid);
    const next = await run('argvdump', ['checked'], { env });
    assert.equal(next.stderr, '', 'no warning: the daemon answers again');
    await stopDaemon(h.p);
  });

  it('the wrapper (a client that may wait) starts the daemon and waits for the answer', async () => {
    await stopDaemon(h.p);
    const r = await run(join(h.p.shims, 'safeshell-wrapper'), ['-c', 'echo waited'], { env });
    assert.equal(r.stdout.toString(), 'waited\n');
    assert.equal(r.stderr, '', 'no fail-open warning');
    await ping(h.p);
    await stopDaemon(h.p);
    // Leave a daemon for after().
    d = await startDaemonProcess(h.p);
  });
});
