// The daemon's own entry point, `node dist/src/daemon/main.js`: what the shim's background start and
// `safeshell daemon start` launch. It skips the CLI (commander and every subcommand), which saves start time and
// memory. The home comes from SAFESHELL_HOME (the launchers set it) or ~/.safeshell.
import { safeshellHome } from '../paths.js';
import { startDaemon } from './lifecycle.js';

try {
  const r = await startDaemon({ home: safeshellHome(), mirrorLog: process.argv.includes('--log-to-stderr') });
  if (!r.started) {
    process.stderr.write(`safeshell: daemon ${r.reason}\n`);
    process.exit(0);
  }
  await r.stopped;
  process.exit(0);
} catch (err) {
  process.stderr.write(`safeshell: error[${(err as { code?: string }).code ?? 'E_INTERNAL'}]: ${(err as Error).message}\n`);
  process.exit(1);
}
