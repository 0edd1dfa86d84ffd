// safeshell-shim: the per-command client. Static C; never starts Node or bash. One binary, four modes: by the
// basename of argv[0], a program name (PATH shim), `safeshell-wrapper` ($SHELL -c), `safeshell-check` (checked
// shell builtins); and `--hook <agent>` (agent hooks, shim-hook.h). One connect, one JSON line out, one line back
// (a pending line first while a person decides); then exec in place. See docs/protocol.md and docs/approvals.md.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "shim-json.h"

extern char **environ;

#define SHIM_VERSION "1"
#define PROTOCOL_VERSION 1

// Exit codes (docs/protocol.md): the same numbers in src/client/exit-codes.ts.
#define EXIT_DENIED 126       // a rule denied the command (or redirected a command the caller cannot redirect)
#define EXIT_APPROVAL 125     // require_approval: not run (nobody approved in time, or approvals were not available)
#define EXIT_UNAVAILABLE 69   // the daemon could not answer and on_daemon_unavailable is closed (EX_UNAVAILABLE)
#define EXIT_NOT_FOUND 127
#define EXIT_CANNOT_EXEC 126
#define EXIT_USAGE 2
// EXIT_INTERNAL (70, out of memory) is in shim-json.h.

#define MAX_REPLY (1u << 20)
#define MAX_ENV_VALUE 4096
#define MAX_ENV_TOTAL (256u * 1024u)
#define DEFAULT_CONNECT_MS 1000
#define DEFAULT_REPLY_MS 5000
#define DEFAULT_START_WAIT_MS 3000
#define AUTOSTART_INTERVAL_S 2
#define APPROVAL_MARGIN_MS 30000  // beyond the daemon's approval timeout, before a waiting client gives up

// ---------------------------------------------------------------- small helpers

