// JSON for the shim: a growable buffer, strings out (bytes that are not UTF-8 become lone surrogates
// \uDC80-\uDCFF), and the reply in (one flat object). Included once by shim.c (a single-file build).
#pragma once
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXIT_INTERNAL 70

// ---------------------------------------------------------------- buffer

static void die_oom(void) {
  static const char msg[] = "safeshell: out of memory\n";
  (void)!write(2, msg, sizeof msg - 1);
  _exit(EXIT_INTERNAL);
}

typedef struct {
  char *p;
  size_t len, cap;
} buf_t;

static void buf_reserve(buf_t *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap) return;
  size_t cap = b->cap ? b->cap : 4096;
  while (cap < b->len + extra + 1) cap *= 2;
  char *n = realloc(b->p, cap);
  if (!n) die_oom();
  b->p = n;
  b->cap = cap;
}
static void buf_add(buf_t *b, const void *s, size_t n) {
  buf_reserve(b, n);
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = 0;
}
static void buf_str(buf_t *b, const char *s) { buf_add(b, s, strlen(s)); }
static void buf_char(buf_t *b, char c) { buf_add(b, &c, 1); }
static void buf_int(buf_t *b, long v) {
  char tmp[32];
  int n = snprintf(tmp, sizeof tmp, "%ld", v);
  buf_add(b, tmp, (size_t)n);
}

// ---------------------------------------------------------------- JSON out

// Length of one valid UTF-8 sequence at s (RFC 3629: no overlongs, no surrogates, <= U+10FFFF), 0 if invalid.
static size_t utf8_len(const unsigned char *s, size_t n) {
  unsigned char c = s[0];
  if (c >= 0xC2 && c <= 0xDF) return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && s[1] < 0xA0) return 0;
    if (c == 0xED && s[1] > 0x9F) return 0;
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80) return 0;
    if (c == 0xF0 && s[1] < 0x90) return 0;
    if (c == 0xF4 && s[1] > 0x8F) return 0;
    return 4;
  }
  return 0;
}

// A JSON string from arbitrary bytes. Control characters are escaped; a byte that is not part of valid UTF-8 is
// sent as the lone surrogate \uDC80-\uDCFF (PEP 383 "surrogateescape"), so the daemon knows exactly which byte it was.
static void json_str(buf_t *b, const char *str, size_t n) {
  static const char hex[] = "0123456789abcdef";
  const unsigned char *s = (const unsigned char *)str;
  buf_reserve(b, n + 2);
  buf_char(b, '"');
  size_t i = 0;
  while (i < n) {
    size_t run = i;
    while (run < n && s[run] >= 0x20 && s[run] < 0x7F && s[run] != '"' && s[run] != '\\') run++;
    if (run > i) {
      buf_add(b, s + i, run - i);
      i = run;
      continue;
    }
    unsigned char c = s[i];
    char esc[8];
    if (c == '"' || c == '\\') {
      esc[0] = '\\', esc[1] = (char)c;
      buf_add(b, esc, 2);
      i++;
    } else if (c == '\n') {
      buf_add(b, "\\n", 2), i++;
    } else if (c == '\t') {
      buf_add(b, "\\t", 2), i++;
    } else if (c == '\r') {
      buf_add(b, "\\r", 2), i++;
    } else if (c < 0x20 || c == 0x7F) {
      memcpy(esc, "\\u00", 4);
      esc[4] = hex[c >> 4], esc[5] = hex[c & 15];
      buf_add(b, esc, 6);
      i++;
    } else {
      size_t len = utf8_len(s + i, n - i);
      if (len) {
        buf_add(b, s + i, len);
        i += len;
      } else {
        memcpy(esc, "\\udc", 4);
        esc[4] = hex[c >> 4], esc[5] = hex[c & 15];
        buf_add(b, esc, 6);
        i++;
      }
    }
  }
  buf_char(b, '"');
}

static void json_cstr(buf_t *b, const char *s) { json_str(b, s, strlen(s)); }

// ---------------------------------------------------------------- JSON in (the reply: one flat object)

typedef struct {
  const char *p, *end;
} jr_t;

typedef struct {
  int ok;  // -1 absent, 0 false, 1 true
  char *verdict, *rule, *message, *code, *error, *version;
  char **redirect;
  size_t nredirect;
  char *redirect_line;  // for a command line that is one simple command: the shell line to run instead (wrapper)
  // Approvals (docs/approvals.md): a pending line first, then the final answer with its outcome and notice.
  int pending;        // 1 on the intermediate "waiting for a person" line
  long timeout;       // seconds the daemon waits for that person
  char *notice;       // what the agent is told (printed on stderr, or a hook's reason)
  char *outcome;      // allowed, blocked, approved, denied, timed_out, approval_required, …
} reply_t;

