// `safeshell monitor`: the terminal around the state, view and keys. Alternate screen, raw keys, one frame per
// change (only changed rows are rewritten), a tick per second for the time left, and the daemon link.
import { control } from '../approvals/client.js';
import type { Answer } from '../approvals/types.js';
import type { Paths } from '../paths.js';
import { explanationLines } from './explain-lines.js';
import { eventLine } from './format.js';
import { handleKey, parseKeys } from './keys.js';
import { MonitorLink } from './link.js';
import { MonitorState } from './state.js';
import { render } from './view.js';

export interface MonitorOptions {
  p: Paths;
  debug: boolean;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
}

export async function runMonitor(opts: MonitorOptions): Promise<void> {
  const stdin = opts.stdin ?? process.stdin;
  const stdout = opts.stdout ?? process.stdout;
  const { startInBackground } = await import('../client/control.js');
  void startInBackground(opts.p).catch(() => {});
  if (!stdout.isTTY || !stdin.isTTY) return streamLines(opts.p);

  const s = new MonitorState(opts.debug);
  let previous: string[] = [];
  let scheduled = false;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));

  const draw = (): void => {
    scheduled = false;
    const rows = stdout.rows || 24;
    const cols = stdout.columns || 80;
    if (opts.debug) requestExplanation();
    const frame = render(s, cols, rows);
    const full = previous.length !== frame.length;
    let out = full ? '\u001b[2J' : '';
    for (let i = 0; i < frame.length; i++) if (full || frame[i] !== previous[i]) out += `\u001b[${i + 1};1H${frame[i]}\u001b[K`;
    previous = frame;
    if (out) stdout.write(out);
  };
  const redraw = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(draw);
  };

  const answer = (id: string, a: Answer, reason: string | undefined): void => {
    control(opts.p, { type: 'answer', approval: id, answer: a, ...(reason ? { reason } : {}) }).then(
      (r) => s.say(`${String(r.outcome)} ${id}${a.endsWith('remember') ? ' (remembered for this session, rule and program)' : ''}`),
      (err: Error) => {
        s.answering.delete(id);
        s.say(err.message, true);
      },
    ).finally(redraw);
  };
  const setProtection = (enabled: boolean): void => {
    control(opts.p, { type: 'protection', enabled }).then(
      () => s.say(`protection ${enabled ? 'on' : 'OFF'}`, !enabled),
      (err: Error) => s.say(err.message, true),
    ).finally(redraw);
  };

  // --debug: the per-rule evaluation of the selected approval or decision, asked once per selection.
  let explainKey = '';
  const requestExplanation = (): void => {
    const a = s.focus === 'pending' ? s.selectedApproval() : undefined;
    const e = s.focus === 'events' ? s.selectedEventValue() : undefined;
    const target = a ? { ...(a.argv ? { argv: a.argv } : { command: a.command }), cwd: a.cwd, context: a.context } : e ? { command: e.command, cwd: e.cwd, context: e.context } : undefined;
    const key = a ? `a:${a.id}` : e ? `e:${s.daemonPid}:${e.seq}` : '';
    if (!target || key === explainKey) return;
    explainKey = key;
    s.explanation = { key, lines: null };
    explain(opts.p, target).then(
      (lines) => {
        if (s.explanation?.key === key) s.explanation = { key, lines };
      },
      (err: Error) => {
        if (s.explanation?.key === key) s.explanation = { key, lines: null, error: err.message };
      },
    ).finally(redraw);
  };

  const link = new MonitorLink(opts.p.socket, {
    snapshot: (snap) => {
      s.applySnapshot(snap);
      redraw();
    },
    message: (m) => {
      s.apply(m);
      redraw();
    },
    down: (detail) => {
      s.disconnected(detail);
      redraw();
    },
  });

  const quit = (): void => {
    link.close();
    clearInterval(tick);
    stdin.off('data', onData);
    stdout.off('resize', onResize);
    stdin.setRawMode(false);
    stdin.pause();
    stdout.write('\u001b[?25h\u001b[?1049l');
    done();
  };
  const onData = (chunk: Buffer): void => {
    for (const key of parseKeys(chunk.toString('utf8'))) handleKey(s, key, { answer, setProtection, quit }, Math.max(1, (stdout.rows || 24) - 20));
    redraw();
  };
  const onResize = (): void => {
    previous = [];
    redraw();
  };

  stdout.write('\u001b[?1049h\u001b[?25l\u001b[2J');
  stdin.setRawMode(true);
  stdin.resume();
  stdin.on('data', onData);
  stdout.on('resize', onResize);
  const tick = setInterval(redraw, 1000);
  link.start();
  redraw();
  await finished;
}

async function explain(p: Paths, target: { argv?: string[]; command?: string; cwd: string; context: string }): Promise<string[]> {
  const reply = await control(p, { type: 'explain', ...target });
  return explanationLines(reply.explanation);
}

/** Without a terminal: print each decision as a line (like `safeshell log --follow`). */
async function streamLines(p: Paths): Promise<void> {
  await new Promise<void>(() => {
    const link = new MonitorLink(p.socket, {
      snapshot: (snap) => {
        for (const e of snap.recent) process.stdout.write(`${eventLine(e)}\n`);
        for (const a of snap.pending) process.stdout.write(`PENDING ${a.id} ${a.rule}: ${a.command}\n`);
      },
      message: (m) => {
        if (m.kind === 'decision') process.stdout.write(`${eventLine(m.event)}\n`);
        else if (m.kind === 'approval') process.stdout.write(`PENDING ${m.approval.id} ${m.approval.rule}: ${m.approval.command}\n`);
      },
      down: (detail) => process.stderr.write(`safeshell: monitor: ${detail}; reconnecting\n`),
    });
    link.start();
  });
}
