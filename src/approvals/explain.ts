// The `explain` request (the monitor's --debug): how every rule judged a command, with the daemon's live rules.
// The environment of the original request is not kept, so env_equals conditions see an empty environment.
import { LiveFacts } from '../context/facts.js';
import type { Engine } from '../engine.js';
import { explain, type Explanation } from '../match/explain.js';
import type { ExplainRequest } from './protocol.js';

export function explainRequest(engine: Engine, req: ExplainRequest): Explanation {
  const active = engine.rulesFor(req.cwd);
  const analysis = engine.analyze({ ...(req.argv ? { argv: req.argv } : { command: req.command ?? '' }), cwd: req.cwd, context: req.context });
  return explain(active.compiled, analysis.commands, new LiveFacts(req.cwd, {}), req.context);
}
