// Who may approve: real processes with and without agent markers, their children (environment scrubbed or not),
// agent programs found by name, and the controlling-terminal requirement. /proc is read exactly as the daemon does.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { agentRoot, inspectContext } from '../../src/auth/agent-context.js';
import { authorize } from '../../src/auth/authorize.js';
import { pidsFromSs } from '../../src/auth/peer-pid.js';
import { readStat } from '../../src/auth/proc.js';
import { cleanEnv } from '../helpers/proc.js';
import { waitFor } from '../helpers/wait-for.js';

const dir = mkdtempSync('/tmp/ss-auth-');
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `sh -c script` (which writes a pid to $PIDFILE) and returns that pid once written. */
async function started(name: string, script: string, env: NodeJS.ProcessEnv, argv0?: string): Promise<number> {
  const pidFile = join(dir, `${name}.pid`);
  const child = spawn('/bin/sh', ['-c', script], { env: cleanEnv({ ...env, PIDFILE: pidFile }), stdio: 'ignore', detached: true, ...(argv0 ? { argv0 } : {}) });
  children.push(child);
  return waitFor(`${name} to start`, () => {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    return pid > 0 && readStat(pid)?.comm === 'sleep' ? pid : null;
  }, 5000);
}

// The "a person can" cases need a test run that is not itself inside an agent.
const runnerIsAgent = inspectContext(process.pid).agent;
const humanSkip = runnerIsAgent ? `the test runner itself is in an agent context (${runnerIsAgent.why})` : false;

describe('approver authentication', () => {
  it('refuses a process that has an agent marker (CLAUDECODE), naming it', async () => {
    const pid = await started('marked', 'echo $$ > "$PIDFILE"; exec sleep 60', { CLAUDECODE: '1' });
    const r = authorize([pid], 'approve');
    assert.equal(r.ok, false);
    assert.match((r as { reason: string }).reason, /an agent may not approve: pid \d+ \(sleep\), and CLAUDECODE is set in its environment/);
  });

  it('refuses SAFESHELL_CONTEXT=ai and the other markers', async () => {
    for (const [k, v] of [['SAFESHELL_CONTEXT', 'ai'], ['GEMINI_CLI', '1'], ['CODEX_SANDBOX', 'seatbelt']] as const) {
      const pid = await started(`m-${k}`, 'echo $$ > "$PIDFILE"; exec sleep 60', { [k]: v });
      assert.equal(authorize([pid], 'switch protection off').ok, false, k);
    }
  });

  it("refuses an agent's descendant even when its environment was scrubbed (env -i), by its ancestry", async () => {
    const pid = await started('scrubbed', 'env -i /bin/sh -c \'echo $$ > "$0"; exec sleep 60\' "$PIDFILE"; wait', { CLAUDECODE: '1' });
    assert.doesNotMatch(readFileSync(`/proc/${pid}/environ`, 'latin1'), /CLAUDECODE/, 'the child itself carries no marker');
    const r = authorize([pid], 'approve');
    assert.equal(r.ok, false);
    assert.match((r as { reason: string }).reason, /descends from pid \d+ \(sh\), and CLAUDECODE is set/);
  });

  it('refuses an agent program found by name (the agent sets markers only for its children) and its children', async () => {
    const pid = await started('named', '/bin/sh -c \'echo $$ > "$PIDFILE"; exec sleep 60\'; wait', {}, join(dir, 'claude'));
    const r = authorize([pid], 'stop the daemon');
    assert.equal(r.ok, false);
    assert.match((r as { reason: string }).reason, /it is an agent \(claude\)/);
  });

  it('every process on the requesting end must pass', async () => {
    const marked = await started('marked2', 'echo $$ > "$PIDFILE"; exec sleep 60', { CLAUDECODE: '1' });
    assert.equal(authorize([process.pid, marked], 'approve').ok, false);
    assert.equal(authorize([], 'approve').ok, false, 'nobody known: refused');
    assert.equal(authorize([2 ** 22 + 12345], 'approve').ok, false, 'a vanished process: refused');
  });

  it('accepts a person\'s process; answers to approvals also need a controlling terminal', { skip: humanSkip }, async () => {
    const bare = await started('bare', 'echo $$ > "$PIDFILE"; exec sleep 60', {});
    assert.equal(authorize([bare], 'stop the daemon').ok, true);
    const noTty = authorize([bare], 'approve', { requireTty: true });
    assert.equal(noTty.ok, false);
    assert.match((noTty as { reason: string }).reason, /has no controlling terminal/);
    // script(1) gives the process a pseudo-terminal, as a terminal emulator would.
    const tty = await started('tty', 'exec script -qec \'echo $$ > "$PIDFILE"; exec sleep 60\' /dev/null', {});
    const r = authorize([tty], 'approve', { requireTty: true });
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.notEqual((r as { approver: { tty: number } }).approver.tty, 0);
  });

  it("finds the agent session's root: the parent of the topmost marked ancestor", async () => {
    // fake agent (no marker) -> marked shell -> shim-like process
    const pid = await started('root', 'CLAUDECODE=1 /bin/sh -c \'echo $$ > "$PIDFILE"; exec sleep 60\'; wait', {});
    const root = agentRoot(pid)!;
    const stat = readStat(pid)!;
    assert.equal(root.pid, stat.ppid, 'the unmarked sh that started the marked one');
  });

  it('reads peer pids from ss output', () => {
    const out = 'u_str ESTAB 0 0 * 1888951 * 1888952 users:(("node",pid=1815,fd=20),("sh",pid=1816,fd=20))\nu_str ESTAB 0 0 /tmp/t.sock 1888952 * 1888951 users:(("node",pid=1815,fd=21))\n';
    assert.deepEqual(pidsFromSs(out, 1888952), [1815, 1816]);
    assert.deepEqual(pidsFromSs(out, 42), []);
  });
});
