// The approval broker on its own (no daemon): every answer, the timeout, cancellation, first answer wins,
// remembered answers and their expiry, hook approvals reaching shims, protection off, and the events it publishes.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ApprovalBroker, type BrokerSettings, type Final } from '../../src/approvals/broker.js';
import { EventHub } from '../../src/approvals/events.js';
import type { EvalInput } from '../../src/approvals/input.js';
import { ApprovalMemory, HOOK_MEMORY_MS } from '../../src/approvals/memory.js';
import type { MonitorMessage } from '../../src/approvals/types.js';
import type { Decision } from '../../src/engine-types.js';
import { waitFor } from '../helpers/wait-for.js';

const settings: BrokerSettings = { approvalTimeoutSeconds: 60, rememberSeconds: 300, hookApproval: 'wait' };

const brokers: ApprovalBroker[] = [];
after(() => {
  for (const b of brokers) b.close();
});

function setup(over: Partial<BrokerSettings> = {}) {
  const messages: MonitorMessage[] = [];
  const hub = new EventHub({ record: (m) => messages.push(m) });
  const broker = new ApprovalBroker({
    settings: () => ({ ...settings, ...over }),
    hub,
    analyze: (req) => (req.command ?? req.argv?.join(' ') ?? '').split(/\s*&&\s*/).map((text) => ({ text, program: text.split(' ')[0]! })),
  });
  brokers.push(broker);
  const notices: Array<Record<string, unknown>> = [];
  const ask = (command: string, extra: Partial<EvalInput> = {}, signal?: AbortSignal): Final | Promise<Final> =>
    broker.decide({ command, cwd: '/tmp', context: 'ai', session: 's1', client: 'shim', wait: true, ...extra }, needsApproval(command.split(' && ').pop()!), 4242, {
      ...(signal ? { signal } : {}),
      notify: (l) => notices.push(l),
    });
  return { broker, hub, messages, notices, ask };
}

const needsApproval = (command: string, rule = 'approve-push'): Decision => ({ verdict: 'require_approval', rule, message: 'needs a person', command, engine: 'js' });
const pendingId = (b: ApprovalBroker): string => b.pending()[0]!.id;

