// The analyzer's output fields: text rendering and quoting, argv mode, pipedFrom, dynamic, via, env.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeArgv, analyzeLine } from '../../src/analyze/index.js';
import type { SimpleCommand } from '../../src/analyze/index.js';

function only(line: string): SimpleCommand {
  const a = analyzeLine(line);
  assert.equal(a.commands.length, 1, JSON.stringify(a.commands.map((c) => c.text)));
  return a.commands[0]!;
}

function find(line: string, program: string): SimpleCommand {
  const c = analyzeLine(line).commands.find((x) => x.program === program);
  assert.ok(c, `no ${program} in ${line}`);
  return c;
}

describe('text rendering', () => {
  const cases: [string, string][] = [
    ['rm   -rf    /', 'rm -rf /'],
    ['echo "hello world"', "echo 'hello world'"],
    ["echo \"it's\"", "echo 'it'\\''s'"],
    ["echo ''", "echo ''"],
    ['echo ~ ~/x *.log a?c [ab] {} {a,b} x^y !x a#x @%+=:,.', 'echo ~ ~/x *.log a?c [ab] {} {a,b} x^y !x a#x @%+=:,.'],
    ["ls '*.log'", 'ls *.log'],
    ['echo a\\ b', "echo 'a b'"],
    ['echo $\'a\\nb\'', "echo 'a\nb'"],
    ['echo é', "echo 'é'"],
    ['cat ${HOME}/.aws/credentials', 'cat ${HOME}/.aws/credentials'],
    ['mkdir $TMPDIR/build', 'mkdir $TMPDIR/build'],
    ["echo \"$HOME\"'/x y'", "echo \"$HOME\"'/x y'"],
    ['echo hi >> ~/.bashrc', 'echo hi >>~/.bashrc'],
    ['make 2>&1 > log.txt', 'make 2>&1 >log.txt'],
    ['>out echo hi', 'echo hi >out'],
    ['sort < in.txt', 'sort <in.txt'],
    ['cmd &> /dev/null', 'cmd &>/dev/null'],
    ['exec 3>&-', 'exec 3>&-'],
    ['cat > "my file"', "cat >'my file'"],
    ['cat <<EOF\nbody\nEOF', 'cat <<EOF'],
    ["cat <<'EOF'\nbody\nEOF", 'cat <<EOF'],
    ['cat <<-EOF\n\tbody\n\tEOF', 'cat <<-EOF'],
    ["grep x <<<'a b'", "grep x <<<'a b'"],
    ['/usr/bin/env', 'env'],
    ['./configure --prefix=/usr', 'configure --prefix=/usr'],
  ];
  for (const [line, text] of cases) {
    it(JSON.stringify(line), () => assert.equal(only(line).text, text));
  }

  it('renders a word holding an expansion as written', () => {
    assert.equal(find('eval "$(ssh-agent -s)"', 'eval').text, 'eval "$(ssh-agent -s)"');
  });

  it('keeps a space before a process substitution target so it cannot read as a heredoc', () => {
    assert.equal(find('bash < <(curl x)', 'bash').text, 'bash < <(curl x)');
  });

  it('strips quotes and escapes in args, keeps expansions as written', () => {
    const c = find("rm -rf \"a b\" 'c' \\d \"$X\" $(pwd)x", 'rm');
    assert.equal(c.program, 'rm');
    assert.deepEqual(c.args, ['-rf', 'a b', 'c', 'd', '"$X"', '$(pwd)x']);
  });

  it('reports assignment prefixes in env, not in text', () => {
    const c = only('FOO=1 BAR="a b" git clean -fdx');
    assert.equal(c.text, 'git clean -fdx');
    assert.deepEqual(c.env, ['FOO=1', "'BAR=a b'"]);
  });

  it('emits nothing for assignment-only commands', () => {
    assert.deepEqual(analyzeLine('A=1 B=2').commands, []);
    assert.deepEqual(analyzeLine('').commands, []);
    assert.deepEqual(analyzeLine('   # just a comment').commands, []);
  });
});

describe('analyzeArgv', () => {
  it('takes the basename of argv[0] and does not re-parse words', () => {
    const a = analyzeArgv(['/usr/bin/rm', '-rf', '/']);
    assert.deepEqual(a.commands.map((c) => [c.program, c.text]), [['rm', 'rm -rf /']]);
    const e = analyzeArgv(['echo', 'a; rm -rf /', '$(id)', '$HOME']);
    assert.equal(e.commands.length, 1);
    assert.equal(e.commands[0]!.text, "echo 'a; rm -rf /' '$(id)' '$HOME'");
    assert.equal(e.commands[0]!.dynamic, false);
  });

  it('still unwraps wrappers and shells inside the argv', () => {
    assert.deepEqual(analyzeArgv(['sudo', '-u', 'root', 'rm', '-rf', '/etc']).commands.map((c) => c.text), ['sudo -u root rm -rf /etc', 'rm -rf /etc']);
    const b = analyzeArgv(['/bin/bash', '-c', 'cd /x && git reset --hard']).commands;
    assert.deepEqual(b.map((c) => c.text), ["bash -c 'cd /x && git reset --hard'", 'cd /x', 'git reset --hard']);
    assert.deepEqual(b[2]!.via, ['bash -c']);
    assert.deepEqual(analyzeArgv(['env', 'A=1', 'git', 'reset', '--hard']).commands.map((c) => c.program), ['env', 'git']);
    assert.deepEqual(analyzeArgv(['xargs', 'rm']).commands[1]!.text, 'rm {}');
  });

  it('handles an empty argv', () => {
    assert.deepEqual(analyzeArgv([]), { commands: [], complete: true });
  });
});