static void say(const char *fmt, ...) {
  char line[4096];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  size_t len = (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
  (void)!write(2, line, len);
}

static const char *base_name(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

static long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static int env_int(const char *name, int def, int lo, int hi) {
  const char *v = getenv(name);
  if (!v || !*v) return def;
  char *end;
  long n = strtol(v, &end, 10);
  if (*end) return def;
  if (n < lo) n = lo;
  if (n > hi) n = hi;
  return (int)n;
}

static int env_is(const char *name, const char *value) {
  const char *v = getenv(name);
  return v && strcmp(v, value) == 0;
}

// A marker counts when set, non-empty and not "0" or "false".
static int env_marker(const char *name) {
  const char *v = getenv(name);
  return v && *v && strcmp(v, "0") != 0 && strcmp(v, "false") != 0;
}

// ---------------------------------------------------------------- where things are

typedef struct {
  char home[PATH_MAX - 128];  // leaves room for the file names appended to it
  char exe[PATH_MAX];      // this binary, symlinks resolved
  struct stat self;        // its identity
  struct stat shim_dir;    // identity of the directory holding it (skipped in PATH walks)
  int have_shim_dir;
} where_t;

static void locate(where_t *w) {
  memset(w, 0, sizeof *w);
  ssize_t n = readlink("/proc/self/exe", w->exe, sizeof w->exe - 1);
  if (n > 0) {
    w->exe[n] = 0;
    stat(w->exe, &w->self);
    char dir[PATH_MAX];
    memcpy(dir, w->exe, (size_t)n + 1);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) {
      *slash = 0;
      if (stat(dir, &w->shim_dir) == 0) w->have_shim_dir = 1;
      // Installed as <home>/shims/safeshell-shim: home follows from where the binary is, not from the
      // environment, so an agent cannot point its shims at an empty home by setting SAFESHELL_HOME.
      if (strcmp(base_name(dir), "shims") == 0) {
        char *up = strrchr(dir, '/');
        if (up && up != dir && (size_t)(up - dir) < sizeof w->home) {
          memcpy(w->home, dir, (size_t)(up - dir));
          w->home[up - dir] = 0;
          return;
        }
      }
    }
  }
  const char *env_home = getenv("SAFESHELL_HOME");
  if (env_home && *env_home) snprintf(w->home, sizeof w->home, "%s", env_home);
  else snprintf(w->home, sizeof w->home, "%s/.safeshell", getenv("HOME") ? getenv("HOME") : "");
}

// One `key: value` line of <home>/config.yaml, read only when needed (failures, the wrapper's real shell).
// Top-level scalar only: optional quotes, optional trailing comment. Returns 1 and fills out when found.
static int config_value(const where_t *w, const char *key, char *out, size_t outsz) {
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/config.yaml", w->home);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  char text[16384];
  ssize_t n = read(fd, text, sizeof text - 1);
  close(fd);
  if (n <= 0) return 0;
  text[n] = 0;
  size_t klen = strlen(key);
  for (char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
    if (strncmp(line, key, klen) != 0 || line[klen] != ':') continue;
    char *v = line + klen + 1;
    while (*v == ' ' || *v == '\t') v++;
    char *e = v;
    char q = (*v == '"' || *v == '\'') ? *v : 0;
    if (q) {
      e = strchr(++v, q);
      if (!e) return 0;
    } else {
      while (*e && *e != '\n' && *e != '#') e++;
      while (e > v && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) e--;
    }
    size_t len = (size_t)(e - v);
    if (len >= outsz) return 0;
    memcpy(out, v, len);
    out[len] = 0;
    return 1;
  }
  return 0;
}

static int policy_closed(const where_t *w) {
  char v[32];
  return config_value(w, "on_daemon_unavailable", v, sizeof v) && strcmp(v, "closed") == 0;
}

// ---------------------------------------------------------------- context

// AI context: SAFESHELL_CONTEXT=ai, or a marker an agent sets in the shells it runs (docs/agents.md).
// SAFESHELL_CONTEXT=human does not override a marker: an agent could set it.
static int is_ai_context(void) {
  static const char *const markers[] = {
      "CLAUDECODE",                      // Claude Code
      "CODEX_SANDBOX",                   // Codex CLI (macOS seatbelt)
      "CODEX_SANDBOX_NETWORK_DISABLED",  // Codex CLI (sandboxed, network off)
      "GEMINI_CLI",                      // Gemini CLI
      "CURSOR_AGENT",                    // Cursor agent / CLI
      "WARP_AI_AGENT",                   // Warp
  };
  if (env_is("SAFESHELL_CONTEXT", "ai")) return 1;
  for (size_t i = 0; i < sizeof markers / sizeof *markers; i++)
    if (env_marker(markers[i])) return 1;
  return 0;
}

// ---------------------------------------------------------------- PATH

// Another installation's shim: a symlink whose target is named safeshell-shim.
static int is_other_shim(const char *path) {
  char target[PATH_MAX];
  ssize_t n = readlink(path, target, sizeof target - 1);
  if (n <= 0) return 0;
  target[n] = 0;
  return strcmp(base_name(target), "safeshell-shim") == 0;
}

// The first executable `prog` on PATH that is not in the shim directory (compared by st_dev/st_ino, so any
// spelling of that directory is skipped), not this binary, and not another safeshell shim.
static int find_real(const where_t *w, const char *prog, char *out, size_t outsz) {
  if (!*prog || strchr(prog, '/')) return 0;
  const char *path = getenv("PATH");
  if (!path) path = "/usr/local/bin:/usr/bin:/bin";
  size_t plen = strlen(prog);
  for (const char *p = path;; p++) {
    const char *start = p;
    while (*p && *p != ':') p++;
    size_t dlen = (size_t)(p - start);
    const char *dir = dlen ? start : ".";
    if (!dlen) dlen = 1;
    if (dlen + 1 + plen + 1 <= outsz) {
      char d[PATH_MAX];
      memcpy(d, dir, dlen);
      d[dlen] = 0;
      struct stat ds, fs;
      if (stat(d, &ds) == 0 && S_ISDIR(ds.st_mode) &&
          !(w->have_shim_dir && ds.st_dev == w->shim_dir.st_dev && ds.st_ino == w->shim_dir.st_ino)) {
        memcpy(out, d, dlen);
        out[dlen] = '/';
        memcpy(out + dlen + 1, prog, plen + 1);
        if (stat(out, &fs) == 0 && S_ISREG(fs.st_mode) && access(out, X_OK) == 0 &&
            !(fs.st_dev == w->self.st_dev && fs.st_ino == w->self.st_ino) && !is_other_shim(out))
          return 1;
      }
    }
    if (!*p) return 0;
  }
}

// ---------------------------------------------------------------- the request

static void add_env(buf_t *b) {
  buf_str(b, ",\"env\":{");
  size_t total = 0;
  int first = 1;
  for (char **e = environ; *e; e++) {
    const char *eq = strchr(*e, '=');
    if (!eq || eq == *e) continue;
    size_t vlen = strlen(eq + 1);
    // Exported bash functions and huge values are left out (documented): rules compare short values.
    if (vlen > MAX_ENV_VALUE || strncmp(*e, "BASH_FUNC_", 10) == 0) continue;
    total += (size_t)(eq - *e) + vlen;
    if (total > MAX_ENV_TOTAL) break;
    if (!first) buf_char(b, ',');
    first = 0;
    json_str(b, *e, (size_t)(eq - *e));
    buf_char(b, ':');
    json_str(b, eq + 1, vlen);
  }
  buf_char(b, '}');
}

// {"v":1,"type":"evaluate","client":…,"argv":[…] | "command":…,"cwd":…,"context":…,"session":…,"pid":…,"ppid":…,
//  "wait":true,"env":{…}}\n   (a hook also sends the agent's cwd and "agent_session")
static void build_request_in(buf_t *b, const char *client, char *const *argv, int argc, const char *command, int ai, const char *cwd_in,
                             const char *agent_session) {
  buf_reserve(b, 8192);
  buf_str(b, "{\"v\":1,\"type\":\"evaluate\",\"client\":\"");
  buf_str(b, client);
  buf_char(b, '"');
  if (command) {
    buf_str(b, ",\"command\":");
    json_cstr(b, command);
  } else {
    buf_str(b, ",\"argv\":[");
    for (int i = 0; i < argc; i++) {
      if (i) buf_char(b, ',');
      json_cstr(b, argv[i]);
    }
    buf_char(b, ']');
  }
  char cwd[PATH_MAX];
  const char *c = cwd_in && *cwd_in ? cwd_in : getcwd(cwd, sizeof cwd);
  if (!c) c = getenv("PWD") ? getenv("PWD") : "/";
  buf_str(b, ",\"cwd\":");
  json_cstr(b, c);
  buf_str(b, ai ? ",\"context\":\"ai\"" : ",\"context\":\"human\"");
  const char *session = getenv("SAFESHELL_SESSION");
  buf_str(b, ",\"session\":");
  json_cstr(b, session ? session : "");
  if (agent_session) {
    buf_str(b, ",\"agent_session\":");
    json_cstr(b, agent_session);
  }
  buf_str(b, ",\"pid\":");
  buf_int(b, (long)getpid());
  buf_str(b, ",\"ppid\":");
  buf_int(b, (long)getppid());
  // Every client here can wait for a person to approve (docs/approvals.md).
  buf_str(b, ",\"wait\":true");
  add_env(b);
  buf_str(b, "}\n");
}

static void build_request(buf_t *b, const char *client, char *const *argv, int argc, const char *command, int ai) {
  build_request_in(b, client, argv, argc, command, ai, NULL, NULL);
}

// ---------------------------------------------------------------- the exchange

typedef struct {
  const char *why;  // failure reason for messages; NULL on success
  int refused;      // ENOENT / ECONNREFUSED: nobody is listening (worth starting the daemon)
} failure_t;

static int socket_path(const where_t *w, struct sockaddr_un *sa) {
  memset(sa, 0, sizeof *sa);
  sa->sun_family = AF_UNIX;
  int n = snprintf(sa->sun_path, sizeof sa->sun_path, "%s/run/daemon.sock", w->home);
  return n > 0 && (size_t)n < sizeof sa->sun_path ? 0 : -1;
}

static int connect_daemon(const where_t *w, int connect_ms, failure_t *f) {
  struct sockaddr_un sa;
  if (socket_path(w, &sa)) {
    f->why = "socket path too long (sun_path is 108 bytes; use a shorter SAFESHELL_HOME)";
    return -1;
  }
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    f->why = "socket() failed";
    return -1;
  }
  // For AF_UNIX a blocking connect waits on a full backlog; SO_SNDTIMEO bounds it (unix(7), net/unix/af_unix.c).
  struct timeval tv = {connect_ms / 1000, (connect_ms % 1000) * 1000};
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  while (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
    if (errno == EINTR) continue;
    int e = errno;
    close(fd);
    if (e == ENOENT) f->why = "no socket", f->refused = 1;
    else if (e == ECONNREFUSED) f->why = "connection refused (stale socket)", f->refused = 1;
    else if (e == EAGAIN || e == EINPROGRESS || e == ETIMEDOUT) f->why = "connect timed out";
    else if (e == EACCES || e == EPERM) f->why = "permission denied on the socket";
    else f->why = "connect failed";
    return -1;
  }
  return fd;
}

