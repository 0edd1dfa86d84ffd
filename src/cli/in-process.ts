// The engine for CLI commands that judge in this process (check without a daemon, rules explain, demo).
import { Engine } from '../engine.js';
import type { Decision, EvalRequest } from '../engine-types.js';
import { safeshellHome } from '../paths.js';

let engine: Engine | undefined;

export function cliEngine(): Engine {
  engine ??= Engine.create({ home: safeshellHome() });
  return engine;
}

export function evaluateInProcess(req: EvalRequest): Decision {
  return cliEngine().evaluate(req);
}
