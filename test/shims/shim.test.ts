// The C shim against a scripted daemon: exact argv, context, every verdict, every fail-policy case, PATH identity.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fakeDaemon, staleSocket, verdict } from '../helpers/daemon.js';
import { argvDumpBinary, makeHome, splitNul, type TestHome } from '../helpers/home.js';
import { cleanEnv, run, start } from '../helpers/proc.js';

let h: TestHome;
let bin: string; // holds the real argvdump and touch-like fixtures, after the shims on PATH
let env: NodeJS.ProcessEnv;

before(() => {
  h = makeHome({ programs: ['argvdump', 'mark', 'onlyshim'] });
  bin = join(h.tmp, 'bin');
  mkdirSync(bin);
  symlinkSync(argvDumpBinary(), join(bin, 'argvdump'));
  // `mark FILE` creates FILE: how the tests see whether a command ran.
  writeFileSync(join(bin, 'mark'), '#!/bin/sh\n: > "$1"\n', { mode: 0o755 });
  env = cleanEnv({ PATH: `${h.p.shims}:${bin}:/usr/bin:/bin`, SAFESHELL_NO_AUTOSTART: '1' });
});
after(() => h.cleanup());

const shim = (name: string): string => join(h.p.shims, name);
const withConfig = (policy: 'open' | 'closed'): void => writeFileSync(h.p.config, `on_daemon_unavailable: ${policy}\n`);

describe('shim: allow', () => {
  it('execs the real program with the exact argv, argv[0] kept', async () => {
    const d = await fakeDaemon(h.p, () => verdict('allow'));
    try {
      const args = ['plain', 'two words', '$HOME', `q'"\\`, '', 'new\nline', 'tab\there', '*', '\u00e9\u4e2d\u{1F600}'];
      const r = await run('argvdump', args, { env });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(splitNul(r.stdout).map(String), ['argvdump', ...args]);
      assert.equal(r.stderr, '');
      const req = d.requests[0]!;
      assert.equal(req.type, 'evaluate');
      assert.equal(req.client, 'shim');
      assert.deepEqual(req.argv, ['argvdump', ...args]);
      assert.equal(req.cwd, '/tmp');
      assert.equal(req.context, 'human');
      assert.equal(typeof req.pid, 'number');
    } finally {
      await d.close();
    }
  });

  it('sends invalid UTF-8 and control bytes losslessly (lone surrogates \\udc80-\\udcff for bad bytes)', async () => {
    const d = await fakeDaemon(h.p, () => verdict('allow'));
    try {
      const raw = Buffer.from([0x61, 0xff, 0x62, 0xc3, 0x28, 0x01, 0x7f]);
      // Node cannot pass raw bytes in argv, so bash does: printf builds the argument.
      const r = await run('/bin/bash', ['-c', `argvdump "$(printf 'a\\377b\\303(\\001\\177')"`], { env });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(splitNul(r.stdout)[1], raw);
      assert.deepEqual(d.requests[0]!.argv, ['argvdump', 'a\udcffb\udcc3(\u0001\u007f']);
    } finally {
      await d.close();
    }
  });

  it('passes stdin, stdout, exit code through (the program runs in place)', async () => {
    const d = await fakeDaemon(h.p, () => verdict('allow'));
    try {
      const input = Buffer.from([0, 1, 2, 255, 10, 13]);
      const r = await run('argvdump', ['x'], { env: { ...env, DUMP_STDIN: '1', DUMP_EXIT: '7' }, input });
      assert.equal(r.code, 7);
      assert.deepEqual(Buffer.from(r.stderr, 'latin1').length, input.length);
    } finally {
      await d.close();
    }
  });

  it('sends the environment (not bash functions) and the context', async () => {
    const d = await fakeDaemon(h.p, () => verdict('allow'));
    try {
      await run('argvdump', [], { env: { ...env, FOO: 'bar', 'BASH_FUNC_f%%': '() { :; }' } });
      await run('argvdump', [], { env: { ...env, SAFESHELL_CONTEXT: 'ai' } });
      await run('argvdump', [], { env: { ...env, CLAUDECODE: '1', SAFESHELL_CONTEXT: 'human' } });
      await run('argvdump', [], { env: { ...env, GEMINI_CLI: '1' } });
      await run('argvdump', [], { env: { ...env, CLAUDECODE: '0' } });
      const [first, ai, marker, gemini, zero] = d.requests;
      const e = first!.env as Record<string, string>;
      assert.equal(e.FOO, 'bar');
      assert.equal(e['BASH_FUNC_f%%'], undefined);
      assert.equal(first!.context, 'human');
      assert.equal(ai!.context, 'ai');
      assert.equal(marker!.context, 'ai', 'SAFESHELL_CONTEXT=human does not override an agent marker');
      assert.equal(gemini!.context, 'ai');
      assert.equal(zero!.context, 'human');
    } finally {
      await d.close();
    }
  });
});

