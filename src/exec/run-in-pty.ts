// `safeshell run` with a terminal: the child gets its own PTY and session; we relay bytes in raw mode, so Ctrl-C and
// Ctrl-Z are just input for the child's line discipline. Termios is restored on every way out.
import type { ReadStream, WriteStream } from 'node:tty';
import { IGNORE_INTERACTIVE, withSignals, type RunPlan } from './run-inherit.js';
import { exitCodeOf, spawnProcess } from './spawn.js';

/**
 * Needs stdin and stdout to be terminals and native spawn (the caller checks). Ignores SIGINT/SIGQUIT (they are
 * bytes to the child in raw mode), forwards SIGTERM/SIGHUP to the child's session, maps SIGWINCH to TIOCSWINSZ,
 * restores the terminal around an outside SIGTSTP. Resolves to the shell-style exit code (128 + n for a signal).
 */
export function runInPty(plan: RunPlan): Promise<number> {
  const stdin = process.stdin as ReadStream;
  const stdout = process.stdout as WriteStream;
  const raw = (on: boolean): void => {
    if (stdin.isRaw !== on) stdin.setRawMode(on);
  };
  const restore = (): void => raw(false);
  let resize = (): void => {};
  const suspend = (): void => {
    restore();
    process.kill(process.pid, 'SIGSTOP'); // what SIGTSTP would have done, with the terminal sane
  };
  const resume = (): void => {
    raw(true);
    resize();
  };
  const ignore = (): void => {};

  return withSignals(
    [...IGNORE_INTERACTIVE, ['SIGTSTP', suspend], ['SIGCONT', resume]],
    // termiosFrom: the child's terminal starts in the user's modes (erase char, iutf8...), taken before raw mode.
    () => spawnProcess({ ...plan, stdio: 'pty', cols: stdout.columns || 80, rows: stdout.rows || 24, termiosFrom: 0 }, { backend: 'native' }),
    async (child) => {
      const pty = child.pty;
      if (pty === null) throw new Error('runInPty: spawn returned no pty');
      resize = () => void child.resize(stdout.columns, stdout.rows);
      process.on('exit', restore);
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
        process.off('exit', restore);
      }
    },
  );
}
