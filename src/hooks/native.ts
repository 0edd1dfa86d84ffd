// The native hook client: `safeshell-shim --hook <mode>` (shims/hook-mode.c). Agents call it directly (the
// installed hook command), so no call starts Node; `safeshell hook <mode>` only hands over to it.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { SafeshellError } from '../errors.js';
import type { Paths } from '../paths.js';
import { BUILT_SHIM } from '../setup/install.js';
import { SHIM_BINARY } from '../setup/refresh.js';
import { shellWord, type HookMode } from './agents.js';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The installed client (<home>/shims/safeshell-shim), else the build's; null when neither exists. */
export function hookBinary(p: Paths): string | null {
  const installed = join(p.shims, SHIM_BINARY);
  if (executable(installed)) return installed;
  return executable(BUILT_SHIM) ? BUILT_SHIM : null;
}

/** The command line an agent's settings should run. The installed client finds its home from where it is. */
export function hookCommand(p: Paths, mode: HookMode): string {
  const installed = join(p.shims, SHIM_BINARY);
  if (!executable(installed)) {
    throw new SafeshellError('E_INSTALL', `${installed} is missing`, { hint: 'run `safeshell init` first: the hook runs the native client installed there' });
  }
  return `${shellWord(installed)} --hook ${mode}`;
}

/** Runs the native client with this process's stdio and returns its exit code. */
export function runNativeHook(p: Paths, mode: HookMode): number {
  const bin = hookBinary(p);
  if (!bin) throw new SafeshellError('E_HOOK', 'the native client (safeshell-shim) is not built', { hint: 'run `npm run build:native` or `safeshell init`' });
  const r = spawnSync(bin, ['--hook', mode], { stdio: 'inherit', env: { ...process.env, SAFESHELL_HOME: p.home } });
  if (r.error) throw new SafeshellError('E_HOOK', `cannot run ${bin}: ${r.error.message}`);
  return r.status ?? 128 + 1;
}
