// Builds the addon and the static C shim. A failed addon build is one loud warning and exit 0 (the JS paths
// still work), unless SAFESHELL_NATIVE=require, which makes it fatal. `--debug` builds build/Debug.
import { spawnSync } from 'node:child_process';
import { mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const debug = process.argv.includes('--debug');
const required = process.env.SAFESHELL_NATIVE === 'require';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  return r.status === 0;
}

function nodeGyp() {
  try {
    return [process.execPath, require.resolve('node-gyp/bin/node-gyp.js')];
  } catch {
    const bundled = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    return [process.execPath, bundled];
  }
}

// Headers come from the local Node install (nothing is downloaded at install time).
function nodedirArgs() {
  const prefix = process.env.npm_config_nodedir || join(dirname(process.execPath), '..');
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? [`--nodedir=${prefix}`] : [];
}

let ok = true;
if (process.env.SAFESHELL_NATIVE === 'off') {
  console.error('safeshell: SAFESHELL_NATIVE=off, skipping the addon build');
} else {
  const [node, gyp] = nodeGyp();
  if (!existsSync(gyp)) {
    console.error('safeshell: node-gyp not found; the addon is not built (the JS paths are used)');
    ok = false;
  } else if (!run(node, [gyp, 'rebuild', ...nodedirArgs(), ...(debug ? ['--debug'] : [])])) {
    console.error('safeshell: WARNING: the native addon failed to build; safeshell falls back to its JS paths (see `safeshell doctor`)');
    ok = false;
  }
}

// The shim is plain C, built separately so that it never depends on node-gyp's flags.
if (existsSync(join(root, 'shims', 'shim.c'))) {
  mkdirSync(join(root, 'build'), { recursive: true });
  const cc = process.env.CC || 'cc';
  const out = join('build', 'safeshell-shim');
  const flags = ['-O2', '-Wall', '-Wextra', '-std=c11', '-D_GNU_SOURCE'];
  const built = run(cc, [...flags, '-static', '-o', out, 'shims/shim.c']) || run(cc, [...flags, '-o', out, 'shims/shim.c']);
  if (!built) {
    console.error('safeshell: WARNING: the shim failed to build (shims/shim.c); `safeshell doctor` will report it');
    ok = false;
  }
}

process.exit(!ok && required ? 1 : 0);