// Lines read from the daemon: a waiting client may get a pending line before its answer.
typedef struct {
  buf_t b;
  size_t pos;  // start of the next unread line in b
} reader_t;

// The next line (its '\n' replaced by NUL) by the deadline, or -1 with f->why set.
static int read_line(int fd, long deadline, reader_t *rd, char **line, size_t *len, failure_t *f) {
  for (;;) {
    if (rd->b.p) {
      char *start = rd->b.p + rd->pos;
      char *nl = memchr(start, '\n', rd->b.len - rd->pos);
      if (nl) {
        *nl = 0;
        *line = start;
        *len = (size_t)(nl - start);
        rd->pos = (size_t)(nl - rd->b.p) + 1;
        return 0;
      }
      if (rd->b.len - rd->pos > MAX_REPLY) {
        f->why = "reply too large";
        return -1;
      }
    }
    long left = deadline - now_ms();
    if (left <= 0) {
      f->why = "timed out waiting for the reply";
      return -1;
    }
    struct pollfd pfd = {fd, POLLIN, 0};
    int pr = poll(&pfd, 1, left > INT_MAX ? INT_MAX : (int)left);
    if (pr < 0 && errno == EINTR) continue;
    if (pr <= 0) {
      f->why = pr == 0 ? "timed out waiting for the reply" : "poll failed";
      return -1;
    }
    buf_reserve(&rd->b, 4096);
    ssize_t n = read(fd, rd->b.p + rd->b.len, rd->b.cap - rd->b.len - 1);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      f->why = "read failed";
      return -1;
    }
    if (n == 0) {
      f->why = rd->b.len > rd->pos ? "truncated reply" : "daemon closed the connection without a reply";
      return -1;
    }
    rd->b.len += (size_t)n;
    rd->b.p[rd->b.len] = 0;
  }
}

