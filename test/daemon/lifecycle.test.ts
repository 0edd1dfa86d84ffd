// Daemon lifecycle with real processes: one per home, permissions, SIGTERM, kill -9 and stale sockets,
// the version handshake, reload on change, the CLI subcommands.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ensureDaemon, ping, stopDaemon } from '../../src/client/control.js';
import { request } from '../../src/client/request.js';
import { paths } from '../../src/paths.js';
import { VERSION } from '../../src/version.js';
import { engineIsStub, startDaemonProcess } from '../helpers/daemon.js';
import { CLI, makeHome } from '../helpers/home.js';
import { cleanEnv, run } from '../helpers/proc.js';
import { waitFor } from '../helpers/wait-for.js';

const cli = (home: string, ...args: string[]) => run(process.execPath, [CLI, ...args], { env: cleanEnv({ SAFESHELL_HOME: home }), timeoutMs: 20000 });
const log = (home: string): string => readFileSync(paths(home).daemonLog, 'utf8');

describe('daemon lifecycle', () => {
  it('listens on a 0600 socket in a 0700 directory (repairing a looser one), writes pid and log', async () => {
    const h = makeHome();
    mkdirSync(h.p.run, { recursive: true });
    chmodSync(h.p.run, 0o755);
    const d = await startDaemonProcess(h.p);
    try {
      assert.equal(statSync(h.p.run).mode & 0o777, 0o700);
      assert.equal(statSync(h.p.socket).mode & 0o777, 0o600);
      assert.equal(readFileSync(h.p.pidFile, 'utf8').trim(), String(d.pid));
      assert.match(log(h.home), /started: version/);
    } finally {
      await d.stop();
      h.cleanup();
    }
  });

  it('runs once per home: a second daemon exits at once and the first keeps serving', async () => {
    const h = makeHome();
    const d = await startDaemonProcess(h.p);
    try {
      const second = await cli(h.home, 'daemon', 'start', '--foreground');
      assert.equal(second.code, 0);
      assert.match(second.stderr, /already running \(pid \d+\)/);
      assert.equal((await ping(h.p)).pid, d.pid);
    } finally {
      await d.stop();
      h.cleanup();
    }
  });

  it('SIGTERM: exits 0 and removes socket, pid file and lock', async () => {
    const h = makeHome();
    const d = await startDaemonProcess(h.p);
    assert.equal(await d.stop(), 0);
    assert.equal(existsSync(h.p.socket), false);
    assert.equal(existsSync(h.p.pidFile), false);
    assert.equal(existsSync(h.p.lockFile), false);
    assert.match(log(h.home), /stopping: signal SIGTERM[\s\S]*stopped/);
    h.cleanup();
  });

  it('after kill -9 the stale socket and lock are detected and replaced by the next daemon', async () => {
    const h = makeHome();
    const d = await startDaemonProcess(h.p);
    d.child.kill('SIGKILL');
    await d.exited;
    assert.equal(existsSync(h.p.socket), true, 'a killed daemon leaves its socket');
    const again = await startDaemonProcess(h.p);
    try {
      assert.notEqual(again.pid, d.pid);
      assert.match(log(h.home), /replacing a stale socket \(connection refused\)/);
    } finally {
      await again.stop();
      h.cleanup();
    }
  });

  it('exits when its socket file is removed (nobody could reach it)', async () => {
    const h = makeHome();
    const d = await startDaemonProcess(h.p);
    unlinkSync(h.p.socket);
    assert.equal(await waitFor('the daemon to exit', () => d.child.exitCode !== null && true, 8000), true);
    assert.match(log(h.home), /socket file removed/);
    h.cleanup();
  });

  it('refuses a socket path longer than sun_path allows', async () => {
    const h = makeHome({ install: false });
    const deep = join(h.tmp, 'x'.repeat(100));
    mkdirSync(deep, { recursive: true });
    const r = await cli(deep, 'daemon', 'start', '--foreground');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /socket path is \d+ bytes, over the 107-byte limit/);
    h.cleanup();
  });

  it('the kernel refuses other users (0700 run directory), before the daemon sees them', { skip: process.getuid?.() !== 0 && 'needs root to act as another user' }, async () => {
    const h = makeHome();
    const d = await startDaemonProcess(h.p);
    try {
      const code = `require('net').connect(${JSON.stringify(h.p.socket)}).on('error', (e) => { console.log(e.code); }).on('connect', () => console.log('connected'))`;
      const r = await run('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', code], { env: cleanEnv() });
      assert.equal(r.stdout.toString().trim(), 'EACCES');
    } finally {
      await d.stop();
      h.cleanup();
    }
  });

  it('reloads when the global rules change, logging it', async () => {
    const h = makeHome();
    const d = await startDaemonProcess(h.p);
    try {
      writeFileSync(h.p.globalRules, '# changed\nrules: []\n');
      await waitFor('a reload in the log', () => /rules reloaded/.test(log(h.home)), 5000);
    } finally {
      await d.stop();
      h.cleanup();
    }
  });

  it('a broken rules file keeps the last good rules and shows in status and the log', async (t) => {
    const h = makeHome();
    if (await engineIsStub(h.home)) {
      h.cleanup();
      return t.skip('the engine is still the stub');
    }
    const d = await startDaemonProcess(h.p);
    try {
      writeFileSync(h.p.globalRules, 'rules:\n  - name: deny-touch-marker\n    commands: [touch]\n    conditions: [{command_contains: marker}]\n    action: deny\n    message: no markers\n');
      await waitFor('the rule to apply', async () => (await request(h.p.socket, { type: 'evaluate', argv: ['touch', 'marker'], cwd: '/tmp', context: 'human' })).verdict === 'deny');
      writeFileSync(h.p.globalRules, 'rules:\n  - name: [broken\n');
      await waitFor('the error in the log', () => /rules reloaded with errors/.test(log(h.home)), 5000);
      const r = await request(h.p.socket, { type: 'evaluate', argv: ['touch', 'marker'], cwd: '/tmp', context: 'human' });
      assert.equal(r.verdict, 'deny', 'the last good rules stay in force');
      const status = await cli(h.home, 'status');
      assert.match(status.stdout.toString(), /error: .*rules\.yaml/);
    } finally {
      await d.stop();
      h.cleanup();
    }
  });

  it('restarts a daemon of another version (the handshake)', async () => {
    const h = makeHome();
    mkdirSync(h.p.run, { recursive: true, mode: 0o700 });
    // An "old daemon": answers ping with another version and its own pid; dies on SIGTERM leaving a stale socket.
    const old = spawn(
      process.execPath,
      ['-e', `require('net').createServer((s) => s.on('data', () => s.write(JSON.stringify({ ok: true, v: 1, version: '0.0.1-old', pid: process.pid }) + '\\n'))).listen(${JSON.stringify(h.p.socket)}, () => process.stdout.write('up'))`],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    await new Promise<void>((r) => old.stdout!.once('data', () => r()));
    const oldExit = new Promise<void>((r) => old.on('exit', () => r()));
    try {
      const r = await ensureDaemon(h.p);
      await oldExit;
      assert.equal(r.restarted, '0.0.1-old');
      assert.equal(r.version, VERSION);
      assert.notEqual(r.pid, old.pid);
      assert.equal((await ping(h.p)).version, VERSION);
    } finally {
      await stopDaemon(h.p);
      h.cleanup();
    }
  });

  it('daemon start | status | stop | restart | logs from the CLI', async () => {
    const h = makeHome();
    try {
      const start = await cli(h.home, 'daemon', 'start');
      assert.equal(start.code, 0, start.stderr);
      assert.match(start.stdout.toString(), /daemon started \(pid (\d+)/);
      const again = await cli(h.home, 'daemon', 'start');
      assert.match(again.stdout.toString(), /already running/);
      assert.equal((await cli(h.home, 'daemon', 'status')).code, 0);
      const restart = await cli(h.home, 'daemon', 'restart');
      assert.match(restart.stdout.toString(), /daemon started/);
      const logs = await cli(h.home, 'daemon', 'logs', '-n', '3');
      assert.match(logs.stdout.toString(), /info/);
      const stop = await cli(h.home, 'daemon', 'stop');
      assert.match(stop.stdout.toString(), /daemon stopped \(pid \d+\)/);
      assert.equal(existsSync(h.p.socket), false);
      const status = await cli(h.home, 'daemon', 'status');
      assert.equal(status.code, 1);
      assert.match(status.stdout.toString(), /not running: no socket/);
      const agent = await run(process.execPath, [CLI, 'daemon', 'stop'], { env: cleanEnv({ SAFESHELL_HOME: h.home, CLAUDECODE: '1' }) });
      assert.equal(agent.code, 1);
      assert.match(agent.stderr, /an agent may not stop the daemon/);
    } finally {
      await stopDaemon(h.p);
      h.cleanup();
    }
  });
});

