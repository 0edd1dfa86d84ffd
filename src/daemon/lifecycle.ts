// The daemon's life: one per home (lock), stale-socket probe, listen (0600 socket in a 0700 dir), reload on
// change, clean shutdown on SIGTERM/SIGINT (socket and pid file removed), and exit if its socket is taken away.
import { readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nativeMode, type NativeMode } from '../native/load.js';
import { paths } from '../paths.js';
import { pathWithout } from '../setup/path-env.js';
import { VERSION } from '../version.js';
import { EngineHost } from './engine-host.js';
import { Approvals } from '../approvals/service.js';
import { createHandler } from './handler.js';
import type { ExecuteService } from './execute.js';
import { listenPrivate } from './listen.js';
import { acquireLock } from './lock.js';
import { openLog, type Logger } from './log.js';
import { assertSocketPath, ensurePrivateDir } from './paths.js';
import { peerChecker } from './peercred.js';
import { probeSocket } from './probe.js';
import { createDaemonServer } from './server.js';

export interface DaemonOptions {
  home: string;
  native?: NativeMode;
  /** Also write log lines to stderr (foreground). */
  mirrorLog?: boolean;
  /** A started request line must complete within this (default 5000 ms; env SAFESHELL_REQUEST_TIMEOUT_MS). */
  requestTimeoutMs?: number;
  /** Idle connections are closed after this (default 60000 ms; env SAFESHELL_IDLE_TIMEOUT_MS). */
  idleTimeoutMs?: number;
}

function envMs(name: string): number | undefined {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : undefined;
}

export type DaemonStart =
  | { started: true; pid: number; socket: string; stop(reason?: string): Promise<void>; stopped: Promise<void> }
  | { started: false; pid: number; reason: string };

const SELF_CHECK_MS = 3000;

export async function startDaemon(opts: DaemonOptions): Promise<DaemonStart> {
  const p = paths(opts.home);
  assertSocketPath(p.socket);
  ensurePrivateDir(p.run);
  const mode = opts.native ?? nativeMode();
  // Whatever the daemon itself runs must not come back through the shims.
  if (process.env.PATH) process.env.PATH = pathWithout(p.shims, process.env.PATH);
  const log = openLog(p.daemonLog, { debug: Boolean(process.env.SAFESHELL_DEBUG), ...(opts.mirrorLog ? { mirror: process.stderr } : {}) });
  const lock = acquireLock(p.lockFile);
  if (!lock.ok) {
    log.close();
    return { started: false, pid: lock.pid, reason: `already running (pid ${lock.pid})` };
  }
  try {
    const probe = await probeSocket(p.socket);
    if (probe === 'live') {
      lock.release();
      log.close();
      return { started: false, pid: 0, reason: `another process answers on ${p.socket}` };
    }
    if (probe !== 'none') {
      log.warn(`replacing a ${probe === 'stale' ? 'stale socket (connection refused)' : 'socket nobody answers on'}: ${p.socket}`);
      unlinkSync(p.socket);
    }
    return await serve(opts, p, mode, log, lock.release);
  } catch (err) {
    lock.release();
    log.error(`start failed: ${(err as Error).message}`);
    log.close();
    throw err;
  }
}

