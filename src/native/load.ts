// The only place that loads the addon. SAFESHELL_NATIVE=off|require|debug steers it; failures are reported, not thrown
// (unless required), so every caller can fall back to its JS path and `safeshell doctor` can say why.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PatternError, SafeshellError, SpawnError } from '../errors.js';
import type { RawBinding } from './binding.js';

export const EXPECTED_ABI = 2;

export type NativeLoad = { ok: true; binding: RawBinding; path: string } | { ok: false; reason: string; path: string };

export type NativeMode = 'auto' | 'off' | 'require' | 'debug';

export function nativeMode(env: NodeJS.ProcessEnv = process.env): NativeMode {
  const v = env.SAFESHELL_NATIVE;
  return v === 'off' || v === 'require' || v === 'debug' ? v : 'auto';
}

export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

let cached: NativeLoad | undefined;

export function loadNative(mode: NativeMode = nativeMode()): NativeLoad {
  if (cached) return cached;
  const path = join(packageRoot, 'build', mode === 'debug' ? 'Debug' : 'Release', 'addon.node');
  cached = tryLoad(mode, path);
  if (!cached.ok && mode === 'require') {
    throw new SafeshellError('E_NATIVE', `native addon required (SAFESHELL_NATIVE=require) but ${cached.reason}`, {
      hint: 'run `npm run build:native`',
    });
  }
  return cached;
}

function tryLoad(mode: NativeMode, path: string): NativeLoad {
  if (mode === 'off') return { ok: false, reason: 'disabled by SAFESHELL_NATIVE=off', path };
  if (!existsSync(path)) return { ok: false, reason: `addon not built (${path} missing)`, path };
  try {
    const binding = createRequire(import.meta.url)(path) as RawBinding;
    if (binding.abiVersion !== EXPECTED_ABI) {
      return { ok: false, reason: `stale build: addon ABI ${binding.abiVersion}, expected ${EXPECTED_ABI}; run \`npm run build:native\``, path };
    }
    binding.init({ PatternError, SpawnError });
    return { ok: true, binding, path };
  } catch (err) {
    return { ok: false, reason: `addon failed to load: ${(err as Error).message.split('\n')[0]}`, path };
  }
}
