// `safeshell exec`: the daemon judges and runs a command with our own stdin/stdout/stderr (sent over exec.sock with
// SCM_RIGHTS, docs/execute.md); its output never passes through us. Without the execute service (no addon in the
// daemon) the command is judged over the main socket and run here; without a daemon, the fail policy applies.
import { closeSync, fstatSync, openSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { SafeshellError, SpawnError } from '../errors.js';
import { sendFds } from '../exec/fd-passing.js';
import { findReal } from '../exec/find-real.js';
import { IGNORE_INTERACTIVE, withSignals } from '../exec/run-inherit.js';
import { exitCodeOf, spawnProcess } from '../exec/spawn.js';
import { paths, type Paths } from '../paths.js';
import type { ExecContext } from '../rules/types.js';
import { checkViaDaemon, failPolicy } from './check.js';
import { ensureDaemon } from './control.js';
import { EXIT_APPROVAL_REQUIRED, EXIT_DENIED, EXIT_UNAVAILABLE } from './exit-codes.js';
import { redirectNotice } from './redirect-notice.js';

export interface ExecOptions {
  context: ExecContext;
  /** Seconds; the command's process group gets SIGTERM then, SIGKILL 2 s later. */
  timeoutS?: number;
  home?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** One message line (without the `safeshell: ` prefix) for stderr. */
  say?: (line: string) => void;
}

type Line = Record<string, unknown>;

/** Runs argv under the rules; resolves to its exit status (126 denied, 125 approval required, 127 not found, 69 closed policy). */
export async function execCommand(argv: readonly string[], opts: ExecOptions): Promise<number> {
  if (argv.length === 0) throw new SafeshellError('E_USAGE', 'exec needs a command');
  const say = opts.say ?? ((s: string) => void process.stderr.write(`safeshell: ${s}\n`));
  const p = paths(opts.home);
  const env = definedOnly(opts.env ?? process.env);
  const cwd = opts.cwd ?? process.cwd();
  const local = { argv, env, cwd, shims: p.shims, say, ...(opts.timeoutS === undefined ? {} : { timeoutS: opts.timeoutS }) };
  try {
    await ensureDaemon(p);
  } catch (err) {
    return failed(p, (err as Error).message, local);
  }
  const body = {
    v: 1, type: 'execute', client: 'cli', argv, cwd, env, context: opts.context, session: env.SAFESHELL_SESSION ?? '',
    ...(opts.timeoutS === undefined ? {} : { timeout: opts.timeoutS }),
  };
  let final: Line;
  try {
    final = await viaExecSocket(join(p.run, 'exec.sock'), body, say);
  } catch (err) {
    if (err instanceof NoService) return judgeHere(p, opts.context, local);
    if (err instanceof Interrupted) {
      say('interrupted; the daemon stops the command');
      return 130;
    }
    if (err instanceof Broken) {
      say(`error[E_DAEMON_UNAVAILABLE]: ${err.message}; the command's status is unknown`);
      return EXIT_UNAVAILABLE;
    }
    return failed(p, (err as Error).message, local);
  }
  if (final.ok !== true) return failed(p, `${String(final.code)}: ${String(final.error)}`, local);
  if (final.ran === true) {
    if (final.timed_out === true) say(`timed out after ${opts.timeoutS} s; stopped`);
    return Number(final.exit);
  }
  const spawnError = final.spawn_error as { code?: string; message?: string } | undefined;
  if (spawnError) say(`error[${spawnError.code}]: ${spawnError.message}`);
  else if (final.verdict !== 'allow' && final.verdict !== 'redirect') say(typeof final.notice === 'string' ? final.notice : blockedLine(final));
  return typeof final.exit === 'number' ? final.exit : EXIT_DENIED;
}

/** exec.sock is absent or refuses: the daemon runs without the execute service. */
class NoService extends Error {}
/** The connection broke after the command may have started. */
class Broken extends Error {}
/** Ctrl-C three times: we leave, and the daemon stops the command as for any caller that goes away. */
class Interrupted extends Error {}

function viaExecSocket(socketPath: string, body: Line, say: (s: string) => void): Promise<Line> {
  return new Promise((resolve, reject) => {
    const conn = net.createConnection(socketPath);
    const own = ownStdio();
    let started = false;
    let settled = false;
    let buf = '';
    let interrupts = 0;
    const forward = (signal: NodeJS.Signals): void => {
      conn.write(`${JSON.stringify({ type: 'signal', signal })}\n`);
      // A command that ignores Ctrl-C: the third one drops the connection, and the daemon stops the command.
      if (signal === 'SIGINT' && ++interrupts >= 3) done(new Interrupted());
    };
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];
    const done = (err: Error | null, line?: Line): void => {
      if (settled) return;
      settled = true;
      for (const s of signals) process.off(s, forward);
      own.close();
      conn.destroy();
      if (err) reject(err);
      else resolve(line!);
    };
    conn.once('connect', () => {
      // Ctrl-C reaches us (the terminal's foreground group), not the command: pass it on.
      for (const s of signals) process.on(s, forward);
      const data = Buffer.from(`${JSON.stringify(body)}\n`);
      try {
        const fd = (conn as unknown as { _handle?: { fd?: number } })._handle?.fd;
        if (typeof fd !== 'number') throw new Error('the connection has no fd');
        const sent = sendFds(fd, own.fds, data);
        if (sent < data.length) conn.write(data.subarray(sent));
      } catch (err) {
        done(new Error(`cannot send the request: ${(err as Error).message}`));
      }
      own.close(); // the daemon has its own copies now
    });
    conn.on('data', (chunk: Buffer) => {
      buf += chunk.toString('utf8');
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const text = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        let line: Line;
        try {
          line = JSON.parse(text) as Line;
        } catch {
          return done(started ? new Broken('garbled reply') : new Error('garbled reply'));
        }
        if (line.pending === true) {
          if (typeof line.notice === 'string') say(line.notice);
        } else if (line.started === true) {
          started = true;
          if (line.verdict === 'redirect') say(redirectNotice(line.rule, line.message, line.argv));
          else if (typeof line.notice === 'string') say(line.notice);
        } else return done(null, line);
      }
    });
    conn.once('end', () => done(started ? new Broken('the daemon closed the connection') : new Error('the daemon closed the connection without an answer')));
    conn.once('error', (err: NodeJS.ErrnoException) => {
      if (!started && (err.code === 'ENOENT' || err.code === 'ECONNREFUSED')) done(new NoService(err.code));
      else done(started ? new Broken(err.message) : err);
    });
  });
}