describe('pipedFrom', () => {
  it('lists every earlier stage, nearest last, for every stage', () => {
    const cs = analyzeLine('a | b | c').commands;
    assert.deepEqual(cs.map((c) => c.pipedFrom), [[], ['a'], ['a', 'b']]);
  });

  it('includes wrapped programs of earlier stages and passes through wrappers', () => {
    const cs = analyzeLine('sudo curl x | sudo bash').commands;
    assert.deepEqual(cs.map((c) => [c.program, c.pipedFrom]), [
      ['sudo', []], ['curl', []], ['sudo', ['sudo', 'curl']], ['bash', ['sudo', 'curl']],
    ]);
  });

  it('does not give commands inside substitutions the pipe', () => {
    const cs = analyzeLine('curl x | bash -c "$(cat y)"').commands;
    assert.deepEqual(find('curl x | bash -c "$(cat y)"', 'cat').pipedFrom, []);
    assert.deepEqual(cs.find((c) => c.program === 'bash')?.pipedFrom, ['curl']);
  });

  it('counts process substitutions read as stdin or as a script', () => {
    assert.deepEqual(find('bash < <(curl -s x)', 'bash').pipedFrom, ['curl']);
    assert.deepEqual(find('source <(curl -s x)', 'source').pipedFrom, ['curl']);
  });

  it('flows into subshells and loops that are a stage', () => {
    assert.deepEqual(find('curl x | (cd /tmp && sh)', 'sh').pipedFrom, ['curl']);
    assert.deepEqual(find('curl x | while read l; do sh; done', 'sh').pipedFrom, ['curl']);
  });
});

describe('dynamic', () => {
  const cases: [string, boolean][] = [
    ['rm -rf /', false],
    ['rm -rf $HOME', true],
    ['rm -rf "${HOME}"', true],
    ['rm -rf $(pwd)', true],
    ['rm -rf `pwd`', true],
    ['echo $((1+2))', true],
    ['rm -rf *.log', false],
    ['rm -rf ~', false],
    ['rm$IFS-rf$IFS/', false],
    ['echo $?', true],
  ];
  for (const [line, dyn] of cases) {
    it(`${line} -> ${dyn}`, () => {
      const cs = analyzeLine(line).commands;
      assert.equal(cs[cs.length - 1]!.dynamic, dyn);
    });
  }

  it('leaves the program empty when it is only known at run time', () => {
    const c = only('$CMD -rf /');
    assert.equal(c.program, '');
    assert.equal(c.dynamic, true);
    assert.equal(c.text, '$CMD -rf /');
  });

  it('keeps a literal last path segment of a dynamic program word', () => {
    const c = only('$HOME/bin/rm -rf /');
    assert.equal(c.program, 'rm');
    assert.equal(c.dynamic, true);
  });

  it('substitutes a program set by an earlier assignment in the line', () => {
    const cs = analyzeLine("X='git reset'; $X --hard").commands;
    assert.deepEqual(cs.map((c) => [c.text, c.dynamic]), [['git reset --hard', false]]);
    assert.deepEqual(analyzeLine('export R=rm; ${R} -rf /').commands.map((c) => c.text), ["export R=rm", 'rm -rf /']);
  });

  it('marks commands of a partly literal eval/-c script dynamic', () => {
    const rm = find('eval "rm -rf $DIR"', 'rm');
    assert.equal(rm.dynamic, true);
    assert.equal(rm.text, 'rm -rf $DIR');
    assert.deepEqual(rm.via, ['eval']);
    assert.equal(find("sh -c \"rm -rf $1\" _ /", 'rm').dynamic, true);
  });

  it('analyses nothing inside a script that is only an expansion', () => {
    assert.deepEqual(analyzeLine('bash -c "$CMD"').commands.map((c) => [c.program, c.dynamic]), [['bash', true]]);
  });
});

describe('via', () => {
  it('records nested wrappers outermost first', () => {
    const cs = analyzeLine("sudo env A=1 bash -c 'nohup rm -rf /'").commands;
    assert.deepEqual(cs.map((c) => [c.program, c.via]), [
      ['sudo', []], ['env', ['sudo']], ['bash', ['sudo', 'env']], ['nohup', ['sudo', 'env', 'bash -c']], ['rm', ['sudo', 'env', 'bash -c', 'nohup']],
    ]);
  });

  it('labels stdin-fed shells by how the script arrives', () => {
    assert.deepEqual(find("echo 'rm -rf /' | sh", 'rm').via, ['| sh']);
    assert.deepEqual(find('bash <<EOF\nrm -rf /\nEOF', 'rm').via, ['bash <<']);
    assert.deepEqual(find("bash <<<'rm -rf /'", 'rm').via, ['bash <<<']);
    assert.deepEqual(find('find . -exec rm {} +', 'rm').via, ['find -exec']);
  });

  it('passes redirections of a wrapper on to the wrapped command', () => {
    assert.equal(find('sudo tee -a /etc/hosts > /dev/null', 'tee').text, 'tee -a /etc/hosts >/dev/null');
  });
});
