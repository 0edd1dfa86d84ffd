// The native hook client (`safeshell-shim --hook …`) against a real daemon: Claude Code's PreToolUse contract
// (allow, deny, ask, wait-then-approve, denied by the user, timed out), a hook approval not asked again by the
// shims, the fail policy for malformed input, other tools and a missing daemon, Gemini CLI's BeforeTool format,
// the generic mode, and `safeshell hook claude` handing over to the native client.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { approvalHome, asPerson, background, personSkip, waitPending, type ApprovalHome } from '../approvals/support.js';
import { CLI } from '../helpers/home.js';
import { cleanEnv, run, type RunResult } from '../helpers/proc.js';

const claudeInput = (command: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({
    session_id: 'sess-1',
    transcript_path: '/tmp/t.jsonl',
    cwd: '/tmp',
    permission_mode: 'default',
    hook_event_name: 'PreToolUse',
    tool_name: 'Bash',
    tool_input: { command, description: 'a test', timeout: 120000 },
    tool_use_id: 'toolu_01',
    ...extra,
  });

const geminiInput = (command: string, tool = 'run_shell_command'): string =>
  JSON.stringify({ session_id: 'g-1', cwd: '/tmp', hook_event_name: 'BeforeTool', timestamp: '2026-01-01T00:00:00Z', tool_name: tool, tool_input: { command } });

function hook(t: ApprovalHome, mode: string, input: string, env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return run(join(t.p.shims, 'safeshell-shim'), ['--hook', mode], { input, env: t.agentEnv({ CLAUDECODE: '1', ...env }), timeoutMs: 20_000 });
}

function decision(r: RunResult): { permissionDecision: string; permissionDecisionReason: string; hookEventName: string } {
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout.toString()) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string; hookEventName: string } };
  return out.hookSpecificOutput;
}

describe('hook claude (PreToolUse) with a daemon that waits', () => {
  let t: ApprovalHome;
  before(async () => {
    t = await approvalHome('approval_timeout_seconds: 30\n');
  });
  after(() => t?.close());

  it('allow: exit 0 and no decision, so Claude Code\'s own permission settings still apply', async () => {
    const r = await hook(t, 'claude', claudeInput('ls -l /tmp'));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.toString(), '');
  });

  it('deny: permissionDecision deny, with the rule\'s message and "do not work around it" for the model', async () => {
    const d = decision(await hook(t, 'claude', claudeInput('cd /tmp && zap everything')));
    assert.equal(d.hookEventName, 'PreToolUse');
    assert.equal(d.permissionDecision, 'deny');
    assert.match(d.permissionDecisionReason, /^blocked by policy \[rule: deny-zap\]: never zap; run unzap instead\. This block is deliberate: do not work around it/);
  });

  it('wait, then a person approves: allow with the approval; the shims inside the command do not ask again', { skip: personSkip }, async () => {
    const f = t.file('hooked');
    const line = `mark ${f} && echo marked`;
    const pending = background(join(t.p.shims, 'safeshell-shim'), ['--hook', 'claude'], t.agentEnv({ CLAUDECODE: '1' }), { input: claudeInput(line) });
    const [a] = await waitPending(t.p);
    assert.equal(a!.client, 'hook');
    assert.equal(a!.command, line);
    assert.equal(a!.agentSession, 'sess-1');
    await asPerson(t.p, ['approve', a!.id]);
    const r = await pending.done;
    const d = decision(r);
    assert.equal(d.permissionDecision, 'allow');
    assert.match(d.permissionDecisionReason, /^approved by the user \[rule: approve-mark\]: `mark .*` runs now\. .*do not ask them to confirm it again/);
    assert.match(r.stderr, /^safeshell: waiting for approval of `mark .* && echo marked`/m);
    // Claude Code now runs the command through its shell: the mark shim passes at once.
    const ran = await run('/bin/bash', ['-c', line], { env: t.agentEnv({ CLAUDECODE: '1' }) });
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal(ran.stdout.toString(), 'marked\n');
    assert.ok(existsSync(f));
    assert.doesNotMatch(ran.stderr, /waiting for approval/);
    assert.match(ran.stderr, /approved \[rule: approve-mark\]: the user approved the command line holding it moments ago/);
    // Another command is asked about; so is the same one from another session.
    const other = background('mark', [t.file('not-hooked')], t.agentEnv({ CLAUDECODE: '1' }));
    const [b] = await waitPending(t.p);
    await asPerson(t.p, ['deny', b!.id]);
    assert.equal((await other.done).code, 126);
    const elsewhere = background('/bin/bash', ['-c', line], t.agentEnv({ CLAUDECODE: '1', SAFESHELL_SESSION: 'another' }));
    const [c] = await waitPending(t.p);
    await asPerson(t.p, ['deny', c!.id]);
    assert.equal((await elsewhere.done).code, 126);
  });

  it('denied by the user: deny, with the reason and "do not retry"', { skip: personSkip }, async () => {
    const p = background(join(t.p.shims, 'safeshell-shim'), ['--hook', 'claude'], t.agentEnv({ CLAUDECODE: '1' }), { input: claudeInput(`mark ${t.file('no')}`) });
    const [a] = await waitPending(t.p);
    await asPerson(t.p, ['deny', a!.id, '--reason', 'use the staging box']);
    const d = decision(await p.done);
    assert.equal(d.permissionDecision, 'deny');
    assert.match(d.permissionDecisionReason, /^DENIED by the user \[rule: approve-mark\]: .* The user's reason: use the staging box\. Do not retry it/);
  });

  it('Gemini CLI BeforeTool: {decision, reason}; no decision ({}) when allowed; other tools follow the fail policy', async () => {
    const deny = await hook(t, 'gemini', geminiInput('zap it'));
    assert.equal(deny.code, 0);
    const out = JSON.parse(deny.stdout.toString()) as { decision: string; reason: string };
    assert.equal(out.decision, 'deny');
    assert.match(out.reason, /blocked by policy \[rule: deny-zap\]/);
    const allow = await hook(t, 'gemini', geminiInput('ls'));
    assert.equal(allow.stdout.toString(), '{}\n');
    const other = await hook(t, 'gemini', geminiInput('x', 'read_file'));
    assert.match(JSON.parse(other.stdout.toString()).systemMessage as string, /tool 'read_file' is not run_shell_command/);
  });

  it('generic: a command line on stdin; exit 0 to go ahead, 126 with the reason on stderr', async () => {
    const ok = await hook(t, 'generic', 'ls -l\n');
    assert.equal(ok.code, 0, ok.stderr);
    const no = await hook(t, 'generic', 'zap all\n');
    assert.equal(no.code, 126);
    assert.match(no.stderr, /^safeshell: blocked by policy \[rule: deny-zap\]/m);
  });

  it('`safeshell hook claude` (Node) hands over to the native client: the same answer', async () => {
    const r = await run(process.execPath, [CLI, 'hook', 'claude'], { input: claudeInput('zap it'), env: cleanEnv({ SAFESHELL_HOME: t.p.home, CLAUDECODE: '1' }) });
    assert.equal(decision(r).permissionDecision, 'deny');
  });
});