static void free_reply(reply_t *rep) {
  free(rep->verdict), free(rep->rule), free(rep->message), free(rep->code), free(rep->error), free(rep->version);
  free(rep->notice), free(rep->outcome), free(rep->redirect_line);
  for (size_t i = 0; i < rep->nredirect; i++) free(rep->redirect[i]);
  free(rep->redirect);
  memset(rep, 0, sizeof *rep);
}

static void jr_ws(jr_t *r) {
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\r' || *r->p == '\n')) r->p++;
}

static int hex4(const char *p, unsigned *out) {
  unsigned v = 0;
  for (int i = 0; i < 4; i++) {
    char c = p[i];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
    else return -1;
  }
  *out = v;
  return 0;
}

static void put_utf8(buf_t *b, unsigned cp) {
  char o[4];
  if (cp < 0x80) o[0] = (char)cp, buf_add(b, o, 1);
  else if (cp < 0x800) o[0] = (char)(0xC0 | cp >> 6), o[1] = (char)(0x80 | (cp & 0x3F)), buf_add(b, o, 2);
  else if (cp < 0x10000)
    o[0] = (char)(0xE0 | cp >> 12), o[1] = (char)(0x80 | ((cp >> 6) & 0x3F)), o[2] = (char)(0x80 | (cp & 0x3F)), buf_add(b, o, 3);
  else
    o[0] = (char)(0xF0 | cp >> 18), o[1] = (char)(0x80 | ((cp >> 12) & 0x3F)), o[2] = (char)(0x80 | ((cp >> 6) & 0x3F)),
    o[3] = (char)(0x80 | (cp & 0x3F)), buf_add(b, o, 4);
}

