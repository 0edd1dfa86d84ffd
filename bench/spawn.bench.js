// Spawn latency of /bin/true to completion (reaped, output drained): the native backend (clone(CLONE_VM|CLONE_VFORK))
// against the JS one (child_process: libuv fork(), whose cost grows with RSS; MEASUREMENTS.md §6; with a PTY, script(1)),
// at ~50 MB and with 1 GiB resident. Cases are async. `node bench/spawn.bench.js [--json]` runs standalone: each case
// in a fresh process, median and p90 in µs.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { spawnProcess } from '../dist/src/exec/spawn.js';

const env = { PATH: '/usr/bin:/bin' };
const TRUE = { file: '/bin/true', argv: ['true'], env, stdio: ['ignore', 'ignore', 'ignore'] };
const PTY = { file: '/bin/true', argv: ['true'], env, stdio: 'pty' };

// 1 GiB, every page touched, held for the life of the (fresh) process; allocated on a case's first call so that
// the ~50 MB cases never pay for it. Order matters if a harness runs all cases in one process: small cases first.
let ballast;
const big = (fn) => async () => {
  ballast ??= Buffer.alloc(1 << 30, 1);
  return fn();
};
const run = (plan, backend) => () => {
  const child = spawnProcess(plan, { backend });
  child.pty?.resume(); // read the PTY to its EOF: unread output would hold the exit until the drain timeout
  return child.exitPromise;
};

const bench = {
  name: 'spawn',
  description: '/bin/true to completion: native (vfork-style clone) vs JS (child_process fork; PTY via script(1)) at ~50 MB and 1 GiB RSS',
  cases: {
    'js: ~50 MB RSS': run(TRUE, 'js'),
    'native: ~50 MB RSS': run(TRUE, 'native'),
    'js pty: ~50 MB RSS': run(PTY, 'js'),
    'native pty: ~50 MB RSS': run(PTY, 'native'),
    'js: 1 GiB RSS': big(run(TRUE, 'js')),
    'native: 1 GiB RSS': big(run(TRUE, 'native')),
    'js pty: 1 GiB RSS': big(run(PTY, 'js')),
    'native pty: 1 GiB RSS': big(run(PTY, 'native')),
  },
};
export default bench;

// --- standalone: one fresh process per case, median and p90 in µs ---
async function measure(name) {
  const fn = bench.cases[name];
  const slow = name.startsWith('js');
  const [warmup, runs] = slow ? [5, name.includes('GiB') ? 60 : 200] : [30, 400];
  for (let i = 0; i < warmup; i++) await fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  times.sort((a, b) => a - b);
  const rssMb = Math.round(process.memoryUsage.rss() / 2 ** 20);
  process.stdout.write(JSON.stringify({ median: times[runs >> 1], p90: times[Math.floor(runs * 0.9)], runs, rssMb }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const only = process.argv.indexOf('--case');
  if (only > 0) {
    await measure(process.argv[only + 1]);
  } else {
    const json = process.argv.includes('--json');
    const results = {};
    for (const name of Object.keys(bench.cases)) {
      const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--case', name], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${name}: ${r.stderr}`);
      results[name] = JSON.parse(r.stdout);
    }
    if (json) {
      process.stdout.write(`${JSON.stringify({ name: 'spawn', results }, null, 2)}\n`);
    } else {
      for (const [name, r] of Object.entries(results)) {
        const base = name.startsWith('native') ? results[name.replace(/^native/, 'js')] : undefined;
        const ratio = base ? `  ${(base.median / r.median).toFixed(1)}x faster than ${name.replace(/^native/, 'js').split(':')[0]}` : '';
        console.log(`${name.padEnd(24)} median ${r.median.toFixed(0).padStart(6)} µs  p90 ${r.p90.toFixed(0).padStart(6)} µs  rss ${r.rssMb} MB${ratio}`);
      }
    }
  }
}