describe('shim: verdicts', () => {
  it('deny: message on stderr, exit 126, the program does not run', async () => {
    const d = await fakeDaemon(h.p, () => verdict('deny'));
    try {
      const marker = join(h.tmp, 'denied');
      const r = await run('mark', [marker], { env });
      assert.equal(r.code, 126);
      assert.match(r.stderr, /blocked: test says deny \[rule: test-rule\]/);
      assert.equal(existsSync(marker), false);
    } finally {
      await d.close();
    }
  });

  it('require_approval: exit 125, not run', async () => {
    const d = await fakeDaemon(h.p, () => verdict('require_approval'));
    try {
      const marker = join(h.tmp, 'approval');
      const r = await run('mark', [marker], { env });
      assert.equal(r.code, 125);
      assert.match(r.stderr, /approval required, not run/);
      assert.equal(existsSync(marker), false);
    } finally {
      await d.close();
    }
  });

  it('redirect: execs the target argv instead', async () => {
    const d = await fakeDaemon(h.p, () => verdict('redirect', { redirect: ['argvdump', 'instead', 'of it'] }));
    try {
      const marker = join(h.tmp, 'redirected');
      const r = await run('mark', [marker], { env });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(splitNul(r.stdout).map(String), ['argvdump', 'instead', 'of it']);
      assert.equal(existsSync(marker), false);
    } finally {
      await d.close();
    }
  });

  it('redirect to a missing program: 127', async () => {
    const d = await fakeDaemon(h.p, () => verdict('redirect', { redirect: ['no-such-program-x'] }));
    try {
      const r = await run('argvdump', [], { env });
      assert.equal(r.code, 127);
    } finally {
      await d.close();
    }
  });

  it('SAFESHELL_BYPASS=1 skips the check for a human, not in AI context', async () => {
    const d = await fakeDaemon(h.p, () => verdict('deny'));
    try {
      const human = await run('argvdump', ['x'], { env: { ...env, SAFESHELL_BYPASS: '1' } });
      assert.equal(human.code, 0);
      assert.equal(d.requests.length, 0);
      const agent = await run('argvdump', ['x'], { env: { ...env, SAFESHELL_BYPASS: '1', CLAUDECODE: '1' } });
      assert.equal(agent.code, 126);
      assert.equal(d.requests.length, 1);
    } finally {
      await d.close();
    }
  });
});

