// Prints what binding.gyp needs to know about RE2 (via pkg-config): `exists`, `cflags` or `libs`.
const { spawnSync } = require('node:child_process');
const what = process.argv[2];
const args = what === 'exists' ? ['--exists', 're2'] : [`--${what}`, 're2'];
const r = spawnSync('pkg-config', args, { encoding: 'utf8' });
if (what === 'exists') process.stdout.write(r.status === 0 && process.env.SAFESHELL_NO_RE2 !== '1' ? '1' : '0');
else process.stdout.write(r.status === 0 ? r.stdout.trim() : '');