// Parses a string at r->p (which must be '"'). With out, decodes into a fresh malloc'd NUL-terminated string;
// \u0000 is rejected (argv cannot hold it); a lone \uDC80-\uDCFF becomes that raw byte (the inverse of json_str).
static int jr_string(jr_t *r, char **out) {
  if (r->p >= r->end || *r->p != '"') return -1;
  r->p++;
  buf_t b = {0};
  if (out) buf_reserve(&b, 16);
  while (r->p < r->end) {
    unsigned char c = (unsigned char)*r->p++;
    if (c == '"') {
      if (out) *out = b.p;
      return 0;
    }
    if (c < 0x20) goto bad;
    if (c != '\\') {
      if (out) buf_char(&b, (char)c);
      continue;
    }
    if (r->p >= r->end) goto bad;
    char e = *r->p++;
    char lit;
    switch (e) {
      case '"': lit = '"'; break;
      case '\\': lit = '\\'; break;
      case '/': lit = '/'; break;
      case 'b': lit = '\b'; break;
      case 'f': lit = '\f'; break;
      case 'n': lit = '\n'; break;
      case 'r': lit = '\r'; break;
      case 't': lit = '\t'; break;
      case 'u': {
        unsigned cp;
        if (r->end - r->p < 4 || hex4(r->p, &cp)) goto bad;
        r->p += 4;
        if (cp == 0) goto bad;
        if (cp >= 0xD800 && cp <= 0xDBFF && r->end - r->p >= 6 && r->p[0] == '\\' && r->p[1] == 'u') {
          unsigned lo;
          if (hex4(r->p + 2, &lo) == 0 && lo >= 0xDC00 && lo <= 0xDFFF) {
            r->p += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
        }
        if (out) {
          if (cp >= 0xDC80 && cp <= 0xDCFF) buf_char(&b, (char)(cp - 0xDC00));
          else if (cp >= 0xD800 && cp <= 0xDFFF) put_utf8(&b, 0xFFFD);
          else put_utf8(&b, cp);
        }
        continue;
      }
      default: goto bad;
    }
    if (out) buf_char(&b, lit);
  }
bad:
  free(b.p);
  return -1;
}

static int jr_literal(jr_t *r, const char *lit) {
  size_t n = strlen(lit);
  if ((size_t)(r->end - r->p) < n || memcmp(r->p, lit, n) != 0) return -1;
  r->p += n;
  return 0;
}

static int jr_skip(jr_t *r, int depth);

static int jr_skip_container(jr_t *r, int depth, char close, int keyed) {
  r->p++;
  jr_ws(r);
  if (r->p < r->end && *r->p == close) return r->p++, 0;
  for (;;) {
    jr_ws(r);
    if (keyed) {
      if (jr_string(r, NULL)) return -1;
      jr_ws(r);
      if (r->p >= r->end || *r->p++ != ':') return -1;
      jr_ws(r);
    }
    if (jr_skip(r, depth + 1)) return -1;
    jr_ws(r);
    if (r->p >= r->end) return -1;
    char c = *r->p++;
    if (c == close) return 0;
    if (c != ',') return -1;
  }
}

static int jr_skip(jr_t *r, int depth) {
  if (depth > 32 || r->p >= r->end) return -1;
  char c = *r->p;
  if (c == '"') return jr_string(r, NULL);
  if (c == '{') return jr_skip_container(r, depth, '}', 1);
  if (c == '[') return jr_skip_container(r, depth, ']', 0);
  if (c == 't') return jr_literal(r, "true");
  if (c == 'f') return jr_literal(r, "false");
  if (c == 'n') return jr_literal(r, "null");
  if (c == '-' || (c >= '0' && c <= '9')) {
    const char *start = r->p;
    while (r->p < r->end && strchr("+-0123456789.eE", *r->p)) r->p++;
    return r->p > start ? 0 : -1;
  }
  return -1;
}

static int jr_nullable_string(jr_t *r, char **out) {
  if (r->p < r->end && *r->p == 'n') return jr_literal(r, "null");
  free(*out);
  *out = NULL;
  return jr_string(r, out);
}

static int jr_string_array(jr_t *r, char ***out, size_t *n) {
  if (r->p < r->end && *r->p == 'n') return jr_literal(r, "null");
  if (r->p >= r->end || *r->p != '[') return -1;
  r->p++;
  size_t cap = 0;
  jr_ws(r);
  if (r->p < r->end && *r->p == ']') return r->p++, 0;
  for (;;) {
    jr_ws(r);
    char *s = NULL;
    if (jr_string(r, &s)) return -1;
    if (*n + 2 > cap) {
      cap = cap ? cap * 2 : 8;
      char **grown = realloc(*out, cap * sizeof **out);
      if (!grown) die_oom();
      *out = grown;
    }
    (*out)[(*n)++] = s;
    (*out)[*n] = NULL;
    jr_ws(r);
    if (r->p >= r->end) return -1;
    char c = *r->p++;
    if (c == ']') return 0;
    if (c != ',') return -1;
  }
}

// The reply is one JSON object; unknown keys are skipped, so the daemon may add fields without breaking old shims.
static int parse_reply(const char *line, size_t len, reply_t *rep) {
  memset(rep, 0, sizeof *rep);
  rep->ok = -1;
  jr_t r = {line, line + len};
  jr_ws(&r);
  if (r.p >= r.end || *r.p++ != '{') return -1;
  jr_ws(&r);
  if (r.p < r.end && *r.p == '}') return -1;
  for (;;) {
    jr_ws(&r);
    char *key = NULL;
    if (jr_string(&r, &key)) return -1;
    jr_ws(&r);
    int rc = -1;
    if (r.p < r.end && *r.p++ == ':') {
      jr_ws(&r);
      if (!strcmp(key, "ok")) {
        if (jr_literal(&r, "true") == 0) rep->ok = 1, rc = 0;
        else if (jr_literal(&r, "false") == 0) rep->ok = 0, rc = 0;
      } else if (!strcmp(key, "verdict")) rc = jr_nullable_string(&r, &rep->verdict);
      else if (!strcmp(key, "rule")) rc = jr_nullable_string(&r, &rep->rule);
      else if (!strcmp(key, "message")) rc = jr_nullable_string(&r, &rep->message);
      else if (!strcmp(key, "code")) rc = jr_nullable_string(&r, &rep->code);
      else if (!strcmp(key, "error")) rc = jr_nullable_string(&r, &rep->error);
      else if (!strcmp(key, "version")) rc = jr_nullable_string(&r, &rep->version);
      else if (!strcmp(key, "redirect")) rc = jr_string_array(&r, &rep->redirect, &rep->nredirect);
      else if (!strcmp(key, "redirect_line")) rc = jr_nullable_string(&r, &rep->redirect_line);
      else if (!strcmp(key, "notice")) rc = jr_nullable_string(&r, &rep->notice);
      else if (!strcmp(key, "outcome")) rc = jr_nullable_string(&r, &rep->outcome);
      else if (!strcmp(key, "pending")) {
        if (jr_literal(&r, "true") == 0) rep->pending = 1, rc = 0;
        else rc = jr_literal(&r, "false");
      } else if (!strcmp(key, "timeout")) {
        const char *start = r.p;
        rc = jr_skip(&r, 1);
        if (rc == 0) rep->timeout = strtol(start, NULL, 10);
      } else rc = jr_skip(&r, 1);
    }
    free(key);
    if (rc) return -1;
    jr_ws(&r);
    if (r.p >= r.end) return -1;
    char c = *r.p++;
    if (c == '}') break;
    if (c != ',') return -1;
  }
  jr_ws(&r);
  return r.p == r.end ? 0 : -1;
}
