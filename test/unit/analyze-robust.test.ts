// The analyzer never throws or hangs: unbalanced input, hostile nesting, 100 KB lines, and a seeded fuzz loop.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeArgv, analyzeLine } from '../../src/analyze/index.js';
import type { Analysis } from '../../src/analyze/index.js';
import { rng } from '../helpers/rng.js';

function texts(a: Analysis): string[] {
  return a.commands.map((c) => c.text);
}

function wellFormed(a: Analysis): void {
  assert.equal(typeof a.complete, 'boolean');
  assert.ok(Array.isArray(a.commands));
  for (const c of a.commands) {
    assert.equal(typeof c.program, 'string');
    assert.equal(typeof c.text, 'string');
    assert.equal(typeof c.dynamic, 'boolean');
    assert.ok(Array.isArray(c.args) && c.args.every((x) => typeof x === 'string'));
    assert.ok(Array.isArray(c.pipedFrom) && Array.isArray(c.via));
  }
}

describe('unbalanced input', () => {
  const cases: [string, string | null][] = [
    ['echo "unterminated', null],
    ['$(', null],
    ['echo ${', null],
    ['rm -rf / "oops', 'rm'],
    ["echo ok; rm -rf / 'oops", 'rm'],
    ['echo $(rm -rf /', 'rm'],
    ['echo `rm -rf /', 'rm'],
    ['echo "a; rm -rf /', 'rm'],
    ["bash -c 'rm -rf /", 'rm'],
    ['echo a ) rm -rf /', 'rm'],
    ['if true; then rm -rf /', 'rm'],
    ['done', null],
    ['case x in a) rm -rf /', 'rm'],
    ['| rm -rf /', 'rm'],
    ['echo >', null],
  ];
  for (const [line, program] of cases) {
    it(JSON.stringify(line), () => {
      const a = analyzeLine(line);
      wellFormed(a);
      assert.equal(a.complete, false);
      if (program !== null) {
        const c = a.commands.find((x) => x.program === program);
        assert.ok(c, JSON.stringify(texts(a)));
        assert.ok(c.text.startsWith('rm -rf /'), c.text);
      }
    });
  }

  it('reads an unterminated heredoc to the end as data, as bash does', () => {
    const a = analyzeLine('cat <<EOF\nrm -rf /');
    assert.deepEqual(texts(a), ['cat <<EOF']);
  });
});

describe('limits', () => {
  it('stops nested scripts at the depth limit', () => {
    let s = 'rm -rf /';
    for (let i = 0; i < 10; i++) s = `sh -c '${s.replaceAll("'", "'\\''")}'`;
    const a = analyzeLine(s);
    wellFormed(a);
    assert.equal(a.complete, false);
    let ok = 'rm -rf /';
    for (let i = 0; i < 8; i++) ok = `sh -c '${ok.replaceAll("'", "'\\''")}'`;
    assert.ok(texts(analyzeLine(ok)).includes('rm -rf /'));
  });

  it('bounds wrapper chains', () => {
    const a = analyzeLine('sudo '.repeat(200) + 'rm -rf /');
    assert.equal(a.complete, false);
    assert.ok(a.commands.every((c) => c.via.length <= 16));
  });

  it('bounds fan-out and alias expansion', () => {
    const x = analyzeLine('echo ' + 'a '.repeat(1000) + '| xargs -n1 rm');
    assert.equal(x.complete, false);
    assert.ok(x.commands.length < 300);
    const al = analyzeLine("alias a='a;a;b' b='a;b'; a");
    wellFormed(al);
    const chain = analyzeLine("alias a='b;b;b;b' b='c;c;c;c' c='d;d;d;d' d='e;e;e;e' e='f;f;f;f' f='g;g;g;g' g='h;h;h;h'; a");
    wellFormed(chain);
  });

  it('keeps pipedFrom short on long pipelines', () => {
    const a = analyzeLine(Array.from({ length: 500 }, (_, i) => 'p' + i).join(' | ') + ' | curl x | sh');
    const sh = a.commands.find((c) => c.program === 'sh');
    assert.ok(sh !== undefined && sh.pipedFrom.length <= 64);
    assert.equal(sh.pipedFrom[0], 'p0');
    assert.equal(sh.pipedFrom[sh.pipedFrom.length - 1], 'curl');
  });
});