describe('approval broker', () => {
  it('approve once: the requester gets allow with an "approved by the user" notice, and nothing is remembered', async () => {
    const t = setup();
    const p = t.ask('git push --force');
    assert.ok(p instanceof Promise);
    assert.equal(t.notices.length, 1, 'one waiting line');
    assert.match(String(t.notices[0]!.notice), /waiting for approval of `git push --force`/);
    const id = pendingId(t.broker);
    assert.deepEqual(t.broker.answer(id, 'approve', 'pid 1 (test)'), { ok: true, id, outcome: 'approved' });
    const f = await p;
    assert.equal(f.verdict, 'allow');
    assert.equal(f.outcome, 'approved');
    assert.match(f.notice!, /^approved by the user \[rule: approve-push\]: `git push --force` runs now\. .*do not ask them to confirm it again/);
    // Asked again: a new approval.
    assert.ok(t.ask('git push --force') instanceof Promise);
    assert.equal(t.broker.pending().length, 1);
  });

  it('deny with a reason: deny, the reason and "do not retry" reach the agent', async () => {
    const t = setup();
    const p = t.ask('git push --force');
    t.broker.answer(pendingId(t.broker), 'deny', 'pid 1 (test)', 'not on a Friday');
    const f = await p;
    assert.equal(f.verdict, 'deny');
    assert.equal(f.outcome, 'denied');
    assert.match(f.notice!, /DENIED by the user.*not on a Friday.*Do not retry it, do not try to reach the same result another way/);
  });

  it('approve for a while: the same session, rule and program pass without asking; others still ask', async () => {
    const t = setup();
    const p = t.ask('git push --force');
    t.broker.answer(pendingId(t.broker), 'approve_remember', 'pid 1 (test)');
    assert.equal((await p).outcome, 'approved');
    const again = t.ask('git push --force origin x');
    assert.ok(!(again instanceof Promise), 'answered at once');
    assert.equal(again.outcome, 'approved');
    assert.equal(again.remembered, true);
    assert.match(again.notice!, /already approved this kind of command for this session/);
    // Another session, another program, another rule: asked.
    assert.ok(t.ask('git push --force', { session: 's2' }) instanceof Promise);
    assert.ok(t.broker.decide({ command: 'hg push', cwd: '/', context: 'ai', session: 's1', wait: true }, needsApproval('hg push'), null) instanceof Promise);
    assert.ok(t.broker.decide({ command: 'git reset --hard', cwd: '/', context: 'ai', session: 's1', wait: true }, needsApproval('git reset --hard', 'approve-reset'), null) instanceof Promise);
  });

  it('deny for a while: later requests are denied at once, and others waiting with the same key are denied too', async () => {
    const t = setup();
    const a = t.ask('git push --force');
    const b = t.ask('git push -f origin main');
    assert.equal(t.broker.pending().length, 2);
    t.broker.answer(t.broker.pending()[0]!.id, 'deny_remember', 'pid 1 (test)');
    assert.equal((await a).outcome, 'denied');
    const fb = await b;
    assert.equal(fb.outcome, 'denied');
    assert.equal(fb.remembered, true);
    const c = t.ask('git push --force');
    assert.ok(!(c instanceof Promise));
    assert.equal(c.verdict, 'deny');
  });

  it('remembered answers expire after approval_memory_ttl_seconds', () => {
    const m = new ApprovalMemory();
    m.rememberAnswer('s', 'r', 'git', 'approve', 2, 1000);
    assert.equal(m.answerFor('s', 'r', 'git', 2999), 'approve');
    assert.equal(m.answerFor('s', 'r', 'git', 3000), null);
    m.rememberAnswer('s', 'r', 'git', 'deny', 0, 1000);
    assert.equal(m.answerFor('s', 'r', 'git', 1e15), 'deny', 'ttl 0 = until restart');
    m.rememberHookApproval('s', ['git push --force'], 1000);
    assert.equal(m.hookApproved('s', 'git push --force', 1000 + HOOK_MEMORY_MS - 1), true);
    assert.equal(m.hookApproved('s', 'git push --force', 1000 + HOOK_MEMORY_MS), false);
    assert.equal(m.hookApproved('other', 'git push --force', 1001), false);
  });

  it('times out: not run, with the timeout notice', async () => {
    const t = setup({ approvalTimeoutSeconds: 0.05 });
    const f = await t.ask('git push --force');
    assert.equal(f.outcome, 'timed_out');
    assert.equal(f.verdict, 'require_approval');
    assert.match(f.notice!, /nobody answered the approval request .* within 0\.05 s.*offer to retry/);
    assert.equal(t.broker.pending().length, 0);
    assert.deepEqual(t.broker.answer(f.approval!, 'approve', 'x').ok, false);
  });

  it('cancelled when the requester goes away: a late approval cannot make it run', async () => {
    const t = setup();
    const ac = new AbortController();
    const p = t.ask('git push --force', {}, ac.signal);
    const id = pendingId(t.broker);
    ac.abort();
    const f = await p;
    assert.equal(f.outcome, 'cancelled');
    assert.equal(f.verdict, 'deny');
    const late = t.broker.answer(id, 'approve', 'pid 1 (test)');
    assert.equal(late.ok, false);
    assert.match((late as { error: string }).error, /no longer pending: cancelled/);
  });

  it('first answer wins; the second is told who answered', async () => {
    const t = setup();
    const p = t.ask('git push --force');
    const id = pendingId(t.broker);
    assert.equal(t.broker.answer(id.slice(0, 5), 'deny', 'pid 7 (monitor)').ok, true, 'a unique prefix works');
    const second = t.broker.answer(id, 'approve', 'pid 8 (other monitor)');
    assert.deepEqual(second, { ok: false, code: 'E_NOT_PENDING', error: `approval ${id} is no longer pending: denied by pid 7 (monitor)` });
    assert.equal((await p).outcome, 'denied');
  });

  it('a hook approval covers the same commands reaching a shim in the same session (and only those)', async () => {
    const t = setup();
    const p = t.ask('git push --force && npm publish', { client: 'hook' });
    t.broker.answer(pendingId(t.broker), 'approve', 'pid 1 (test)');
    assert.equal((await p).outcome, 'approved');
    const shim = t.broker.decide({ argv: ['npm', 'publish'], cwd: '/tmp', context: 'ai', session: 's1', client: 'shim', wait: true }, needsApproval('npm publish'), null);
    assert.ok(!(shim instanceof Promise), 'not asked again');
    assert.equal(shim.outcome, 'approved');
    assert.equal(shim.remembered, true);
    assert.ok(t.ask('git push --force', { session: 's2' }) instanceof Promise, 'another session asks');
    assert.ok(t.ask('git push --force --tags') instanceof Promise, 'another command asks');
  });

  it('clients that do not wait, and hook_approval: ask, get approval_required at once (no pending approval)', () => {
    const t = setup({ hookApproval: 'ask' });
    const a = t.ask('git push --force', { wait: false });
    const b = t.ask('git push --force', { client: 'hook' });
    for (const f of [a, b]) {
      assert.ok(!(f instanceof Promise));
      assert.equal(f.outcome, 'approval_required');
      assert.match(f.notice!, /needs the user's approval/);
    }
    assert.equal(t.broker.pending().length, 0);
  });

  it('protection off allows everything (logged as disabled); close() answers waiting requesters "not run"', async () => {
    const t = setup();
    const waiting = t.ask('git push --force');
    t.broker.enabled = false;
    const f = t.broker.decide({ command: 'rm -rf /', cwd: '/', context: 'ai' }, { verdict: 'deny', rule: 'r', message: 'm', command: 'rm -rf /', engine: 'js' }, null);
    assert.ok(!(f instanceof Promise));
    assert.equal(f.verdict, 'allow');
    assert.equal(f.outcome, 'disabled');
    t.broker.close();
    const w = await waiting;
    assert.equal(w.verdict, 'require_approval');
    assert.match(w.notice!, /daemon stopped before anyone answered/);
  });

  it('publishes pending, resolved and decision events; the ring keeps the newest', async () => {
    const t = setup();
    t.broker.decide({ argv: ['ls', '-l'], cwd: '/tmp', context: 'human', client: 'shim' }, { verdict: 'allow', rule: null, message: null, command: null, engine: 'js' }, 99);
    const p = t.ask('git push --force');
    t.broker.answer(pendingId(t.broker), 'approve', 'pid 1 (test)');
    await p;
    const kinds = t.messages.map((m) => (m.kind === 'decision' ? `decision:${m.event.outcome}` : m.kind));
    assert.deepEqual(kinds, ['decision:allowed', 'approval', 'decision:pending', 'resolved', 'decision:approved']);
    const recent = t.hub.recent(2);
    assert.deepEqual(recent.map((e) => e.outcome), ['pending', 'approved']);
    assert.equal(recent[1]!.by, 'pid 1 (test)');
    const small = new EventHub({ ringSize: 3 });
    for (let i = 0; i < 5; i++) small.decision({ ...recent[0]!, command: `c${i}` });
    assert.deepEqual(small.recent().map((e) => e.command), ['c2', 'c3', 'c4']);
    await waitFor('nothing pending', () => t.broker.pending().length === 0);
  });
});
