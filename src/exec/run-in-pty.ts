// `safeshell run` with a terminal: the child gets its own PTY and session; we relay bytes in raw mode, so Ctrl-C and
// Ctrl-Z are just input for the child's line discipline. Termios is restored on every way out.
import type { ReadStream, WriteStream } from 'node:tty';
import type { RunPlan } from './run-inherit.js';
import { exitCodeOf, spawnProcess } from './spawn.js';

/**
 * Needs stdin and stdout to be terminals and native spawn (the caller checks). Ignores SIGINT/SIGQUIT (they are
 * bytes to the child in raw mode), forwards SIGTERM/SIGHUP to the child's session, maps SIGWINCH to TIOCSWINSZ,
 * restores the terminal around an outside SIGTSTP. Resolves to the shell-style exit code (128 + n for a signal).
 */
export async function runInPty(plan: RunPlan): Promise<number> {
  const stdin = process.stdin as ReadStream;
  const stdout = process.stdout as WriteStream;
  // termiosFrom: the child's terminal starts in the user's modes (erase char, iutf8...), taken before raw mode.
  const child = spawnProcess(
    { ...plan, stdio: 'pty', cols: stdout.columns || 80, rows: stdout.rows || 24, termiosFrom: 0 },
    { backend: 'native' },
  );
  const pty = child.pty;
  if (pty === null) throw new Error('runInPty: spawn returned no pty');

  const raw = (on: boolean): void => {
    if (stdin.isRaw !== on) stdin.setRawMode(on);
  };
  const restore = (): void => raw(false);
  const resize = (): void => void child.resize(stdout.columns, stdout.rows);
  const ignore = (): void => {};
  const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
  const suspend = (): void => {
    restore();
    process.kill(process.pid, 'SIGSTOP'); // what SIGTSTP would have done, with the terminal sane
  };
  const resume = (): void => {
    raw(true);
    resize();
  };
  const handlers: Array<[NodeJS.Signals, (s: NodeJS.Signals) => void]> = [
    ['SIGINT', ignore],
    ['SIGQUIT', ignore],
    ['SIGTERM', forward],
    ['SIGHUP', forward],
    ['SIGTSTP', suspend],
    ['SIGCONT', resume],
  ];

  process.on('exit', restore);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  stdout.on('resize', resize);
  stdout.on('error', ignore); // EIO once the terminal is gone (SIGHUP): keep draining the child
  try {
    raw(true);
    stdin.pipe(pty);
    pty.pipe(stdout, { end: false });
    return exitCodeOf(await child.exitPromise);
  } finally {
    stdin.unpipe(pty);
    stdin.pause(); // lets the loop end: nothing reads the terminal any more
    restore();
    stdout.off('resize', resize);
    stdout.off('error', ignore);
    for (const [signal, handler] of handlers) process.off(signal, handler);
    process.off('exit', restore);
  }
}
