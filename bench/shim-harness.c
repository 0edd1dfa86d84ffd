// Timing harness for bench/shim-overhead.js (C, so that the measuring process adds nothing of Node's).
//   exec ROUNDS WARMUP ROW... : each ROW is "name\x1fpath\x1fargv0\x1farg…"; every round runs all rows once in a
//     freshly shuffled order (posix_spawn, stdio on /dev/null, waitpid); prints one JSON line of µs per row.
//   flood SOCKET THREADS SECONDS REQFILE : THREADS clients, each a new connection per request (like the shim):
//     connect, one line out, one line back, close. Prints count, seconds and latency percentiles (µs).
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness-common.h"

extern char **environ;

typedef struct {
  char *name, *path;
  char **argv;
} row_t;

static int exec_mode(int rounds, int warmup, int nrows, char **specs) {
  row_t *rows = calloc((size_t)nrows, sizeof *rows);
  for (int r = 0; r < nrows; r++) {
    char *fields[ROW_MAX_FIELDS];
    int n = split_row(specs[r], fields);
    rows[r].name = fields[0];
    rows[r].path = fields[1];
    rows[r].argv = row_argv(fields, 2, n);
  }
  double *t = calloc((size_t)rounds * (size_t)nrows, sizeof *t);
  int *order = calloc((size_t)nrows, sizeof *order);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  for (int fd = 0; fd < 3; fd++) posix_spawn_file_actions_addopen(&fa, fd, "/dev/null", fd ? O_WRONLY : O_RDONLY, 0);
  srand(12345);
  for (int round = -warmup; round < rounds; round++) {
    shuffle_order(order, nrows);
    for (int k = 0; k < nrows; k++) {
      row_t *row = &rows[order[k]];
      double t0 = now_us();
      pid_t pid;
      if (posix_spawn(&pid, row->path, &fa, NULL, row->argv, environ) != 0) {
        fprintf(stderr, "spawn %s failed\n", row->path);
        return 1;
      }
      int st;
      waitpid(pid, &st, 0);
      double dt = now_us() - t0;
      if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        fprintf(stderr, "%s exited with %d\n", row->name, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
        return 1;
      }
      if (round >= 0) t[(size_t)round * (size_t)nrows + (size_t)order[k]] = dt;
    }
  }
  printf("{\"rows\":[");
  for (int r = 0; r < nrows; r++) {
    printf("%s{\"name\":\"%s\",\"us\":[", r ? "," : "", rows[r].name);
    for (int i = 0; i < rounds; i++) printf("%s%.1f", i ? "," : "", t[(size_t)i * (size_t)nrows + (size_t)r]);
    printf("]}");
  }
  printf("]}\n");
  return 0;
}

typedef struct {
  const char *sock;
  char **reqs;
  size_t *lens;
  int nreqs;
  double until;
  double *lat;
  size_t n, cap;
  int errors;
} worker_t;

static void *flood_worker(void *arg) {
  worker_t *w = arg;
  struct sockaddr_un sa = {.sun_family = AF_UNIX};
  snprintf(sa.sun_path, sizeof sa.sun_path, "%s", w->sock);
  char buf[65536];
  for (size_t k = 0; now_us() < w->until; k++) {
    const char *req = w->reqs[k % (size_t)w->nreqs];
    size_t len = w->lens[k % (size_t)w->nreqs];
    double t0 = now_us();
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || send(fd, req, len, MSG_NOSIGNAL) != (ssize_t)len) {
      w->errors++;
      close(fd);
      continue;
    }
    size_t got = 0;
    int ok = 0;
    for (;;) {
      ssize_t n = read(fd, buf + got, sizeof buf - got);
      if (n <= 0) break;
      if (memchr(buf + got, '\n', (size_t)n)) {
        ok = 1;
        break;
      }
      got += (size_t)n;
      if (got == sizeof buf) break;
    }
    close(fd);
    if (!ok || strncmp(buf, "{\"ok\":true", 10) != 0) {
      w->errors++;
      continue;
    }
    if (w->n == w->cap) {
      w->cap = w->cap ? w->cap * 2 : 65536;
      w->lat = realloc(w->lat, w->cap * sizeof *w->lat);
    }
    w->lat[w->n++] = now_us() - t0;
  }
  return NULL;
}

static int flood_mode(const char *sock, int threads, double seconds, const char *reqfile) {
  FILE *f = fopen(reqfile, "r");
  if (!f) return perror(reqfile), 1;
  char *reqs[256];
  size_t lens[256];
  int nreqs = 0;
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  while (nreqs < 256 && (n = getline(&line, &cap, f)) > 0) {
    reqs[nreqs] = strdup(line);
    lens[nreqs++] = (size_t)n;
  }
  fclose(f);
  worker_t *w = calloc((size_t)threads, sizeof *w);
  pthread_t *tid = calloc((size_t)threads, sizeof *tid);
  double start = now_us();
  for (int i = 0; i < threads; i++) {
    w[i] = (worker_t){.sock = sock, .reqs = reqs, .lens = lens, .nreqs = nreqs, .until = start + seconds * 1e6};
    pthread_create(&tid[i], NULL, flood_worker, &w[i]);
  }
  size_t total = 0;
  int errors = 0;
  for (int i = 0; i < threads; i++) {
    pthread_join(tid[i], NULL);
    total += w[i].n;
    errors += w[i].errors;
  }
  double elapsed = (now_us() - start) / 1e6;
  double *all = malloc((total ? total : 1) * sizeof *all);
  size_t k = 0;
  for (int i = 0; i < threads; i++) {
    memcpy(all + k, w[i].lat, w[i].n * sizeof *all);
    k += w[i].n;
  }
  qsort(all, total, sizeof *all, cmp_double);
#define PCT(p) (total ? all[(size_t)((double)(total - 1) * (p))] : 0)
  printf("{\"count\":%zu,\"errors\":%d,\"seconds\":%.3f,\"p50\":%.1f,\"p90\":%.1f,\"p99\":%.1f,\"max\":%.1f}\n", total, errors, elapsed, PCT(0.5), PCT(0.9),
         PCT(0.99), total ? all[total - 1] : 0);
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 3 && !strcmp(argv[1], "exec")) return exec_mode(atoi(argv[2]), atoi(argv[3]), argc - 4, argv + 4);
  if (argc == 6 && !strcmp(argv[1], "flood")) return flood_mode(argv[2], atoi(argv[3]), atof(argv[4]), argv[5]);
  fprintf(stderr, "usage: shim-harness exec ROUNDS WARMUP ROW... | flood SOCKET THREADS SECONDS REQFILE\n");
  return 2;
}
