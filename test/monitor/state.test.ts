// The monitor without a terminal: state from snapshots and events (pending approvals kept in view across a
// disconnect), keys (1-4, reason, search, filter, protection, help), the bounded history, and the rendered screen.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Answer, DecisionEvent, PendingApproval, Snapshot } from '../../src/approvals/types.js';
import { handleKey, parseKeys, type Actions } from '../../src/monitor/keys.js';
import { MonitorState } from '../../src/monitor/state.js';
import { plain, render } from '../../src/monitor/view.js';

const NOW = 1_700_000_000_000;

function approval(id: string, extra: Partial<PendingApproval> = {}): PendingApproval {
  return { id, command: `git push --force origin ${id}`, decided: 'git push --force', program: 'git', cwd: '/home/me/repo', rule: 'approve-force-push', message: 'force pushes need a person', context: 'ai', client: 'shim', pid: 42, session: 'session:s1', createdAt: NOW, expiresAt: NOW + 299_500, rememberSeconds: 600, ...extra };
}

let seq = 0;
function event(outcome: DecisionEvent['outcome'], command = 'ls -l'): DecisionEvent {
  return { seq: ++seq, at: NOW, outcome, verdict: outcome === 'allowed' ? 'allow' : 'deny', command, program: command.split(' ')[0]!, cwd: '/tmp', rule: outcome === 'allowed' ? null : 'some-rule', message: null, context: 'ai', client: 'shim', pid: 1, session: 's' };
}

const snapshot = (over: Partial<Snapshot> = {}): Snapshot => ({ pending: [], recent: [], enabled: true, approvalTimeoutSeconds: 300, rememberSeconds: 600, daemonPid: 7, version: 't', ...over });

function recorder(): { act: Actions; answers: Array<[string, Answer, string | undefined]>; protection: boolean[]; quit: number } {
  const r = { answers: [] as Array<[string, Answer, string | undefined]>, protection: [] as boolean[], quit: 0, act: undefined as unknown as Actions };
  r.act = { answer: (id, a, reason) => void r.answers.push([id, a, reason]), setProtection: (e) => void r.protection.push(e), quit: () => void r.quit++ };
  return r;
}

const press = (s: MonitorState, act: Actions, input: string): void => {
  for (const k of parseKeys(input)) handleKey(s, k, act);
};

