// SpawnError with Node's SystemError shape: code = util.getSystemErrorName(-errno), read from the map so that an
// errno Node does not know cannot throw.
import { constants } from 'node:os';
import { getSystemErrorMap } from 'node:util';
import { SpawnError } from '../errors.js';

/** Gives a SpawnError (also one built in C++) its system `code` and a readable message; returns it. */
export function normalizeSpawnError(err: SpawnError): SpawnError {
  const known = getSystemErrorMap().get(-err.errno);
  err.code = known?.[0] ?? `E_SPAWN`;
  const what = err.path ? `${err.syscall} ${err.path}` : err.syscall;
  err.message = `${what}: ${known?.[1] ?? `errno ${err.errno}`}`;
  return err;
}

export function spawnError(errnoName: keyof typeof constants.errno, syscall: string, path: string): SpawnError {
  return normalizeSpawnError(new SpawnError(constants.errno[errnoName], syscall, path));
}

/** Rethrows anything that is not a SpawnError; normalizes one that is. */
export function asSpawnError(err: unknown): SpawnError {
  if (err instanceof SpawnError) return normalizeSpawnError(err);
  throw err;
}
