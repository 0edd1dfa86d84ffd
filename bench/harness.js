// Runs bench files and reports, per row, each case's ops/s, ±% (relative margin of error), median µs per op and its
// ratio to the row's baseline; writes bench/results/<name>.json and regenerates the tables in bench/README.md.
// The only file that imports benchmark.js (archived upstream: keep it contained here).
//
// Bench file format (bench/<x>.bench.js, ESM; inputs from bench/corpus.js so every file sees the same seeded data):
//
//   export default {
//     name: 'match',                          // results go to bench/results/<name>.json
//     setup: async () => {},                  // optional: once, in the child process, before any case
//     skip: () => null,                       // optional: a reason string skips the file (e.g. addon without RE2)
//     cases: { js: () => {}, native: () => {} },              // one row …
//     rows: () => [{ name: '90 rules, 40 B, miss', cases: { js, native } }],  // … or several (rows may be a function,
//   };                                                         //   called after setup)
//
// The first case of a row is its baseline (name it `js` when there is a JS path): ratio = case ops/s ÷ baseline ops/s,
// so `native` 3.0× means three times as fast as JS. Each file runs in a fresh process; its cases run side by side.
//
// Usage: node bench/harness.js [file…] [--json] [--quick]   (no files: every bench/*.bench.js)
//   --json   print the results as JSON instead of the table      --quick   ~0.3 s per case instead of ~1.5 s
//   --readme only regenerate bench/README.md from bench/results/*.json
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { cpus } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));

async function child(file) {
  const { default: Benchmark } = await import('benchmark');
  const spec = (await import(pathToFileURL(resolve(file)).href)).default;
  const skipped = spec.skip?.() ?? null;
  const result = { name: spec.name, file: basename(file), skipped, rows: [] };
  if (skipped === null) {
    await spec.setup?.();
    const rows = typeof spec.rows === 'function' ? await spec.rows() : spec.rows ?? [{ name: spec.name, cases: spec.cases }];
    const maxTime = flags.has('--quick') ? 0.3 : 1.5;
    for (const row of rows) {
      const cases = {};
      for (const [caseName, fn] of Object.entries(row.cases)) {
        // A case that returns a promise (a socket round trip, a spawn) is timed here, one call in flight at a time:
        // benchmark.js recompiles deferred functions from their source, which loses their closures.
        const probe = fn();
        if (probe !== null && typeof probe === 'object' && typeof probe.then === 'function') {
          await probe;
          cases[caseName] = await timeAsync(fn, maxTime);
          continue;
        }
        const b = new Benchmark(caseName, fn, { maxTime, minSamples: 10 });
        b.run();
        if (b.error) throw b.error;
        const sample = [...b.stats.sample].sort((x, y) => x - y);
        const median = sample[Math.floor(sample.length / 2)] ?? b.stats.mean;
        cases[caseName] = { hz: b.hz, rme: b.stats.rme, medianUs: median * 1e6, samples: sample.length };
      }
      const baseline = Object.keys(cases)[0];
      for (const c of Object.values(cases)) c.ratio = c.hz / cases[baseline].hz;
      result.rows.push({ name: row.name, baseline, cases });
      process.stderr.write('.');
    }
  }
  process.stderr.write('\n');
  process.stdout.write(JSON.stringify(result));
  // A bench file may hold servers or sockets open (its own daemon); its 'exit' handlers clean them up.
  process.exit(0);
}

/** Sequential timing of an async case for about maxTime seconds (at least 30 calls): the same fields as benchmark.js. */
async function timeAsync(fn, maxTime) {
  for (let i = 0; i < 20; i++) await fn();
  const sample = [];
  const end = performance.now() + maxTime * 1000;
  while (performance.now() < end || sample.length < 30) {
    const t0 = process.hrtime.bigint();
    await fn();
    sample.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  sample.sort((x, y) => x - y);
  const mean = sample.reduce((a, b) => a + b, 0) / sample.length;
  const sd = Math.sqrt(sample.reduce((a, b) => a + (b - mean) ** 2, 0) / (sample.length - 1));
  const rme = ((1.96 * sd) / Math.sqrt(sample.length) / mean) * 100;
  return { hz: 1 / mean, rme, medianUs: sample[sample.length >> 1] * 1e6, samples: sample.length };
}

async function parent() {
  const files = args.filter((a) => !a.startsWith('--'));
  const chosen = files.length
    ? files
    : readdirSync(benchDir).filter((f) => f.endsWith('.bench.js')).sort().map((f) => join(benchDir, f));
  const meta = { date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length };
  const all = [];
  for (const file of chosen) {
    if (!flags.has('--json')) process.stderr.write(`${basename(file)} `);
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', file, ...flags], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 << 20,
    });
    if (r.status !== 0) {
      process.stderr.write(`bench: ${file} failed (exit ${r.status})\n`);
      process.exitCode = 1;
      continue;
    }
    const result = { ...JSON.parse(r.stdout), ...meta };
    all.push(result);
    mkdirSync(join(benchDir, 'results'), { recursive: true });
    writeFileSync(join(benchDir, 'results', `${result.name}.json`), `${JSON.stringify(result, null, 2)}\n`);
    if (!flags.has('--json')) process.stdout.write(`${consoleTable(result)}\n`);
  }
  if (flags.has('--json')) process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
  regenerateReadme();
}

