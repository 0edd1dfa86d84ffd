// `safeshell run` in a real terminal (tmux): an interactive REPL, resize, Ctrl-C, Ctrl-Z, exit codes, and the
// terminal's modes restored afterwards.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { nativeSpawnUnavailable } from '../../src/exec/spawn.js';
import { packageRoot } from '../../src/native/load.js';
import { waitFor } from '../native/spawn-helpers.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const hasPython = spawnSync('python3', ['-V']).status === 0;
const skip = !hasTmux ? 'tmux not installed' : nativeSpawnUnavailable() ?? false;
const bin = join(packageRoot, 'bin', 'safeshell.js');

describe('safeshell run under tmux', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-tmux-'));
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-S', join(dir, 'sock'), ...args], { encoding: 'utf8' });
  const keys = (...k: string[]): void => void tmux('send-keys', '-t', 'main', ...k);
  const line = (text: string): void => keys('-l', text) ?? keys('Enter');
  const pane = (): string => tmux('capture-pane', '-p', '-J', '-t', 'main', '-S', '-200');
  const see = (pattern: RegExp, what: string): Promise<RegExpExecArray> => waitFor(() => pattern.exec(pane()), `${what} in:\n${pane()}`, 10000);
  const run = `SAFESHELL_HOME=${dir} node ${bin} run --`;
  let mark = 0;
  /** Runs a command in the outer shell and waits for its output line `tag=...`. */
  const outer = async (command: string): Promise<string> => {
    const tag = `out${++mark}`;
    line(`${command}; echo "${tag}=[$?]"`);
    return (await see(new RegExp(`^${tag}=\\[(.*)\\]$`, 'm'), tag))[1] ?? '';
  };

  before(() => {
    tmux('new-session', '-d', '-s', 'main', '-x', '80', '-y', '24', 'env PS1="$ " bash --norc --noprofile');
  });
  after(() => {
    spawnSync('tmux', ['-S', join(dir, 'sock'), 'kill-server']);
    rmSync(dir, { recursive: true, force: true });
  });

  test('python3 REPL: a controlling terminal, input and output, Ctrl-C, exit code, termios restored', { skip: !hasPython && 'no python3' }, async () => {
    await outer(`stty -g > ${dir}/before`);
    line(`${run} python3 -q`);
    await see(/^>>> $/m, 'the python prompt');
    line('import os, sys, time; print("tty", sys.stdin.isatty(), os.ttyname(0), os.getsid(0) == os.getpid(), 6 * 7)');
    await see(/^tty True \/dev\/pts\/\d+ True 42$/m, 'isatty, pts name, own session');
    line('time.sleep(60)');
    keys('C-c');
    await see(/^KeyboardInterrupt$/m, 'Ctrl-C reaching python');
    line('print("still", "alive")');
    await see(/^still alive$/m, 'the REPL after Ctrl-C');
    line('exit(5)');
    assert.equal(await outer(`stty -g > ${dir}/after`), '0');
    assert.equal(await outer('true'), '0');
    assert.match(pane(), /exit\(5\)\n\$ stty -g/);
    assert.equal(readFileSync(join(dir, 'after'), 'utf8'), readFileSync(join(dir, 'before'), 'utf8'), 'termios restored');
  });

  test('resize reaches the child (stty size), Ctrl-Z stops its job, 128 + signal on the way out', async () => {
    line(`${run} bash --norc --noprofile`);
    line('echo "inner=$SAFESHELL_CONTEXT"; stty size');
    await see(/^inner=ai\n24 80$/m, 'the inner shell at 80x24');
    tmux('resize-window', '-t', 'main', '-x', '100', '-y', '30');
    line('stty size');
    await see(/^30 100$/m, 'the new size inside');
    line('sleep 60');
    keys('C-z');
    await see(/Stopped\s+sleep 60/, 'the job stopped by Ctrl-Z');
    line('kill %1; kill -KILL $$');
    const status = await outer('echo resumed-outer');
    assert.equal(status, '0');
    assert.match(pane(), /\$ kill %1; kill -KILL \$\$\n(?:.*\n)*\$ echo resumed-outer/);
    line(`${run} sh -c 'kill -TERM $$'`);
    assert.equal(await outer('echo'), '0');
    assert.equal(await outer(`${run} sh -c 'exit 7'`), '7');
    assert.equal(await outer(`${run} sh -c 'kill -KILL $$'`), '137');
  });
});
