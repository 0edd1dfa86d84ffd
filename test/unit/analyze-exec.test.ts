// Commands that run other commands: wrapper options, shells, xargs/find/parallel fan-out, interpreter one-liners.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeLine } from '../../src/analyze/index.js';

function texts(line: string): string[] {
  return analyzeLine(line).commands.map((c) => c.text);
}

function inner(line: string): string[] {
  return analyzeLine(line).commands.filter((c) => c.via.length > 0).map((c) => c.text);
}

describe('wrapper options', () => {
  const cases: [string, string[]][] = [
    ['sudo -u root -g wheel -E -H -- rm -rf /', ['rm -rf /']],
    ['sudo -Eu root rm -rf /', ['rm -rf /']],
    ['sudo --user=root rm -rf /', ['rm -rf /']],
    ['sudo --user root VAR=1 rm -rf /', ['rm -rf /']],
    ['sudo -l rm', []],
    ['sudo -s', []],
    ['env', []],
    ['env -i A=1 B=2', []],
    ['env --chdir=/tmp --unset=X rm -rf /', ['rm -rf /']],
    ["env -S'rm -rf /'", ['rm -rf /']],
    ['command -v rm', []],
    ['command -p rm -rf /', ['rm -rf /']],
    ['nice -10 rm -rf /', ['rm -rf /']],
    ['nice -n -5 rm -rf /', ['rm -rf /']],
    ['nice --adjustment=5 rm -rf /', ['rm -rf /']],
    ['time -p rm -rf /', ['rm -rf /']],
    ['timeout --signal=KILL -k 5 10s rm -rf /', ['rm -rf /']],
    ['timeout 5', []],
    ['stdbuf -i0 -o L -eL rm -rf /', ['rm -rf /']],
    ['exec -a name rm -rf /', ['rm -rf /']],
    ['exec >log 2>&1', []],
    ['ionice -c 3 rm -rf /', ['rm -rf /']],
    ['taskset 0x1 rm -rf /', ['rm -rf /']],
    ['taskset -p 0x1 1234', []],
    ['chroot /mnt rm -rf /', ['rm -rf /']],
    ['setsid -f rm -rf /', ['rm -rf /']],
    ['busybox rm -rf /', ['rm -rf /']],
    ["flock /tmp/l -c 'rm -rf /'", ['rm -rf /']],
    ['flock -w 5 /tmp/l rm -rf /', ['rm -rf /']],
    ['runuser -u bob -- rm -rf /', ['rm -rf /']],
    ["runuser -l bob -c 'rm -rf /'", ['rm -rf /']],
    ['watch -x rm -rf /', ['rm -rf /']],
    ["watch -n1 -d 'ls; rm -rf /'", ['ls', 'rm -rf /']],
    ['ssh -p 22 -i key user@host rm -rf /', ['rm -rf /']],
    ['ssh host', []],
    ['nsenter -t 1 -m -u -n rm -rf /', ['rm -rf /']],
    ['unshare -r rm -rf /', ['rm -rf /']],
  ];
  for (const [line, expected] of cases) {
    it(JSON.stringify(line), () => {
      const got = inner(line);
      for (const e of expected) assert.ok(got.includes(e), `missing ${e} in ${JSON.stringify(got)}`);
      if (expected.length === 0) assert.deepEqual(got, []);
    });
  }
});