describe('monitor state, keys and screen', () => {
  it('shows a pending approval with details, the time left and the real TTL in the labels', () => {
    const s = new MonitorState(false, 100, () => NOW);
    s.applySnapshot(snapshot({ pending: [approval('aaaa1111')], recent: [event('allowed')] }));
    const screen = render(s, 120, 30, plain).join('\n');
    assert.match(screen, /connected to daemon 7 · protection on · 1 pending · 1\/1 events \[all\]/);
    assert.match(screen, /▶ aaaa1111 {2}5:00 left {2}rule approve-force-push/);
    assert.match(screen, /git push --force origin aaaa1111/);
    assert.match(screen, /in \/home\/me\/repo · ai via shim pid 42 · session session:s1/);
    assert.match(screen, /\[1\] approve once {2}\[2\] approve for 10 minutes {2}\[3\] deny {2}\[4\] deny for 10 minutes/);
    assert.match(screen, /this rule \+ git in this session only, not every git command/);
    assert.equal(render(s, 120, 30, plain).length, 30, 'exactly the terminal height');
    s.applySnapshot(snapshot({ pending: [approval('aaaa1111', { rememberSeconds: 0 })] }));
    assert.match(render(s, 120, 30, plain).join('\n'), /\[2\] approve until the daemon restarts {2}\[3\] deny {2}\[4\] deny until the daemon restarts/);
    assert.ok(render(s, 40, 10, plain).every((l) => l.length <= 40), 'never wider than the terminal');
  });

  it('1-4 answer the selected approval (once: no double sends), with a typed reason', () => {
    const s = new MonitorState(false, 100, () => NOW);
    const r = recorder();
    s.applySnapshot(snapshot({ pending: [approval('aaaa1111'), approval('bbbb2222')] }));
    press(s, r.act, '1');
    press(s, r.act, '1');
    assert.deepEqual(r.answers, [['aaaa1111', 'approve', undefined]]);
    s.apply({ kind: 'resolved', id: 'aaaa1111', outcome: 'approved' });
    assert.equal(s.selectedApproval()!.id, 'bbbb2222');
    press(s, r.act, 'rnot today\r');
    assert.equal(s.reasons.get('bbbb2222'), 'not today');
    press(s, r.act, '4');
    assert.deepEqual(r.answers[1], ['bbbb2222', 'deny_remember', 'not today']);
    s.apply({ kind: 'resolved', id: 'bbbb2222', outcome: 'denied' });
    press(s, r.act, '2');
    assert.match(s.flash!.text, /nothing is waiting/);
    assert.equal(r.answers.length, 2);
  });

  it('keeps pending approvals in view while disconnected; the next snapshot is the truth', () => {
    const s = new MonitorState(false, 100, () => NOW);
    s.applySnapshot(snapshot({ pending: [approval('aaaa1111')] }));
    s.disconnected('no daemon socket');
    const screen = render(s, 140, 30, plain).join('\n');
    assert.match(screen, /DISCONNECTED \(no daemon socket\), retrying/);
    assert.match(screen, /aaaa1111 .*\(daemon disconnected; refreshed on reconnect\)/);
    s.applySnapshot(snapshot({ daemonPid: 8, pending: [approval('cccc3333')] }));
    assert.deepEqual([...s.pending.keys()], ['cccc3333']);
    assert.equal(s.connection, 'connected');
  });

  it('a reconnect to the same daemon does not repeat events; a new daemon starts a new sequence', () => {
    const s = new MonitorState(false, 100, () => NOW);
    const e1 = event('allowed');
    const e2 = event('blocked');
    s.applySnapshot(snapshot({ recent: [e1, e2] }));
    s.applySnapshot(snapshot({ recent: [e1, e2] }));
    assert.equal(s.history.size, 2);
    s.applySnapshot(snapshot({ daemonPid: 9, recent: [{ ...e1, seq: 1 }] }));
    assert.equal(s.history.size, 3);
  });

  it('filter, search, help, protection and quit keys', () => {
    const s = new MonitorState(false, 100, () => NOW);
    const r = recorder();
    s.applySnapshot(snapshot({ recent: [event('allowed', 'ls'), event('blocked', 'rm -rf /'), event('denied', 'git push -f'), event('timed_out', 'gh pr merge')] }));
    press(s, r.act, 'f');
    assert.equal(s.history.filter, 'attention');
    assert.equal(s.history.visible().length, 3);
    press(s, r.act, 'f');
    assert.deepEqual(s.history.visible().map((e) => e.command), ['rm -rf /', 'git push -f', 'gh pr merge']);
    press(s, r.act, 'fff');
    assert.equal(s.history.filter, 'all');
    press(s, r.act, '/GIT\r');
    assert.deepEqual(s.history.visible().map((e) => e.command), ['git push -f']);
    assert.match(render(s, 100, 20, plain)[0]!, /1\/4 events \[all \/GIT\]/);
    press(s, r.act, '\u001b');
    assert.equal(s.history.search, '');
    press(s, r.act, '?');
    assert.match(render(s, 100, 30, plain).join('\n'), /2 {12}approve it, and this rule \+ program for this session, for 10 minutes/);
    press(s, r.act, 'x');
    assert.equal(s.mode, 'normal');
    press(s, r.act, 'pn');
    assert.deepEqual(r.protection, []);
    press(s, r.act, 'py');
    assert.deepEqual(r.protection, [false]);
    press(s, r.act, 'q');
    assert.equal(r.quit, 1);
  });

  it('the history is bounded; selection and scrolling stay in range', () => {
    const s = new MonitorState(false, 1000, () => NOW);
    const r = recorder();
    s.applySnapshot(snapshot());
    for (let i = 0; i < 2500; i++) s.apply({ kind: 'decision', event: event('allowed', `echo ${i}`) });
    assert.equal(s.history.size, 1000);
    assert.equal(s.history.visible()[0]!.command, 'echo 1500');
    press(s, r.act, '\t\u001b[5~\u001b[5~');
    assert.equal(s.focus, 'events');
    assert.ok(s.selectedEvent >= 0 && s.selectedEvent < 1000);
    assert.match(render(s, 100, 30, plain).join('\n'), /── echo \d+ ─/);
    press(s, r.act, '\u001b[F');
    assert.equal(s.selectedEvent, -1, 'End follows again');
    assert.deepEqual(parseKeys('\u001b[A\u001b[B\u001b[1;5Cq\u007f\r\t'), ['up', 'down', 'q', 'backspace', 'enter', 'tab']);
  });
});
