// The wrapper's redirect line (src/match/redirect-line.ts): the template rendered against the line's own words, and
// the lines it refuses (anything but one simple command), checked by running the rendered line in a real bash.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderRedirectLine, shellQuote } from '../../src/match/redirect-line.js';
import { run } from '../helpers/proc.js';

const T = ['trash-put', '$ARGS'];

describe('redirect line for the $SHELL -c wrapper', () => {
  it('splices the original words as written: quotes, globs, variables and redirections stay for the shell', () => {
    assert.equal(renderRedirectLine(T, 'rm -f a', 'rm'), 'trash-put -f a');
    assert.equal(renderRedirectLine(T, `rm "a b" 'c d' *.log $HOME/x 2>/dev/null`, 'rm'), `trash-put "a b" 'c d' *.log $HOME/x 2> /dev/null`);
    assert.equal(renderRedirectLine(T, '\\rm x', 'rm'), 'trash-put x');
    assert.equal(renderRedirectLine(T, '/bin/rm x\n', 'rm'), 'trash-put x');
    assert.equal(renderRedirectLine(['gio', 'trash', '$1', 'it is', '$PROGRAM'], 'rm one two', 'rm'), "gio trash one 'it is' rm");
    assert.equal(renderRedirectLine(['if', '$ARGS'], 'rm x', 'rm'), "'if' x", 'a reserved word is quoted');
  });

  it('refuses lines that are not exactly one simple command of that program', () => {
    for (const line of ['cd /tmp && rm x', 'rm x; ls', 'rm x | cat', 'FOO=1 rm x', '$RM x', 'command rm x', '! rm x', 'rm x <<EOF\nhi\nEOF', '(rm x)', 'rm "x', 'rm x\nls']) {
      assert.equal(renderRedirectLine(T, line, 'rm'), null, line);
    }
  });

  it('shellQuote reads back as the same word', async () => {
    const words = ['plain', 'a b', "it's", '$HOME', '*', '', 'x=y', '~/z', 'tab\there', 'new\nline'];
    const r = await run('/bin/bash', ['-c', `printf '%s\\0' ${words.map(shellQuote).join(' ')}`]);
    assert.deepEqual(r.stdout.toString().split('\0').slice(0, -1), words);
  });

  it('the rendered line expands in bash as the original would have', async () => {
    const line = `rm "a  b" 'c'"d" $'e\\tf' ~/g "$1"`;
    const rendered = renderRedirectLine(['printf', '%s\\0', '$ARGS'], line, 'rm')!;
    const original = await run('/bin/bash', ['-c', line.replace(/^rm/, "printf '%s\\0'"), 'sh', 'pos one']);
    const redirected = await run('/bin/bash', ['-c', rendered, 'sh', 'pos one']);
    assert.equal(redirected.stdout.toString(), original.stdout.toString());
    assert.match(redirected.stdout.toString(), /^a {2}b\0cd\0e\tf\0\/.*\/g\0pos one\0$/);
  });
});
