// Keys: raw terminal bytes -> key names -> changes to the monitor state, or actions for the app to carry out.
import { forDuration } from '../approvals/messages.js';
import type { Answer } from '../approvals/types.js';
import { FILTERS } from './history.js';
import { MonitorState } from './state.js';

export interface Actions {
  answer(id: string, answer: Answer, reason: string | undefined): void;
  setProtection(enabled: boolean): void;
  quit(): void;
}

export const HELP = (rememberSeconds: number): string[] => [
  '',
  '  keys',
  '  1            approve the selected command once',
  `  2            approve it, and this rule + program for this session, ${forDuration(rememberSeconds)}`,
  '  3            deny it (the agent is told not to retry or work around it)',
  `  4            deny it, and this rule + program for this session, ${forDuration(rememberSeconds)}`,
  '  r            type a reason for the selected approval (sent with the answer; the agent reads it)',
  '  Tab          switch between pending approvals and decisions',
  '  ↑ ↓ j k      select; PgUp PgDn Home End scroll the decisions; End (or G) follows new ones',
  '  /            search decisions (command, program, directory, rule, message); Esc clears',
  `  f            filter: ${FILTERS.join(' → ')}`,
  '  p            switch protection off / on (off: every command is allowed, and logged)',
  '  c            clear the decision list',
  '  ?            this help (any key closes it)',
  '  q, Ctrl-C    quit (pending approvals keep waiting; answer them here later or with `safeshell approve`)',
  '',
  '  "for N minutes" remembers the rule AND the program for the session that asked: approving',
  '  `git push --force` does not pass `git reset --hard`, nor another program under the same rule.',
  '  The original remembered (rule, first word), which was much coarser.',
];

/** Splits a chunk of raw input into key names ('up', 'enter', 'a', …). */
export function parseKeys(chunk: string): string[] {
  const keys: string[] = [];
  const seqs: Array<[string, string]> = [
    ['\u001b[A', 'up'], ['\u001bOA', 'up'], ['\u001b[B', 'down'], ['\u001bOB', 'down'], ['\u001b[5~', 'pageup'], ['\u001b[6~', 'pagedown'],
    ['\u001b[H', 'home'], ['\u001b[1~', 'home'], ['\u001bOH', 'home'], ['\u001b[F', 'end'], ['\u001b[4~', 'end'], ['\u001bOF', 'end'],
    ['\u001b[C', 'right'], ['\u001b[D', 'left'], ['\u001b[Z', 'backtab'],
  ];
  let i = 0;
  outer: while (i < chunk.length) {
    for (const [seq, name] of seqs) {
      if (chunk.startsWith(seq, i)) {
        keys.push(name);
        i += seq.length;
        continue outer;
      }
    }
    const c = chunk[i]!;
    i++;
    if (c === '\u001b') {
      // An unknown escape sequence: skip it whole; a lone ESC is the Escape key.
      if (chunk[i] === '[' || chunk[i] === 'O') {
        i++;
        while (i < chunk.length && !/[A-Za-z~]/.test(chunk[i]!)) i++;
        i++;
        continue;
      }
      keys.push('escape');
    } else if (c === '\r' || c === '\n') keys.push('enter');
    else if (c === '\t') keys.push('tab');
    else if (c === '\u007f' || c === '\b') keys.push('backspace');
    else if (c === '\u0003') keys.push('ctrl-c');
    else if (c === '\u0015') keys.push('ctrl-u');
    else if (c >= ' ') keys.push(c);
  }
  return keys;
}

export function handleKey(s: MonitorState, key: string, act: Actions, pageRows = 10): void {
  if (s.mode === 'help') {
    s.mode = 'normal';
    return;
  }
  if (s.mode === 'search' || s.mode === 'reason') return editLine(s, key);
  if (s.mode === 'confirm-off') {
    if (key === 'y' || key === 'Y') act.setProtection(false);
    s.mode = 'normal';
    return;
  }
  const answer = MonitorState.answerFor(key);
  if (answer) {
    const a = s.selectedApproval();
    if (!a) return s.say('nothing is waiting for approval', true);
    if (s.answering.has(a.id)) return;
    s.answering.add(a.id);
    act.answer(a.id, answer, s.reasons.get(a.id));
    return;
  }
  switch (key) {
    case 'q':
    case 'ctrl-c':
      return act.quit();
    case '?':
      s.mode = 'help';
      return;
    case 'tab':
    case 'backtab':
      s.focus = s.focus === 'pending' ? 'events' : 'pending';
      return;
    case 'r':
      if (!s.selectedApproval()) return s.say('nothing is waiting for approval', true);
      s.mode = 'reason';
      s.input = s.reasons.get(s.selectedPendingId()!) ?? '';
      return;
    case '/':
      s.mode = 'search';
      s.input = s.history.search;
      return;
    case 'f': {
      const i = FILTERS.indexOf(s.history.filter);
      s.history.filter = FILTERS[(i + 1) % FILTERS.length]!;
      s.selectedEvent = -1;
      return;
    }
    case 'p':
      if (s.enabled) s.mode = 'confirm-off';
      else act.setProtection(true);
      return;
    case 'c':
      s.history.clear();
      s.selectedEvent = -1;
      return;
    case 'escape':
      s.history.search = '';
      return;
    case 'up':
    case 'k':
      return move(s, -1);
    case 'down':
    case 'j':
      return move(s, 1);
    case 'pageup':
      s.focus = 'events';
      return move(s, -pageRows);
    case 'pagedown':
      s.focus = 'events';
      return move(s, pageRows);
    case 'home':
      s.focus = 'events';
      s.selectedEvent = 0;
      return;
    case 'end':
    case 'G':
      s.focus = 'events';
      s.selectedEvent = -1;
      return;
  }
}

function move(s: MonitorState, delta: number): void {
  if (s.focus === 'pending') {
    const n = s.pending.size;
    if (n > 0) s.selectedPending = Math.max(0, Math.min(n - 1, s.selectedPending + delta));
    return;
  }
  const n = s.history.visible().length;
  if (n === 0) return;
  const cur = s.selectedEvent < 0 ? n - 1 : s.selectedEvent;
  const next = Math.max(0, Math.min(n - 1, cur + delta));
  s.selectedEvent = next === n - 1 && delta > 0 ? -1 : next;
}

function editLine(s: MonitorState, key: string): void {
  if (key === 'escape' || key === 'ctrl-c') {
    if (s.mode === 'search') s.history.search = '';
    s.mode = 'normal';
    s.input = '';
    return;
  }
  if (key === 'enter') {
    if (s.mode === 'search') {
      s.history.search = s.input;
      s.selectedEvent = -1;
      s.focus = 'events';
    } else {
      const id = s.selectedPendingId();
      if (id && s.input.trim()) s.reasons.set(id, s.input.trim());
      else if (id) s.reasons.delete(id);
    }
    s.mode = 'normal';
    s.input = '';
    return;
  }
  if (key === 'backspace') s.input = s.input.slice(0, -1);
  else if (key === 'ctrl-u') s.input = '';
  else if (key.length === 1 && s.input.length < 500) s.input += key;
  if (s.mode === 'search') s.history.search = s.input;
}
