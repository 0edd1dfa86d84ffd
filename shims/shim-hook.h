// Agent hooks, served natively (`safeshell-shim --hook claude|gemini|generic`, or argv[0] `safeshell-hook`):
// read the hook's stdin, ask the daemon (waiting for a person when a rule wants approval), print the agent's
// answer. Included once by shim.c (a single-file build). Contracts and choices: docs/hooks.md.
#pragma once

#define MAX_HOOK_INPUT (1u << 20)

typedef enum { HOOK_CLAUDE, HOOK_GEMINI, HOOK_GENERIC } hook_kind_t;

typedef struct {
  char *tool_name, *command, *session_id, *cwd;
} hook_input_t;

// All of stdin, up to MAX_HOOK_INPUT bytes (-1 when longer or unreadable).
static int read_stdin(buf_t *in) {
  for (;;) {
    buf_reserve(in, 8192);
    ssize_t n = read(0, in->p + in->len, in->cap - in->len - 1);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (n == 0) return 0;
    in->len += (size_t)n;
    in->p[in->len] = 0;
    if (in->len > MAX_HOOK_INPUT) return -1;
  }
}

// One object level of the hook input: top-level tool_name, session_id, cwd and tool_input (whose command is read);
// everything else is skipped. A repeated key keeps its last value, as JSON.parse does.
static int hook_object(jr_t *r, hook_input_t *h, int in_tool_input) {
  if (r->p >= r->end || *r->p != '{') return -1;
  r->p++;
  jr_ws(r);
  if (r->p < r->end && *r->p == '}') return r->p++, 0;
  for (;;) {
    jr_ws(r);
    char *key = NULL;
    if (jr_string(r, &key)) return -1;
    jr_ws(r);
    if (r->p >= r->end || *r->p++ != ':') return free(key), -1;
    jr_ws(r);
    char **slot = NULL;
    if (in_tool_input) {
      if (!strcmp(key, "command")) slot = &h->command;
    } else if (!strcmp(key, "tool_name")) slot = &h->tool_name;
    else if (!strcmp(key, "session_id")) slot = &h->session_id;
    else if (!strcmp(key, "cwd")) slot = &h->cwd;
    int rc;
    if (slot && r->p < r->end && *r->p == '"') {
      free(*slot);
      *slot = NULL;
      rc = jr_string(r, slot);
    } else if (!in_tool_input && !strcmp(key, "tool_input") && r->p < r->end && *r->p == '{') {
      rc = hook_object(r, h, 1);
    } else {
      rc = jr_skip(r, 2);
    }
    free(key);
    if (rc) return -1;
    jr_ws(r);
    if (r->p >= r->end) return -1;
    char c = *r->p++;
    if (c == '}') return 0;
    if (c != ',') return -1;
  }
}

static int parse_hook_input(const buf_t *in, hook_input_t *h) {
  jr_t r = {in->p ? in->p : "", (in->p ? in->p : "") + in->len};
  jr_ws(&r);
  if (hook_object(&r, h, 0)) return -1;
  jr_ws(&r);
  return r.p == r.end ? 0 : -1;
}

// ---------------------------------------------------------------- answers in each agent's format

typedef enum { ANSWER_NONE, ANSWER_ALLOW, ANSWER_DENY, ANSWER_ASK } answer_t;

