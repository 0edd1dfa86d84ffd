// Shared by bench/hook-harness.c and bench/shim-harness.c: the clock, the sort order, row parsing and the
// per-round shuffle. Header-only (static inline) so that each bench script still compiles one .c file.
#ifndef SAFESHELL_BENCH_HARNESS_COMMON_H
#define SAFESHELL_BENCH_HARNESS_COMMON_H

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ROW_MAX_FIELDS 64

static inline double now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static inline int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

// Splits a copy of ROW at \x1f into FIELDS (at most ROW_MAX_FIELDS - 1); returns how many.
static inline int split_row(const char *row, char *fields[ROW_MAX_FIELDS]) {
  char *s = strdup(row);
  int n = 0;
  for (char *f = strtok(s, "\x1f"); f && n < ROW_MAX_FIELDS - 1; f = strtok(NULL, "\x1f")) fields[n++] = f;
  return n;
}

// fields[first..n) as a NULL-terminated argv for posix_spawn.
static inline char **row_argv(char **fields, int first, int n) {
  char **argv = calloc((size_t)n, sizeof *argv);
  for (int k = first; k < n; k++) argv[k - first] = fields[k];
  return argv;
}

// ORDER becomes 0..n-1 freshly shuffled (Fisher-Yates over rand(), which the caller seeds): a new order every
// round keeps one row's cache warmth from favouring the next.
static inline void shuffle_order(int *order, int n) {
  for (int i = 0; i < n; i++) order[i] = i;
  for (int i = n - 1; i > 0; i--) {
    int j = rand() % (i + 1), tmp = order[i];
    order[i] = order[j], order[j] = tmp;
  }
}

#endif