/** Our fds 0-2 to send; a closed one is replaced by /dev/null (sendmsg refuses a bad fd). */
function ownStdio(): { fds: number[]; close(): void } {
  const opened: number[] = [];
  const fds = [0, 1, 2].map((fd) => {
    try {
      fstatSync(fd);
      return fd;
    } catch {
      const n = openSync('/dev/null', fd === 0 ? 'r' : 'w');
      opened.push(n);
      return n;
    }
  });
  return {
    fds,
    close: () => {
      for (const fd of opened.splice(0)) closeSync(fd);
    },
  };
}

interface LocalRun {
  argv: readonly string[];
  env: Record<string, string>;
  cwd: string;
  shims: string;
  timeoutS?: number;
  say(s: string): void;
}

/** No execute service: judge over the main socket (approvals included), then run the command ourselves. */
async function judgeHere(p: Paths, context: ExecContext, run: LocalRun): Promise<number> {
  const r = await checkViaDaemon({ argv: [...run.argv], cwd: run.cwd, context, env: run.env }, { home: p.home, client: 'cli', wait: true, onPending: run.say });
  if (r.via === 'none') return failed(p, r.reason, run);
  const d = r.decision;
  if (d.verdict === 'allow') {
    if (r.notice) run.say(r.notice);
    return runHere(run);
  }
  if (d.verdict === 'redirect' && d.redirectTo && d.redirectTo.length > 0) {
    run.say(redirectNotice(d.rule, d.message, d.redirectTo));
    return runHere({ ...run, argv: d.redirectTo });
  }
  run.say(r.notice ?? blockedLine({ verdict: d.verdict, rule: d.rule, message: d.message }));
  return d.verdict === 'require_approval' ? EXIT_APPROVAL_REQUIRED : EXIT_DENIED;
}

/** The daemon could not answer: on_daemon_unavailable decides, as in every client. */
function failed(p: Paths, why: string, run: LocalRun): Promise<number> | number {
  if (failPolicy(p.config) === 'closed') {
    run.say(`daemon unavailable (${why}); ${run.argv[0]} blocked (on_daemon_unavailable: closed)`);
    return EXIT_UNAVAILABLE;
  }
  run.say(`warning: daemon unavailable (${why}); ${run.argv[0]} runs unchecked (on_daemon_unavailable: open)`);
  return runHere(run);
}

/** Runs the command in this process's place: our stdio, our group, SIGTERM/SIGHUP forwarded, optional timeout. */
async function runHere(run: LocalRun): Promise<number> {
  try {
    const file = findReal(run.argv[0]!, run.env.PATH, run.cwd, run.shims);
    return await withSignals(
      IGNORE_INTERACTIVE,
      () => spawnProcess({ file, argv: run.argv, env: run.env, cwd: run.cwd, stdio: ['inherit', 'inherit', 'inherit'] }),
      async (child) => {
        let timedOut = false;
        let kill: NodeJS.Timeout | undefined;
        const timer = run.timeoutS === undefined ? undefined : setTimeout(() => {
          timedOut = true;
          child.kill('SIGTERM');
          kill = setTimeout(() => child.kill('SIGKILL'), 2000);
        }, run.timeoutS * 1000);
        const status = await child.exitPromise;
        clearTimeout(timer);
        clearTimeout(kill);
        if (timedOut) run.say(`timed out after ${run.timeoutS} s; stopped`);
        return exitCodeOf(status);
      },
    );
  } catch (err) {
    if (!(err instanceof SpawnError)) throw err;
    run.say(`error[${err.code}]: ${err.message}`);
    return err.code === 'ENOENT' && err.syscall === 'execve' ? 127 : 126;
  }
}

function blockedLine(d: Line): string {
  const what = d.verdict === 'require_approval' ? 'approval required, not run' : 'blocked';
  return `${what}: ${typeof d.message === 'string' ? d.message : 'no reason given'}${typeof d.rule === 'string' ? ` [rule: ${d.rule}]` : ''}`;
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}