const fmt = (n, digits = 2) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(digits));

function consoleTable(result) {
  if (result.skipped) return `${result.name}: skipped (${result.skipped})`;
  const lines = [`${result.name}  (${result.node}, ${result.cpu})`];
  const head = ['row', 'case', 'ops/s', '±%', 'median µs', '× base'];
  const body = result.rows.flatMap((row) =>
    Object.entries(row.cases).map(([name, c], i) => {
      return [i ? '' : row.name, name, fmt(c.hz), c.rme.toFixed(1), fmt(c.medianUs, 3), c.ratio.toFixed(2)];
    }),
  );
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  for (const r of [head, ...body]) lines.push(r.map((v, i) => (i < 2 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  '));
  return lines.join('\n');
}

/**
 * One markdown table per results file: a row per bench row with median µs (±%) per case and each case's ratio to the
 * baseline; a file with a single row is shown one case per line instead.
 */
function markdownTable(result) {
  if (result.skipped) return `_skipped: ${result.skipped}_`;
  if (result.rows.length === 1) {
    const [row] = result.rows;
    const lines = [`| case | median µs | ±% | ops/s | × ${row.baseline} |`, '|---|---:|---:|---:|---:|'];
    for (const [name, c] of Object.entries(row.cases)) {
      lines.push(`| ${name} | ${fmt(c.medianUs, 3)} | ${c.rme.toFixed(1)} | ${fmt(c.hz)} | ${c.ratio.toFixed(2)}× |`);
    }
    return lines.join('\n');
  }
  const caseNames = [...new Set(result.rows.flatMap((r) => Object.keys(r.cases)))];
  const base = result.rows[0]?.baseline ?? caseNames[0];
  const others = caseNames.filter((c) => c !== base);
  const head = ['', ...caseNames.map((c) => `${c} µs (±%)`), ...others.map((c) => `${c} / ${base}`)];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i ? '---:' : '---')).join('|')}|`];
  for (const row of result.rows) {
    const cell = (c) => (row.cases[c] ? `${fmt(row.cases[c].medianUs, 3)} (${row.cases[c].rme.toFixed(1)})` : '—');
    const ratio = (c) => (row.cases[c] ? `${row.cases[c].ratio.toFixed(2)}×` : '—');
    lines.push(`| ${[row.name, ...caseNames.map(cell), ...others.map(ratio)].join(' | ')} |`);
  }
  return lines.join('\n');
}

function regenerateReadme() {
  const readme = join(benchDir, 'README.md');
  const resultsDir = join(benchDir, 'results');
  if (!existsSync(readme) || !existsSync(resultsDir)) return;
  const results = readdirSync(resultsDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(resultsDir, f), 'utf8')));
  const sections = results.map((r) => `### ${r.name} (\`${r.file}\`)\n\n${r.date?.slice(0, 10)}, Node ${r.node}, ${r.cpu} × ${r.cores}\n\n${markdownTable(r)}`);
  const text = readFileSync(readme, 'utf8');
  const start = '<!-- bench:results:start -->';
  const end = '<!-- bench:results:end -->';
  const [before, rest] = text.split(start);
  if (rest === undefined || !rest.includes(end)) return;
  const after = rest.slice(rest.indexOf(end));
  writeFileSync(readme, `${before}${start}\n<!-- generated by bench/harness.js from bench/results/*.json; do not edit by hand -->\n\n${sections.join('\n\n')}\n\n${after}`);
}

if (flags.has('--child')) await child(args.find((a) => !a.startsWith('--')));
else if (flags.has('--readme')) regenerateReadme();
else await parent();
