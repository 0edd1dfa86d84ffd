// `safeshell monitor` in a real terminal (tmux send-keys / capture-pane) against a real daemon and real shims:
// a pending approval appears with its details and the real TTL in the labels; 1 approves it and the waiting
// shim runs the command; 3 denies it (with a typed reason) and the shim exits with the denial; 2 remembers;
// an agent's refused attempt shows up; search and help; and the monitor reconnects after a daemon restart.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startDaemonProcess } from '../helpers/daemon.js';
import { CLI } from '../helpers/home.js';
import { cleanEnv } from '../helpers/proc.js';
import { waitFor } from '../helpers/wait-for.js';
import { approvalHome, background, personSkip, rawRequest, waitPending, type ApprovalHome } from '../approvals/support.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;

describe('safeshell monitor under tmux', { skip: !hasTmux ? 'tmux not installed' : personSkip }, () => {
  let t: ApprovalHome;
  let sock: string;
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-S', sock, '-f', '/dev/null', ...args], { encoding: 'utf8', env: cleanEnv({ SAFESHELL_HOME: t.p.home, TERM: 'xterm-256color' }) });
  const keys = (...k: string[]): void => void tmux('send-keys', '-t', 'mon', ...k);
  // -J keeps trailing blanks (cells erased by redraws): trim them so that `$` means the end of the text.
  const pane = (): string => tmux('capture-pane', '-p', '-J', '-t', 'mon').replace(/ +$/gm, '');
  const see = (pattern: RegExp, what: string, ms = 10_000): Promise<RegExpExecArray> => waitFor(`${what} on screen`, () => pattern.exec(pane()), ms).catch((err: Error) => {
    throw new Error(`${err.message}\n--- screen ---\n${pane()}`);
  });
  const mark = (name: string) => background('mark', [t.file(name)], t.agentEnv());

  before(async () => {
    t = await approvalHome('approval_timeout_seconds: 60\napproval_memory_ttl_seconds: 120\n');
    sock = join(t.h.tmp, 'tmux.sock');
    tmux('new-session', '-d', '-s', 'mon', '-x', '120', '-y', '40', `${process.execPath} ${CLI} monitor`);
    await see(/connected to daemon \d+/, 'the connected monitor');
  });
  after(async () => {
    if (sock) spawnSync('tmux', ['-S', sock, 'kill-server']);
    await t?.close();
  });

  it('a pending approval appears with its details; 1 approves it and the waiting shim runs the command', async () => {
    const shim = mark('one');
    await see(/pending approvals \(1\)/, 'the pending approval');
    const screen = pane();
    assert.match(screen, /▶ [0-9a-f]{8} {2}\d:\d\d left {2}rule approve-mark/);
    assert.ok(screen.includes(`mark ${t.file('one')}`), screen);
    assert.match(screen, /in \/tmp · ai via shim pid \d+ · session session:s1/);
    assert.match(screen, /marking needs a person/);
    assert.match(screen, /\[1\] approve once {2}\[2\] approve for 2 minutes {2}\[3\] deny {2}\[4\] deny for 2 minutes/);
    assert.match(screen, /this rule \+ mark in this session only/);
    keys('1');
    const r = await shim.done;
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(t.file('one')));
    await see(/approved [0-9a-f]{8}/, 'the confirmation');
    await see(/\d\d:\d\d:\d\d approved +ai /, 'the approved decision');
    await see(/no pending approvals/, 'the empty pending pane');
  });

  it('3 with a typed reason denies it: the shim exits 126 with the denial and the reason', async () => {
    const shim = mark('three');
    await see(/pending approvals \(1\)/, 'the pending approval');
    keys('r');
    await see(/reason for [0-9a-f]{8}: /, 'the reason prompt');
    keys('-l', 'use the staging box');
    keys('Enter');
    await see(/reason: use the staging box/, 'the reason under the approval');
    keys('3');
    const r = await shim.done;
    assert.equal(r.code, 126);
    assert.equal(existsSync(t.file('three')), false);
    assert.match(r.stderr, /DENIED by the user \[rule: approve-mark\]: .* The user's reason: use the staging box\. Do not retry it/);
    await see(/\d\d:\d\d:\d\d denied +ai /, 'the denied decision');
  });

  it('2 approves for the configured time: the next mark in that session runs without asking', async () => {
    const first = mark('two-a');
    await see(/pending approvals \(1\)/, 'the pending approval');
    keys('2');
    assert.equal((await first.done).code, 0);
    const second = await mark('two-b').done;
    assert.equal(second.code, 0, second.stderr);
    assert.doesNotMatch(second.stderr, /waiting/);
  });

  it("an agent's refused answer is shown; the approval stays for a person", async () => {
    const shim = background('mark', [t.file('agent')], t.agentEnv({ SAFESHELL_SESSION: 'other' }));
    const [a] = await waitPending(t.p);
    const refused = await rawRequest(t.p, { type: 'answer', approval: a!.id, answer: 'approve' }, 'agent');
    assert.equal(refused.code, 'E_PERMISSION');
    await see(/refused: approve [0-9a-f]{8}: an agent may not approve/, 'the refusal');
    keys('4');
    assert.equal((await shim.done).code, 126);
  });

  it('search and help', async () => {
    keys('/');
    keys('-l', 'three');
    keys('Enter');
    await see(/events \[all \/three\]/, 'the search in the header');
    keys('Escape');
    await see(/events \[all\]/, 'the search cleared');
    keys('?');
    await see(/^ {2}1 {12}approve the selected command once$/m, 'the help');
    keys('x');
    await see(/no pending approvals/, 'the main screen again');
  });

  it('--debug shows how each rule judged the selected approval and the selected decision', async () => {
    tmux('new-window', '-d', '-t', 'mon', '-n', 'dbg', `${process.execPath} ${CLI} monitor --debug`);
    const dbg = (): string => tmux('capture-pane', '-p', '-J', '-t', 'mon:dbg').replace(/ +$/gm, '');
    const shim = background('mark', [t.file('debug')], t.agentEnv({ SAFESHELL_SESSION: 'dbg' }));
    await waitFor('the explanation of the pending approval', () => /how the rules judged it \(--debug\)[\s\S]*✓ approve-mark → require_approval/.test(dbg()), 10_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${dbg()}`);
    });
    tmux('send-keys', '-t', 'mon:dbg', 'Tab');
    await waitFor('the explanation of the selected decision', () => /verdict require_approval by approve-mark/.test(dbg()), 10_000);
    tmux('send-keys', '-t', 'mon:dbg', 'Tab', '3');
    assert.equal((await shim.done).code, 126);
    tmux('kill-window', '-t', 'mon:dbg');
  });

  it('reconnects when the daemon restarts, and shows approvals of the new daemon', async () => {
    const old = t.daemon.pid;
    await t.daemon.stop();
    await see(/DISCONNECTED/, 'the disconnected state');
    t.daemon = await startDaemonProcess(t.p);
    await see(new RegExp(`connected to daemon ${t.daemon.pid}`), 'the reconnection');
    assert.notEqual(t.daemon.pid, old);
    const shim = background('mark', [t.file('after')], t.agentEnv({ SAFESHELL_SESSION: 'fresh' }));
    await see(/pending approvals \(1\)/, 'the new pending approval');
    keys('1');
    assert.equal((await shim.done).code, 0);
  });
});