static int send_all(int fd, const buf_t *req, failure_t *f) {
  size_t off = 0;
  while (off < req->len) {
    ssize_t n = send(fd, req->p + off, req->len - off, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      f->why = errno == EAGAIN ? "send timed out" : "send failed (daemon closed the connection)";
      return -1;
    }
    off += (size_t)n;
  }
  return 0;
}

// One request out; the answer back. A client that waits for approvals (the request says "wait":true) first gets
// a pending line: its notice is printed (the one waiting line) and the wait is extended to the daemon's approval
// timeout plus a margin; the connection stays open meanwhile (closing it, e.g. Ctrl-C, cancels the approval).
static int exchange(int fd, const buf_t *req, int reply_ms, reply_t *rep, failure_t *f) {
  if (send_all(fd, req, f)) return -1;
  reader_t rd = {{0}, 0};
  long deadline = now_ms() + reply_ms;
  int rc = -1;
  for (int lines = 0; lines < 4; lines++) {
    char *line;
    size_t len;
    if (read_line(fd, deadline, &rd, &line, &len, f)) break;
    if (parse_reply(line, len, rep)) {
      f->why = "garbled reply";
      break;
    }
    if (rep->ok == 1 && rep->pending) {
      if (rep->notice) say("safeshell: %s\n", rep->notice);
      long wait_s = rep->timeout > 0 && rep->timeout < 86400 ? rep->timeout : 3600;
      deadline = now_ms() + wait_s * 1000L + APPROVAL_MARGIN_MS;
      free_reply(rep);
      continue;
    }
    rc = 0;
    break;
  }
  free(rd.b.p);
  return rc;
}

// ---------------------------------------------------------------- starting the daemon