describe('shim: fail policy, the same for every failure', () => {
  type Case = { name: string; setup(): Promise<() => Promise<void>>; why: RegExp };
  const cases: Case[] = [
    { name: 'no socket', setup: async () => async () => {}, why: /no socket/ },
    {
      name: 'stale socket (refused)',
      setup: async () => {
        mkdirSync(h.p.run, { recursive: true, mode: 0o700 });
        await staleSocket(h.p.socket);
        return async () => {
          try {
            (await import('node:fs')).unlinkSync(h.p.socket);
          } catch {
            // gone
          }
        };
      },
      why: /connection refused/,
    },
    { name: 'timeout', setup: async () => (await fakeDaemon(h.p, () => 'hang')).close, why: /timed out/ },
    { name: 'garbage reply', setup: async () => (await fakeDaemon(h.p, () => 'hello there\n')).close, why: /garbled reply/ },
    { name: 'truncated reply', setup: async () => (await fakeDaemon(h.p, () => '{"ok":true,"verdict":"al')).close, why: /timed out|truncated/ },
    { name: 'closed without reply', setup: async () => (await fakeDaemon(h.p, () => 'close')).close, why: /without a reply/ },
    { name: 'error reply', setup: async () => (await fakeDaemon(h.p, () => '{"ok":false,"code":"E_INTERNAL","error":"boom"}\n')).close, why: /E_INTERNAL/ },
    { name: 'unknown verdict', setup: async () => (await fakeDaemon(h.p, () => verdict('maybe'))).close, why: /unknown verdict/ },
  ];
  for (const policy of ['open', 'closed'] as const) {
    for (const c of cases) {
      it(`${c.name} -> ${policy}`, async () => {
        withConfig(policy);
        const teardown = await c.setup();
        try {
          const marker = join(h.tmp, `fp-${policy}-${c.name.replace(/\W/g, '')}`);
          const r = await run('mark', [marker], { env: { ...env, SAFESHELL_TIMEOUT_MS: '300' } });
          assert.match(r.stderr, c.why);
          if (policy === 'open') {
            assert.equal(r.code, 0, r.stderr);
            assert.match(r.stderr, /runs unchecked \(on_daemon_unavailable: open\)/);
            assert.equal(existsSync(marker), true);
          } else {
            assert.equal(r.code, 69, r.stderr);
            assert.match(r.stderr, /blocked \(on_daemon_unavailable: closed\)/);
            assert.equal(existsSync(marker), false);
          }
        } finally {
          await teardown();
          withConfig('open');
        }
      });
    }
  }

  it('a truncated reply followed by EOF is a failure too', async () => {
    withConfig('closed');
    const d = await fakeDaemon(h.p, () => 'close');
    await d.close();
    const net = await import('node:net');
    const server = net.createServer((s) => s.on('data', () => s.end('{"ok":true,"verdict":"allow"')));
    await new Promise<void>((r) => server.listen(h.p.socket, r));
    try {
      const r = await run('mark', [join(h.tmp, 'trunc-eof')], { env });
      assert.equal(r.code, 69);
      assert.match(r.stderr, /truncated reply/);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
      withConfig('open');
    }
  });
});

describe('shim: an agent cannot shorten the timeouts', () => {
  it('ignores SAFESHELL_TIMEOUT_MS in AI context (it would force the fail policy)', async () => {
    withConfig('open');
    const d = await fakeDaemon(h.p, () => 'hang');
    const marker = join(h.tmp, 'timeout-ai');
    const human = await run('mark', [marker + '-human'], { env: { ...env, SAFESHELL_TIMEOUT_MS: '100' } });
    assert.match(human.stderr, /timed out/);
    const ai = start('mark', [marker], { env: { ...env, SAFESHELL_TIMEOUT_MS: '100', SAFESHELL_CONTEXT: 'ai' } });
    try {
      // A person's 100 ms applies (above); the agent's is ignored, so the default 5 s is still running after 1 s.
      const early = await Promise.race([ai.done.then(() => 'exited'), new Promise((r) => setTimeout(() => r('waiting'), 1000))]);
      assert.equal(early, 'waiting');
      assert.equal(existsSync(marker), false);
    } finally {
      ai.child.kill('SIGKILL');
      await ai.done;
      await d.close();
    }
  });
});

