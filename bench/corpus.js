// Seeded inputs shared by every bench file and by the matcher differential test: rule sets (the original's 90-rule pack
// and synthetic ones of any size), commands that hit or miss them, and hostile strings. Same seed, same inputs.

/** mulberry32: a tiny seeded PRNG; returns floats in [0, 1). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = (rand, xs) => xs[Math.floor(rand() * xs.length)];

/** The original SafeShell's default rules as command regexes (reference/original.md §4; substrings escaped). */
export const ORIGINAL_PATTERNS = [
  'rm\\s+(-[^\\s]*r[^\\s]*\\s+)+/($|\\s)', 'rm\\s+.*-[rf]*r[rf]*.*\\s+\\*', 'rm\\s+.*-[rf]*r[rf]*.*\\.\\.', 'rm\\s+.*-[rf]*r[rf]*',
  'rm.*(/usr|/opt).*/node_modules', 'rm.*/usr.*/site-packages', '\\s/etc(/|\\s|$)', '\\s/usr(/|\\s|$)', '\\s/bin(/|\\s|$)',
  '\\s/sbin(/|\\s|$)', '777', '666', 'chmod\\s+.*-R', 'of=/dev/(sd|hd|nvme|vd|loop)', '^mkfs', '^(fdisk|parted|gdisk|cfdisk|sfdisk)',
  '^git\\s+push.*(--force|-f|--force-with-lease)', '^git\\s+commit', 'reset --hard', 'git\\s+clean\\s+.*-[a-z]*f', '^git\\s+rebase',
  'commit --amend', '\\.(env|env\\.local|env\\.production|env\\.development)($|\\s)', 'id_(rsa|ed25519|ecdsa|dsa)($|\\s)',
  '\\.ssh/(id_|authorized_keys|known_hosts)', 'credentials\\.(json|yaml|yml|xml|ini)($|\\s)', '\\.aws/(credentials|config)($|\\s)',
  '(secrets?|secret)\\.(json|yaml|yml)($|\\s)', '\\.(env|secret|credentials)', 'npm\\s+(install|i)\\s+.*(-g|--global)',
  '^pip3?\\s+install', 'yarn\\s+global\\s+add', 'curl.*\\|\\s*(ba)?sh', 'wget.*\\|\\s*(ba)?sh', 'http\\.server',
  '(nc|netcat|ncat).*-l', '^ngrok', '--privileged', 'docker\\s+run.*-v\\s+/:', '--network[=\\s]+host',
  'docker\\s+run.*-v\\s+(/home|\\$HOME|~)', 'docker\\s+run.*-v\\s+/etc', '\\.bashrc', '\\.zshrc', '^sudo rm', '^sudo', '^eval',
  '^(killall|pkill)', '^az\\s+group\\s+delete', '^az\\s+group\\s+create', '^az\\s+deployment\\s+.*\\s+(create|delete|cancel)',
  '^az\\s+resource\\s+(delete|create|update|move)',
  ...['delete', 'create', 'update', 'set', 'set-policy', 'add', 'remove', '(start|stop|restart|deallocate)', 'import', 'purge'].map(
    (w) => `^az\\s+\\S+.*\\s+${w}(\\s|$)`,
  ),
  ...['workflow\\s+run', 'run\\s+rerun', 'run\\s+cancel', 'run\\s+watch', 'repo\\s+delete', 'repo\\s+create', 'repo\\s+archive',
    'repo\\s+rename', 'repo\\s+edit', 'release\\s+create', 'release\\s+delete', 'release\\s+edit', 'repo\\s+deploy-key\\s+add',
    'repo\\s+deploy-key\\s+delete', 'secret\\s+set', 'secret\\s+delete', 'variable\\s+set', 'variable\\s+delete', 'issue\\s+close',
    'issue\\s+delete', 'issue\\s+edit', 'issue\\s+transfer', 'pr\\s+close', 'pr\\s+merge', 'pr\\s+edit'].map((w) => `^gh\\s+${w}`),
  '^gh\\s+\\S+.*\\s+delete(\\s|$)', '^gh\\s+\\S+.*\\s+create(\\s|$)',
];

/** Everyday commands none of the rule sets here match (checked by the bench setup and the tests). */
export const BENIGN = [
  'ls -la', 'cat README.md', 'npm test', 'make -j4', 'cd src', 'echo hello world', 'grep -rn TODO src', 'python3 scripts/build.py',
  'cargo build --release', 'node index.js --port 8080', 'git status', 'git log --oneline -n 20', 'docker ps', 'kubectl get pods',
  'tar -czf out.tgz dist', 'jq .name package.json', 'npx tsc -p .', 'go test ./...', 'pytest -q tests', 'git diff HEAD~1',
];

const CONSONANTS = 'bcdfghjklmnpqrstvwxz';
function word(rand, min = 4, max = 7) {
  const n = min + Math.floor(rand() * (max - min + 1));
  let s = '';
  for (let i = 0; i < n; i++) s += CONSONANTS[Math.floor(rand() * CONSONANTS.length)];
  return s;
}

