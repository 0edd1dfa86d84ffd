// Exact types of the raw addon surface (build/Release/addon.node). Only src/native/load.ts loads it.

// --- matcher (native/matcher.cc, regex_engine.cc) ---

export interface RawMatcher {
  /**
   * See RegexMatcher.matchInto: pairs (patternIndex, inputIndex) ordered by input, then pattern. Returns the number
   * of pairs, -1 if `out` is too small, -2 if RE2 failed on this input (its DFA ran out of memory): ask the JS matcher.
   * Lone surrogates in inputs are read as U+FFFD. Throws TypeError on wrong argument types.
   */
  matchInto(inputs: readonly string[], out: Int32Array): number;
  readonly size: number;
}

export interface RawMatcherClass {
  /**
   * `sources` in RE2 syntax (the `re2` form from src/match/dialect.ts); `subjects` one byte per pattern (0 cwd, 1 branch,
   * 2 command). Throws PatternError(RE2's message, index) for a rejected pattern (index -1: the set exceeds max_mem),
   * TypeError on wrong argument types.
   */
  new (sources: string[], subjects: Uint8Array): RawMatcher;
  /** RE2's message for a pattern it rejects on its own, or null. */
  check(source: string): string | null;
}

// --- spawn (native/spawn.cc, pty.cc, fdpass.cc) ---

/** fds[i] values besides a real fd: -1 /dev/null, -2 a new pipe (the parent's end comes back in RawChild.stdio[i]). */
export type RawFdSpec = number;

export interface RawSpawnPlan {
  /** Path handed to execve as is (TS resolves PATH). */
  file: string;
  argv: string[];
  /** `KEY=value` strings. */
  envp: string[];
  cwd: string | null;
  /** Child fd i comes from fds[i]; ignored (may be null) with a pty, where 0-2 are the slave. */
  fds: RawFdSpec[] | null;
  pty: { cols: number; rows: number; termiosFrom?: number } | null;
  /** Without a pty: setpgid(0, 0), so kill() reaches the child's group. A pty always means a new session. */
  pgroup: boolean;
  /** From the reaper thread via a ThreadSafeFunction: code -1 when signalled; signal 0 when it exited. */
  onExit: (code: number, signal: number) => void;
}

export interface RawChild {
  readonly pid: number;
  /** PTY master, owned by the caller from now on; -1 without a pty. */
  readonly fd: number;
  readonly ptsName: string;
  /** Parent ends of the -2 (pipe) entries of fds, owned by the caller; -1 elsewhere. */
  readonly stdio: number[];
  /** Signals the child's group (pty/pgroup) or pid; false once it has exited or on ESRCH. Throws SpawnError otherwise. */
  kill(signal: number): boolean;
}

export interface RawBinding {
  abiVersion: number;
  hasRe2: boolean;
  init(classes: { PatternError: Function; SpawnError: Function }): void;
  /** Present only when the addon was built with RE2. */
  Matcher?: RawMatcherClass;
  /** bench/boundary.bench.js: an empty crossing, and one string converted to UTF-8 as matchInto does (its byte length). */
  noop?(): void;
  utf8Length?(text: string): number;
  /** Spawns on construction or throws SpawnError {errno, syscall: chdir|execve|ioctl|..., path}. Absent in stale builds. */
  Child?: new (plan: RawSpawnPlan) => RawChild;
  /** TIOCSWINSZ on a PTY master. */
  resize?(fd: number, cols: number, rows: number): void;
  /** One sendmsg: data (>= 1 byte) with fds attached (SCM_RIGHTS); returns the bytes sent. */
  sendFds?(socketFd: number, fds: number[], data: Uint8Array): number;
  /** One non-blocking recvmsg; null on EAGAIN; received fds are O_CLOEXEC and owned by the caller. */
  recvFds?(socketFd: number, maxBytes: number, maxFds: number): { data: Buffer; fds: number[] } | null;
  /** SO_PEERCRED of a connected Unix socket: writes [pid, uid, gid] into out; returns 0, or a positive errno. */
  peerCredInto?(fd: number, out: Int32Array): number;
  [key: string]: unknown;
}