// <home>/daemon.cmd (written by `safeshell init`) holds the start command, one argv element per line.
// The daemon is started detached: double fork, setsid, stdio on /dev/null, every other fd closed, so no
// caller ever waits on a pipe the daemon holds. A stamp file limits attempts by shims (which do not wait) to
// one per AUTOSTART_INTERVAL_S; force (the wrapper, which waits) ignores it.
static int start_daemon(const where_t *w, int force) {
  if (getenv("SAFESHELL_NO_AUTOSTART")) return -1;
  char path[PATH_MAX], stamp[PATH_MAX];
  snprintf(path, sizeof path, "%s/daemon.cmd", w->home);
  snprintf(stamp, sizeof stamp, "%s/run/autostart", w->home);
  struct stat st;
  if (!force && stat(stamp, &st) == 0 && time(NULL) - st.st_mtime < AUTOSTART_INTERVAL_S) return 0;
  int cfd = open(path, O_RDONLY | O_CLOEXEC);
  if (cfd < 0) return -1;
  static char text[8192];
  ssize_t n = read(cfd, text, sizeof text - 1);
  close(cfd);
  if (n <= 0) return -1;
  text[n] = 0;
  char *args[32];
  int na = 0;
  for (char *s = strtok(text, "\n"); s && na < 31; s = strtok(NULL, "\n")) args[na++] = s;
  args[na] = NULL;
  if (na == 0 || args[0][0] != '/') return -1;
  int sfd = open(stamp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (sfd >= 0) {
    futimens(sfd, NULL);
    close(sfd);
  }
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    setsid();
    if (fork() != 0) _exit(0);
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
      dup2(null, 0), dup2(null, 1), dup2(null, 2);
    }
    // close_range(2) (Linux 5.9); the loop is the fallback on older kernels.
    if (syscall(SYS_close_range, 3U, ~0U, 0U) != 0)
      for (int fd = 3; fd < 1024; fd++) close(fd);
    // Whatever the caller ignored or blocked (a background job ignores SIGINT) is not the daemon's business.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGINT, SIG_DFL), signal(SIGTERM, SIG_DFL), signal(SIGHUP, SIG_DFL);
    (void)!chdir("/");
    setenv("SAFESHELL_HOME", w->home, 1);
    execv(args[0], args);
    _exit(127);
  }
  while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
  }
  return 0;
}

// ---------------------------------------------------------------- verdicts

typedef struct {
  const where_t *w;
  const char *what;  // for messages: the program, or "command"
  int may_wait;      // the wrapper may wait for a daemon start; the shim and builtin checks never do
} ask_t;

// Ask the daemon. 0 with *rep filled, or -1 with f set (then the caller applies the fail policy).
static int ask(const ask_t *a, const buf_t *req, reply_t *rep, failure_t *f) {
  // The timeouts are tuning knobs for people and tests; an agent could shorten them to force the fail policy, so
  // in an agent's context the defaults always apply.
  int tunable = !is_ai_context();
  int connect_ms = tunable ? env_int("SAFESHELL_CONNECT_TIMEOUT_MS", DEFAULT_CONNECT_MS, 10, 60000) : DEFAULT_CONNECT_MS;
  int reply_ms = tunable ? env_int("SAFESHELL_TIMEOUT_MS", DEFAULT_REPLY_MS, 50, 3600000) : DEFAULT_REPLY_MS;
  memset(f, 0, sizeof *f);
  int fd = connect_daemon(a->w, connect_ms, f);
  if (fd < 0 && f->refused) {
    // A client that waits always starts one (a start that loses the race to another exits at once).
    int started = start_daemon(a->w, a->may_wait) == 0;
    if (a->may_wait && started) {
      long deadline = now_ms() + env_int("SAFESHELL_START_TIMEOUT_MS", DEFAULT_START_WAIT_MS, 10, 60000);
      while (fd < 0 && f->refused && now_ms() < deadline) {
        struct timespec ts = {0, 5 * 1000000L};
        nanosleep(&ts, NULL);
        memset(f, 0, sizeof *f);
        fd = connect_daemon(a->w, connect_ms, f);
      }
    }
  }
  if (fd < 0) return -1;
  int rc = exchange(fd, req, reply_ms, rep, f);
  close(fd);
  if (rc) return -1;
  if (rep->ok != 1) {
    f->why = rep->code ? rep->code : "daemon error";
    if (rep->error) say("safeshell: daemon error: %s\n", rep->error);
    return -1;
  }
  if (!rep->verdict) {
    f->why = "reply without a verdict";
    return -1;
  }
  return 0;
}