describe('shells', () => {
  it('finds the -c script after other options', () => {
    for (const line of ["bash -o pipefail -c 'rm -rf /'", "bash --norc --noprofile -c 'rm -rf /'", "sh -xec 'rm -rf /'", "dash -c 'rm -rf /' name arg"]) {
      assert.ok(texts(line).includes('rm -rf /'), line);
    }
  });

  it('does not analyse a script file operand', () => {
    assert.deepEqual(texts('bash deploy.sh rm -rf /'), ['bash deploy.sh rm -rf /']);
  });

  it('reads literal echo/printf output piped into a shell, through cat and tee', () => {
    assert.ok(texts("printf 'rm -rf %s\\n' / /home | sh").includes('rm -rf /home'));
    assert.ok(texts("echo 'rm -rf /' | cat | tee log | bash").includes('rm -rf /'));
    assert.ok(texts("echo -e 'ls\\nrm -rf /' | sh").includes('rm -rf /'));
    assert.ok(!texts("echo 'rm -rf /' >&2 | sh").includes('rm -rf /'));
    assert.ok(texts("{ echo ls; echo 'rm -rf /'; } | sh").includes('rm -rf /'));
    assert.ok(texts("(printf 'rm -rf /') | bash").includes('rm -rf /'));
  });

  it('reads scripts given as <(echo …) or /dev/stdin, and positional parameters of -c scripts', () => {
    for (const line of ["source <(echo 'rm -rf /')", "bash <(printf 'rm -rf /')", "bash < <(echo 'rm -rf /')", "echo 'rm -rf /' | . /dev/stdin"]) {
      assert.ok(texts(line).includes('rm -rf /'), line);
    }
    assert.ok(texts("sh -c 'rm -rf \"$1\"' _ /").includes('rm -rf /'));
    assert.ok(texts("sh -c 'rm $@' _ a b").includes('rm a b'));
    assert.ok(texts("sh -c 'eval \"$1\"' _ 'rm -rf /'").includes('rm -rf /'));
    assert.deepEqual(texts('source ./env.sh'), ['source ./env.sh']);
  });

  it('does not re-expand an alias inside itself', () => {
    assert.deepEqual(texts("alias ls='ls --color'; ls -l"), ["alias 'ls=ls --color'", 'ls -l', 'ls --color -l']);
  });
});

describe('xargs', () => {
  const cases: [string, string[]][] = [
    ['echo a b c | xargs rm', ['rm a b c']],
    ['echo a b c | xargs -n 1 rm', ['rm a', 'rm b', 'rm c']],
    ['echo a b c | xargs -n2 rm', ['rm a b', 'rm c']],
    ["printf 'a\\nb\\n' | xargs -I % rm -rf /%", ['rm -rf /a', 'rm -rf /b']],
    ["printf '/\\0/home\\0' | xargs -0 rm -rf", ['rm -rf / /home']],
    ['echo "\'a b\'" c | xargs rm', ["rm 'a b' c"]],
    ['echo x | xargs', ['echo x']],
    ['xargs -a list rm', ['rm {}']],
    ['xargs rm <<EOF\n/a\n/b\nEOF', ['rm /a /b']],
    ["xargs rm -rf <<< '/'", ['rm -rf /']],
    ['ls | xargs -I {} mv {} {}.bak', ['mv {} {}.bak']],
    ['ls | xargs --replace=% rm %', ['rm {}']],
    ['cat list | xargs -r sh -c \'rm -rf "$@"\' _', ["sh -c 'rm -rf \"$@\"' _ {}"]],
  ];
  for (const [line, expected] of cases) {
    it(JSON.stringify(line), () => {
      const got = inner(line);
      for (const e of expected) assert.ok(got.includes(e), `missing ${e} in ${JSON.stringify(got)}`);
    });
  }

  it('marks the placeholder dynamic and known input not dynamic', () => {
    assert.equal(analyzeLine('ls | xargs rm').commands.find((c) => c.program === 'rm')?.dynamic, true);
    assert.equal(analyzeLine('echo a | xargs rm').commands.find((c) => c.program === 'rm')?.dynamic, false);
  });
});

describe('find -exec and parallel', () => {
  const cases: [string, string[]][] = [
    ['find . -name "*.tmp" -exec rm -f {} +', ['rm -f {}']],
    ["find . -execdir sh -c 'rm -rf \"$1\"' _ {} \\;", ['rm -rf {}']],
    ['find . -ok rm {} \\; -exec chmod 777 {} \\;', ['rm {}', 'chmod 777 {}']],
    ['parallel rm -rf ::: a b', ['rm -rf a', 'rm -rf b']],
    ['parallel rm {1}/{2} ::: x y ::: p', ['rm x/p', 'rm y/p']],
    ["parallel 'rm -rf {}' ::: '/my dir'", ["rm -rf '/my dir'"]],
    ["parallel ::: 'rm -rf /' ls", ['rm -rf /', 'ls']],
    ['parallel -j4 rm {.} ::: a.txt', ['rm a']],
    ['ls | parallel rm', ['rm {}']],
    ["printf 'a\\nb\\n' | parallel rm", ['rm a', 'rm b']],
  ];
  for (const [line, expected] of cases) {
    it(JSON.stringify(line), () => {
      const got = inner(line);
      for (const e of expected) assert.ok(got.includes(e), `missing ${e} in ${JSON.stringify(got)}`);
    });
  }

  it('marks find -exec commands holding {} dynamic', () => {
    const rm = analyzeLine('find /foo -exec rm -rf {} \\;').commands.find((c) => c.program === 'rm');
    assert.equal(rm?.dynamic, true);
    assert.deepEqual(rm?.args, ['-rf', '{}']);
  });
});