describe('peer credentials', () => {
  it('with SO_PEERCRED, a client of another uid is answered E_PERMISSION even if the socket were reachable', async (t) => {
    const { loadNative } = await import('../../src/native/load.js');
    const n = loadNative();
    if (!n.ok || typeof (n.binding as unknown as Record<string, unknown>).peerCredInto !== 'function') return t.skip('the addon has no peerCredInto (native/peercred.cc not built)');
    if (process.getuid?.() !== 0) return t.skip('needs root to act as another user');
    const h = makeHome();
    const d = await startDaemonProcess(h.p);
    try {
      const st = (await request(h.p.socket, { type: 'status' })).status as { peerCheck: string };
      assert.match(st.peerCheck, /^SO_PEERCRED/);
      // Simulate broken permissions: the kernel would now let another user in; the daemon must not.
      for (const dir of [join(h.home, '..'), h.home, h.p.run]) chmodSync(dir, 0o711);
      chmodSync(h.p.socket, 0o666);
      const code = `const c = require('net').connect(${JSON.stringify(h.p.socket)}); c.on('data', (d) => { process.stdout.write(d); }); c.on('error', (e) => console.log(e.code)); c.write('{"type":"ping"}\\n');`;
      const r = await run('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', code], { env: cleanEnv() });
      assert.match(r.stdout.toString(), /"code":"E_PERMISSION"/);
      assert.match(log(h.home), /rejected a client: peer pid \d+ runs as uid 65534/);
      assert.equal((await ping(h.p)).pid, d.pid, 'the owner is still served');
    } finally {
      await d.stop();
      h.cleanup();
    }
  });
});
