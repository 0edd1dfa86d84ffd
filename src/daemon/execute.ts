// The daemon's execute service on <home>/run/exec.sock (docs/execute.md): the request line and the caller's
// stdin/stdout/stderr arrive together (one sendmsg with SCM_RIGHTS, read by the addon before Node reads the
// socket), the command is judged like any other, then spawned natively with those fds in its own process group.
// Output never passes through the daemon; the answer is the exit status. Other clients are served meanwhile.
import { closeSync, lstatSync, statSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import { EXIT_APPROVAL_REQUIRED, EXIT_DENIED } from '../client/exit-codes.js';
import { SpawnError } from '../errors.js';
import { findReal } from '../exec/find-real.js';
import { exitCodeOf, nativeSpawnUnavailable, spawnProcess, type ChildHandle } from '../exec/spawn.js';
import { loadNative } from '../native/load.js';
import { effectiveContext, readFirst, signalGroup, type AllowedPeer } from './execute-proc.js';
import { EXECUTE_FDS, parseControl, parseExecute, type ExecuteRequest } from './execute-request.js';
import { listenPrivate } from './listen.js';
import type { Logger } from './log.js';
import type { PeerCheck, PeerInfo } from './peercred.js';
import { errorResponse, MAX_REQUEST_BYTES, PROTOCOL_VERSION, type EvaluateResponse, type ProtocolErrorCode, type Request, type Response } from './protocol.js';
import type { Connection } from './server.js';

export type Handler = (req: Request, peer: PeerInfo, conn: Connection) => Response | Promise<Response>;

export interface ExecuteOptions {
  socketPath: string;
  version: string;
  log: Logger;
  peerCheck: PeerCheck;
  /** The daemon's request handler: the command is judged (and approved) exactly as a shim's would be. */
  handle: Handler;
  /** Skipped when the program is looked up on the caller's PATH (a shim would only ask again). */
  shimsDir: string;
  /** SIGTERM, then SIGKILL this much later, when a command is stopped (caller gone, timeout). Default 2000 ms. */
  killGraceMs?: number;
  /** The request line (and its fds) must arrive this soon after the connection. Default 5000 ms. */
  requestTimeoutMs?: number;
}

export interface ExecuteService {
  readonly socket: string;
  status(): Record<string, number>;
  /** Stops listening, stops running commands (SIGTERM, SIGKILL after a short grace) and removes the socket. */
  close(): Promise<void>;
}

interface Session {
  stop(why: string, graceMs: number): void;
  done: Promise<void>;
}

/** Why execution is unavailable (it needs fd passing and native spawn), or null. */
export function executeUnavailable(): string | null {
  const native = loadNative();
  if (!native.ok) return native.reason;
  if (!native.binding.recvFds) return 'stale build: the addon has no recvFds; run `npm run build:native`';
  return nativeSpawnUnavailable();
}

export async function startExecuteService(opts: ExecuteOptions): Promise<ExecuteService> {
  const stats = { accepted: 0, running: 0, started: 0, refused: 0 };
  const sessions = new Set<Session>();
  const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true });
  server.maxConnections = 256;
  server.on('connection', (socket) => {
    stats.accepted++;
    socket.on('error', (err) => opts.log.debug(`exec client socket: ${err.message}`));
    const peer = opts.peerCheck(socket);
    if (!peer.allowed) {
      stats.refused++;
      opts.log.warn(`exec.sock: rejected a client: ${peer.reason}`);
      socket.end(line(errorResponse(opts.version, 'E_PERMISSION', peer.reason)));
      return;
    }
    const session = serve(socket, peer, opts, stats);
    sessions.add(session);
    void session.done.then(() => sessions.delete(session));
  });
  server.on('error', (err) => opts.log.error(`exec.sock: ${err.message}`));

  // We hold the daemon lock, so a socket file here is a previous daemon's.
  if (lstatSafe(opts.socketPath)?.isSocket()) unlinkSync(opts.socketPath);
  const ino = await listenPrivate(server, opts.socketPath);

  return {
    socket: opts.socketPath,
    status: () => ({ ...stats }),
    async close() {
      server.close();
      for (const s of sessions) s.stop('the safeshell daemon is stopping', 300);
      await Promise.race([Promise.all([...sessions].map((s) => s.done)), new Promise((r) => setTimeout(r, 1500).unref())]);
      if (statSafe(opts.socketPath)?.ino === ino) unlinkSync(opts.socketPath);
    },
  };
}