describe('interpreter one-liners', () => {
  const cases: [string, string[]][] = [
    ["python -c \"import os; os.system('rm -rf /')\"", ['rm -rf /']],
    ["python3 -c 'import subprocess; subprocess.run([\"rm\", \"-rf\", \"/\"])'", ['rm -rf /']],
    ["python3 -c 'import subprocess; subprocess.call(\"rm -rf /\", shell=True)'", ['rm -rf /']],
    ["python -c 'import os; os.execvp(\"rm\", [\"rm\", \"-rf\", \"/\"])'", ['rm -rf /']],
    ["python -c 'import os; os.popen(\"git reset --hard\").read()'", ['git reset --hard']],
    ["python -c 'exec(\"import os; os.system(\\\"rm -rf /\\\")\")'", ['rm -rf /']],
    ["python -c \"__import__('os').system('rm -rf ' + d)\"", ['rm -rf {}']],
    ['python <<EOF\nimport os\nos.system("rm -rf /")\nEOF', ['rm -rf /']],
    ["echo 'import os; os.system(\"rm -rf /\")' | python3", ['rm -rf /']],
    ["node -e \"require('child_process').execSync('rm -rf /')\"", ['rm -rf /']],
    ["node -e \"require('child_process').spawnSync('sh', ['-c', 'rm -rf /'])\"", ["sh -c 'rm -rf /'", 'rm -rf /']],
    ["node -pe \"require('child_process').execFileSync('rm', ['-rf', '/'])\"", ['rm -rf /']],
    ["node --eval 'require(\"child_process\").exec(`git clean -fdx`)'", ['git clean -fdx']],
    ["perl -e \"system('rm -rf /home/user')\"", ['rm -rf /home/user']],
    ["perl -le 'system \"rm\", \"-rf\", \"/\"'", ['rm -rf /']],
    ["perl -e 'print qx{rm -rf /}'", ['rm -rf /']],
    ["perl -e 'print `rm -rf /`'", ['rm -rf /']],
    ["ruby -e 'system(\"rm -rf /\")'", ['rm -rf /']],
    ["ruby -e '%x(rm -rf /)'", ['rm -rf /']],
    ["awk 'BEGIN { system(\"rm -rf /\") }'", ['rm -rf /']],
    ["awk -F: 'BEGIN { \"rm -rf /\" | getline x }'", ['rm -rf /']],
    ["php -r 'shell_exec(\"rm -rf /\");'", ['rm -rf /']],
    ["deno eval \"require('child_process').execSync('rm -rf /')\"", ['rm -rf /']],
    ["bun -e \"Bun.spawnSync(['rm', '-rf', '/'])\"", ['rm -rf /']],
  ];
  for (const [line, expected] of cases) {
    it(JSON.stringify(line), () => {
      const got = inner(line);
      for (const e of expected) assert.ok(got.includes(e), `missing ${e} in ${JSON.stringify(got)}`);
    });
  }

  it('labels commands with the interpreter and flag', () => {
    const rm = analyzeLine("python3 -c \"import os; os.system('rm -rf /')\"").commands.find((c) => c.program === 'rm');
    assert.deepEqual(rm?.via, ['python3 -c']);
  });

  it('does not treat printed strings or a module run as commands', () => {
    assert.deepEqual(inner("python -c 'print(\"rm -rf /\")'"), []);
    assert.deepEqual(inner('python -m http.server'), []);
    assert.deepEqual(inner("node -e 'console.log(\"rm -rf /\")'"), []);
    assert.deepEqual(inner("awk '{ print \"rm -rf /\" }' f"), []);
  });
});
