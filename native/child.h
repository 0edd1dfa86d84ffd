// The plan a spawned child follows between clone(CLONE_VM|CLONE_VFORK) and execve. Plain data only: the child shares
// the parent's memory, so everything here is allocated by the parent before the clone (STYLE.md, Lifetimes).
#pragma once
#include <cstdint>

namespace safeshell {

// Most fds a plan may map (fds[i] becomes fd i in the child); the child copies them onto its stack.
constexpr int kMaxChildFds = 64;

struct ChildPlan {
  const char* file;    // execve path, already resolved by TS (PATH lookup is TS's job)
  char* const* argv;   // nullptr-terminated
  char* const* envp;   // nullptr-terminated
  const char* cwd;     // nullptr: keep the parent's
  const int* fds;      // fds[i] >= 0: dup2 onto i; -1: i is closed in the child
  int nfds;            // <= kMaxChildFds
  int pty_slave;       // >= 0: setsid() then TIOCSCTTY on it (it should also appear in fds)
  bool new_pgroup;     // without a PTY: setpgid(0, 0) so signals can go to the child's group
  int err_fd;          // write end of the O_CLOEXEC exec-error pipe
  int max_fd;          // highest fd to close by hand if close_range(2) is missing
};

// What the child writes to err_fd before _exit(127); EOF on the pipe means execve succeeded.
enum ChildStage : int32_t {
  kStageSetsid = 1,
  kStageSetpgid,
  kStageTiocsctty,
  kStageDup,
  kStageChdir,
  kStageExecve,
};

struct ChildError {
  int32_t stage;
  int32_t err;
};

// The syscall name a stage reports in SpawnError.syscall.
const char* StageSyscall(int32_t stage);

// clone() entry point: runs ChildPlan in the child and never returns. Async-signal-safe calls only.
int ChildMain(void* plan);

}  // namespace safeshell
