// `safeshell exec` end to end: the CLI passes its own fds 0-2 to the daemon, whose command writes straight to them;
// the exit code is the command's. Also the paths without the execute service and without a daemon.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stopDaemon } from '../../src/client/control.js';
import { executeUnavailable } from '../../src/daemon/execute.js';
import { paths } from '../../src/paths.js';
import { startDaemonProcess, type RunningDaemon } from '../helpers/daemon.js';
import { CLI, makeHome, type TestHome } from '../helpers/home.js';
import { cleanEnv, run } from '../helpers/proc.js';
import { DENY_TOUCH_MARKER } from '../helpers/rules.js';
import { waitFor } from '../helpers/wait-for.js';

function suite(name: string, daemonEnv: NodeJS.ProcessEnv, viaService: boolean): void {
  describe(name, { skip: viaService ? (executeUnavailable() ?? false) : false }, () => {
    let h: TestHome;
    let d: RunningDaemon;
    let env: NodeJS.ProcessEnv;
    before(async () => {
      h = makeHome({ programs: ['touch', 'cat'] });
      writeFileSync(h.p.globalRules, DENY_TOUCH_MARKER);
      env = cleanEnv({ SAFESHELL_HOME: h.home, PATH: `${h.p.shims}:/usr/bin:/bin`, SAFESHELL_NO_AUTOSTART: '1' });
      d = await startDaemonProcess(h.p, daemonEnv);
      await waitFor('the execute service to be up (or known absent)', async () => existsSync(join(h.p.run, 'exec.sock')) === viaService);
    });
    after(async () => {
      await d.stop();
      await stopDaemon(h.p);
      h.cleanup();
    });

    const exec = (args: string[], opts: { input?: Buffer | string; extra?: NodeJS.ProcessEnv } = {}) =>
      run(process.execPath, [CLI, 'exec', ...args], { env: { ...env, ...opts.extra }, cwd: h.tmp, ...(opts.input === undefined ? {} : { input: opts.input }), timeoutMs: 15_000 });

    it('exit code, binary stdout through a pipe, stdin, stderr', async () => {
      const data = randomBytes(512 * 1024);
      const cat = await exec(['--', 'cat'], { input: data });
      assert.equal(cat.code, 0, cat.stderr);
      assert.ok(cat.stdout.equals(data), 'the bytes arrive unchanged');
      assert.equal(cat.stderr, '');
      const codes = await exec(['--', 'sh', '-c', 'echo out; echo err >&2; exit 7']);
      assert.deepEqual([codes.code, codes.stdout.toString(), codes.stderr], [7, 'out\n', 'err\n']);
      const sig = await exec(['sh', '-c', 'kill -KILL $$']);
      assert.equal(sig.code, 137);
      const missing = await exec(['no-such-program-xyz']);
      assert.equal(missing.code, 127);
      assert.match(missing.stderr, /^safeshell: error\[ENOENT\]: execve no-such-program-xyz: no such file or directory$/m);
    });

    it('--timeout stops the command: 128 + SIGTERM and one line', async () => {
      const r = await exec(['--timeout', '0.3', '--', 'sleep', '30']);
      assert.equal(r.code, 143);
      assert.match(r.stderr, /^safeshell: timed out after 0\.3 s; stopped$/m);
      assert.ok(r.ms < 10_000);
    });

    it('denied: exit 126, the reason on stderr, nothing runs', async () => {
      const marker = join(h.tmp, `marker-${viaService ? 'svc' : 'local'}`);
      const r = await exec(['touch', marker]);
      assert.equal(r.code, 126);
      assert.match(r.stderr, /deny-touch-marker/);
      assert.equal(existsSync(marker), false);
    });

    it('usage errors exit 2', async () => {
      assert.equal((await exec(['--timeout', 'soon', '--', 'true'])).code, 2);
      assert.equal((await exec(['--context', 'robot', '--', 'true'])).code, 2);
    });
  });
}

suite('safeshell exec through the execute service', {}, true);
suite('safeshell exec without the execute service (daemon without the addon): judged by the daemon, run by the CLI', { SAFESHELL_NATIVE: 'off' }, false);

describe('safeshell exec without a daemon: the fail policy', () => {
  // A home whose socket path is over the sun_path limit: the daemon cannot start, every attempt fails.
  const root = mkdtempSync('/tmp/ss-');
  const home = join(root, 'h'.repeat(110));
  before(() => mkdirSync(join(home, 'run'), { recursive: true, mode: 0o700 }));
  after(() => void run('rm', ['-rf', root]));
  const exec = (args: string[]) => run(process.execPath, [CLI, 'exec', ...args], { env: cleanEnv({ SAFESHELL_HOME: home }), timeoutMs: 15_000 });

  it('open (default): one warning, the command runs', async () => {
    const r = await exec(['--', 'sh', '-c', 'echo ran; exit 3']);
    assert.equal(r.code, 3);
    assert.equal(r.stdout.toString(), 'ran\n');
    assert.match(r.stderr, /^safeshell: warning: daemon unavailable \(.*\); sh runs unchecked \(on_daemon_unavailable: open\)$/m);
  });

  it('closed: exit 69, not run', async () => {
    writeFileSync(paths(home).config, 'on_daemon_unavailable: closed\n');
    const r = await exec(['--', 'sh', '-c', 'echo ran']);
    assert.equal(r.code, 69);
    assert.equal(r.stdout.toString(), '');
    assert.match(r.stderr, /sh blocked \(on_daemon_unavailable: closed\)/);
  });
});