// The fail policy, the same for every failure: 0 = go ahead unchecked (open), else the exit code (closed).
static int fail_policy(const ask_t *a, const failure_t *f) {
  if (policy_closed(a->w)) {
    say("safeshell: daemon unavailable (%s); %s blocked (on_daemon_unavailable: closed)\n", f->why, a->what);
    return EXIT_UNAVAILABLE;
  }
  say("safeshell: warning: daemon unavailable (%s); %s runs unchecked (on_daemon_unavailable: open)\n", f->why, a->what);
  return 0;
}

static void print_block(const reply_t *rep, const char *label) {
  say("safeshell: %s: %s%s%s%s\n", label, rep->message ? rep->message : "no reason given", rep->rule ? " [rule: " : "",
      rep->rule ? rep->rule : "", rep->rule ? "]" : "");
}

// The agent is told what runs instead: `safeshell: redirected: <rule>: <message> — running: <argv>`.
static void say_redirected(const reply_t *rep, const char *running) {
  say("safeshell: redirected: %s: %s — running: %s\n", rep->rule ? rep->rule : "a rule",
      rep->message && *rep->message ? rep->message : "this command is replaced", running);
}

// argv as a shell would read it back: bare words when safe, else single-quoted ('\'' for a quote).
static void shell_words(buf_t *b, char *const *argv, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const char *w = argv[i];
    if (i) buf_char(b, ' ');
    int bare = *w != 0;
    for (const char *p = w; *p && bare; p++)
      bare = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("_@%+:,./=-", *p);
    if (bare) {
      buf_str(b, w);
      continue;
    }
    buf_char(b, '\'');
    for (const char *p = w; *p; p++) {
      if (*p == '\'') buf_str(b, "'\\''");
      else buf_char(b, *p);
    }
    buf_char(b, '\'');
  }
  if (!b->p) buf_str(b, "");
}

enum outcome { GO, GO_REDIRECT, STOP };

// Maps a verdict to what the caller does. can_redirect: the shim can exec another argv; the wrapper and
// builtin checks cannot, so they refuse and name the replacement.
static enum outcome judge(const reply_t *rep, int can_redirect, int *code) {
  // The daemon words what the agent is told for each outcome (approved, denied by the user, timed out, blocked).
  int has_notice = rep->notice && *rep->notice;
  if (!strcmp(rep->verdict, "allow")) {
    if (has_notice) say("safeshell: %s\n", rep->notice);
    return GO;
  }
  if (!strcmp(rep->verdict, "deny")) {
    if (has_notice) say("safeshell: %s\n", rep->notice);
    else print_block(rep, "blocked");
    *code = EXIT_DENIED;
    return STOP;
  }
  if (!strcmp(rep->verdict, "require_approval")) {
    // Nobody approved in time, or the daemon does not hold approvals for this client.
    if (has_notice) say("safeshell: %s\n", rep->notice);
    else print_block(rep, "approval required, not run");
    *code = EXIT_APPROVAL;
    return STOP;
  }
  if (!strcmp(rep->verdict, "redirect") && rep->nredirect > 0) {
    if (can_redirect) return GO_REDIRECT;
    buf_t alt = {0};
    for (size_t i = 0; i < rep->nredirect; i++) {
      if (i) buf_char(&alt, ' ');
      buf_str(&alt, rep->redirect[i]);
    }
    say("safeshell: redirected: run `%s` instead: %s%s%s%s\n", alt.p, rep->message ? rep->message : "",
        rep->rule ? " [rule: " : "", rep->rule ? rep->rule : "", rep->rule ? "]" : "");
    free(alt.p);
    *code = EXIT_DENIED;
    return STOP;
  }
  say("safeshell: unknown verdict '%s'\n", rep->verdict);
  *code = -1;
  return STOP;
}

static int exec_or_report(const char *path, char *const *argv) {
  execv(path, argv);
  int e = errno;
  if (e == ENOEXEC) {
    // A script without #!: run it with sh, as execvp(3) and shells do.
    int n = 0;
    while (argv[n]) n++;
    char **sh = calloc((size_t)n + 2, sizeof *sh);
    if (!sh) die_oom();
    sh[0] = "sh";
    sh[1] = (char *)path;
    for (int i = 1; i < n; i++) sh[i + 1] = argv[i];
    execv("/bin/sh", sh);
  }
  say("safeshell: %s: %s\n", path, strerror(e));
  return e == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC;
}

