// The daemon's execute service with real processes: the caller's fds passed over exec.sock (SCM_RIGHTS), output
// straight to them, exit statuses, a caller that goes away, timeouts, verdicts, and other clients served meanwhile.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ping } from '../../src/client/control.js';
import { executeUnavailable } from '../../src/daemon/execute.js';
import { startDaemonProcess, type RunningDaemon } from '../helpers/daemon.js';
import { argvDumpBinary, makeHome, splitNul, type TestHome } from '../helpers/home.js';
import { cleanEnv } from '../helpers/proc.js';
import { DENY_TOUCH_MARKER } from '../helpers/rules.js';
import { waitFor } from '../helpers/wait-for.js';
import { execRaw, execSocket, fdCount, finalLine, groupGone, groupMembers, stdioFiles } from './execute-support.js';

const RULES = `${DENY_TOUCH_MARKER}  - name: redirect-touch-elsewhere
    commands: [touch]
    conditions:
      - command_contains: redirect-me
    action: redirect
    redirect_to: [argvdump, instead-of-touch, $ARGS]
    context: all
    message: "test rule: touch goes elsewhere"
`;

const skip = executeUnavailable() ?? false;

describe('execute over exec.sock', { skip }, () => {
  let h: TestHome;
  let d: RunningDaemon;
  let env: Record<string, string>;

  before(async () => {
    h = makeHome({ programs: ['argvdump', 'touch', 'cat', 'sh'] });
    writeFileSync(h.p.globalRules, RULES);
    const bin = join(h.tmp, 'bin');
    mkdirSync(bin);
    symlinkSync(argvDumpBinary(), join(bin, 'argvdump'));
    // The shims come first on the caller's PATH: the daemon must look past them, as a shim does.
    env = Object.fromEntries(Object.entries(cleanEnv({ PATH: `${h.p.shims}:${bin}:/usr/bin:/bin`, SAFESHELL_NO_AUTOSTART: '1' })).filter((e): e is [string, string] => e[1] !== undefined));
    d = await startDaemonProcess(h.p);
    await waitFor('exec.sock', () => existsSync(execSocket(h.p)));
  });
  after(async () => {
    await d.stop();
    assert.equal(existsSync(execSocket(h.p)), false, 'exec.sock is removed at stop');
    h.cleanup();
  });

  const exec = (argv: string[], io: { fds: number[] }, extra: Record<string, unknown> = {}) => execRaw(h.p, { argv, cwd: h.tmp, env, context: 'ai', ...extra }, io.fds);

  it('binary stdin and stdout go through the caller fds, untouched', async () => {
    const data = randomBytes(1024 * 1024);
    const io = stdioFiles(h.tmp, 'bin', data);
    const c = await exec(['cat'], io);
    io.close(); // the daemon and the command hold their own copies
    const { final, lines } = await finalLine(c);
    assert.equal(lines[0]!.started, true);
    assert.equal(typeof lines[0]!.pid, 'number');
    assert.deepEqual([final.ok, final.verdict, final.ran, final.exit], [true, 'allow', true, 0]);
    assert.ok(io.stdout().equals(data), 'stdout holds exactly the bytes of stdin');
    assert.equal(io.stderr(), '');
  });

  it('argv exactly, the caller environment and cwd, stderr', async () => {
    const io = stdioFiles(h.tmp, 'argv');
    const c = await exec(['argvdump', 'a b', '$HOME', "it's", '*', ''], io, { env: { ...env, DUMP_STDIN: '1' } });
    const { final } = await finalLine(c);
    assert.equal(final.exit, 0);
    assert.deepEqual(splitNul(io.stdout()).map(String), ['argvdump', 'a b', '$HOME', "it's", '*', '']);
    const sh = stdioFiles(h.tmp, 'env');
    const r = await finalLine(await exec(['sh', '-c', 'echo "$FOO"; pwd; echo oops >&2'], sh, { env: { ...env, FOO: 'from the caller' } }));
    assert.equal(r.final.exit, 0);
    assert.equal(sh.stdout().toString(), `from the caller\n${h.tmp}\n`);
    assert.equal(sh.stderr(), 'oops\n');
    io.close();
    sh.close();
  });

  it('exit codes: the command status, 128 + signal, 127 for a missing program', async () => {
    const io = stdioFiles(h.tmp, 'codes');
    const a = await finalLine(await exec(['sh', '-c', 'exit 42'], io));
    assert.deepEqual([a.final.exit, a.final.code, a.final.signal], [42, 42, null]);
    const b = await finalLine(await exec(['sh', '-c', 'kill -TERM $$'], io));
    assert.deepEqual([b.final.exit, b.final.code, b.final.signal], [143, null, 'SIGTERM']);
    const c = await finalLine(await exec(['no-such-program-xyz'], io));
    assert.deepEqual([c.final.ran, c.final.exit], [false, 127]);
    assert.equal((c.final.spawn_error as { code: string }).code, 'ENOENT');
    io.close();
  });

  it('deny: not run, exit 126, the rule and message come back', async () => {
    const io = stdioFiles(h.tmp, 'deny');
    const marker = join(h.tmp, 'marker-exec');
    const { final, lines } = await finalLine(await exec(['touch', marker], io));
    io.close();
    assert.equal(lines.length, 1, 'no started line');
    assert.deepEqual([final.verdict, final.rule, final.ran, final.exit], ['deny', 'deny-touch-marker', false, 126]);
    assert.equal(existsSync(marker), false);
  });

  it('redirect: the target runs instead, with the rule argv template expanded', async () => {
    const io = stdioFiles(h.tmp, 'redirect');
    const target = join(h.tmp, 'redirect-me');
    const { final, lines } = await finalLine(await exec(['touch', target, 'two words'], io));
    io.close();
    assert.deepEqual(lines[0]!.argv, ['argvdump', 'instead-of-touch', target, 'two words']);
    assert.deepEqual([final.verdict, final.rule, final.ran, final.exit], ['redirect', 'redirect-touch-elsewhere', true, 0]);
    assert.equal(existsSync(target), false, 'touch never ran');
    assert.deepEqual(splitNul(io.stdout()).map(String), ['argvdump', 'instead-of-touch', target, 'two words']);
  });

  it('a caller that goes away: the whole process group is killed, SIGKILL for what ignores SIGTERM', async () => {
    const io = stdioFiles(h.tmp, 'gone');
    const c = await exec(['sh', '-c', 'trap "" TERM; sleep 300 & sleep 300 & wait'], io);
    io.close();
    const started = await c.next();
    const pid = started.pid as number;
    await waitFor('the group to hold sh and two sleeps', () => groupMembers(pid).length === 3);
    c.socket.destroy();
    await groupGone(pid); // after the 2 s grace: SIGTERM is ignored by all three
  });

  it('timeout: SIGTERM to the group, timed_out in the answer', async () => {
    const io = stdioFiles(h.tmp, 'timeout');
    const startedAt = Date.now();
    const { final, lines } = await finalLine(await exec(['sh', '-c', 'sleep 300 & sleep 300'], io, { timeout: 0.3 }));
    io.close();
    assert.deepEqual([final.ran, final.exit, final.signal, final.timed_out], [true, 143, 'SIGTERM', true]);
    assert.ok(Date.now() - startedAt < 5000);
    await groupGone(lines[0]!.pid as number);
  });

  it('other clients are served while a command runs', async () => {
    const io = stdioFiles(h.tmp, 'long');
    const long = await exec(['sleep', '300'], io);
    const started = await long.next();
    const t0 = Date.now();
    await ping(h.p);
    const quick = stdioFiles(h.tmp, 'quick');
    const q = await finalLine(await exec(['sh', '-c', 'echo quick'], quick));
    assert.equal(q.final.exit, 0);
    assert.equal(quick.stdout().toString(), 'quick\n');
    assert.ok(Date.now() - t0 < 3000, 'ping and a second execute answered while sleep runs');
    long.socket.destroy();
    await groupGone(started.pid as number);
    io.close();
    quick.close();
  });

  it('signals forwarded by the client reach the command', async () => {
    const io = stdioFiles(h.tmp, 'signal');
    const c = await exec(['sleep', '300'], io);
    io.close();
    await c.next();
    c.write(`${JSON.stringify({ type: 'signal', signal: 'SIGINT' })}\n`);
    const { final } = await finalLine(c);
    assert.deepEqual([final.exit, final.signal], [130, 'SIGINT']);
  });

  it('protocol errors: wrong number of fds, a bad request', async () => {
    const fd = openSync('/dev/null', 'r');
    try {
      const one = await finalLine(await execRaw(h.p, { argv: ['true'], cwd: '/', env, context: 'ai' }, [fd]));
      assert.deepEqual([one.final.ok, one.final.code], [false, 'E_PROTOCOL']);
      assert.match(String(one.final.error), /exactly 3 fds/);
      const bad = await finalLine(await execRaw(h.p, { argv: [], cwd: '/', env, context: 'ai' }, [fd, fd, fd]));
      assert.deepEqual([bad.final.ok, bad.final.code], [false, 'E_PROTOCOL']);
    } finally {
      closeSync(fd);
    }
  });

  it('the daemon keeps no fd of a caller: its fd count returns to where it was', async () => {
    const io = stdioFiles(h.tmp, 'leak');
    await finalLine(await exec(['true'], io)); // warm up
    const base = fdCount(d.pid);
    for (let i = 0; i < 20; i++) {
      const r = await finalLine(await exec(['sh', '-c', 'echo x'], io));
      assert.equal(r.final.exit, 0);
    }
    io.close();
    await waitFor(`daemon fds back to ${base}`, () => fdCount(d.pid) <= base);
  });
});