// Synthetic rule shapes modelled on the original's, each with a command that hits it.
const SHAPES = [
  (r) => { const [t, s, v] = [word(r), word(r), word(r)]; return [`^${t}\\s+${s}\\s+${v}`, `${t} ${s} ${v} --yes`]; },
  (r) => { const [t, v] = [word(r), word(r)]; return [`^${t}\\s+\\S+.*\\s+${v}(\\s|$)`, `${t} group --name x ${v}`]; },
  (r) => { const [t, f] = [word(r), pick(r, [...CONSONANTS])]; return [`${t}\\s+.*-[a-z]*${f}`, `${t} --all -q${f}`]; },
  (r) => { const [a, b] = [word(r, 3, 5), word(r, 3, 5)]; return [`\\.(${a}|${b}\\.local)($|\\s)`, `cat conf.${b}.local`]; },
  (r) => { const [f, v] = [word(r), word(r)]; return [`--${f}[=\\s]+${v}`, `run --${f}=${v} img`]; },
  (r) => { const p = word(r); return [`\\s/${p}(/|\\s|$)`, `cp x /${p}/y`]; },
  (r) => { const [a, b] = [word(r), word(r)]; return [`${a} --${b}`, `tool ${a} --${b}`]; },
  (r) => { const [t, u] = [word(r), word(r)]; return [`${t}.*\\|\\s*(ba)?${u}`, `${t} https://x.io/i | ba${u}`]; },
];

/**
 * `count` synthetic command patterns (seeded), each `{ source, subject: 'command', example }` where `example` hits it.
 */
export function ruleSet(count, seed = 1) {
  const rand = rng(seed);
  const out = [];
  for (let i = 0; i < count; i++) {
    const [source, example] = SHAPES[i % SHAPES.length](rand);
    out.push({ source, subject: 'command', example });
  }
  return out;
}

/** A command padded with benign arguments to `bytes` (the prefix keeps `^`-anchored hits hitting). */
export function pad(command, bytes, seed = 7) {
  const rand = rng(seed);
  let s = command;
  while (s.length < bytes) s += ` ${pick(rand, ['--verbose', 'src/lib/util.ts', '-n', '42', 'out/build.log', 'HEAD~3', '--color=auto'])}`;
  return s.slice(0, bytes);
}

/** The four inputs of one match.bench row: inputs arrays ([cwd, branch, command]) for short/long × hit/miss. */
export function requestInputs(rules, seed = 3) {
  const rand = rng(seed);
  const hit = rules[Math.floor(rand() * rules.length)].example ?? 'rm -rf /';
  const miss = pick(rand, BENIGN);
  const req = (cmd) => ['/home/dev/project', 'feature/login', cmd];
  return {
    short: { hit: req(hit), miss: req(miss) },
    long: { hit: req(pad(hit, 4096)), miss: req(pad(miss, 4096)) },
  };
}

const ALPHABET = [
  ...'abcdefghijklmnopqrstuvwxyz', ...'ABCXYZ0123456789', ' ', ' ', ' ', '-', '-', '/', '.', '|', '*', '=', '~', '$', '_', '"', "'",
  '\t', '\n', '\r', '\0', '\v', '\f', '\u00a0', '\u2028', '\u2029', '\u3000', '\ufeff', '\u1680', 'é', 'ß', 'ſ', 'K', 'Ω', '\ufffd',
  '😀', '𝔘', '\ud800', '\udc00', '\udbff\udfff',
];

/**
 * Hostile command texts for the differential test: fragments of the given patterns' examples and of BENIGN, glued
 * with random characters (NUL, unicode spaces, astral, lone surrogates), sometimes long (up to 10 KB).
 */
export function randomInputs(count, fragments, seed = 42) {
  const rand = rng(seed);
  const pool = [...fragments, ...BENIGN, 'rm -rf /', 'git push --force', 'sudo rm x', 'chmod -R 777 /etc', 'cat .env'];
  const out = [];
  for (let i = 0; i < count; i++) {
    const parts = [];
    const n = 1 + Math.floor(rand() * 5);
    for (let k = 0; k < n; k++) {
      const roll = rand();
      if (roll < 0.45) parts.push(pick(rand, pool));
      else if (roll < 0.9) {
        let s = '';
        const len = Math.floor(rand() * 12);
        for (let j = 0; j < len; j++) s += pick(rand, ALPHABET);
        parts.push(s);
      } else parts.push(pick(rand, pool).slice(Math.floor(rand() * 6)));
    }
    let s = parts.join(pick(rand, [' ', ' ', '', ' | ', ' && ', '\n', '\t']));
    if (rand() < 0.003) s = pad(s, 2000 + Math.floor(rand() * 8000), i);
    out.push(s);
  }
  return out;
}
