// `safeshell run` in a real terminal (tmux): an interactive REPL, resize, Ctrl-C, Ctrl-Z, exit codes, and the
// terminal's modes restored afterwards.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { nativeSpawnUnavailable } from '../../src/exec/spawn.js';
import { CLI as bin } from '../helpers/home.js';
import { waitFor } from '../helpers/wait-for.js';
import { procStat } from '../native/spawn-helpers.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const hasPython = spawnSync('python3', ['-V']).status === 0;
const skip = hasTmux ? false : 'tmux not installed';
const noNative = nativeSpawnUnavailable() ?? false;

/** A process whose command line matches exactly, once it is its terminal's foreground process group. */
function foreground(commandLine: string): number | null {
  const found = spawnSync('pgrep', ['-xf', commandLine], { encoding: 'utf8' }).stdout.trim().split('\n')[0];
  const stat = found ? procStat(Number(found)) : null;
  return stat && stat[2] === stat[5] ? Number(found) : null; // pgrp == tpgid
}

describe('safeshell run under tmux', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-tmux-'));
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-S', join(dir, 'sock'), ...args], { encoding: 'utf8' });
  const keys = (...k: string[]): void => void tmux('send-keys', '-t', 'main', ...k);
  const line = (text: string): void => {
    keys('-l', text);
    keys('Enter');
  };
  const pane = (): string => tmux('capture-pane', '-p', '-J', '-t', 'main', '-S', '-300');
  const see = (pattern: RegExp, what: string): Promise<RegExpExecArray> =>
    waitFor(what, () => pattern.exec(pane()), 10000).catch((err: Error) => {
      throw new Error(`${err.message}; the pane:\n${pane()}`);
    });
  // Everything the outer shell should run after safeshell goes on the same line: typeahead meant for the outer
  // shell would otherwise be read (and dropped) by safeshell's relay while the child exits.
  const run = `SAFESHELL_HOME=${dir} node ${bin} run --`;

  before(() => {
    tmux('new-session', '-d', '-s', 'main', '-x', '80', '-y', '24', 'env PS1="$ " bash --norc --noprofile');
  });
  after(() => {
    spawnSync('tmux', ['-S', join(dir, 'sock'), 'kill-server']);
    rmSync(dir, { recursive: true, force: true });
  });

  test('python3 REPL: a controlling terminal, input and output, Ctrl-C, exit code, termios restored', { skip: noNative || (!hasPython && 'no python3') }, async () => {
    line(`stty -g > ${dir}/before; ${run} python3 -q; echo "py=[$?]"; stty -g > ${dir}/after; echo py-done`);
    await see(/^>>> $/m, 'the python prompt');
    line('import os, sys, time; print("tty", sys.stdin.isatty(), os.ttyname(0), os.getsid(0) == os.getpid(), 6 * 7)');
    await see(/^tty True \/dev\/pts\/\d+ True 42$/m, 'isatty, pts name, own session');
    line('time.sleep(60)');
    keys('C-c');
    await see(/^KeyboardInterrupt$/m, 'Ctrl-C reaching python');
    line('print("still", "alive")');
    await see(/^still alive$/m, 'the REPL after Ctrl-C');
    line('exit(5)');
    await see(/^py=\[5\]\npy-done$/m, 'exit code 5 in the outer shell');
    assert.equal(readFileSync(join(dir, 'after'), 'utf8'), readFileSync(join(dir, 'before'), 'utf8'), 'termios restored');
  });

  test('resize reaches the child (stty size), Ctrl-Z stops its job, exit codes 128 + signal', { skip: noNative }, async () => {
    tmux('clear-history', '-t', 'main');
    line(`${run} bash --norc --noprofile; echo "bash=[$?]"`);
    line('echo "inner=$SAFESHELL_CONTEXT"; stty size');
    await see(/^inner=ai\n24 80$/m, 'the inner shell at 80x24');
    tmux('resize-window', '-t', 'main', '-x', '100', '-y', '30');
    line('stty size');
    await see(/^30 100$/m, 'the new size inside');
    line('sleep 61.5');
    await waitFor('sleep in the foreground', () => foreground('sleep 61.5'));
    keys('C-z');
    await see(/Stopped\s+sleep 61\.5/, 'the job stopped by Ctrl-Z');
    line('kill -KILL %1; kill -KILL $$');
    await see(/^bash=\[137\]$/m, 'the inner shell killed: 128 + 9');
    line(`${run} sh -c 'exit 7'; echo "seven=[$?]"`);
    await see(/^seven=\[7\]$/m, 'exit 7');
    line(`${run} sh -c 'kill -TERM $$'; echo "term=[$?]"`);
    await see(/^term=\[143\]$/m, '128 + 15');
  });

  test('without the addon: one warning, the terminal handed over as it is, the exit code kept', async () => {
    tmux('clear-history', '-t', 'main');
    line(`tty; SAFESHELL_NATIVE=off ${run} sh -c 'tty; exit 4'; echo "off=[$?]"`);
    const [, outerTty, innerTty] = (await see(/^(\/dev\/pts\/\d+)\n(?:.*\n)?(\/dev\/pts\/\d+)\noff=\[4\]$/m, 'both ttys and the code')) ?? [];
    assert.equal(innerTty, outerTty, 'the same terminal, no PTY in between');
    assert.match(pane(), /^safeshell: warning: running without a PTY: disabled by SAFESHELL_NATIVE=off$/m);
  });
});
