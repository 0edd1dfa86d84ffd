// Redirects for real: the example rule (rules/examples/redirect-rm-to-trash.yaml) in a home, a fixture trash-put on
// PATH, and rm through a shim, the $SHELL -c wrapper and `safeshell exec`. The original command never runs.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stopDaemon } from '../../src/client/control.js';
import { packageRoot } from '../../src/native/load.js';
import { startDaemonProcess, type RunningDaemon } from '../helpers/daemon.js';
import { argvDumpBinary, CLI, makeHome, splitNul, type TestHome } from '../helpers/home.js';
import { cleanEnv, run } from '../helpers/proc.js';

const EXAMPLE = join(packageRoot, 'rules', 'examples', 'redirect-rm-to-trash.yaml');
const MESSAGE = 'rm moves files to the trash here (trash-cli); restore them with trash-restore, empty it with trash-empty.';

const TOUCH_RULE = `
  - name: redirect-touch-marker
    commands: [touch]
    conditions:
      - command_contains: marker
    action: redirect
    redirect_to: [argvdump, instead, $ARGS]
    context: all
    message: markers are not made here
`;

it('the example rule loads cleanly', async () => {
  const r = await run(process.execPath, [CLI, 'rules', 'validate', EXAMPLE], { env: cleanEnv() });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout.toString(), /redirect-rm-to-trash\.yaml: ok \(1 rules, 0 overrides\)/);
});

describe('redirect through shim, wrapper and exec', () => {
  let h: TestHome;
  let d: RunningDaemon;
  let env: NodeJS.ProcessEnv;
  let log: string;
  let wrapper: string;

  before(async () => {
    h = makeHome({ programs: ['rm', 'touch', 'argvdump'] });
    // The example enabled the documented way: its rules copied into the global rules file (plus a test rule).
    copyFileSync(EXAMPLE, h.p.globalRules);
    writeFileSync(h.p.globalRules, readFileSync(h.p.globalRules, 'utf8') + TOUCH_RULE);
    const bin = join(h.tmp, 'bin');
    mkdirSync(bin);
    log = join(h.tmp, 'trash.log');
    // The fixture trash: records its argv (one line, NUL-separated) and deletes nothing.
    writeFileSync(join(bin, 'trash-put'), `#!/bin/sh\nprintf '%s\\0' "$0" "$@" >> ${log}\nprintf '\\n' >> ${log}\n`, { mode: 0o755 });
    symlinkSync(argvDumpBinary(), join(bin, 'argvdump'));
    env = cleanEnv({ PATH: `${h.p.shims}:${bin}:/usr/bin:/bin`, SAFESHELL_CONTEXT: 'ai', SAFESHELL_NO_AUTOSTART: '1', SAFESHELL_HOME: h.home });
    wrapper = join(h.p.shims, 'safeshell-wrapper');
    d = await startDaemonProcess(h.p);
  });
  after(async () => {
    await d.stop();
    await stopDaemon(h.p);
    h.cleanup();
  });

  const victims = (...names: string[]): string[] => names.map((n) => {
    const f = join(h.tmp, n);
    writeFileSync(f, 'keep me');
    return f;
  });
  /** The argv of each trash-put call since the last one, as word lists. */
  const trashCalls = (): string[][] => {
    if (!existsSync(log)) return [];
    const lines = readFileSync(log, 'latin1').split('\n').filter((l) => l !== '');
    rmSync(log);
    return lines.map((l) => l.split('\0').slice(0, -1).map((w, i) => (i === 0 ? w.slice(w.lastIndexOf('/') + 1) : w)));
  };

  it('shim: rm runs trash-put with the exact arguments; the files stay; the agent is told', async () => {
    const [a, b] = victims('shim one', 'shim-two');
    const r = await run('/bin/bash', ['-c', `rm -f "${a}" ${b}`], { env, cwd: h.tmp });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(a!) && existsSync(b!), 'rm never ran');
    assert.deepEqual(trashCalls(), [['trash-put', '-f', a, b]]);
    assert.equal(r.stderr, `safeshell: redirected: redirect-rm-to-trash: ${MESSAGE} — running: trash-put -f '${a}' ${b}\n`);
  });

  it('shim: the original command never runs (no marker); the target gets the template argv', async () => {
    const marker = join(h.tmp, 'marker-shim');
    const r = await run('/bin/bash', ['-c', `touch ${marker} 'x y'`], { env, cwd: h.tmp });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(existsSync(marker), false);
    assert.deepEqual(splitNul(r.stdout).map(String), ['argvdump', 'instead', marker, 'x y']);
  });

  it('wrapper, one simple command: the redirect line runs in the real shell (globs, quotes, $1, redirections)', async () => {
    const [a, b, c] = victims('w-1.log', 'w-2.log', 'w 3');
    const r = await run(wrapper, ['-c', 'rm -v w-*.log "$1" 2>/dev/null', 'sh', c!], { env, cwd: h.tmp });
    assert.equal(r.code, 0, r.stderr);
    assert.ok([a, b, c].every((f) => existsSync(f!)));
    assert.deepEqual(trashCalls(), [['trash-put', '-v', 'w-1.log', 'w-2.log', c]]);
    assert.match(r.stderr, /^safeshell: redirected: redirect-rm-to-trash: .* — running: trash-put -v w-\*\.log "\$1" 2> \/dev\/null$/m);
    const marker = join(h.tmp, 'marker-wrapper');
    const t = await run(wrapper, ['-c', `touch ${marker}`], { env, cwd: h.tmp });
    assert.equal(existsSync(marker), false);
    assert.deepEqual(splitNul(t.stdout).map(String), ['argvdump', 'instead', marker]);
  });

  it('wrapper, a compound line: refused (126) naming the replacement; no part of it runs', async () => {
    const [a] = victims('compound');
    const first = join(h.tmp, 'first-part');
    const r = await run(wrapper, ['-c', `: > ${first} && rm ${a}`], { env, cwd: h.tmp });
    assert.equal(r.code, 126);
    assert.match(r.stderr, /redirected: run `trash-put .*compound` instead/);
    assert.equal(existsSync(first), false);
    assert.ok(existsSync(a!));
    assert.deepEqual(trashCalls(), []);
  });

  it('safeshell exec: the daemon runs the redirect target', async () => {
    const [a] = victims('exec one');
    const r = await run(process.execPath, [CLI, 'exec', '--', 'rm', a!], { env, cwd: h.tmp });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(a!));
    assert.deepEqual(trashCalls(), [['trash-put', a]]);
    assert.match(r.stderr, /^safeshell: redirected: redirect-rm-to-trash: .* — running: trash-put '.*exec one'$/m);
  });

  it('a missing target: 127, nothing deleted', async () => {
    const [a] = victims('no-trash');
    const noTrash = { ...env, PATH: `${h.p.shims}:/usr/bin:/bin` };
    const r = await run('/bin/bash', ['-c', `rm ${a}`], { env: noTrash, cwd: h.tmp });
    assert.equal(r.code, 127);
    assert.match(r.stderr, /redirect target trash-put: command not found/);
    assert.ok(existsSync(a!));
  });

  it('ai_only: a person\'s rm deletes as usual', async () => {
    const [a] = victims('human');
    const human = { ...env };
    delete human.SAFESHELL_CONTEXT;
    const r = await run('/bin/bash', ['-c', `rm ${a}`], { env: human, cwd: h.tmp });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(existsSync(a!), false);
    assert.deepEqual(trashCalls(), []);
  });
});
