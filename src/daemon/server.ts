// The socket server: newline framing, limits and timeouts per connection, answers in request order.
// A bad, huge, slow or half-closed request costs only its own connection; nothing here can stop the daemon.
import net from 'node:net';
import type { ControlConnection } from '../approvals/control.js';
import { peerPidsViaSs } from '../auth/peer-pid.js';
import type { Logger } from './log.js';
import type { PeerCheck, PeerInfo } from './peercred.js';
import { encodeResponse, errorResponse, MAX_REQUEST_BYTES, parseRequest, PROTOCOL_VERSION, type ProtocolErrorCode, type Request, type Response } from './protocol.js';

/** What a request may use of its connection besides its one answer (approvals and monitors). */
export interface Connection extends ControlConnection {
  /** Aborted when the client goes away (EOF or close): a waiting approval is then cancelled. */
  readonly signal: AbortSignal;
  /** Writes an intermediate line now ({ok, v, version} are added), ahead of the request's answer. */
  notify(line: Record<string, unknown>): void;
}

export interface ServerOptions {
  version: string;
  log: Logger;
  peerCheck: PeerCheck;
  /** Answers one request; a promise (an approval) keeps the connection's answers in order. */
  handle(req: Request, peer: PeerInfo, conn: Connection): Response | Promise<Response>;
  /** A request line must be complete this long after its first byte. */
  requestTimeoutMs?: number;
  /** A connection with nothing pending is closed after this long. */
  idleTimeoutMs?: number;
  maxConnections?: number;
}

export interface ServerStats {
  connections: number;
  accepted: number;
  requests: number;
  protocolErrors: number;
  rejectedPeers: number;
}

// Stop reading from a client that does not read its answers once this much is queued (no unbounded buffering).
const WRITE_HIGH_WATER = 1024 * 1024;
// A monitor this far behind is disconnected; it reconnects and gets a fresh snapshot.
const STREAM_HIGH_WATER = 8 * 1024 * 1024;

export function createDaemonServer(opts: ServerOptions): { server: net.Server; stats: ServerStats } {
  const requestTimeoutMs = opts.requestTimeoutMs ?? 5000;
  const idleTimeoutMs = opts.idleTimeoutMs ?? 60_000;
  const stats: ServerStats = { connections: 0, accepted: 0, requests: 0, protocolErrors: 0, rejectedPeers: 0 };
  const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: false });
  server.maxConnections = opts.maxConnections ?? 1024;

  server.on('connection', (socket) => {
    stats.accepted++;
    stats.connections++;
    socket.on('close', () => stats.connections--);
    socket.on('error', (err) => opts.log.debug(`client socket: ${err.message}`));
    const peer = opts.peerCheck(socket);
    if (!peer.allowed) {
      stats.rejectedPeers++;
      opts.log.warn(`rejected a client: ${peer.reason}`);
      socket.end(encodeResponse(errorResponse(opts.version, 'E_PERMISSION', peer.reason)));
      return;
    }
    serveConnection(socket, peer, opts, stats, requestTimeoutMs, idleTimeoutMs);
  });
  server.on('error', (err) => opts.log.error(`server: ${err.message}`));
  return { server, stats };
}

