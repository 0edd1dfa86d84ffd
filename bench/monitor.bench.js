// The monitor's frame time with 10,000 decisions in its history (issue 5's budget: <= 16 ms per frame): one
// render of a 160x50 screen with three approvals pending, following the newest event, with a new event arriving
// before each frame (the filtered view is rebuilt), with a search active, scrolled into the middle, and --debug.
// `node bench/monitor.bench.js [--json]` runs standalone (median, p99 and max in ms); `npm run bench` uses the harness.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { render } from '../dist/src/monitor/view.js';
import { MonitorState } from '../dist/src/monitor/state.js';
import { rng } from './corpus.js';

const EVENTS = 10_000;
const WIDTH = 160;
const HEIGHT = 50;
const OUTCOMES = ['allowed', 'allowed', 'allowed', 'allowed', 'blocked', 'pending', 'approved', 'denied', 'timed_out', 'redirected'];
const PROGRAMS = ['git', 'npm', 'rm', 'curl', 'docker', 'kubectl', 'python3', 'make', 'gh', 'terraform'];

function makeState(debug = false) {
  const rnd = rng(5);
  const s = new MonitorState(debug, EVENTS);
  let seq = 0;
  const event = () => {
    const program = PROGRAMS[Math.floor(rnd() * PROGRAMS.length)];
    const outcome = OUTCOMES[Math.floor(rnd() * OUTCOMES.length)];
    return {
      seq: ++seq, at: Date.now(), outcome, verdict: outcome === 'allowed' ? 'allow' : 'deny',
      command: `${program} ${'sub'.repeat(1 + Math.floor(rnd() * 3))} --flag=${Math.floor(rnd() * 1e6)} path/to/file-${seq}.txt`,
      program, cwd: `/home/me/work/project-${Math.floor(rnd() * 20)}/src`, rule: outcome === 'allowed' ? null : `rule-${program}-${Math.floor(rnd() * 9)}`,
      message: outcome === 'allowed' ? null : 'a message explaining why this rule exists and what to do instead', context: rnd() < 0.8 ? 'ai' : 'human',
      client: 'shim', pid: 1000 + seq, session: 'session:s1',
    };
  };
  s.applySnapshot({ pending: [], recent: [], enabled: true, approvalTimeoutSeconds: 300, rememberSeconds: 300, daemonPid: 1, version: 'bench' });
  for (let i = 0; i < EVENTS; i++) s.apply({ kind: 'decision', event: event() });
  for (let i = 0; i < 3; i++) {
    const now = Date.now();
    s.apply({ kind: 'approval', approval: { id: `abcdef0${i}`, command: `git push --force origin feature-${i}`, decided: 'git push --force', program: 'git', cwd: '/home/me/work/project', rule: 'approve-force-push', message: 'A force push overwrites the remote branch history and needs the user approval.', context: 'ai', client: 'shim', pid: 4242, session: 'session:s1', createdAt: now, expiresAt: now + 300_000, rememberSeconds: 300 } });
  }
  return { s, event };
}

const following = makeState();
const arriving = makeState();
const searching = makeState();
searching.s.history.search = 'push';
const scrolled = makeState();
scrolled.s.focus = 'events';
scrolled.s.selectedEvent = 5000;
const debugging = makeState(true);
debugging.s.focus = 'events';
debugging.s.explanation = { key: 'x', lines: Array.from({ length: 20 }, (_, i) => `  ✗ rule-${i} → deny: command_matches /x/ does not hold`) };

const bench = {
  name: 'monitor',
  description: `one monitor frame (${WIDTH}x${HEIGHT}) with ${EVENTS} decisions in history and 3 approvals pending`,
  cases: {
    'frame, following': () => render(following.s, WIDTH, HEIGHT),
    'frame after a new event': () => {
      arriving.s.apply({ kind: 'decision', event: arriving.event() });
      return render(arriving.s, WIDTH, HEIGHT);
    },
    'frame after a new event, search on': () => {
      searching.s.apply({ kind: 'decision', event: searching.event() });
      return render(searching.s, WIDTH, HEIGHT);
    },
    'frame, scrolled to the middle': () => render(scrolled.s, WIDTH, HEIGHT),
    'frame, --debug with explanation': () => render(debugging.s, WIDTH, HEIGHT),
  },
};
export default bench;

// --- standalone: one fresh process per case; frame times in ms ---
function measure(name) {
  const fn = bench.cases[name];
  for (let i = 0; i < 50; i++) fn();
  const times = [];
  for (let i = 0; i < 1000; i++) {
    const t = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  process.stdout.write(JSON.stringify({ medianMs: times[times.length >> 1], p99Ms: times[Math.floor(times.length * 0.99)], maxMs: times[times.length - 1], frames: times.length }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const only = process.argv.indexOf('--case');
  if (only > 0) measure(process.argv[only + 1]);
  else {
    const results = {};
    for (const name of Object.keys(bench.cases)) {
      const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--case', name], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${name}: ${r.stderr}`);
      results[name] = JSON.parse(r.stdout);
    }
    if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    else {
      for (const [name, r] of Object.entries(results)) console.log(`${name.padEnd(36)} median ${r.medianMs.toFixed(3)} ms   p99 ${r.p99Ms.toFixed(3)} ms   max ${r.maxMs.toFixed(3)} ms`);
      const worst = Math.max(...Object.values(results).map((r) => r.p99Ms));
      console.log(`budget 16 ms per frame: ${worst <= 16 ? 'met' : 'MISSED'} (worst p99 ${worst.toFixed(3)} ms)`);
    }
  }
}
