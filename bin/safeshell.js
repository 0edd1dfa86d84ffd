#!/usr/bin/env node
// Entry point: the compiled CLI lives in dist/src/cli/main.js (built by `npm run build` / `prepare`).
import('../dist/src/cli/main.js').catch((err) => {
  const reason = err && err.code === 'ERR_MODULE_NOT_FOUND' ? 'not built: run `npm run build` in the package directory' : String(err && err.message);
  process.stderr.write(`safeshell: error[E_INSTALL]: ${reason}\n`);
  process.exit(1);
});
