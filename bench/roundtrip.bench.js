// One evaluate request to a warm daemon (default rule pack) and back, from Node: a new connection per request
// (what the shim does, minus the exec) against one persistent connection, and ping (no engine) as the floor.
// The per-command cost from C, exec included, is bench/shim-overhead.js. Cases are async.
// `node bench/roundtrip.bench.js [--json]` runs standalone: each case in a fresh process, median and p90 in µs.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { daemonCommand } from '../dist/src/client/control.js';
import { request } from '../dist/src/client/request.js';
import { paths } from '../dist/src/paths.js';

const root = mkdtempSync('/tmp/ss-rt-');
const p = paths(join(root, 'h'));
mkdirSync(p.home, { mode: 0o700 });
const [node, ...args] = daemonCommand();
const daemon = spawn(node, args, { env: { PATH: '/usr/bin:/bin', SAFESHELL_HOME: p.home }, stdio: 'ignore' });
process.on('exit', () => {
  daemon.kill('SIGTERM');
  rmSync(root, { recursive: true, force: true });
});

const EVALUATE = { v: 1, type: 'evaluate', client: 'bench', argv: ['git', 'push', '--force', 'origin', 'main'], cwd: '/tmp', context: 'ai', env: { HOME: '/root', PATH: '/usr/bin:/bin' } };
for (;;) {
  const r = await request(p.socket, { type: 'status' }).catch(() => null);
  if (r && typeof r.status?.rules === 'object') break;
  await new Promise((res) => setTimeout(res, 20));
}

// One persistent connection, one request in flight at a time.
const conn = net.createConnection(p.socket);
await new Promise((res) => conn.once('connect', res));
let pending = null;
let buf = '';
conn.on('data', (d) => {
  buf += d;
  const nl = buf.indexOf('\n');
  if (nl >= 0) {
    buf = buf.slice(nl + 1);
    const done = pending;
    pending = null;
    done();
  }
});
const persistent = (body) => () =>
  new Promise((res) => {
    pending = res;
    conn.write(`${JSON.stringify(body)}\n`);
  });

const bench = {
  name: 'roundtrip',
  description: 'evaluate against a warm daemon from Node: new connection per request vs persistent; ping as the floor',
  cases: {
    'new connection: evaluate': () => request(p.socket, EVALUATE),
    'persistent: evaluate': persistent(EVALUATE),
    'persistent: ping': persistent({ type: 'ping' }),
  },
};
export default bench;

// --- standalone: one fresh process per case, median and p90 in µs ---
async function measure(name) {
  const fn = bench.cases[name];
  for (let i = 0; i < 300; i++) await fn();
  const times = [];
  for (let i = 0; i < 3000; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  times.sort((a, b) => a - b);
  process.stdout.write(JSON.stringify({ median: times[times.length >> 1], p90: times[Math.floor(times.length * 0.9)], runs: times.length }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const only = process.argv.indexOf('--case');
  if (only > 0) {
    await measure(process.argv[only + 1]);
  } else {
    const results = {};
    for (const name of Object.keys(bench.cases)) {
      const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--case', name], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${name}: ${r.stderr}`);
      results[name] = JSON.parse(r.stdout);
    }
    if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    else for (const [name, r] of Object.entries(results)) console.log(`${name.padEnd(28)} median ${r.median.toFixed(1).padStart(7)} µs   p90 ${r.p90.toFixed(1).padStart(7)} µs`);
  }
  process.exit(0);
}