async function serve(opts: DaemonOptions, p: ReturnType<typeof paths>, mode: NativeMode, log: Logger, releaseLock: () => void): Promise<DaemonStart> {
  const startedAt = Date.now();
  const peers = peerChecker(mode);
  const counters = { evaluations: 0, denials: 0 };
  const host = new EngineHost(p, mode, log);
  // Settings come from config.yaml as the engine host last read it (a broken file keeps the previous values).
  const settings = () => ({
    approvalTimeoutSeconds: host.config?.approval_timeout_seconds ?? 300,
    rememberSeconds: host.config?.approval_memory_ttl_seconds ?? 300,
    hookApproval: host.config?.hook_approval ?? ('wait' as const),
  });
  const approvals = new Approvals({
    version: VERSION,
    auditFile: p.auditLog,
    settings,
    analyze: (req) => host.engine?.analyze({ ...(req.argv ? { argv: req.argv } : { command: req.command ?? '' }), cwd: req.cwd, context: req.context }).commands ?? [],
    explain: async (req) => {
      const engine = await host.ready;
      return (await import('../approvals/explain.js')).explainRequest(engine, req);
    },
    stop: (reason) => void stop(reason),
    log,
  });

  const status = (): unknown => ({
    pid: process.pid,
    version: VERSION,
    home: p.home,
    socket: p.socket,
    startedAt: new Date(startedAt).toISOString(),
    uptimeMs: Date.now() - startedAt,
    peerCheck: peers.method,
    server: stats,
    evaluations: counters.evaluations,
    denials: counters.denials,
    memory: { rss: process.memoryUsage.rss(), heapUsed: process.memoryUsage().heapUsed },
    approvals: approvals.status(),
    execute: exec ? { socket: exec.socket, ...exec.status() } : `unavailable: ${execWhy}`,
    ...host.status(),
  });

  const handle = createHandler({
    engine: () => host.engine,
    engineReady: host.ready,
    version: VERSION,
    status,
    counters,
    approvals,
    afterEvaluate: () => host.afterEvaluate(),
  });
  const { server, stats } = createDaemonServer({
    version: VERSION,
    log,
    peerCheck: peers.check,
    handle,
    requestTimeoutMs: opts.requestTimeoutMs ?? envMs('SAFESHELL_REQUEST_TIMEOUT_MS') ?? 5000,
    idleTimeoutMs: opts.idleTimeoutMs ?? envMs('SAFESHELL_IDLE_TIMEOUT_MS') ?? 60_000,
  });

  const socketIno = await listenPrivate(server, p.socket);
  writeFileSync(p.pidFile, `${process.pid}\n`, { mode: 0o600 });
  log.info(`started: version ${VERSION}, pid ${process.pid}, socket ${p.socket}, peers: ${peers.method}`);
  // The engine loads after listening: clients that connect meanwhile wait for it instead of finding no socket.
  host.start();
  // Execution for callers that cannot exec (docs/execute.md): needs the addon (fd passing, native spawn). Its
  // modules load after the engine, so they do not delay the first answer (bench/shim-overhead.js: cold start).
  let exec: ExecuteService | undefined;
  let execWhy: string | null = 'starting';
  const execReady = host.ready
    .catch(() => undefined)
    .then(async () => {
      const { executeUnavailable, startExecuteService } = await import('./execute.js');
      execWhy = executeUnavailable();
      if (execWhy === null && !stopping) {
        try {
          exec = await startExecuteService({ socketPath: join(p.run, 'exec.sock'), version: VERSION, log, peerCheck: peers.check, handle, shimsDir: p.shims });
        } catch (err) {
          execWhy = (err as Error).message;
        }
      }
      if (execWhy !== null) log.info(`execute unavailable: ${execWhy}`);
    });

  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  let stopping: Promise<void> | undefined;

  const stop = (reason = 'stop requested'): Promise<void> => {
    stopping ??= (async () => {
      log.info(`stopping: ${reason}`);
      clearInterval(selfCheck);
      host.close();
      for (const sig of SIGNALS) process.off(sig, onSignal);
      process.off('SIGHUP', onHup);
      process.off('uncaughtException', onUncaught);
      process.off('unhandledRejection', onUncaught);
      // Whoever waits for a person is told "not run" before the connections go.
      await approvals.close();
      await execReady;
      await exec?.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Connections still open (a client mid-request) do not hold the shutdown.
        setTimeout(resolve, 200).unref();
      });
      removeIfOurs(p.socket, socketIno);
      removePidFile(p.pidFile);
      releaseLock();
      log.info('stopped');
      log.close();
      resolveStopped();
    })();
    return stopping;
  };

  // The daemon never dies on a bad request (eslint_d#87): anything uncaught is logged and serving goes on.
  const onUncaught = (err: unknown): void => log.error(`uncaught: ${(err as Error)?.stack ?? String(err)}`);
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);

  const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
  const onSignal = (sig: NodeJS.Signals): void => void stop(`signal ${sig}`);
  const onHup = (): void => host.reload(['SIGHUP']);
  for (const sig of SIGNALS) process.on(sig, onSignal);
  process.on('SIGHUP', onHup);

  // If the socket file was removed or replaced (another daemon, a cleanup), nobody can reach us: exit.
  const selfCheck = setInterval(() => {
    let ino: number | null = null;
    try {
      ino = statSync(p.socket).ino;
    } catch {
      ino = null;
    }
    if (ino !== socketIno) void stop(ino === null ? 'socket file removed' : 'socket file replaced by another process');
  }, SELF_CHECK_MS);
  selfCheck.unref();

  return { started: true, pid: process.pid, socket: p.socket, stop, stopped };
}

function removeIfOurs(socket: string, ino: number): void {
  try {
    if (statSync(socket).ino === ino) unlinkSync(socket);
  } catch {
    // already gone
  }
}

function removePidFile(file: string): void {
  try {
    if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
  } catch {
    // already gone
  }
}
