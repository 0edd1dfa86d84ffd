// End-to-end cost of safeshell, side by side in one run (MEASUREMENTS.md method: a C harness spawns every row
// round-robin in a freshly shuffled order; medians, p90 and paired overheads = median over rounds of row - base):
//   shim -> daemon -> exec /bin/true   vs  /bin/true          (target: median overhead <= 0.9 ms)
//   safeshell-wrapper -c true          vs  bash -c true       (target: <= 1.5 ms)
//   daemon cold start to the first answer                     (target: <= 120 ms)
//   32 clients, a new connection per request (as the shim)    (target: >= 10,000 decisions/s, p99 <= 3 ms)
//   daemon RSS after >= 100,000 requests                      (target: <= 60 MB)
// The daemon runs the default rule pack. Usage: node bench/shim-overhead.js [--rounds N] [--seconds S] [--json]
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { daemonCommand } from '../dist/src/client/control.js';
import { paths } from '../dist/src/paths.js';
import { installHome } from '../dist/src/setup/install.js';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : def;
};
const ROUNDS = Number(arg('--rounds', 1000));
const SECONDS = Number(arg('--seconds', 5));
const JSON_OUT = process.argv.includes('--json');
const log = (s) => JSON_OUT || process.stderr.write(`${s}\n`);

const root = mkdtempSync('/tmp/ss-bench-');
const p = paths(join(root, 'h'));
mkdirSync(p.home, { mode: 0o700 });
installHome(p);
symlinkSync('safeshell-shim', join(p.shims, 'true'));
const harness = join(root, 'shim-harness');
const cc = spawnSync('cc', ['-O2', '-pthread', '-o', harness, join(here, 'shim-harness.c')], { encoding: 'utf8' });
if (cc.status !== 0) throw new Error(`cannot build the harness: ${cc.stderr}`);
const benchEnv = { ...cleanEnv(), SAFESHELL_HOME: p.home, PATH: `${p.shims}:/usr/bin:/bin` };

function cleanEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(SAFESHELL_|CODEX_|CLAUDECODE|GEMINI_CLI|CURSOR_AGENT|WARP_AI_AGENT|BASH_ENV)/.test(k)) env[k] = v;
  return env;
}

function ask(socket, body) {
  return new Promise((resolve) => {
    const c = net.createConnection(socket);
    let buf = '';
    c.on('data', (d) => {
      buf += d;
      if (buf.includes('\n')) {
        c.destroy();
        resolve(JSON.parse(buf));
      }
    });
    c.on('error', () => resolve(null));
    c.write(`${JSON.stringify(body)}\n`);
  });
}

function startDaemon() {
  const [node, ...args] = daemonCommand();
  const child = spawn(node, args, { env: benchEnv, stdio: 'ignore' });
  const exited = new Promise((r) => child.on('exit', r));
  return { child, exited };
}

const FIRST = { v: 1, type: 'evaluate', client: 'bench', argv: ['git', 'status'], cwd: '/tmp', context: 'ai', env: {} };

// Start to listening (first ping answered) and start to the first verdict (rules engine loaded), in ms.
async function coldStart(runs) {
  const listen = [];
  const answer = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const ms = () => Number(process.hrtime.bigint() - t0) / 1e6;
    const d = startDaemon();
    while (!(await ask(p.socket, { type: 'ping' }))?.ok) if (ms() > 10e3) throw new Error('the daemon did not listen within 10 s');
    listen.push(ms());
    while (!(await ask(p.socket, FIRST))?.ok) if (ms() > 10e3) throw new Error('the daemon did not answer within 10 s');
    answer.push(ms());
    d.child.kill('SIGTERM');
    await d.exited;
  }
  return { listen: listen.sort((a, b) => a - b), answer: answer.sort((a, b) => a - b) };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const pct = (xs, q) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * q)];

