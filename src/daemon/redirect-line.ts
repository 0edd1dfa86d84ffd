// `redirect_line` in an evaluate answer for a command line: what the `$SHELL -c` wrapper runs instead of the line,
// offered only when the redirect can replace the whole line (one simple command, found directly; docs/execute.md).
import type { Engine } from '../engine.js';
import { renderRedirectLine } from '../match/redirect-line.js';
import type { EvaluateRequest } from './protocol.js';

/** The shell line for a redirect verdict on `req.command` by rule `ruleName`, or null when it cannot be offered. */
export function redirectLineFor(engine: Engine, req: EvaluateRequest, ruleName: string | null): string | null {
  if (req.command === undefined || ruleName === null) return null;
  try {
    const analysis = engine.analyze({ command: req.command, cwd: req.cwd, context: req.context });
    const cmd = analysis.commands[0];
    if (!analysis.complete || analysis.commands.length !== 1 || cmd === undefined) return null;
    if (cmd.via.length > 0 || cmd.pipedFrom.length > 0 || cmd.env !== undefined || cmd.program === '') return null;
    const rule = engine.rulesFor(req.cwd).compiled.rules.find((r) => r.rule.name === ruleName)?.rule;
    if (rule?.action !== 'redirect' || !rule.redirectTo) return null;
    return renderRedirectLine(rule.redirectTo, req.command, cmd.program);
  } catch {
    return null; // the wrapper then refuses and names the replacement: never the original line
  }
}
