// init.bash / init.zsh in real shells: PATH order, cd / source / . / eval checked through the C binary (a
// scripted daemon decides), other functions of the same name kept, non-interactive bash via BASH_ENV.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { packageRoot } from '../../src/native/load.js';
import { fakeDaemon, verdict } from '../helpers/daemon.js';
import { makeHome, type TestHome } from '../helpers/home.js';
import { cleanEnv, run } from '../helpers/proc.js';

let h: TestHome;
let daemon: Awaited<ReturnType<typeof fakeDaemon>>;
const FORBIDDEN = '/forbidden-dir';

before(async () => {
  h = makeHome();
  // Denies anything that mentions FORBIDDEN, allows the rest.
  daemon = await fakeDaemon(h.p, (req) => verdict(JSON.stringify(req.argv ?? req.command).includes(FORBIDDEN) ? 'deny' : 'allow'));
  writeFileSync(join(h.tmp, 'lib.sh'), 'declare -g FROM_LIB=yes\n');
  writeFileSync(join(h.tmp, `bad.sh`), 'echo BAD RAN\n');
});
after(async () => {
  await daemon.close();
  h.cleanup();
});

const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const env = (extra: NodeJS.ProcessEnv = {}) => cleanEnv({ PATH: '/usr/bin:/bin', SAFESHELL_HOME: h.home, SAFESHELL_NO_AUTOSTART: '1', ...extra });

describe('init.bash', () => {
  it('passes shellcheck', { skip: !has('shellcheck') && 'shellcheck not installed' }, async () => {
    const r = await run('shellcheck', [join(packageRoot, 'shims', 'init.bash')]);
    assert.equal(r.code, 0, r.stdout.toString());
  });

  it('non-interactive bash via BASH_ENV: shims first on PATH once; cd, source and . are checked', async () => {
    daemon.requests.length = 0;
    const script = [
      'echo "path=${PATH%%:*}"',
      `case ":$PATH:" in *":${h.p.shims}:"*":${h.p.shims}:"*) echo twice;; esac`,
      'cd /tmp && echo "cd=$PWD"',
      `cd ${FORBIDDEN}; echo "denied-cd=$? pwd=$PWD"`,
      `source ${h.tmp}/lib.sh && echo "lib=$FROM_LIB"`,
      `. ${h.tmp}/${'bad.sh'} ${FORBIDDEN}; echo "denied-dot=$?"`,
      'eval "echo evaluated"',
    ].join('\n');
    const r = await run('/bin/bash', ['-c', script], { env: env({ BASH_ENV: join(h.home, 'init.bash'), PATH: `/usr/bin:${h.p.shims}:/bin` }) });
    const out = r.stdout.toString();
    assert.match(out, new RegExp(`^path=${h.p.shims}$`, 'm'));
    assert.doesNotMatch(out, /twice/);
    assert.match(out, /^cd=\/tmp$/m);
    assert.match(out, /^denied-cd=126 pwd=\/tmp$/m);
    assert.match(r.stderr, /blocked: test says deny/);
    assert.match(out, /^lib=yes$/m);
    assert.doesNotMatch(out, /BAD RAN/);
    assert.match(out, /^denied-dot=126$/m);
    assert.match(out, /^evaluated$/m);
    const argvs = daemon.requests.map((q) => (q.argv as string[]).join(' '));
    assert.deepEqual(argvs, ['cd /tmp', `cd ${FORBIDDEN}`, `source ${h.tmp}/lib.sh`, `. ${h.tmp}/bad.sh ${FORBIDDEN}`], 'eval is not checked by default');
    assert.ok(daemon.requests.every((q) => q.client === 'builtin' && q.context === 'human'));
  });

  it('keeps a cd function defined before it, checks eval when check_eval is on, and reports AI context', async () => {
    daemon.requests.length = 0;
    writeFileSync(h.p.config, 'check_eval: true\n');
    try {
      const script = [
        'cd() { echo "their cd $*"; builtin cd "$@"; }',
        `. ${join(h.home, 'init.bash')}`,
        `. ${join(h.home, 'init.bash')}`,
        'cd /tmp',
        `eval "echo ${FORBIDDEN}"; echo "eval=$?"`,
        'f() { eval "local x=1"; }; f; echo done',
      ].join('\n');
      const r = await run('/bin/bash', ['-c', script], { env: env({ CLAUDECODE: '1' }) });
      const out = r.stdout.toString();
      assert.match(out, /^their cd \/tmp$/m);
      assert.match(out, /^eval=126$/m);
      assert.match(out, /^done$/m);
      assert.ok(daemon.requests.every((q) => q.context === 'ai'));
      assert.deepEqual(daemon.requests.map((q) => q.command ?? (q.argv as string[])[0]), ['.', 'cd', `echo ${FORBIDDEN}`, 'local x=1'], 'the second load is itself a checked `.`');
    } finally {
      writeFileSync(h.p.config, '');
    }
  });

  it('loads in POSIX mode (bash as sh): cd checked; the special builtins source, . and eval cannot be functions there', async () => {
    const r = await run('/bin/bash', ['--posix', '-c', `. ${join(h.home, 'init.bash')}; type . | head -1; cd /tmp && echo ok`], { env: env() });
    assert.equal(r.stderr, '');
    assert.match(r.stdout.toString(), /is a special shell builtin/);
    assert.match(r.stdout.toString(), /^ok$/m);
  });

  it('never blocks the shell when the binary is gone', async () => {
    const r = await run('/bin/bash', ['-c', `. ${join(h.home, 'init.bash')}; __safeshell_check_bin=/nonexistent; cd ${FORBIDDEN} 2>/dev/null; cd /tmp && echo ok`], { env: env() });
    assert.match(r.stdout.toString(), /^ok$/m);
  });
});

describe('init.zsh', { skip: !has('zsh') && 'zsh not installed' }, () => {
  it('puts the shims first and checks cd, source and .', async () => {
    daemon.requests.length = 0;
    const script = [
      `. ${join(h.home, 'init.zsh')}`,
      `. ${join(h.home, 'init.zsh')}`,
      'print -r -- "path=${PATH%%:*}"',
      'cd /tmp && print -r -- "cd=$PWD"',
      `cd ${FORBIDDEN}; print -r -- "denied-cd=$? pwd=$PWD"`,
      `source ${h.tmp}/lib.sh; print -r -- "lib=$FROM_LIB"`,
    ].join('\n');
    const r = await run('zsh', ['-f', '-c', script], { env: env() });
    const out = r.stdout.toString();
    assert.match(out, new RegExp(`^path=${h.p.shims}$`, 'm'));
    assert.match(out, /^cd=\/tmp$/m);
    assert.match(out, /^denied-cd=126 pwd=\/tmp$/m);
    assert.deepEqual(daemon.requests.map((q) => (q.argv as string[])[0]), ['.', 'cd', 'cd', 'source'], 'the second load is itself a checked `.`');
  });
});