describe('shim: finding the real program', () => {
  it('skips the shim directory however PATH spells it, and other safeshell shims', async () => {
    const d = await fakeDaemon(h.p, () => verdict('allow'));
    try {
      const alias = join(h.tmp, 'shims-alias');
      symlinkSync(h.p.shims, alias);
      const other = join(h.tmp, 'other-shims');
      mkdirSync(other);
      symlinkSync(join(h.p.shims, 'safeshell-shim'), join(other, 'safeshell-shim'));
      symlinkSync('safeshell-shim', join(other, 'argvdump'));
      const PATH = [h.p.shims, `${h.p.shims}/`, `${h.home}/./shims`, alias, other, bin, '/usr/bin:/bin'].join(':');
      const r = await run('argvdump', ['ok'], { env: { ...env, PATH } });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(splitNul(r.stdout).map(String), ['argvdump', 'ok']);
      assert.equal(d.requests.length, 1, 'asked once: no shim loop');
    } finally {
      await d.close();
    }
  });

  it('a program found only as a shim is "command not found" (127), without asking', async () => {
    const d = await fakeDaemon(h.p, () => verdict('allow'));
    try {
      const r = await run(shim('onlyshim'), [], { env });
      assert.equal(r.code, 127);
      assert.match(r.stderr, /command not found/);
      assert.equal(d.requests.length, 0);
    } finally {
      await d.close();
    }
  });
});

describe('wrapper ($SHELL -c)', () => {
  const wrapper = (): string => shim('safeshell-wrapper');

  it('checks -c, -lc, -l -c, --login -c, -ec, -o opt -c: the command line goes to the daemon, the shell runs it', async () => {
    const d = await fakeDaemon(h.p, () => verdict('allow'));
    try {
      const forms: string[][] = [['-c'], ['-lc'], ['-l', '-c'], ['--login', '-c'], ['-ec'], ['-o', 'pipefail', '-c'], ['-c', '--']];
      for (const form of forms) {
        const r = await run(wrapper(), [...form, 'printf "%s|" "$0" "$1" a\\ b', 'zero', 'one'], { env });
        assert.equal(r.code, 0, `${form.join(' ')}: ${r.stderr}`);
        assert.equal(r.stdout.toString(), 'zero|one|a b|', form.join(' '));
      }
      assert.equal(d.requests.length, forms.length);
      for (const req of d.requests) {
        assert.equal(req.command, 'printf "%s|" "$0" "$1" a\\ b');
        assert.equal(req.client, 'wrapper');
        assert.equal(req.argv, undefined);
      }
    } finally {
      await d.close();
    }
  });

  it('any other use passes straight to the real shell without asking', async () => {
    const d = await fakeDaemon(h.p, () => verdict('deny'));
    try {
      const script = join(h.tmp, 'script.sh');
      writeFileSync(script, 'echo "script $1"\n');
      const r = await run(wrapper(), [script, 'arg'], { env });
      assert.equal(r.stdout.toString(), 'script arg\n');
      const s = await run(wrapper(), ['-s'], { env, input: 'echo from stdin\n' });
      assert.equal(s.stdout.toString(), 'from stdin\n');
      assert.equal(d.requests.length, 0);
    } finally {
      await d.close();
    }
  });

  it('deny: exit 126 and the shell never runs', async () => {
    const d = await fakeDaemon(h.p, () => verdict('deny'));
    try {
      const marker = join(h.tmp, 'wrapper-denied');
      const r = await run(wrapper(), ['-c', `: > ${marker}`], { env });
      assert.equal(r.code, 126);
      assert.equal(existsSync(marker), false);
    } finally {
      await d.close();
    }
  });

  it('redirect cannot be applied to a command line: refused, naming the replacement', async () => {
    const d = await fakeDaemon(h.p, () => verdict('redirect', { redirect: ['trash', 'x'] }));
    try {
      const r = await run(wrapper(), ['-c', 'rm x'], { env });
      assert.equal(r.code, 126);
      assert.match(r.stderr, /run `trash x` instead/);
    } finally {
      await d.close();
    }
  });

  it('uses SAFESHELL_REAL_SHELL, and keeps login shells login shells (-safeshell-wrapper)', async () => {
    const d = await fakeDaemon(h.p, () => verdict('allow'));
    try {
      const r = await run(wrapper(), ['-c', 'echo "$0"'], { env: { ...env, SAFESHELL_REAL_SHELL: '/bin/dash' } });
      assert.equal(r.stdout.toString(), '/bin/dash\n');
      const login = await run(wrapper(), ['-c', 'shopt -q login_shell && echo login'], { env, argv0: '-safeshell-wrapper' });
      assert.equal(login.stdout.toString(), 'login\n');
    } finally {
      await d.close();
    }
  });

  it('fails by the policy, like the shim', async () => {
    withConfig('closed');
    try {
      const r = await run(wrapper(), ['-c', 'echo hi'], { env });
      assert.equal(r.code, 69);
      withConfig('open');
      const o = await run(wrapper(), ['-c', 'echo hi'], { env });
      assert.equal(o.code, 0);
      assert.equal(o.stdout.toString(), 'hi\n');
    } finally {
      withConfig('open');
    }
  });
});

