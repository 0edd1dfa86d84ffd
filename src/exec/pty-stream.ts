// The PTY master as a Duplex that delivers every byte the child wrote before it exited (node-pty#72).
import { readSync } from 'node:fs';
import { Duplex } from 'node:stream';
import { ReadStream } from 'node:tty';

const DRAIN_CHUNK = 64 * 1024;

/**
 * libuv ends a stream when epoll reports POLLHUP after a short read (uv__stream_io). A PTY master returns at most
 * the line discipline's 4 KiB per read while more waits in the tty flip buffer, so that EOF comes early and output
 * is lost. Here the tty stream stays half-open at that EOF and the rest is read synchronously until EIO: the slave
 * is closed by then, so the kernel answers with data or EIO, never EAGAIN (n_tty_read).
 */
export class PtyStream extends Duplex {
  readonly fd: number;
  readonly #tty: ReadStream;
  #drained = 0;
  #ended = false;

  constructor(fd: number) {
    super({ allowHalfOpen: false });
    this.fd = fd;
    this.#tty = new ReadStream(fd, { allowHalfOpen: true });
    this.#tty.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) this.#tty.pause();
    });
    this.#tty.on('end', () => this.#finish(true));
    // EIO: the kernel had nothing left when the last slave fd closed. The tty stream is destroyed (fd closed) already.
    this.#tty.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EIO' ? this.#finish(false) : this.destroy(err)));
  }

  /** Bytes read from the master so far (for idle detection). */
  get bytesRead(): number {
    return this.#tty.bytesRead + this.#drained;
  }

  override _read(): void {
    this.#tty.resume();
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (err?: Error | null) => void): void {
    if (this.#tty.destroyed) return callback(); // input for a child that is gone: dropped, as a terminal would
    this.#tty.write(chunk, encoding, callback);
  }

  override _destroy(err: Error | null, callback: (err: Error | null) => void): void {
    if (this.#tty.closed) return callback(err);
    this.#tty.once('close', () => callback(err));
    this.#tty.destroy();
  }

  #finish(drain: boolean): void {
    if (this.#ended) return;
    this.#ended = true;
    while (drain) {
      const buf = Buffer.allocUnsafe(DRAIN_CHUNK);
      let n = 0;
      try {
        n = readSync(this.fd, buf, 0, DRAIN_CHUNK, null);
      } catch {
        n = 0; // EIO: all read
      }
      if (n <= 0) break;
      this.#drained += n;
      this.push(buf.subarray(0, n));
    }
    this.push(null);
    this.#tty.destroy();
  }
}
