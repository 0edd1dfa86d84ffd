// Code that runs in the child between clone(CLONE_VM|CLONE_VFORK) and execve: it shares the parent's memory, so only
// async-signal-safe calls (signal-safety(7)), no allocation, no napi.h, no C++ exceptions, and never a return.
#include "child.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

namespace safeshell {
namespace {

[[noreturn]] void Fail(int err_fd, int32_t stage, int err) {
  ChildError rec{stage, err};
  // 8 bytes to a pipe is atomic (pipe(7), PIPE_BUF); nothing useful can be done if it fails.
  ssize_t n;
  do {
    n = ::write(err_fd, &rec, sizeof rec);
  } while (n < 0 && errno == EINTR);
  ::_exit(127);
}

// The parent blocked every signal before the clone, so no handler of the parent's can run here (it would run on
// the parent's memory). Reset every disposition, including Node's SIG_IGN for SIGPIPE, before unblocking.
void ResetSignals() {
  struct sigaction sa = {};
  sa.sa_handler = SIG_DFL;
  sigemptyset(&sa.sa_mask);
  for (int sig = 1; sig < NSIG; ++sig) {
    if (sig == SIGKILL || sig == SIGSTOP) continue;
    ::sigaction(sig, &sa, nullptr);  // EINVAL for glibc's reserved RT signals: ignored on purpose
  }
}

// Closes every fd >= lo except keep. close_range(2) since Linux 5.9; otherwise one close() per fd.
void CloseFrom(int lo, int keep, int max_fd) {
  bool ok = true;
  if (keep > lo) ok = ::syscall(SYS_close_range, lo, keep - 1, 0) == 0;
  if (ok) ok = ::syscall(SYS_close_range, keep + 1, ~0U, 0) == 0;
  if (ok) return;
  for (int fd = lo; fd <= max_fd; ++fd) {
    if (fd != keep) ::close(fd);
  }
}

}  // namespace

const char* StageSyscall(int32_t stage) {
  switch (stage) {
    case kStageSetsid: return "setsid";
    case kStageSetpgid: return "setpgid";
    case kStageTiocsctty: return "ioctl";
    case kStageDup: return "dup2";
    case kStageChdir: return "chdir";
    case kStageExecve: return "execve";
    default: return "spawn";
  }
}

int ChildMain(void* arg) {
  const ChildPlan& plan = *static_cast<const ChildPlan*>(arg);
  const int n = plan.nfds;
  int err_fd = plan.err_fd;

  ResetSignals();

  // A new session makes the PTY slave our controlling terminal (credentials(7), tty_ioctl(4) TIOCSCTTY).
  if (plan.pty_slave >= 0) {
    if (::setsid() < 0) Fail(err_fd, kStageSetsid, errno);
    if (::ioctl(plan.pty_slave, TIOCSCTTY, 0) < 0) Fail(err_fd, kStageTiocsctty, errno);
  } else if (plan.new_pgroup) {
    if (::setpgid(0, 0) < 0) Fail(err_fd, kStageSetpgid, errno);
  }

  // Move every fd we still need out of [0, n) first, so that no dup2 below clobbers a source not yet used.
  if (err_fd < n) {
    int moved = ::fcntl(err_fd, F_DUPFD_CLOEXEC, n);
    if (moved < 0) Fail(err_fd, kStageDup, errno);
    err_fd = moved;
  }
  int src[kMaxChildFds];
  for (int i = 0; i < n; ++i) {
    src[i] = plan.fds[i];
    if (src[i] >= 0 && src[i] < n && src[i] != i) {
      src[i] = ::fcntl(src[i], F_DUPFD_CLOEXEC, n);
      if (src[i] < 0) Fail(err_fd, kStageDup, errno);
    }
  }
  for (int i = 0; i < n; ++i) {
    if (src[i] < 0) {
      ::close(i);
    } else if (src[i] == i) {
      if (::fcntl(i, F_SETFD, 0) < 0) Fail(err_fd, kStageDup, errno);  // inherit as is: drop FD_CLOEXEC
    } else if (::dup2(src[i], i) < 0) {
      Fail(err_fd, kStageDup, errno);
    }
  }
  // Nothing else leaks into the child, O_CLOEXEC or not; the error pipe closes itself at execve.
  CloseFrom(n, err_fd, plan.max_fd);

  if (plan.cwd != nullptr && ::chdir(plan.cwd) < 0) Fail(err_fd, kStageChdir, errno);

  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::execve(plan.file, plan.argv, plan.envp);
  Fail(err_fd, kStageExecve, errno);
}

}  // namespace safeshell
