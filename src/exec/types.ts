// The one spawn interface both backends (native addon, child_process) implement.
import type { Duplex, Readable, Writable } from 'node:stream';

/** A child fd: a parent fd to hand over, the same fd ('inherit'), /dev/null ('ignore') or a new pipe ('pipe'). */
export type StdioSpec = number | 'inherit' | 'ignore' | 'pipe';

export interface SpawnPlan {
  /** A program name (looked up in env.PATH, as execvp does) or a path (relative to cwd). */
  file: string;
  /** The full argv, argv[0] included. */
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** Default: the parent's. A missing directory is SpawnError{syscall: 'chdir'}. */
  cwd?: string;
  /** 'pty': fds 0-2 are a new PTY's slave, in a new session with it as controlling terminal. Default: inherit 0-2. */
  stdio?: 'pty' | readonly StdioSpec[];
  /** PTY size; default 80x24. */
  cols?: number;
  rows?: number;
  /** PTY only: copy this terminal's modes (termios) into the new PTY, as script(1) does. Native only. */
  termiosFrom?: number;
  /** Without a PTY: put the child in its own process group, so kill() reaches its descendants too. */
  processGroup?: boolean;
  /**
   * After the child exits, how long its output may stay silent before the output streams are closed anyway (a
   * background process can keep a PTY or pipe open forever). Default 500 ms.
   */
  drainTimeoutMs?: number;
}

export interface ExitStatus {
  /** Exit code, or null when a signal ended the child (or, rarely, when someone else reaped it). */
  code: number | null;
  signal: NodeJS.Signals | null;
}

export type Backend = 'native' | 'js';

export interface ChildHandle {
  readonly pid: number;
  readonly backend: Backend;
  /** PTY master as a stream: read the child's terminal output, write its input. Null without a PTY. */
  readonly pty: Duplex | null;
  readonly stdin: Writable | null;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  /**
   * Resolves once the child has been reaped *and* its output has drained (PTY EOF/EIO, pipes closed), so no data
   * arrives after it (node-pty#72). The JS backend may also reject with a SpawnError it learnt late.
   */
  readonly exitPromise: Promise<ExitStatus>;
  /** TIOCSWINSZ; false when there is no PTY to resize (closed, or the JS backend). */
  resize(cols: number, rows: number): boolean;
  /** Signals the child's process group when it leads one (PTY, processGroup), else the child; false once it has exited. */
  kill(signal?: NodeJS.Signals | number): boolean;
  /** Closes every fd this handle owns (PTY master, pipes) without waiting for output. The child is not signalled. */
  dispose(): void;
}
