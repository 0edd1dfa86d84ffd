// What one agent hook call costs end to end (issue 5's target: <= 2 ms): the agent spawns the hook, writes the
// JSON on its stdin, reads the answer, waits for the exit. Measured from a C harness (bench/hook-harness.c), rows
// round-robin in a shuffled order against a warm daemon running the default rule pack:
//   /bin/cat with the same stdin (the floor: one exec, stdin to stdout) · hook claude, allowed (no output) ·
//   hook claude, denied (JSON answer) · hook gemini, denied · hook generic, allowed · and, for scale, the Node CLI
//   `safeshell hook claude` (what a hook that starts Node would cost).
// `node bench/hook.bench.js [--rounds N] [--json]` runs standalone; `npm run bench` runs its cases via spawnSync
// (which adds Node's own spawn cost: use the standalone numbers for the target).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { daemonCommand } from '../dist/src/client/control.js';
import { request } from '../dist/src/client/request.js';
import { paths } from '../dist/src/paths.js';
import { installHome } from '../dist/src/setup/install.js';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : def;
};
const ROUNDS = Number(arg('--rounds', 1000));
const standalone = process.argv[1] === fileURLToPath(import.meta.url);

const root = mkdtempSync('/tmp/ss-hb-');
const p = paths(join(root, 'h'));
mkdirSync(p.home, { mode: 0o700 });
installHome(p);
const env = { PATH: '/usr/bin:/bin', HOME: root, CLAUDECODE: '1' };
const [node, ...args] = daemonCommand();
const daemon = spawn(node, args, { env: { ...env, SAFESHELL_HOME: p.home }, stdio: 'ignore' });
daemon.unref(); // the harness's child must be able to exit when its cases are done; 'exit' below stops the daemon
process.on('exit', () => {
  daemon.kill('SIGTERM');
  rmSync(root, { recursive: true, force: true });
});
for (;;) {
  const r = await request(p.socket, { type: 'status' }).catch(() => null);
  if (r && typeof r.status?.rules === 'object') break;
  await new Promise((res) => setTimeout(res, 20));
}

const claude = (command) => JSON.stringify({ session_id: 'bench', transcript_path: '/tmp/t.jsonl', cwd: '/tmp', permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command, description: 'bench', timeout: 120000 }, tool_use_id: 'toolu_bench' });
const inputs = {
  allow: claude('npm run build -- --filter=@app/web --mode production'),
  deny: claude('rm -rf / --no-preserve-root'),
  gemini: JSON.stringify({ session_id: 'bench', cwd: '/tmp', hook_event_name: 'BeforeTool', tool_name: 'run_shell_command', tool_input: { command: 'rm -rf / --no-preserve-root' } }),
  generic: 'npm run build -- --filter=@app/web --mode production\n',
};
const files = {};
for (const [k, v] of Object.entries(inputs)) writeFileSync((files[k] = join(root, `${k}.in`)), v);
const shim = join(p.shims, 'safeshell-shim');
const cli = join(here, '..', 'bin', 'safeshell.js');

const bench = {
  name: 'hook',
  description: 'one agent hook call end to end (spawn, stdin JSON, answer, exit) against a warm daemon',
  cases: {
    'cat (floor)': () => spawnSync('/bin/cat', [], { input: inputs.allow, env }),
    'hook claude: allow': () => spawnSync(shim, ['--hook', 'claude'], { input: inputs.allow, env }),
    'hook claude: deny': () => spawnSync(shim, ['--hook', 'claude'], { input: inputs.deny, env }),
    'hook generic: allow': () => spawnSync(shim, ['--hook', 'generic'], { input: inputs.generic, env }),
  },
};
export default bench;

if (standalone) {
  const harness = join(root, 'hook-harness');
  const cc = spawnSync('cc', ['-O2', '-o', harness, join(here, 'hook-harness.c')], { encoding: 'utf8' });
  if (cc.status !== 0) throw new Error(`cannot build the harness: ${cc.stderr}`);
  const row = (name, input, path, ...argv) => [name, input, path, ...argv].join('\x1f');
  const fast = [
    row('cat (floor)', files.allow, '/bin/cat', 'cat'),
    row('hook claude: allow', files.allow, shim, 'safeshell-shim', '--hook', 'claude'),
    row('hook claude: deny', files.deny, shim, 'safeshell-shim', '--hook', 'claude'),
    row('hook gemini: deny', files.gemini, shim, 'safeshell-shim', '--hook', 'gemini'),
    row('hook generic: allow', files.generic, shim, 'safeshell-shim', '--hook', 'generic'),
  ];
  const run = (rounds, rows) => {
    const r = spawnSync(harness, [String(rounds), String(Math.min(50, rounds)), ...rows], { env: { ...env, SAFESHELL_HOME: p.home }, encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`harness failed: ${r.stderr}`);
    return JSON.parse(r.stdout);
  };
  const results = run(ROUNDS, fast);
  Object.assign(results, run(20, [row('node CLI: safeshell hook claude (deny)', files.deny, process.execPath, 'node', cli, 'hook', 'claude')]));
  const floor = results['cat (floor)'].median;
  for (const r of Object.values(results)) r.overMedian = r.median - floor;
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else {
    for (const [name, r] of Object.entries(results)) {
      console.log(`${name.padEnd(40)} median ${(r.median / 1000).toFixed(3)} ms  p90 ${(r.p90 / 1000).toFixed(3)} ms  p99 ${(r.p99 / 1000).toFixed(3)} ms  (+${(r.overMedian / 1000).toFixed(3)} ms over cat; answer ${r.answerBytes} B, exit ${r.exit})`);
    }
    const worst = Math.max(...['hook claude: allow', 'hook claude: deny', 'hook gemini: deny', 'hook generic: allow'].map((k) => results[k].median));
    console.log(`target 2 ms per call: ${worst <= 2000 ? 'met' : 'MISSED'} (slowest median ${(worst / 1000).toFixed(3)} ms)`);
  }
  process.exit(0);
}