function serveConnection(socket: net.Socket, peer: PeerInfo, opts: ServerOptions, stats: ServerStats, requestTimeoutMs: number, idleTimeoutMs: number): void {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let partialTimer: NodeJS.Timeout | undefined;
  let tail: Promise<void> | undefined; // set while an async answer is outstanding
  let ended = false;
  let closing = false;
  let streaming = false;
  let gone = false; // the client sent EOF or the connection closed
  let abort: AbortController | undefined; // created on first use: most requests never need it

  socket.setTimeout(idleTimeoutMs);
  socket.on('timeout', () => {
    if (pendingBytes > 0) refuse('E_TIMEOUT', 'request line not completed in time');
    // An answer still outstanding (a person deciding) or a monitor stream is not idle.
    else if (!tail && !streaming) socket.end();
  });

  const clientGone = (): void => {
    gone = true;
    abort?.abort();
  };
  const conn: Connection = {
    get signal() {
      if (!abort) {
        abort = new AbortController();
        if (gone) abort.abort();
      }
      return abort.signal;
    },
    notify(line) {
      if (!socket.destroyed && !socket.writableEnded) socket.write(`${JSON.stringify({ ok: true, v: PROTOCOL_VERSION, version: opts.version, ...line })}\n`);
    },
    // SO_PEERCRED when the addon has it, else `ss` (rare requests only).
    peerPids: () => (peer.allowed && peer.pid !== undefined ? Promise.resolve([peer.pid]) : peerPidsViaSs(socket)),
    openStream(onClose) {
      streaming = true;
      socket.setTimeout(0);
      socket.once('close', onClose);
      return (line) => {
        if (socket.destroyed || socket.writableEnded) return false;
        if (socket.writableLength > STREAM_HIGH_WATER) {
          opts.log.warn('a monitor fell too far behind; disconnected (it reconnects with a fresh snapshot)');
          socket.destroy();
          return false;
        }
        socket.write(line);
        return true;
      };
    },
  };

  const write = (res: Response): void => {
    if (socket.destroyed) return;
    socket.write(encodeResponse(res));
    if (socket.writableLength > WRITE_HIGH_WATER && !socket.isPaused()) {
      socket.pause();
      socket.once('drain', () => socket.resume());
    }
  };

  // The last word on a connection that broke the protocol: one error line, then close.
  const refuse = (code: ProtocolErrorCode, error: string): void => {
    if (closing) return;
    closing = true;
    stats.protocolErrors++;
    clearTimeout(partialTimer);
    pending = [];
    pendingBytes = 0;
    const finish = (): void => {
      if (!socket.destroyed) socket.end(encodeResponse(errorResponse(opts.version, code, error)));
      setTimeout(() => socket.destroy(), 1000).unref();
    };
    if (tail) void tail.then(finish);
    else finish();
  };

  // HOT PATH (bench/roundtrip.bench.js): one complete line -> one answer.
  const onLine = (line: string): void => {
    stats.requests++;
    const parsed = parseRequest(line);
    if (!parsed.ok) {
      stats.protocolErrors++;
      opts.log.debug(`bad request: ${parsed.error}`);
      answer(errorResponse(opts.version, parsed.code, parsed.error, parsed.id));
      return;
    }
    let res: Response | Promise<Response>;
    try {
      res = opts.handle(parsed.request, peer, conn);
    } catch (err) {
      res = internal(err, parsed.request.id);
    }
    answer(res);
  };

  const internal = (err: unknown, id?: string | number): Response => {
    opts.log.error(`request failed: ${(err as Error)?.stack ?? String(err)}`);
    return errorResponse(opts.version, 'E_INTERNAL', `daemon error: ${(err as Error)?.message ?? String(err)}`, id);
  };

  const answer = (res: Response | Promise<Response>): void => {
    if (!tail && !(res instanceof Promise)) return write(res);
    const next: Promise<void> = (tail ?? Promise.resolve())
      .then(() => res)
      .then(write, (err: unknown) => write(internal(err)))
      .then(() => {
        if (tail === next) {
          tail = undefined;
          if (ended) socket.end();
        }
      });
    tail = next;
  };

  socket.on('data', (chunk: Buffer) => {
    if (closing) return;
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) break;
      if (pendingBytes + (nl - start) > MAX_REQUEST_BYTES) return refuse('E_TOO_LARGE', `request line over ${MAX_REQUEST_BYTES} bytes`);
      let line: string;
      if (pendingBytes === 0) {
        line = chunk.toString('utf8', start, nl);
      } else {
        pending.push(chunk.subarray(start, nl));
        line = Buffer.concat(pending).toString('utf8');
        pending = [];
        pendingBytes = 0;
        clearTimeout(partialTimer);
      }
      start = nl + 1;
      if (line.length > 0 && line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
      if (line.length === 0) continue; // blank lines are keep-alives
      onLine(line);
      if (closing) return;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      if (pendingBytes + rest.length > MAX_REQUEST_BYTES) return refuse('E_TOO_LARGE', `request line over ${MAX_REQUEST_BYTES} bytes`);
      if (pendingBytes === 0) {
        partialTimer = setTimeout(() => refuse('E_TIMEOUT', `request line not completed within ${requestTimeoutMs} ms`), requestTimeoutMs);
        partialTimer.unref();
      }
      // Copy: a subarray would pin the whole chunk while a slow client trickles.
      pending.push(Buffer.from(rest));
      pendingBytes += rest.length;
    }
  });

  // Half-close: answer what was asked, then close our side. A partial line at EOF is an error, not a request.
  socket.on('end', () => {
    ended = true;
    clientGone();
    if (closing) return;
    if (pendingBytes > 0) return refuse('E_TRUNCATED', 'stream ended in the middle of a request line (no newline)');
    if (!tail) socket.end();
  });
  socket.on('close', () => {
    clearTimeout(partialTimer);
    clientGone();
  });
}
