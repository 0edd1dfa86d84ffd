// Approver authentication through the daemon: an agent (and anything it starts, even with a scrubbed environment
// and a terminal of its own) cannot approve, deny, switch protection off or stop the daemon — by socket or CLI —
// and a person can. Refusals are published to monitors and written to the audit log.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { request } from '../../src/client/request.js';
import { waitFor } from '../helpers/wait-for.js';
import { approvalHome, asAgentsChild, asPerson, background, pendingNow, personSkip, rawRequest, text, waitPending, type ApprovalHome } from './support.js';

describe('approver authentication', () => {
  let t: ApprovalHome;
  before(async () => {
    t = await approvalHome('approval_timeout_seconds: 60\n');
  });
  after(() => t?.close());

  it('an agent cannot answer an approval, by socket or CLI, nor can its scrubbed descendants; the approval stays pending', async () => {
    const f = t.file('guarded');
    const shim = background('mark', [f], t.agentEnv());
    const [a] = await waitPending(t.p);
    const bySocket = await rawRequest(t.p, { type: 'answer', approval: a!.id, answer: 'approve' }, 'agent');
    assert.equal(bySocket.ok, false);
    assert.equal(bySocket.code, 'E_PERMISSION');
    assert.match(String(bySocket.error), /an agent may not approve: pid \d+ \(node\), and CLAUDECODE is set in its environment/);
    const byCli = await asAgentsChild(t.p, ['approve', a!.id]);
    assert.equal(byCli.code, 1);
    assert.match(text(byCli), /error\[E_PERMISSION\]: an agent may not approve: pid \d+ \(node\) descends from pid \d+ \(sh\), and CLAUDECODE is set/);
    const deny = await asAgentsChild(t.p, ['deny', a!.id, '--remember']);
    assert.equal(deny.code, 1);
    assert.match(text(deny), /an agent may not deny/);
    assert.equal((await pendingNow(t.p)).length, 1, 'still pending');
    assert.equal(existsSync(f), false);
    // The refusals are in the audit log.
    await waitFor('refusals in the audit log', () => (readFileSync(t.p.auditLog, 'utf8').match(/"kind":"refused"/g) ?? []).length >= 3);
    shim.child.kill('SIGTERM');
    await shim.done;
    await waitPending(t.p, 0);
  });

  it('an agent cannot switch protection off or stop the daemon (socket, or CLI with a scrubbed environment)', async () => {
    const off = await rawRequest(t.p, { type: 'protection', enabled: false }, 'agent');
    assert.equal(off.code, 'E_PERMISSION');
    assert.match(String(off.error), /an agent may not switch protection off/);
    const stop = await rawRequest(t.p, { type: 'stop' }, 'agent');
    assert.equal(stop.code, 'E_PERMISSION');
    const cliStop = await asAgentsChild(t.p, ['daemon', 'stop']);
    assert.equal(cliStop.code, 1);
    assert.match(text(cliStop), /error\[E_PERMISSION\]: an agent may not stop the daemon: pid \d+ \(node\) descends from pid \d+ \(sh\)/);
    const cliUninstall = await asAgentsChild(t.p, ['uninstall']);
    assert.equal(cliUninstall.code, 1);
    assert.ok(existsSync(t.p.shims), 'still installed');
    const status = await request(t.p.socket, { type: 'status' });
    assert.equal((status.status as { approvals: { enabled: boolean } }).approvals.enabled, true);
    assert.equal(status.pid, t.daemon.pid, 'still the same daemon');
  });

  it('a person can switch protection off (commands then run unchecked and are logged) and on again', { skip: personSkip }, async () => {
    const off = await rawRequest(t.p, { type: 'protection', enabled: false }, 'person');
    assert.equal(off.ok, true, JSON.stringify(off));
    const f = t.file('unguarded');
    const r = await background('mark', [f], t.agentEnv()).done;
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(f));
    const log = await request(t.p.socket, { type: 'log', limit: 1 });
    assert.equal((log.events as Array<{ outcome: string }>)[0]!.outcome, 'disabled');
    const on = await rawRequest(t.p, { type: 'protection', enabled: true }, 'agent');
    assert.equal(on.ok, true, 'switching protection on needs no proof');
    const again = background('mark', [t.file('guarded-again')], t.agentEnv());
    const [a] = await waitPending(t.p);
    const d = await asPerson(t.p, ['deny', a!.id]);
    assert.equal(d.code, 0, text(d));
    assert.equal((await again.done).code, 126);
  });

  it('a person can answer by socket too (what the monitor does)', { skip: personSkip }, async () => {
    const shim = background('mark', [t.file('by-socket')], t.agentEnv());
    const [a] = await waitPending(t.p);
    const r = await rawRequest(t.p, { type: 'answer', approval: a!.id, answer: 'approve' }, 'person');
    assert.deepEqual([r.ok, r.outcome, r.approval], [true, 'approved', a!.id]);
    assert.equal((await shim.done).code, 0);
  });

  it('a person can stop the daemon through the socket', { skip: personSkip }, async () => {
    const r = await rawRequest(t.p, { type: 'stop' }, 'person');
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(await t.daemon.exited, 0);
  });
});