// ---------------------------------------------------------------- modes

static int shim_main(const where_t *w, int argc, char **argv) {
  const char *prog = base_name(argv[0]);
  char real[PATH_MAX];
  if (!find_real(w, prog, real, sizeof real)) {
    say("safeshell: %s: command not found (no %s on PATH besides the safeshell shims)\n", prog, prog);
    return EXIT_NOT_FOUND;
  }
  int ai = is_ai_context();
  if (!ai && env_is("SAFESHELL_BYPASS", "1")) return exec_or_report(real, argv);
  buf_t req = {0};
  build_request(&req, "shim", argv, argc, NULL, ai);
  ask_t a = {w, prog, 0};
  reply_t rep;
  failure_t f;
  if (ask(&a, &req, &rep, &f)) {
    int code = fail_policy(&a, &f);
    return code ? code : exec_or_report(real, argv);
  }
  int code = 0;
  switch (judge(&rep, 1, &code)) {
    case GO: return exec_or_report(real, argv);
    case GO_REDIRECT: {
      char target[PATH_MAX];
      const char *t = rep.redirect[0];
      buf_t shown = {0};
      shell_words(&shown, rep.redirect, rep.nredirect);
      say_redirected(&rep, shown.p);
      free(shown.p);
      if (strchr(t, '/')) return exec_or_report(t, rep.redirect);
      if (!find_real(w, t, target, sizeof target)) {
        say("safeshell: redirect target %s: command not found\n", t);
        return EXIT_NOT_FOUND;
      }
      return exec_or_report(target, rep.redirect);
    }
    case STOP:
      if (code >= 0) return code;
      code = fail_policy(&a, &(failure_t){"unknown verdict", 0});
      return code ? code : exec_or_report(real, argv);
  }
  return EXIT_INTERNAL;
}

// The real shell for the wrapper: SAFESHELL_REAL_SHELL, else `real_shell:` in config.yaml, else /bin/bash;
// never this binary (that would loop).
static void real_shell(const where_t *w, char *out, size_t outsz) {
  const char *env = getenv("SAFESHELL_REAL_SHELL");
  char cfg[PATH_MAX];
  const char *cands[3] = {env, config_value(w, "real_shell", cfg, sizeof cfg) ? cfg : NULL, "/bin/bash"};
  for (int i = 0; i < 3; i++) {
    struct stat st;
    const char *c = cands[i];
    if (!c || c[0] != '/' || stat(c, &st) != 0 || access(c, X_OK) != 0) continue;
    if (st.st_dev == w->self.st_dev && st.st_ino == w->self.st_ino) continue;
    snprintf(out, outsz, "%s", c);
    return;
  }
  snprintf(out, outsz, "/bin/sh");
}

// Index of the command string in `sh [options] -c string [name [args]]`, or 0 when this is not a -c call.
// Handles -c, -lc, -ec, -l -c, --login -c, -o opt -c, +o opt; any cluster containing c.
static int find_command_string(int argc, char **argv) {
  int has_c = 0, i = 1;
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--") || !strcmp(a, "-")) {
      i++;
      break;
    }
    if (a[0] == '-' && a[1] == '-') {
      if (!strcmp(a, "--rcfile") || !strcmp(a, "--init-file")) i++;
      continue;
    }
    if ((a[0] == '-' || a[0] == '+') && a[1]) {
      for (const char *p = a + 1; *p; p++) {
        if (*p == 'c' && a[0] == '-') has_c = 1;
        else if (*p == 'o' || *p == 'O') i++;
      }
      continue;
    }
    break;
  }
  return has_c && i < argc ? i : 0;
}