function serve(socket: net.Socket, peer: AllowedPeer, opts: ExecuteOptions, stats: { running: number; started: number }): Session {
  const version = opts.version;
  const gone = new AbortController();
  let fds: number[] = [];
  let child: ChildHandle | undefined;
  let stopping: string | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  let finished = false;
  let settle!: () => void;
  const done = new Promise<void>((r) => (settle = r));

  const closeFds = (): void => {
    for (const fd of fds.splice(0)) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    }
  };
  const write = (fields: Record<string, unknown>): void => {
    if (!socket.destroyed && !socket.writableEnded) socket.write(line({ ok: true, v: PROTOCOL_VERSION, version, ...fields }));
  };
  /** The last line (none when the caller is gone), then close. */
  const finish = (res: Response | Record<string, unknown> | null): void => {
    closeFds();
    clearTimeout(requestTimer);
    if (finished) return;
    finished = true;
    if (socket.destroyed || socket.writableEnded) socket.destroy();
    else if (res === null) socket.end();
    else socket.end(line(res));
    settle();
  };
  const refuse = (code: ProtocolErrorCode, error: string, id?: string | number): void => finish(errorResponse(version, code, error, id));

  const stop = (why: string, graceMs: number): void => {
    if (stopping) return;
    stopping = why;
    const running = child;
    if (!running) return finish(gone.signal.aborted ? null : errorResponse(version, 'E_INTERNAL', `not run: ${why}`));
    opts.log.debug(`exec: stopping pid ${running.pid}: ${why}`);
    signalGroup(running, 'SIGTERM', opts.log);
    // SIGKILL for the whole group when the grace ends, even if its leader is gone: nothing outlives a stopped command.
    killTimer = setTimeout(() => signalGroup(running, 'SIGKILL', opts.log), graceMs);
  };

  const requestTimer = setTimeout(() => refuse('E_TIMEOUT', 'no complete execute request (with its fds) in time'), opts.requestTimeoutMs ?? 5000);
  requestTimer.unref();

  // Lines from the client: the request first, then control lines (signals) while the command runs.
  let rest: Buffer = Buffer.alloc(0);
  let requested = false;
  const onChunk = (chunk: Buffer): void => {
    rest = rest.length === 0 ? chunk : Buffer.concat([rest, chunk]);
    for (let nl = rest.indexOf(10); nl >= 0; nl = rest.indexOf(10)) {
      const text = rest.subarray(0, nl).toString('utf8').replace(/\r$/, '');
      rest = rest.subarray(nl + 1);
      if (!requested) {
        requested = true;
        clearTimeout(requestTimer);
        void onRequest(text).catch((err: unknown) => {
          opts.log.error(`exec request failed: ${(err as Error)?.stack ?? String(err)}`);
          if (child) stop('internal error', opts.killGraceMs ?? 2000);
          else refuse('E_INTERNAL', `daemon error: ${(err as Error)?.message ?? String(err)}`);
        });
      } else {
        const control = parseControl(text);
        if (control && child && !stopping) signalGroup(child, control.signal, opts.log);
      }
    }
    if (rest.length > MAX_REQUEST_BYTES) {
      if (!requested) return refuse('E_TOO_LARGE', `request line over ${MAX_REQUEST_BYTES} bytes`);
      rest = Buffer.alloc(0);
    }
  };

  const onGone = (): void => {
    if (gone.signal.aborted) return;
    gone.abort();
    if (child) stop('the caller went away', opts.killGraceMs ?? 2000);
    else if (!requested) finish(null);
  };
  socket.on('end', onGone);
  socket.on('close', onGone);

  const onRequest = async (text: string): Promise<void> => {
    const parsed = parseExecute(text);
    if (!parsed.ok) return refuse('E_PROTOCOL', parsed.error, parsed.id);
    if (fds.length !== EXECUTE_FDS) {
      return refuse('E_PROTOCOL', `execute needs exactly ${EXECUTE_FDS} fds (stdin, stdout, stderr) sent with the request's first byte; got ${fds.length}`, parsed.request.id);
    }
    await judgeAndRun(parsed.request);
  };

  const judgeAndRun = async (req: ExecuteRequest): Promise<void> => {
    const id = req.id;
    const conn: Connection = {
      signal: gone.signal,
      notify: (fields) => write(id === undefined ? fields : { ...fields, id }),
      peerPids: () => Promise.resolve(peer.pid === undefined ? null : [peer.pid]),
      openStream: () => {
        throw new Error('an exec.sock connection cannot become an event stream');
      },
    };
    const res = await opts.handle(
      {
        v: PROTOCOL_VERSION, type: 'evaluate', client: 'execute', argv: req.argv, cwd: req.cwd, context: effectiveContext(req, peer), env: req.env,
        session: req.session ?? '', wait: true, ...(peer.pid === undefined ? {} : { pid: peer.pid }), ...(req.agent_session === undefined ? {} : { agent_session: req.agent_session }),
      },
      peer,
      conn,
    );
    if (!res.ok) return finish(id === undefined ? res : { ...res, id });
    const d = res as EvaluateResponse;
    const verdict = { verdict: d.verdict, rule: d.rule, message: d.message, command: d.command, ...(d.outcome ? { outcome: d.outcome } : {}), ...(d.notice ? { notice: d.notice } : {}), ...(id === undefined ? {} : { id }) };
    if (gone.signal.aborted || stopping) return finish(null);
    const argv = d.verdict === 'allow' ? req.argv : d.verdict === 'redirect' && d.redirect && d.redirect.length > 0 ? d.redirect : null;
    if (argv === null) {
      const exit = d.verdict === 'require_approval' ? EXIT_APPROVAL_REQUIRED : EXIT_DENIED;
      return finish({ ok: true, v: PROTOCOL_VERSION, version, ...verdict, ran: false, exit });
    }
    try {
      const file = findReal(argv[0]!, req.env.PATH, req.cwd, opts.shimsDir);
      const [stdin, stdout, stderr] = fds as [number, number, number];
      child = spawnProcess({ file, argv, env: req.env, cwd: req.cwd, stdio: [stdin, stdout, stderr], processGroup: true }, { backend: 'native' });
    } catch (err) {
      if (!(err instanceof SpawnError)) throw err;
      const exit = err.code === 'ENOENT' && err.syscall === 'execve' ? 127 : 126;
      const spawnError = { code: err.code, syscall: err.syscall, path: err.path, message: err.message };
      return finish({ ok: true, v: PROTOCOL_VERSION, version, ...verdict, ...(d.redirect ? { redirect: d.redirect } : {}), ran: false, exit, spawn_error: spawnError });
    } finally {
      closeFds(); // the child has its own copies; ours would hold the caller's pipes open
    }
    stats.running++;
    stats.started++;
    const running = child;
    write({ ...verdict, ...(d.redirect ? { redirect: d.redirect } : {}), started: true, pid: running.pid, argv });
    let timedOut = false;
    const timer = req.timeout === undefined ? undefined : setTimeout(() => {
      timedOut = !stopping;
      stop(`timed out after ${req.timeout} s`, opts.killGraceMs ?? 2000);
    }, req.timeout * 1000);
    let status;
    try {
      status = await running.exitPromise;
    } finally {
      stats.running--;
      clearTimeout(timer);
      // A stopped command's group is killed when the grace ends (the timer stays); otherwise nothing remains to do.
      if (!stopping) clearTimeout(killTimer);
    }
    finish({ ok: true, v: PROTOCOL_VERSION, version, ...verdict, ran: true, exit: exitCodeOf(status), code: status.code, signal: status.signal, ...(timedOut ? { timed_out: true } : {}) });
  };

  // The first message carries the fds: read it with recvmsg before the event loop ever reads this socket.
  void readFirst(socket, opts.requestTimeoutMs ?? 5000).then(
    (first) => {
      if (first === null) return socket.destroyed ? finish(null) : refuse('E_TIMEOUT', 'no execute request (with its fds) in time');
      fds = first.fds;
      if (first.data.length === 0 && fds.length === 0) return finish(null); // EOF before a request
      onChunk(first.data);
      if (socket.destroyed || socket.writableEnded) return;
      socket.on('data', onChunk);
      socket.resume();
    },
    (err: unknown) => refuse(err instanceof SpawnError && err.code === 'EMSGSIZE' ? 'E_PROTOCOL' : 'E_INTERNAL', `cannot read the request: ${(err as Error).message}`),
  );
  return { stop, done };
}

function line(res: Response | Record<string, unknown>): string {
  return `${JSON.stringify(res)}\n`;
}

function lstatSafe(path: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function statSafe(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