describe('safeshell-check (builtins)', () => {
  it('asks with argv, or with --line the joined words as a command line', async () => {
    const d = await fakeDaemon(h.p, (req) => verdict((req.argv as string[] | undefined)?.[1] === '/forbidden' ? 'deny' : 'allow'));
    try {
      const ok = await run(shim('safeshell-check'), ['--', 'cd', '/ok'], { env });
      assert.equal(ok.code, 0);
      const no = await run(shim('safeshell-check'), ['--', 'cd', '/forbidden'], { env });
      assert.equal(no.code, 126);
      await run(shim('safeshell-check'), ['--line', '--', 'echo', 'a;', 'rm x'], { env });
      assert.deepEqual(d.requests[0]!.argv, ['cd', '/ok']);
      assert.equal(d.requests[0]!.client, 'builtin');
      assert.equal(d.requests[2]!.command, 'echo a; rm x');
    } finally {
      await d.close();
    }
  });
});

describe('shim: reply fuzzing', () => {
  it('any reply either parses to a verdict or is a failure by the policy; the shim never crashes', async () => {
    const { rng } = await import('../helpers/rng.js');
    const rand = rng(0xc0ffee);
    const valid = verdict('allow').trimEnd();
    const replies: string[] = [
      '[' .repeat(10000),
      `{"ok":true,"verdict":"allow","x":${'['.repeat(100)}${']'.repeat(100)}}`,
      `{"ok":true,"verdict":"deny","message":"${'m'.repeat(200000)}"}`,
      '{"ok":true,"verdict":"allow\\u0000"}',
      '{"ok":true,"verdict":"redirect","redirect":["argvdump","\\u0000"]}',
      '{"ok":true,"verdict":"redirect","redirect":"argvdump"}',
      '{"ok":true,"verdict":"allow","rule":"\\ud800"}',
      '{"ok":true,"verdict":"allow"} trailing',
      '{"ok":true,"ok":false,"verdict":"allow"}',
      '{"ok":1,"verdict":"allow"}',
      '{}',
      '',
    ];
    for (let i = 0; i < 150; i++) {
      const cut = valid.slice(0, Math.floor(rand() * valid.length));
      const bytes = Array.from({ length: Math.floor(rand() * 80) }, () => String.fromCharCode(32 + Math.floor(rand() * 95))).join('');
      replies.push(rand() < 0.5 ? cut : bytes.replace(/\n/g, ''));
    }
    let i = 0;
    const d = await fakeDaemon(h.p, () => `${replies[i++ % replies.length]}\n`);
    try {
      for (let k = 0; k < replies.length; k++) {
        const r = await run('argvdump', ['fuzz'], { env: { ...env, SAFESHELL_TIMEOUT_MS: '200' } });
        assert.equal(r.signal, null, `reply ${k} killed the shim: ${JSON.stringify(replies[k]!.slice(0, 80))}`);
        assert.ok([0, 69, 125, 126, 127].includes(r.code!), `reply ${k}: exit ${r.code}`);
        if (r.code === 0 && !/runs unchecked/.test(r.stderr)) assert.deepEqual(splitNul(r.stdout).map(String), ['argvdump', 'fuzz']);
      }
    } finally {
      await d.close();
    }
  });
});
