// Shell integration under `safeshell run`: the user's own BASH_ENV still runs (init.bash sources
// SAFESHELL_USER_BASH_ENV), and zsh reads shims/zsh/.zshenv, which restores ZDOTDIR and sources the user's .zshenv.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { packageRoot } from '../../src/native/load.js';
import { CLI, makeHome, type TestHome } from '../helpers/home.js';
import { cleanEnv, run } from '../helpers/proc.js';

const zsh = ['/usr/bin/zsh', '/bin/zsh'].find((p) => existsSync(p));

describe('shell integration under safeshell run', () => {
  let h: TestHome;
  let env: NodeJS.ProcessEnv;
  before(() => {
    h = makeHome();
    env = cleanEnv({ SAFESHELL_HOME: h.home, SAFESHELL_NO_AUTOSTART: '1', PATH: '/usr/bin:/bin' });
  });
  after(() => h.cleanup());

  const safeshellRun = (args: string[], extra: NodeJS.ProcessEnv) => run(process.execPath, [CLI, 'run', '--no-pty', '--', ...args], { env: { ...env, ...extra }, cwd: h.tmp });

  it("bash: the user's BASH_ENV is sourced first, then the integration applies on top (its cd runs after the check)", async () => {
    const userEnv = join(h.tmp, 'user-bash-env');
    writeFileSync(userEnv, 'export FROM_USER_BASH_ENV=yes\nPATH=/opt/user-first:$PATH\ncd() { echo "user cd"; builtin cd "$@"; }\n');
    const script = 'echo "$FROM_USER_BASH_ENV"; echo "${PATH%%:*}"; declare -f cd | grep -c __safeshell_guard; declare -F __safeshell_prev_cd; bash -c \'echo "nested $FROM_USER_BASH_ENV"\'';
    const r = await safeshellRun(['bash', '-c', script], { BASH_ENV: userEnv });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.toString(), `yes\n${h.p.shims}\n1\n__safeshell_prev_cd\nnested yes\n`);
  });

  it('bash: a user BASH_ENV that is init.bash itself does not loop', async () => {
    const init = join(packageRoot, 'shims', 'init.bash');
    const r = await run('/bin/bash', ['-c', 'echo "ok ${PATH%%:*}"'], { env: { ...env, BASH_ENV: init, SAFESHELL_USER_BASH_ENV: init } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.toString(), `ok ${h.p.shims}\n`);
  });

  it('zsh: ZDOTDIR restored, the user .zshenv sourced, init.zsh loaded, nested zsh covered too', { skip: zsh ? false : 'no zsh' }, async () => {
    const zdot = join(h.tmp, 'zdot');
    mkdirSync(zdot);
    writeFileSync(join(zdot, '.zshenv'), 'export FROM_USER_ZSHENV=yes\n');
    const script = 'echo $FROM_USER_ZSHENV; echo ${PATH%%:*}; whence -w cd; echo ${ZDOTDIR:t}; zsh -c \'echo nested $FROM_USER_ZSHENV; whence -w cd\'';
    const r = await safeshellRun([zsh!, '-c', script], { ZDOTDIR: zdot });
    assert.equal(r.code, 0, r.stderr);
    // A non-interactive zsh reads nothing after .zshenv, so ZDOTDIR points back at shims/zsh for the shells it starts.
    assert.equal(r.stdout.toString(), `yes\n${h.p.shims}\ncd: function\nzsh\nnested yes\ncd: function\n`);
    const i = await safeshellRun([zsh!, '-i', '-c', 'echo ${ZDOTDIR}'], { ZDOTDIR: zdot });
    assert.equal(i.stdout.toString().trim().split('\n').pop(), zdot, 'an interactive zsh reads .zshrc from the user ZDOTDIR');
  });
});
