// A raw socket client for protocol tests: write anything, read answer lines, see when the daemon closes.
import net from 'node:net';

export interface RawClient {
  socket: net.Socket;
  write(data: string | Buffer): void;
  /** The next answer line, parsed; rejects after timeoutMs. */
  next(timeoutMs?: number): Promise<Record<string, unknown>>;
  closed: Promise<void>;
  end(): void;
}

export function connectRaw(path: string): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(path);
    let buf = '';
    const lines: string[] = [];
    const waiters: Array<(line: string | null) => void> = [];
    let ended = false;
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    socket.on('data', (d) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const w = waiters.shift();
        if (w) w(line);
        else lines.push(line);
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      ended = true;
      for (const w of waiters.splice(0)) w(null);
    });
    socket.once('connect', () =>
      resolve({
        socket,
        write: (data) => void socket.write(data),
        next: (timeoutMs = 5000) =>
          new Promise((res, rej) => {
            const take = (line: string | null): void => {
              clearTimeout(timer);
              if (line === null) rej(new Error('connection closed before an answer'));
              else res(JSON.parse(line) as Record<string, unknown>);
            };
            const timer = setTimeout(() => {
              const i = waiters.indexOf(take);
              if (i >= 0) waiters.splice(i, 1);
              rej(new Error(`no answer within ${timeoutMs} ms`));
            }, timeoutMs);
            const queued = lines.shift();
            if (queued !== undefined) take(queued);
            else if (ended) take(null);
            else waiters.push(take);
          }),
        closed,
        end: () => socket.end(),
      }),
    );
    socket.once('error', reject);
  });
}
