// The daemon's log, <home>/log/daemon.log: one line per event, synchronous (events are rare; requests are not
// logged unless SAFESHELL_DEBUG is set). Rotated to daemon.log.1 when it passes 5 MiB at open.
import { closeSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

const ROTATE_BYTES = 5 * 1024 * 1024;

export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  readonly debugEnabled: boolean;
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
  close(): void;
}

export function openLog(file: string, options: { debug?: boolean; mirror?: NodeJS.WritableStream } = {}): Logger {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  try {
    if (statSync(file).size > ROTATE_BYTES) renameSync(file, `${file}.1`);
  } catch {
    // no log yet
  }
  let fd: number | undefined = openSync(file, 'a', 0o600);
  const debugEnabled = options.debug ?? false;
  const write = (level: Level, msg: string): void => {
    const line = `${new Date().toISOString()} ${level} [${process.pid}] ${msg.replace(/\n(?=.)/g, '\n    ')}\n`;
    if (fd !== undefined) {
      try {
        writeSync(fd, line);
      } catch {
        // a full disk must not take the daemon down
      }
    }
    options.mirror?.write(line);
  };
  return {
    debugEnabled,
    debug: (msg) => debugEnabled && write('debug', msg),
    info: (msg) => write('info', msg),
    warn: (msg) => write('warn', msg),
    error: (msg) => write('error', msg),
    close: () => {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

/** A logger that drops everything (tests of parts that take a logger). */
export const nullLogger: Logger = { debugEnabled: false, debug() {}, info() {}, warn() {}, error() {}, close() {} };
