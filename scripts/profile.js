// `npm run profile [-- scenario [seconds]]`: a 0x flamegraph of one hot loop under profiles/<date>-<scenario>/, with a
// NOTES.md to fill in (kept if it exists) and a row in profiles/README.md. Raw stacks and V8 logs are git-ignored.
// Scenarios run in-process on seeded inputs (bench/corpus.js); add one by adding an entry to SCENARIOS.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** scenario → { what: one line for the index, run(seconds) } — run() loops the hot path until the time is up. */
const SCENARIOS = {
  'js-matcher': {
    what: 'JsMatcher.matchInto over the original 90-rule pack, seeded hostile commands (10 % ~4 KB)',
    async run(seconds) {
      const { JsMatcher } = await import('../dist/src/match/js-matcher.js');
      const { ORIGINAL_PATTERNS, BENIGN, pad, randomInputs } = await import('../bench/corpus.js');
      const specs = ORIGINAL_PATTERNS.map((source) => ({ source, subject: 'command' }));
      specs.push({ source: '^(main|master|develop)$', subject: 'branch' });
      const matcher = new JsMatcher(specs);
      const texts = randomInputs(2000, BENIGN, 5).map((t, i) => (i % 10 === 0 ? pad(t, 4096, i) : t));
      const requests = texts.map((t) => ['/home/dev/project', 'feature/login', t]);
      return loop(seconds, (i) => matcher.matchInto(requests[i % requests.length], OUT));
    },
  },
  evaluate: {
    what: 'Engine.evaluate (analysis + native matcher + conditions) over both corpora against the built-in pack, AI context',
    async run(seconds) {
      const { readFileSync: read } = await import('node:fs');
      const { mkdtempSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const { Engine } = await import('../dist/src/engine.js');
      const engine = Engine.create({ home: mkdtempSync(join(tmpdir(), 'ss-prof-')), checkExamples: 'none' });
      const cwd = mkdtempSync(join(tmpdir(), 'ss-prof-cwd-'));
      const lines = ['parity.jsonl', 'agent-safety.jsonl'].flatMap((f) =>
        read(join(root, 'test', 'fixtures', 'corpus', f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).command),
      );
      return loop(seconds, (i) => engine.evaluate({ command: lines[i % lines.length], cwd, context: 'ai' }));
    },
  },
};
const OUT = new Int32Array(1 << 12);

function loop(seconds, fn) {
  const end = performance.now() + seconds * 1000;
  let i = 0;
  while (performance.now() < end) for (let k = 0; k < 1000; k++) fn(i++);
  return i;
}

const [first, second] = process.argv.slice(2);
if (first === '--run') {
  const n = await SCENARIOS[second].run(Number(process.argv[4] ?? 5));
  console.error(`profile: ${second}: ${n} iterations`);
} else {
  const scenario = first ?? 'js-matcher';
  const seconds = second ?? '5';
  if (!SCENARIOS[scenario]) {
    console.error(`profile: unknown scenario ${scenario}; known: ${Object.keys(SCENARIOS).join(', ')}`);
    process.exit(2);
  }
  const date = new Date().toISOString().slice(0, 10);
  const dir = join(root, 'profiles', `${date}-${scenario}`);
  mkdirSync(dir, { recursive: true });
  const zeroX = join(root, 'node_modules', '0x', 'cmd.js');
  const r = spawnSync(process.execPath, [zeroX, '--output-dir', dir, '--', process.execPath, fileURLToPath(import.meta.url), '--run', scenario, seconds], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
  // Raw stacks and V8 logs go to raw.0x/ (git-ignored: profiles/**/*.0x/); flamegraph.html is self-contained.
  const raw = join(dir, 'raw.0x');
  rmSync(raw, { recursive: true, force: true });
  mkdirSync(raw);
  for (const f of readdirSync(dir)) if (f.startsWith('isolate-') || f === 'meta.json') renameSync(join(dir, f), join(raw, f));
  const notes = join(dir, 'NOTES.md');
  if (!existsSync(notes)) {
    writeFileSync(notes, `# ${date} ${scenario}\n\nScenario: ${SCENARIOS[scenario].what}.\n\n## What it shows\n\nTODO\n\n## Finding, change, bench delta\n\nTODO\n`);
  }
  updateIndex(`${date}-${scenario}`, SCENARIOS[scenario].what);
  console.error(`profile: ${join(dir, 'flamegraph.html')} (notes: ${notes})`);
}

function updateIndex(name, what) {
  const index = join(root, 'profiles', 'README.md');
  const text = existsSync(index) ? readFileSync(index, 'utf8') : '';
  if (text.includes(`(${name}/`)) return;
  const row = `| [${name}](${name}/flamegraph.html) | ${what} | TODO | see [NOTES](${name}/NOTES.md) |`;
  const head = '| profile | scenario | finding | change |\n|---|---|---|---|';
  writeFileSync(index, text.includes('|---') ? `${text.trimEnd()}\n${row}\n` : `${text.trimEnd()}\n\n${head}\n${row}\n`);
}
