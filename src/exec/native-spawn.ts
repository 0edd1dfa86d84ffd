// Native backend: the addon's Child (clone(CLONE_VM|CLONE_VFORK), PTY, exec errors, reaper thread) + Node streams.
import { Socket } from 'node:net';
import type { RawBinding, RawChild } from '../native/binding.js';
import { asSpawnError } from './errors.js';
import { PtyStream } from './pty-stream.js';
import { checkPlan, checkSize, resolveProgram, toEnvp } from './resolve.js';
import { signalName, signalNumber } from './signals.js';
import type { ChildHandle, ExitStatus, SpawnPlan, StdioSpec } from './types.js';

/** The part of the addon this backend needs; load.ts's binding has it unless the build is stale. */
export type SpawnBinding = Required<Pick<RawBinding, 'Child' | 'resize'>>;

export function hasNativeSpawn(binding: RawBinding): binding is RawBinding & SpawnBinding {
  return typeof binding.Child === 'function' && typeof binding.resize === 'function';
}

const FD_IGNORE = -1;
const FD_PIPE = -2;

function rawFd(spec: StdioSpec, index: number): number {
  if (spec === 'inherit') return index;
  if (spec === 'ignore') return FD_IGNORE;
  return spec === 'pipe' ? FD_PIPE : spec;
}

export function spawnNative(binding: SpawnBinding, plan: SpawnPlan): ChildHandle {
  checkPlan(plan);
  const cols = plan.cols ?? 80;
  const rows = plan.rows ?? 24;
  const cwd = plan.cwd ?? process.cwd();
  const file = resolveProgram(plan.file, plan.env.PATH, cwd);
  const usePty = plan.stdio === 'pty';
  const specs = plan.stdio === 'pty' ? [] : plan.stdio ?? ['inherit', 'inherit', 'inherit'];

  let onExit: (status: ExitStatus) => void = () => {};
  const exited = new Promise<ExitStatus>((resolve) => (onExit = resolve));
  let raw: RawChild;
  try {
    raw = new binding.Child({
      file,
      argv: [...plan.argv],
      envp: toEnvp(plan.env),
      cwd: plan.cwd ?? null,
      fds: usePty ? null : specs.map(rawFd),
      pty: usePty ? { cols, rows, ...(plan.termiosFrom === undefined ? {} : { termiosFrom: plan.termiosFrom }) } : null,
      pgroup: plan.processGroup === true,
      onExit: (code, signal) => onExit({ code: code < 0 ? null : code, signal: signal === 0 ? null : signalName(signal) }),
    });
  } catch (err) {
    throw asSpawnError(err);
  }

  // Each fd the addon handed over gets its one owner right away: the stream closes it.
  const pty = usePty ? new PtyStream(raw.fd) : null;
  const pipe = (i: number, readable: boolean): Socket | null => {
    const fd = raw.stdio[i];
    return fd === undefined || fd < 0 ? null : new Socket({ fd, readable, writable: !readable });
  };
  const stdin = pipe(0, false);
  const stdout = pipe(1, true);
  const stderr = pipe(2, true);

  let done = false;
  void exited.then(() => stdin?.destroy()); // as child_process does: nobody reads it any more
  const exitPromise = drainThenExit(exited, [pty, stdout, stderr], plan.drainTimeoutMs ?? 500).then((status) => {
    done = true;
    return status;
  });
  return {
    pid: raw.pid,
    backend: 'native',
    pty,
    stdin,
    stdout,
    stderr,
    exitPromise,
    resize(c, r) {
      checkSize(c, r);
      if (pty === null || pty.destroyed || done) return false;
      binding.resize(pty.fd, c, r);
      return true;
    },
    dispose() {
      for (const stream of [pty, stdin, stdout, stderr]) stream?.destroy();
    },
    kill(signal = 'SIGTERM') {
      try {
        return raw.kill(signalNumber(signal));
      } catch (err) {
        throw asSpawnError(err);
      }
    },
  };
}

/**
 * The exit status, once every output stream has closed too. After the exit, output that stays silent for `idleMs`
 * is closed by force: a background grandchild may hold the PTY or pipe open indefinitely. Silence is measured on
 * bytesRead, so that draining never switches a stream into flowing mode behind its consumer's back.
 */
function drainThenExit(exited: Promise<ExitStatus>, outputs: Array<Socket | PtyStream | null>, idleMs: number): Promise<ExitStatus> {
  const open = outputs.filter((s): s is Socket | PtyStream => s !== null);
  const closed = Promise.all(open.map((s) => new Promise<void>((resolve) => s.once('close', () => resolve()))));
  return exited.then(async (status) => {
    const total = (): number => open.reduce((n, s) => n + s.bytesRead, 0);
    let seen = total();
    const timer = setInterval(() => {
      const read = total();
      if (read === seen) open.forEach((s) => s.destroy());
      seen = read;
    }, idleMs);
    await closed;
    clearInterval(timer);
    return status;
  });
}
