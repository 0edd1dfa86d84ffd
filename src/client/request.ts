// One request to the daemon from Node: connect, one line out, one line back, with connect and reply timeouts.
// Every failure is E_DAEMON_UNAVAILABLE with a short reason, the same reasons the C shim prints.
import net from 'node:net';
import { SafeshellError } from '../errors.js';
import { MAX_REQUEST_BYTES } from '../daemon/protocol.js';

export interface RequestOptions {
  connectTimeoutMs?: number;
  timeoutMs?: number;
  /**
   * For requests sent with `wait: true`: called with the pending line (a person must approve); the reply timeout
   * then becomes the daemon's approval timeout plus a margin, and the final answer is what resolves.
   */
  onPending?: (line: Reply) => void;
}

/** Beyond the daemon's approval timeout, before a waiting client gives up (the C shim uses the same margin). */
const APPROVAL_MARGIN_MS = 30_000;

export type Reply = Record<string, unknown> & { ok: boolean; version?: string };

/** Why the daemon did not answer; `refused` means nobody listens (worth starting one). */
export class DaemonUnavailable extends SafeshellError {
  readonly reason: string;
  readonly refused: boolean;
  constructor(reason: string, refused: boolean, cause?: unknown) {
    super('E_DAEMON_UNAVAILABLE', `daemon unavailable: ${reason}`, { cause, hint: 'start it with `safeshell daemon start`; see `safeshell doctor`' });
    this.reason = reason;
    this.refused = refused;
  }
}
DaemonUnavailable.prototype.name = 'DaemonUnavailable';

export function request(socket: string, req: object, opts: RequestOptions = {}): Promise<Reply> {
  const connectTimeoutMs = opts.connectTimeoutMs ?? 1000;
  const timeoutMs = opts.timeoutMs ?? 5000;
  return new Promise((resolve, reject) => {
    const conn = net.createConnection(socket);
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (err: Error | null, reply?: Reply): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      conn.destroy();
      if (err) reject(err);
      else resolve(reply!);
    };
    let timer = setTimeout(() => finish(new DaemonUnavailable('connect timed out', false)), connectTimeoutMs);
    conn.once('connect', () => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(new DaemonUnavailable('timed out waiting for the reply', false)), timeoutMs);
      conn.write(`${JSON.stringify(req)}\n`);
    });
    conn.on('data', (chunk: Buffer) => {
      for (;;) {
        const nl = chunk.indexOf(10);
        if (nl < 0) {
          chunks.push(chunk);
          size += chunk.length;
          if (size > MAX_REQUEST_BYTES) finish(new DaemonUnavailable('reply too large', false));
          return;
        }
        chunks.push(chunk.subarray(0, nl));
        chunk = chunk.subarray(nl + 1);
        let reply: unknown;
        try {
          reply = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch (err) {
          return finish(new DaemonUnavailable('garbled reply', false, err));
        }
        chunks.length = 0;
        size = 0;
        if (typeof reply !== 'object' || reply === null || typeof (reply as Reply).ok !== 'boolean') return finish(new DaemonUnavailable('garbled reply', false));
        const line = reply as Reply;
        if (!(line.pending === true && opts.onPending)) return finish(null, line);
        // A person decides now: wait for the final answer as long as the daemon waits for them.
        opts.onPending(line);
        clearTimeout(timer);
        const waitS = typeof line.timeout === 'number' && line.timeout > 0 ? line.timeout : 3600;
        timer = setTimeout(() => finish(new DaemonUnavailable('timed out waiting for the approval', false)), waitS * 1000 + APPROVAL_MARGIN_MS);
      }
    });
    conn.once('end', () => finish(new DaemonUnavailable(size > 0 ? 'truncated reply' : 'daemon closed the connection without a reply', false)));
    conn.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') finish(new DaemonUnavailable('no socket', true, err));
      else if (err.code === 'ECONNREFUSED') finish(new DaemonUnavailable('connection refused (stale socket)', true, err));
      else if (err.code === 'EACCES' || err.code === 'EPERM') finish(new DaemonUnavailable('permission denied on the socket', false, err));
      else finish(new DaemonUnavailable(`connection failed (${err.code ?? err.message})`, false, err));
    });
  });
}
