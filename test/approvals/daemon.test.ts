// Approvals end to end: a real daemon, real shims (and the wrapper) waiting for a person, who answers with
// `safeshell approve|deny` in a terminal. Each answer, remembered answers and their expiry, the timeout, a requester
// that goes away, first answer wins, other requests served meanwhile, and `safeshell pending` / `safeshell log`.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { CLI } from '../helpers/home.js';
import { cleanEnv, run } from '../helpers/proc.js';
import { waitFor } from '../helpers/wait-for.js';
import { approvalHome, asPerson, background, pendingNow, personSkip, text, waitPending, type ApprovalHome } from './support.js';

const WAITING = /^safeshell: waiting for approval of `mark \/tmp\/ss-[^`]+` \[rule: approve-mark\] \(id [0-9a-f]{8}\): a person must answer/m;

describe('approvals through the daemon', { skip: personSkip }, () => {
  let t: ApprovalHome;
  before(async () => {
    t = await approvalHome('approval_timeout_seconds: 30\napproval_memory_ttl_seconds: 2\n');
  });
  after(() => t?.close());

  const mark = (file: string, env: NodeJS.ProcessEnv = {}) => background('mark', [file], t.agentEnv(env));

  it('approve once: the waiting shim runs the command in place; other commands are served meanwhile; next time it asks again', async () => {
    const f = t.file('once');
    const shim = mark(f);
    const [a] = await waitPending(t.p);
    assert.equal(a!.command, `mark ${f}`);
    assert.equal(a!.rule, 'approve-mark');
    assert.equal(a!.message, 'marking needs a person');
    assert.equal(a!.cwd, '/tmp');
    assert.equal(a!.context, 'ai');
    assert.equal(a!.client, 'shim');
    assert.equal(a!.session, 'session:s1');
    assert.equal(a!.pid, shim.child.pid);
    assert.ok(a!.expiresAt - Date.now() > 25_000 && a!.expiresAt - Date.now() <= 30_000);
    // Another command while a person decides: answered at once.
    const other = await run('argvdump', ['x'], { env: t.agentEnv() });
    assert.equal(other.code, 0, other.stderr);
    const listed = await run(process.execPath, [CLI, 'pending', '--json'], { env: cleanEnv({ SAFESHELL_HOME: t.p.home }) });
    const list = JSON.parse(listed.stdout.toString()) as Array<{ id: string; secondsLeft: number; command: string }>;
    assert.equal(list[0]!.id, a!.id);
    assert.ok(list[0]!.secondsLeft > 20);
    assert.equal(existsSync(f), false, 'not run before the answer');
    const ok = await asPerson(t.p, ['approve', a!.id]);
    assert.equal(ok.code, 0, text(ok));
    assert.match(text(ok), new RegExp(`^approved ${a!.id}$`, 'm'));
    const r = await shim.done;
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(f), 'the command ran');
    assert.match(r.stderr, WAITING);
    assert.equal(r.stderr.match(/waiting for approval/g)!.length, 1, 'one waiting line');
    assert.match(r.stderr, /^safeshell: approved by the user \[rule: approve-mark\]: `mark .*` runs now\. .*do not ask them to confirm it again\.$/m);
    // Not remembered: asked again.
    const again = mark(t.file('once-again'));
    const [b] = await waitPending(t.p);
    assert.notEqual(b!.id, a!.id);
    await asPerson(t.p, ['deny', b!.id]);
    assert.equal((await again.done).code, 126);
  });

  it('deny with a reason: exit 126, not run, and the agent is told not to retry or work around it', async () => {
    const f = t.file('denied');
    const shim = mark(f);
    const [a] = await waitPending(t.p);
    const r1 = await asPerson(t.p, ['deny', a!.id.slice(0, 5), '--reason', 'not on a Friday']);
    assert.equal(r1.code, 0, text(r1));
    const r = await shim.done;
    assert.equal(r.code, 126);
    assert.equal(existsSync(f), false);
    assert.match(r.stderr, /^safeshell: DENIED by the user \[rule: approve-mark\]: `mark .*` was not run\. The user's reason: not on a Friday\. Do not retry it, do not try to reach the same result another way, and do not ask for approval again/m);
  });

  it('approve for a while: the same session, rule and program pass at once until approval_memory_ttl_seconds passes', async () => {
    const first = mark(t.file('r1'));
    const [a] = await waitPending(t.p);
    const answered = await asPerson(t.p, ['approve', a!.id, '--remember']);
    const at = Date.now();
    assert.match(text(answered), /approved .* \(remembered for this session, rule and program\)/);
    assert.equal((await first.done).code, 0);
    const second = await mark(t.file('r2')).done;
    assert.equal(second.code, 0, second.stderr);
    assert.ok(existsSync(t.file('r2')));
    assert.doesNotMatch(second.stderr, /waiting for approval/);
    assert.match(second.stderr, /approved: the user already approved this kind of command for this session/);
    // Another session is asked.
    const s2 = mark(t.file('r3'), { SAFESHELL_SESSION: 's2' });
    const [b] = await waitPending(t.p);
    assert.equal(b!.session, 'session:s2');
    await asPerson(t.p, ['deny', b!.id]);
    assert.equal((await s2.done).code, 126);
    // After the TTL (2 s) the first session is asked again.
    await waitFor('the remembered answer to expire', () => Date.now() - at > 2100, 4000);
    const later = mark(t.file('r4'));
    const [c] = await waitPending(t.p);
    await asPerson(t.p, ['deny', c!.id]);
    assert.equal((await later.done).code, 126);
  });

  it('deny for a while: later requests are denied at once, with the remembered-denial message', async () => {
    const first = mark(t.file('d1'));
    const [a] = await waitPending(t.p);
    await asPerson(t.p, ['deny', a!.id, '--remember']);
    const at = Date.now();
    assert.equal((await first.done).code, 126);
    const second = await mark(t.file('d2')).done;
    assert.equal(second.code, 126);
    assert.doesNotMatch(second.stderr, /waiting for approval/);
    assert.match(second.stderr, /DENIED by the user .*\(The user denied this kind of command for this session\.\)/);
    assert.deepEqual(await pendingNow(t.p), []);
    await waitFor('the remembered denial to expire', () => Date.now() - at > 2100, 4000);
    const later = mark(t.file('d3'));
    const [c] = await waitPending(t.p);
    await asPerson(t.p, ['deny', c!.id]);
    assert.equal((await later.done).code, 126);
  });

  it('a requester that goes away (Ctrl-C) cancels its approval, and a late answer cannot make it run', async () => {
    const f = t.file('cancelled');
    const shim = mark(f);
    const [a] = await waitPending(t.p);
    shim.child.kill('SIGINT');
    const r = await shim.done;
    assert.equal(r.signal, 'SIGINT');
    await waitPending(t.p, 0);
    const late = await asPerson(t.p, ['approve', a!.id]);
    assert.equal(late.code, 2);
    assert.match(text(late), /approval [0-9a-f]{8} is no longer pending: cancelled/);
    assert.equal(existsSync(f), false);
  });

  it('first answer wins across approvers; the other is told who answered', async () => {
    const f = t.file('race');
    const shim = mark(f);
    const [a] = await waitPending(t.p);
    const [x, y] = await Promise.all([asPerson(t.p, ['approve', a!.id]), asPerson(t.p, ['deny', a!.id])]);
    const winners = [x, y].filter((r) => r.code === 0);
    const losers = [x, y].filter((r) => r.code !== 0);
    assert.equal(winners.length, 1, `${text(x)} | ${text(y)}`);
    assert.match(text(losers[0]!), /is no longer pending: (approved|denied) by pid \d+ \(node\)/);
    const r = await shim.done;
    assert.equal(r.code, winners[0] === x ? 0 : 126);
  });

  it('the $SHELL -c wrapper waits too, and the approved line is not asked again by the shims inside it', async () => {
    const f = t.file('wrapped');
    const wrapper = background('safeshell-wrapper', ['-c', `mark ${f} && echo done`], t.agentEnv());
    const [a] = await waitPending(t.p);
    assert.equal(a!.client, 'wrapper');
    assert.equal(a!.command, `mark ${f} && echo done`);
    await asPerson(t.p, ['approve', a!.id]);
    const r = await wrapper.done;
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.toString(), 'done\n');
    assert.ok(existsSync(f));
    assert.equal(r.stderr.match(/waiting for approval/g)!.length, 1, 'the mark shim inside did not ask again');
  });

  it('`safeshell check --wait` waits for the answer too; its exit code is the final verdict', async () => {
    const env = cleanEnv({ SAFESHELL_HOME: t.p.home, SAFESHELL_SESSION: 'check' });
    const check = background(process.execPath, [CLI, 'check', '--wait', '--context', 'ai', 'mark /tmp/x'], env);
    const [a] = await waitPending(t.p);
    assert.equal(a!.client, 'check');
    await asPerson(t.p, ['approve', a!.id]);
    const r = await check.done;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^safeshell: waiting for approval of `mark \/tmp\/x`/m);
    assert.match(r.stderr, /^safeshell: approved by the user/m);
    const denied = background(process.execPath, [CLI, 'check', '--wait', '--context', 'ai', 'mark /tmp/y'], env);
    const [b] = await waitPending(t.p);
    await asPerson(t.p, ['deny', b!.id]);
    assert.equal((await denied.done).code, 1);
    const plain = await run(process.execPath, [CLI, 'check', '--context', 'ai', 'mark /tmp/z'], { env });
    assert.equal(plain.code, 3, 'without --wait: approval required, nothing pending');
    assert.deepEqual(await pendingNow(t.p), []);
  });

  it('`safeshell log` shows the decisions: allowed, pending, approved, denied, cancelled', async () => {
    const r = await run(process.execPath, [CLI, 'log', '-n', '200'], { env: cleanEnv({ SAFESHELL_HOME: t.p.home }) });
    const out = r.stdout.toString();
    for (const label of ['allowed', 'PENDING', 'approved', 'denied', 'cancel']) assert.match(out, new RegExp(`\\d\\d:\\d\\d:\\d\\d ${label} `), label);
    const json = await run(process.execPath, [CLI, 'log', '--json', '-n', '3'], { env: cleanEnv({ SAFESHELL_HOME: t.p.home }) });
    const lines = json.stdout.toString().trim().split('\n').map((l) => JSON.parse(l) as { outcome: string });
    assert.equal(lines.length, 3);
  });
});

describe('approval timeout', { skip: personSkip }, () => {
  let t: ApprovalHome;
  before(async () => {
    t = await approvalHome('approval_timeout_seconds: 1\n');
  });
  after(() => t?.close());

  it('nobody answers: not run (exit 125) and the agent is told to ask the user; the audit log has it', async () => {
    const f = t.file('late');
    const r = await background('mark', [f], t.agentEnv()).done;
    assert.equal(r.code, 125);
    assert.equal(existsSync(f), false);
    assert.ok(r.ms >= 900 && r.ms < 5000, `${r.ms} ms`);
    assert.match(r.stderr, /^safeshell: not run: nobody answered the approval request for `mark .*` within 1 s \[rule: approve-mark\]\. .*offer to retry it\.$/m);
    const log = await run(process.execPath, [CLI, 'log'], { env: cleanEnv({ SAFESHELL_HOME: t.p.home }) });
    assert.match(log.stdout.toString(), / timeout .*mark .*\[approve-mark\]/);
    await t.daemon.stop();
    // Without a daemon, `safeshell log` reads the audit log.
    const offline = await run(process.execPath, [CLI, 'log'], { env: cleanEnv({ SAFESHELL_HOME: t.p.home, SAFESHELL_NO_AUTOSTART: '1' }) });
    assert.match(offline.stderr, /daemon not running/);
    assert.match(offline.stdout.toString(), / timeout .*mark /);
  });
});