describe('hook claude: timeout, hook_approval: ask, and the fail policy', () => {
  let t: ApprovalHome;
  before(async () => {
    t = await approvalHome('approval_timeout_seconds: 1\n');
  });
  after(() => t?.close());

  it('nobody answers: deny, telling the model to ask the user', async () => {
    const d = decision(await hook(t, 'claude', claudeInput(`mark ${t.file('late')}`)));
    assert.equal(d.permissionDecision, 'deny');
    assert.match(d.permissionDecisionReason, /^not run: nobody answered the approval request for `mark .*` within 1 s/);
  });

  it('hook_approval: ask maps require_approval to ask (Claude Code asks the user itself); nothing waits', async () => {
    writeFileSync(t.p.config, 'approval_timeout_seconds: 1\nhook_approval: ask\n');
    // The daemon reloads config.yaml when it changes: wait for the new mapping.
    let d = decision(await hook(t, 'claude', claudeInput(`mark ${t.file('ask')}`)));
    for (let i = 0; i < 20 && d.permissionDecision !== 'ask'; i++) d = decision(await hook(t, 'claude', claudeInput(`mark ${t.file('ask')}`)));
    assert.equal(d.permissionDecision, 'ask');
    assert.match(d.permissionDecisionReason, /^needs the user's approval \[rule: approve-mark\]: marking needs a person/);
    const r = await hook(t, 'claude', claudeInput(`mark ${t.file('ask2')}`));
    assert.ok(r.ms < 500, `answered at once (${r.ms} ms)`);
  });

  it('malformed input, another tool, a missing daemon: no decision and a reason when open; deny when closed', async () => {
    const bad = await hook(t, 'claude', '{"tool_name": "Bash", "tool_input": {"command": ');
    assert.equal(bad.code, 0);
    assert.deepEqual(Object.keys(JSON.parse(bad.stdout.toString())), ['systemMessage']);
    assert.match(bad.stdout.toString(), /malformed hook input .*the command was not checked \(on_daemon_unavailable: open\)/);
    const tool = await hook(t, 'claude', claudeInput('x', { tool_name: 'Write' }));
    assert.match(tool.stdout.toString(), /tool 'Write' is not Bash/);
    const empty = await hook(t, 'claude', claudeInput(''));
    assert.match(empty.stdout.toString(), /no tool_input.command/);
    await t.daemon.stop();
    const down = await hook(t, 'claude', claudeInput('ls'));
    assert.match(JSON.parse(down.stdout.toString()).systemMessage as string, /^safeshell: daemon unavailable \(no socket\); the command was not checked/);
    writeFileSync(t.p.config, 'on_daemon_unavailable: closed\n');
    for (const input of [claudeInput('ls'), 'garbage', claudeInput('x', { tool_name: 'Write' })]) {
      const d = decision(await hook(t, 'claude', input));
      assert.equal(d.permissionDecision, 'deny');
      assert.match(d.permissionDecisionReason, /refused \(on_daemon_unavailable: closed\)$/);
    }
    const generic = await hook(t, 'generic', 'ls\n');
    assert.equal(generic.code, 69);
  });
});