// Claude Code PreToolUse: exit 0 and hookSpecificOutput.permissionDecision. Gemini CLI BeforeTool: exit 0 and
// {decision, reason}. ANSWER_NONE: no decision, the agent's own permission settings apply (a systemMessage, shown
// to the user, says why when there is something to say).
static void print_answer(hook_kind_t kind, answer_t a, const char *reason) {
  static const char *names[] = {"", "allow", "deny", "ask"};
  buf_t out = {0};
  if (a == ANSWER_NONE) {
    if (reason) {
      buf_str(&out, "{\"systemMessage\":");
      json_cstr(&out, reason);
      buf_str(&out, "}\n");
    } else if (kind == HOOK_GEMINI) {
      buf_str(&out, "{}\n");
    }
  } else if (kind == HOOK_CLAUDE) {
    buf_str(&out, "{\"hookSpecificOutput\":{\"hookEventName\":\"PreToolUse\",\"permissionDecision\":\"");
    buf_str(&out, names[a]);
    buf_str(&out, "\",\"permissionDecisionReason\":");
    json_cstr(&out, reason ? reason : "");
    buf_str(&out, "}}\n");
  } else {
    buf_str(&out, "{\"decision\":\"");
    buf_str(&out, names[a]);
    buf_str(&out, "\",\"reason\":");
    json_cstr(&out, reason ? reason : "");
    buf_str(&out, "}\n");
  }
  for (size_t off = 0; off < out.len;) {
    ssize_t n = write(1, out.p + off, out.len - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    off += (size_t)n;
  }
  free(out.p);
}

// The fail policy for hooks: malformed input, another tool, or no answer from the daemon.
static int hook_unjudged(const where_t *w, hook_kind_t kind, const char *why) {
  int closed = policy_closed(w);
  char msg[1024];
  snprintf(msg, sizeof msg, "safeshell: %s; %s (on_daemon_unavailable: %s)", why,
           closed ? "refused" : "the command was not checked", closed ? "closed" : "open");
  if (kind == HOOK_GENERIC) {
    say("%s\n", msg);
    return closed ? EXIT_UNAVAILABLE : 0;
  }
  print_answer(kind, closed ? ANSWER_DENY : ANSWER_NONE, msg);
  return 0;
}

static int hook_main(const where_t *w, const char *mode) {
  hook_kind_t kind;
  if (!strcmp(mode, "claude")) kind = HOOK_CLAUDE;
  else if (!strcmp(mode, "gemini")) kind = HOOK_GEMINI;
  else if (!strcmp(mode, "generic")) kind = HOOK_GENERIC;
  else {
    say("usage: safeshell-shim --hook claude|gemini|generic  (hook input on stdin; docs/hooks.md)\n");
    return EXIT_USAGE;
  }
  buf_t in = {0};
  if (read_stdin(&in)) return hook_unjudged(w, kind, "hook input unreadable or over 1 MiB");
  hook_input_t h = {0};
  const char *command;
  int ai = 1;
  if (kind == HOOK_GENERIC) {
    // A command line on stdin; one trailing newline is the terminator, not part of the command.
    if (in.len > 0 && in.p[in.len - 1] == '\n') in.p[--in.len] = 0;
    if (in.len > 0 && in.p[in.len - 1] == '\r') in.p[--in.len] = 0;
    if (in.len == 0 || memchr(in.p, 0, in.len)) return hook_unjudged(w, kind, "no command line on stdin");
    command = in.p;
    ai = is_ai_context();
  } else {
    if (parse_hook_input(&in, &h)) return hook_unjudged(w, kind, "malformed hook input (expected one JSON object)");
    const char *shell_tool = kind == HOOK_CLAUDE ? "Bash" : "run_shell_command";
    if (!h.tool_name || strcmp(h.tool_name, shell_tool) != 0) {
      char why[256];
      snprintf(why, sizeof why, "tool '%.100s' is not %s (safeshell judges shell commands only)", h.tool_name ? h.tool_name : "(none)", shell_tool);
      return hook_unjudged(w, kind, why);
    }
    if (!h.command || !*h.command) return hook_unjudged(w, kind, "no tool_input.command in the hook input");
    command = h.command;
  }
  buf_t req = {0};
  build_request_in(&req, "hook", NULL, 0, command, ai, h.cwd, h.session_id);
  ask_t a = {w, "command", 1};
  reply_t rep;
  failure_t f;
  if (ask(&a, &req, &rep, &f)) {
    char why[256];
    snprintf(why, sizeof why, "daemon unavailable (%s)", f.why);
    return hook_unjudged(w, kind, why);
  }
  if (kind == HOOK_GENERIC) {
    int code = 0;
    if (judge(&rep, 0, &code) == GO) return 0;
    return code >= 0 ? code : hook_unjudged(w, kind, "unknown verdict");
  }
  const char *v = rep.verdict, *outcome = rep.outcome ? rep.outcome : "";
  char fallback[1024];
  const char *reason = rep.notice;
  if (!reason || !*reason) {
    snprintf(fallback, sizeof fallback, "safeshell: %s%s%s%s", rep.message ? rep.message : v, rep.rule ? " [rule: " : "",
             rep.rule ? rep.rule : "", rep.rule ? "]" : "");
    reason = fallback;
  }
  if (!strcmp(v, "allow")) {
    // Approved by a person through safeshell: the agent need not ask again. No rule objected: no opinion.
    if (!strcmp(outcome, "approved")) print_answer(kind, ANSWER_ALLOW, reason);
    else print_answer(kind, ANSWER_NONE, NULL);
  } else if (!strcmp(v, "require_approval") && !strcmp(outcome, "approval_required")) {
    print_answer(kind, ANSWER_ASK, reason);  // hook_approval: ask (or a daemon that does not hold approvals)
  } else if (!strcmp(v, "deny") || !strcmp(v, "require_approval") || !strcmp(v, "redirect")) {
    // Blocked, denied by the user, timed out, or redirected (a command line cannot be rewritten safely).
    if (!strcmp(v, "redirect") && rep.nredirect > 0 && !rep.notice) {
      buf_t alt = {0};
      for (size_t i = 0; i < rep.nredirect; i++) {
        if (i) buf_char(&alt, ' ');
        buf_str(&alt, rep.redirect[i]);
      }
      snprintf(fallback, sizeof fallback, "safeshell: redirected: run `%s` instead", alt.p);
      free(alt.p);
    }
    print_answer(kind, ANSWER_DENY, reason);
  } else {
    return hook_unjudged(w, kind, "unknown verdict from the daemon");
  }
  return 0;
}