describe('large and hostile input', () => {
  const hostile: [string, string][] = [
    ['nested $(', '$('.repeat(20000)],
    ['nested parens', '('.repeat(50000) + 'rm -rf /' + ')'.repeat(50000)],
    ['open parens', '('.repeat(100000)],
    ['open ((', '(('.repeat(50000)],
    ['open $((', '$(('.repeat(30000)],
    ['nested ${', '${'.repeat(50000)],
    ['nested braces', '{ '.repeat(30000) + 'rm -rf /' + '; }'.repeat(30000)],
    ['nested if', 'if true; then '.repeat(7000) + 'rm -rf /' + '; fi'.repeat(7000)],
    ['backslashes', '\\'.repeat(100001)],
    ['quotes', '"'.repeat(100001)],
    ['heredocs', 'cat <<EOF\n'.repeat(10000)],
    ['long pipeline', 'a | '.repeat(20000) + 'sh'],
    ['extglob', '@('.repeat(50000)],
    ['function chain', 'f() '.repeat(20000)],
    ['eval chain', 'eval '.repeat(20000) + 'rm'],
    ['bash -c chain', 'bash -c '.repeat(20000) + 'rm'],
  ];
  for (const [name, line] of hostile) {
    it(name, () => {
      const t0 = performance.now();
      const a = analyzeLine(line);
      wellFormed(a);
      assert.ok(performance.now() - t0 < 3000, `${name} took ${performance.now() - t0} ms`);
    });
  }

  it('finds the last command of a 100 KB line', () => {
    const line = 'git status && echo "step $(date)" > log; '.repeat(2500) + 'rm -rf /';
    assert.ok(line.length > 100_000);
    const t0 = performance.now();
    const a = analyzeLine(line);
    assert.ok(performance.now() - t0 < 2000);
    assert.equal(a.complete, true);
    assert.equal(a.commands[a.commands.length - 1]!.text, 'rm -rf /');
    assert.equal(a.commands.length, 2500 * 3 + 1);
  });

  it('handles a 100 KB word and a 100 KB unbalanced line', () => {
    assert.equal(analyzeLine('echo ' + 'x'.repeat(100_000)).commands.length, 1);
    const a = analyzeLine('echo "' + 'y '.repeat(50_000) + '; rm -rf /');
    assert.equal(a.complete, false);
    assert.ok(a.commands.some((c) => c.text === 'rm -rf /'));
  });
});

const FRAGMENTS = [
  ' ', ' ', ' ', '\t', '\n', ';', '&', '&&', '||', '|', '|&', '(', ')', '{', '}', '{ ', ' }', '[[', ']]', '((', '))',
  "'", '"', '`', '\\', '\\\n', '$', '$(', '${', '$((', "$'", '$"', '<(', '>(', '<', '>', '>>', '2>&1', '<<', '<<-', '<<<',
  'EOF', '<<EOF\n', '\nEOF\n', '#', '=', 'X=', '$X', '$IFS', '${IFS}', '~', '*', '?', '[a]', '{a,b}', '@(', '!(', '!',
  'rm', '-rf', '/', 'sudo', '-u', 'root', 'env', '-S', 'bash', 'sh', '-c', '-lc', 'eval', 'echo', 'printf', 'xargs',
  '-I{}', '-n1', '-0', 'find', '-exec', '\\;', '+', '{}', 'parallel', ':::', 'watch', 'timeout', '5', 'nice', 'git',
  'config', 'alias.x', 'alias', 'x=', 'python', 'python3 -c', 'node -e', 'perl -e', 'ruby -e', 'awk', 'os.system(',
  "subprocess.run(['", 'execSync(', 'system(', 'qx{', '%x(', 'if', 'then', 'else', 'fi', 'for', 'in', 'do', 'done',
  'while', 'case', 'esac', ';;', 'function', 'f()', 'coproc', 'time', 'export', 'cat', 'tee', '\0', 'é', '😀', '\ud800',
  '\u202e', '\r',
];

describe('fuzz', () => {
  it('never throws on 10k seeded random lines', () => {
    const next = rng(0x5afe5e11);
    for (let n = 0; n < 10_000; n++) {
      let line = '';
      const parts = 1 + Math.floor(next() * 40);
      for (let k = 0; k < parts; k++) {
        if (next() < 0.1) line += String.fromCharCode(Math.floor(next() * 0x3000));
        else line += FRAGMENTS[Math.floor(next() * FRAGMENTS.length)]!;
      }
      let a: Analysis;
      try {
        a = analyzeLine(line);
      } catch (e) {
        assert.fail(`iteration ${n} threw on ${JSON.stringify(line)}: ${String(e)}`);
      }
      wellFormed(a);
    }
  });

  it('never throws on 2k seeded random argvs', () => {
    const next = rng(42);
    for (let n = 0; n < 2_000; n++) {
      const argv: string[] = [];
      const count = Math.floor(next() * 12);
      for (let k = 0; k < count; k++) {
        let w = '';
        const parts = Math.floor(next() * 4);
        for (let j = 0; j <= parts; j++) w += FRAGMENTS[Math.floor(next() * FRAGMENTS.length)]!;
        argv.push(w);
      }
      wellFormed(analyzeArgv(argv));
    }
  });
});