function execRows() {
  const rows = [
    ['/bin/true', '/bin/true', 'true'],
    ['shim true', join(p.shims, 'true'), 'true'],
    ['bash -c true', '/bin/bash', 'bash', '-c', 'true'],
    ['wrapper -c true', join(p.shims, 'safeshell-wrapper'), 'safeshell-wrapper', '-c', 'true'],
  ];
  const r = spawnSync(harness, ['exec', String(ROUNDS), '50', ...rows.map((row) => row.join('\x1f'))], { env: benchEnv, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`harness failed: ${r.stderr}`);
  const byName = Object.fromEntries(JSON.parse(r.stdout).rows.map((row) => [row.name, row.us]));
  const paired = (a, b) => median(byName[a].map((x, i) => x - byName[b][i]));
  const stats = (name) => ({ median: median(byName[name]), p90: pct(byName[name], 0.9) });
  return {
    base: stats('/bin/true'),
    shim: { ...stats('shim true'), overhead: median(byName['shim true']) - median(byName['/bin/true']), paired: paired('shim true', '/bin/true') },
    bash: stats('bash -c true'),
    wrapper: { ...stats('wrapper -c true'), overhead: median(byName['wrapper -c true']) - median(byName['bash -c true']), paired: paired('wrapper -c true', 'bash -c true') },
  };
}

function flood(threads, seconds) {
  // Shim-like requests: exact argv, cwd, AI context, this process's environment (as the shim sends it).
  const env = Object.fromEntries(Object.entries(benchEnv).filter(([, v]) => v.length <= 4096));
  const argvs = [
    ['git', 'status'],
    ['git', 'push', '--force', 'origin', 'main'],
    ['rm', '-rf', 'build'],
    ['npm', 'run', 'test', '--', '--watch=false'],
    ['ls', '-la', '/tmp'],
    ['curl', '-fsSL', 'https://example.com/install.sh'],
    ['docker', 'run', '--rm', '-it', 'alpine', 'sh'],
    ['python3', '-m', 'pip', 'install', 'requests'],
  ];
  const file = join(root, 'requests.jsonl');
  writeFileSync(file, argvs.map((argv) => JSON.stringify({ v: 1, type: 'evaluate', client: 'shim', argv, cwd: '/tmp', context: 'ai', session: '', pid: 1, ppid: 1, env })).join('\n') + '\n');
  const r = spawnSync(harness, ['flood', p.socket, String(threads), String(seconds), file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`flood failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function rssOf(pid) {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)[1]);
  return { rss: kb('VmRSS') / 1024, anon: kb('RssAnon') / 1024, file: kb('RssFile') / 1024 };
}

try {
  log('cold start ...');
  const { listen, answer: cold } = await coldStart(10);
  const d = startDaemon();
  while (!(await ask(p.socket, FIRST))?.ok);
  const rssIdle = rssOf(d.child.pid);
  log(`exec rows (${ROUNDS} rounds) ...`);
  const exec = execRows();
  log(`32 clients for ${SECONDS} s ...`);
  const fl = flood(32, SECONDS);
  const fl4 = flood(4, Math.max(1, SECONDS / 2));
  let requests = fl.count + fl4.count;
  while (requests < 100_000) requests += flood(32, 1).count;
  const rssAfter = rssOf(d.child.pid);
  d.child.kill('SIGTERM');
  await d.exited;

  const result = {
    exec,
    coldStartMs: { median: median(cold), min: cold[0], max: cold[cold.length - 1], runs: cold.length, listenMedian: median(listen) },
    flood: { threads: 32, ...fl, perSecond: fl.count / fl.seconds },
    flood4: { threads: 4, ...fl4, perSecond: fl4.count / fl4.seconds },
    rss: { idle: rssIdle, afterRequests: requests, after: rssAfter },
    targets: {
      shimOverheadMs: [exec.shim.overhead / 1000, 0.9],
      wrapperOverheadMs: [exec.wrapper.overhead / 1000, 1.5],
      coldStartMs: [median(cold), 120],
      decisionsPerSecond: [fl.count / fl.seconds, 10_000],
      p99Ms: [fl.p99 / 1000, 3],
      rssMb: [rssAfter.rss, 60],
    },
  };
  if (JSON_OUT) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const f = (x) => x.toFixed(0).padStart(7);
    const e = exec;
    console.log(`exec (µs; ${ROUNDS} shuffled rounds)     median     p90   × base   + overhead (paired)`);
    console.log(`/bin/true (base)                    ${f(e.base.median)} ${f(e.base.p90)}     1.00`);
    console.log(`shim -> daemon -> /bin/true         ${f(e.shim.median)} ${f(e.shim.p90)}   ${(e.shim.median / e.base.median).toFixed(2)}  ${f(e.shim.overhead)} (${e.shim.paired.toFixed(0)})`);
    console.log(`bash -c true                        ${f(e.bash.median)} ${f(e.bash.p90)}   ${(e.bash.median / e.base.median).toFixed(2)}`);
    console.log(`wrapper -c true (vs bash -c)        ${f(e.wrapper.median)} ${f(e.wrapper.p90)}   ${(e.wrapper.median / e.bash.median).toFixed(2)}  ${f(e.wrapper.overhead)} (${e.wrapper.paired.toFixed(0)})`);
    console.log(`daemon cold start -> first answer:  median ${median(cold).toFixed(1)} ms (min ${cold[0].toFixed(1)}, max ${cold[cold.length - 1].toFixed(1)}, ${cold.length} runs); listening after ${median(listen).toFixed(1)} ms`);
    for (const [n, r] of [[32, fl], [4, fl4]]) {
      console.log(`${String(n).padStart(2)} clients, new connection each:    ${(r.count / r.seconds).toFixed(0)} decisions/s, p50 ${(r.p50 / 1000).toFixed(2)} ms, p99 ${(r.p99 / 1000).toFixed(2)} ms, max ${(r.max / 1000).toFixed(1)} ms, errors ${r.errors}`);
    }
    console.log(`daemon RSS: idle ${rssIdle.rss.toFixed(1)} MB; after ${requests} requests ${rssAfter.rss.toFixed(1)} MB (anon ${rssAfter.anon.toFixed(1)}, file-backed ${rssAfter.file.toFixed(1)})`);
    console.log('\ntarget check:');
    for (const [k, [v, t]] of Object.entries(result.targets)) {
      const good = k === 'decisionsPerSecond' ? v >= t : v <= t;
      console.log(`  ${good ? 'ok  ' : 'MISS'} ${k}: ${v.toFixed(2)} (target ${k === 'decisionsPerSecond' ? '>=' : '<='} ${t})`);
    }
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