static int wrapper_main(const where_t *w, int argc, char **argv) {
  char shell[PATH_MAX];
  real_shell(w, shell, sizeof shell);
  // argv[0] for the real shell: its own path, or "-name" when we were started as a login shell ("-safeshell-wrapper").
  char login0[PATH_MAX];
  if (argv[0][0] == '-') {
    snprintf(login0, sizeof login0, "-%s", base_name(shell));
    argv[0] = login0;
  } else {
    argv[0] = shell;
  }
  int ci = find_command_string(argc, argv);
  int ai = is_ai_context();
  if (!ci || (!ai && env_is("SAFESHELL_BYPASS", "1"))) return exec_or_report(shell, argv);
  buf_t req = {0};
  build_request(&req, "wrapper", NULL, 0, argv[ci], ai);
  ask_t a = {w, "command", 1};
  reply_t rep;
  failure_t f;
  if (ask(&a, &req, &rep, &f)) {
    int code = fail_policy(&a, &f);
    return code ? code : exec_or_report(shell, argv);
  }
  int code = 0;
  // A redirect replaces the whole line only when the daemon offers redirect_line (one simple command); then the
  // real shell runs that line with the same options and positional parameters. Otherwise it is refused.
  switch (judge(&rep, rep.redirect_line != NULL, &code)) {
    case GO: return exec_or_report(shell, argv);
    case GO_REDIRECT:
      say_redirected(&rep, rep.redirect_line);
      argv[ci] = rep.redirect_line;
      return exec_or_report(shell, argv);
    case STOP: break;
  }
  if (code >= 0) return code;
  code = fail_policy(&a, &(failure_t){"unknown verdict", 0});
  return code ? code : exec_or_report(shell, argv);
}

// safeshell-check [--line] [--] word…: asks about argv (or, with --line, the words joined as a command line)
// and exits 0 to go ahead; used by init.bash/init.zsh for cd, source, . and eval, which must run in the shell.
static int check_main(const where_t *w, int argc, char **argv) {
  int i = 1, line = 0;
  for (; i < argc; i++) {
    if (!strcmp(argv[i], "--line")) line = 1;
    else if (!strcmp(argv[i], "--")) {
      i++;
      break;
    } else break;
  }
  if (i >= argc) {
    say("usage: safeshell-check [--line] [--] word...\n");
    return EXIT_USAGE;
  }
  int ai = is_ai_context();
  if (!ai && env_is("SAFESHELL_BYPASS", "1")) return 0;
  buf_t req = {0}, cmd = {0};
  if (line) {
    for (int k = i; k < argc; k++) {
      if (k > i) buf_char(&cmd, ' ');
      buf_str(&cmd, argv[k]);
    }
  }
  build_request(&req, "builtin", argv + i, argc - i, line ? cmd.p : NULL, ai);
  ask_t a = {w, argv[i], 0};
  reply_t rep;
  failure_t f;
  if (ask(&a, &req, &rep, &f)) return fail_policy(&a, &f);
  int code = 0;
  if (judge(&rep, 0, &code) == GO) return 0;
  return code >= 0 ? code : fail_policy(&a, &(failure_t){"unknown verdict", 0});
}

#include "shim-hook.h"

int main(int argc, char **argv) {
  if (argc < 1 || !argv[0]) return EXIT_USAGE;
  where_t w;
  locate(&w);
  const char *name = base_name(argv[0]);
  if (name[0] == '-') name++;
  if (!strcmp(name, "safeshell-wrapper")) return wrapper_main(&w, argc, argv);
  if (!strcmp(name, "safeshell-check")) return check_main(&w, argc, argv);
  if (!strcmp(name, "safeshell-hook")) return hook_main(&w, argc > 1 ? argv[1] : "");
  if (!strcmp(name, "safeshell-shim")) {
    if (argc > 1 && !strcmp(argv[1], "--hook")) return hook_main(&w, argc > 2 ? argv[2] : "");
    if (argc > 1 && !strcmp(argv[1], "--version")) {
      printf("safeshell-shim %s (protocol %d)\n", SHIM_VERSION, PROTOCOL_VERSION);
      return 0;
    }
    if (argc > 1 && !strcmp(argv[1], "--home")) {
      printf("%s\n", w.home);
      return 0;
    }
    say("safeshell-shim: run it through a symlink named after a program (see `safeshell refresh`),\n"
        "  as safeshell-wrapper (-c wrapper) or safeshell-check (builtin checks); --hook claude|gemini|generic\n"
        "  (agent hooks, docs/hooks.md); --version, --home\n");
    return EXIT_USAGE;
  }
  return shim_main(&w, argc, argv);
}
