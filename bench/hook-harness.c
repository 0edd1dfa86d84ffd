// Timing harness for bench/hook.bench.js: what an agent pays per hook call, measured from C so that the measuring
// process adds nothing of Node's. hook-harness ROUNDS WARMUP ROW... : each ROW is
// "name\x1fstdin-file\x1fpath\x1fargv0\x1farg…". Every round runs all rows once in a freshly shuffled order:
// posix_spawn with stdin from the file, stdout into a pipe read to EOF (the answer), stderr on /dev/null, waitpid.
// Prints one JSON object: per row median, p90 and p99 in µs, and the bytes of the last answer.
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness-common.h"

extern char **environ;

typedef struct {
  char *name, *input, *path;
  char **argv;
  size_t answer;
  int status;
} row_t;

static double run_once(row_t *r) {
  int out[2];
  if (pipe2(out, O_CLOEXEC)) return -1;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, r->input, O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  double t0 = now_us();
  pid_t pid;
  if (posix_spawn(&pid, r->path, &fa, NULL, r->argv, environ)) return -1;
  close(out[1]);
  char buf[65536];
  size_t total = 0;
  ssize_t n;
  while ((n = read(out[0], buf, sizeof buf)) > 0) total += (size_t)n;
  int status;
  waitpid(pid, &status, 0);
  double t = now_us() - t0;
  close(out[0]);
  posix_spawn_file_actions_destroy(&fa);
  r->answer = total;
  r->status = status;
  return t;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: hook-harness ROUNDS WARMUP ROW...\n");
    return 2;
  }
  int rounds = atoi(argv[1]), warmup = atoi(argv[2]), nrows = argc - 3;
  row_t *rows = calloc((size_t)nrows, sizeof *rows);
  for (int i = 0; i < nrows; i++) {
    char *fields[ROW_MAX_FIELDS];
    int n = split_row(argv[i + 3], fields);
    if (n < 4) {
      fprintf(stderr, "bad row %d\n", i);
      return 2;
    }
    rows[i].name = fields[0];
    rows[i].input = fields[1];
    rows[i].path = fields[2];
    rows[i].argv = row_argv(fields, 3, n);
  }
  double *t = calloc((size_t)rounds * (size_t)nrows, sizeof *t);
  int *order = calloc((size_t)nrows, sizeof *order);
  srand(12345);
  for (int round = -warmup; round < rounds; round++) {
    shuffle_order(order, nrows);
    for (int k = 0; k < nrows; k++) {
      int r = order[k];
      double us = run_once(&rows[r]);
      if (us < 0) {
        fprintf(stderr, "spawn failed: %s\n", rows[r].path);
        return 1;
      }
      if (round >= 0) t[(size_t)r * (size_t)rounds + (size_t)round] = us;
    }
  }
  printf("{");
  for (int r = 0; r < nrows; r++) {
    double *s = t + (size_t)r * (size_t)rounds;
    qsort(s, (size_t)rounds, sizeof *s, cmp_double);
    printf("%s\"%s\":{\"median\":%.1f,\"p90\":%.1f,\"p99\":%.1f,\"answerBytes\":%zu,\"exit\":%d}", r ? "," : "", rows[r].name, s[rounds / 2],
           s[(int)(rounds * 0.9)], s[(int)(rounds * 0.99)], rows[r].answer, WIFEXITED(rows[r].status) ? WEXITSTATUS(rows[r].status) : -1);
  }
  printf("}\n");
  return 0;
}
