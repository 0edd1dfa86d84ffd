// spawnProcess: one interface, two backends. Native when the addon loads (same cost at any RSS, typed exec errors,
// PTYs); child_process otherwise (SAFESHELL_NATIVE=off, no build), where a PTY comes from script(1).
import { SafeshellError } from '../errors.js';
import { loadNative } from '../native/load.js';
import { spawnJs } from './js-spawn.js';
import { hasNativeSpawn, spawnNative } from './native-spawn.js';
import type { Backend, ChildHandle, SpawnPlan } from './types.js';

export type { Backend, ChildHandle, ExitStatus, SpawnPlan, StdioSpec } from './types.js';
export { exitCodeOf } from './signals.js';

/** Why native spawn is unavailable, or null when it is available. */
export function nativeSpawnUnavailable(): string | null {
  const native = loadNative();
  if (!native.ok) return native.reason;
  return hasNativeSpawn(native.binding) ? null : 'stale build: the addon has no Child; run `npm run build:native`';
}

/**
 * Starts plan.file. Spawn failures throw SpawnError synchronously: code ENOENT/EACCES/ENOTDIR..., syscall
 * execve|chdir|ioctl..., path. backend 'native' throws E_NATIVE when the addon cannot spawn; 'auto' falls back to JS.
 */
export function spawnProcess(plan: SpawnPlan, options: { backend?: Backend | 'auto' } = {}): ChildHandle {
  const backend = options.backend ?? 'auto';
  if (backend === 'js') return spawnJs(plan);
  const native = loadNative();
  if (native.ok && hasNativeSpawn(native.binding)) return spawnNative(native.binding, plan);
  if (backend === 'native') {
    throw new SafeshellError('E_NATIVE', `native spawn unavailable: ${nativeSpawnUnavailable()}`, { hint: 'run `npm run build:native`' });
  }
  return spawnJs(plan);
}
