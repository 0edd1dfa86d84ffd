// require_approval through execute: the request waits for a person like a shim does (docs/approvals.md); approved,
// the command runs with the caller's fds; unanswered, it is not run (125); a caller that goes away cancels it.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { executeUnavailable } from '../../src/daemon/execute.js';
import { approvalHome, asPerson, pendingNow, personSkip, text, waitPending, type ApprovalHome } from '../approvals/support.js';
import { waitFor } from '../helpers/wait-for.js';
import { execRaw, execSocket, finalLine, stdioFiles } from './execute-support.js';

const skip = executeUnavailable() ?? personSkip;

describe('execute with approvals', { skip }, () => {
  let t: ApprovalHome;
  let env: Record<string, string>;
  before(async () => {
    t = await approvalHome('approval_timeout_seconds: 2\n');
    env = Object.fromEntries(Object.entries(t.agentEnv()).filter((e): e is [string, string] => e[1] !== undefined));
    await waitFor('exec.sock', () => existsSync(execSocket(t.p)));
  });
  after(() => t.close());

  const exec = (argv: string[], fds: number[]) => execRaw(t.p, { argv, cwd: t.h.tmp, env, context: 'ai', session: 's1' }, fds);

  it('approved by a person: a pending line, then the command runs with the caller fds', async () => {
    const f = t.file('approved');
    const io = stdioFiles(t.h.tmp, 'approve');
    const c = await exec(['mark', f], io.fds);
    io.close();
    const pending = await c.next();
    assert.equal(pending.pending, true);
    assert.match(String(pending.notice), /waiting for approval of `mark .*` \[rule: approve-mark\]/);
    const [a] = await waitPending(t.p);
    assert.equal(a!.client, 'execute');
    assert.equal(existsSync(f), false, 'not run before the answer');
    const ok = await asPerson(t.p, ['approve', a!.id]);
    assert.equal(ok.code, 0, text(ok));
    const { final, lines } = await finalLine(c);
    assert.equal(lines[0]!.started, true);
    assert.match(String(lines[0]!.notice), /approved by the user/);
    assert.deepEqual([final.verdict, final.outcome, final.ran, final.exit], ['allow', 'approved', true, 0]);
    assert.ok(existsSync(f), 'the command ran');
  });

  it('nobody answers: not run, exit 125', async () => {
    const f = t.file('unanswered');
    const io = stdioFiles(t.h.tmp, 'unanswered');
    const { final } = await finalLine(await exec(['mark', f], io.fds), 10_000);
    io.close();
    assert.deepEqual([final.verdict, final.outcome, final.ran, final.exit], ['require_approval', 'timed_out', false, 125]);
    assert.equal(existsSync(f), false);
  });

  it('a caller that goes away cancels its approval', async () => {
    const f = t.file('cancelled');
    const io = stdioFiles(t.h.tmp, 'cancelled');
    const c = await exec(['mark', f], io.fds);
    io.close();
    await waitPending(t.p);
    c.socket.destroy();
    await waitFor('the approval to be cancelled', async () => (await pendingNow(t.p)).length === 0);
    assert.equal(existsSync(f), false);
  });
});
