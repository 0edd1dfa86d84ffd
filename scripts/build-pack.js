// Validates the built-in pack and writes dist/builtin-pack.json, which the daemon loads instead of parsing YAML.
import { checkPattern } from '../dist/src/match/dialect.js';
import { loadBuiltinPack, PACK_CACHE } from '../dist/src/rules/pack-cache.js';

const { files } = loadBuiltinPack(checkPattern, undefined, null);
const errors = files.flatMap((f) => f.errors);
if (errors.length > 0) {
  for (const e of errors) console.error(e.message);
  process.exit(1);
}
loadBuiltinPack(checkPattern, undefined, PACK_CACHE);
