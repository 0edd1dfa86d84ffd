// Spawning without fork(): clone(CLONE_VM|CLONE_VFORK) costs the same at any RSS (MEASUREMENTS.md §6), and unlike
// posix_spawn(3) it lets the child report which step failed (chdir vs execve) through an O_CLOEXEC pipe.
#include "spawn.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "addon.h"
#include "child.h"
#include "errors.h"
#include "fd.h"
#include "fdpass.h"
#include "pty.h"

namespace safeshell {
namespace {

// Plan values for fds[i] besides a real fd (mirrored in src/native/binding.d.ts).
constexpr int kFdIgnore = -1;  // /dev/null
constexpr int kFdPipe = -2;    // a new pipe; the parent's end comes back in child.stdio[i]
// The child's stack: its frames are small, but lazy PLT binding may save the full xsave area on first calls.
constexpr size_t kChildStack = 64 * 1024;

// argv/envp as C arrays that live until the child has exec'd (the child reads them from our memory).
struct CStrings {
  std::vector<std::string> store;
  std::vector<char*> ptrs;
};

void ReadStrings(Napi::Env env, const Napi::Value& value, const char* what, size_t min, CStrings* out) {
  if (!value.IsArray()) throw Napi::TypeError::New(env, std::string("spawn: ") + what + " must be an array of strings");
  Napi::Array array = value.As<Napi::Array>();
  if (array.Length() < min) throw Napi::TypeError::New(env, std::string("spawn: ") + what + " is empty");
  out->store.reserve(array.Length());
  for (uint32_t i = 0; i < array.Length(); ++i) {
    Napi::Value item = array.Get(i);
    if (!item.IsString()) throw Napi::TypeError::New(env, std::string("spawn: ") + what + " must be an array of strings");
    out->store.push_back(item.As<Napi::String>().Utf8Value());
    if (out->store.back().find('\0') != std::string::npos) {
      throw Napi::TypeError::New(env, std::string("spawn: ") + what + " contains a NUL byte");
    }
  }
  for (auto& s : out->store) out->ptrs.push_back(s.data());
  out->ptrs.push_back(nullptr);
}

std::string ReadPath(Napi::Env env, const Napi::Value& value, const char* what) {
  if (!value.IsString()) throw Napi::TypeError::New(env, std::string("spawn: ") + what + " must be a string");
  std::string s = value.As<Napi::String>().Utf8Value();
  if (s.empty() || s.find('\0') != std::string::npos) {
    throw Napi::TypeError::New(env, std::string("spawn: ") + what + " must be a non-empty string without NUL");
  }
  return s;
}

int ReadInt(Napi::Env env, const Napi::Value& value, const char* what, int lo, int hi) {
  double d = value.IsNumber() ? value.As<Napi::Number>().DoubleValue() : lo - 1.0;
  if (d < lo || d > hi || d != static_cast<int>(d)) {
    throw Napi::TypeError::New(env, std::string("spawn: ") + what + " must be an integer in " + std::to_string(lo) +
                                        ".." + std::to_string(hi));
  }
  return static_cast<int>(d);
}

void WaitQuietly(pid_t pid) {
  while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
}

// Returns 0 and the child's report, or -1 when the pipe saw EOF (execve succeeded).
int ReadChildError(int fd, ChildError* rec) {
  ssize_t n;
  do {
    n = ::read(fd, rec, sizeof *rec);
  } while (n < 0 && errno == EINTR);
  if (n == 0) return -1;
  if (n != static_cast<ssize_t>(sizeof *rec)) *rec = {kStageExecve, n < 0 ? errno : EIO};
  return 0;
}

}  // namespace

Napi::Function Child::Define(Napi::Env env) {
  return DefineClass(env, "Child", {InstanceMethod<&Child::JsKill>("kill")});
}

// new Child({file, argv, envp, cwd, fds, pty, pgroup, onExit}): everything is allocated and opened here, before the
// clone; every fd sits in a UniqueFd until the end, where the parent's ends are handed to JS exactly once.
Child::Child(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Child>(info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsObject()) throw Napi::TypeError::New(env, "spawn: expected a plan object");
  Napi::Object plan = info[0].As<Napi::Object>();
  const std::string file = ReadPath(env, plan.Get("file"), "file");
  CStrings argv, envp;
  ReadStrings(env, plan.Get("argv"), "argv", 1, &argv);
  ReadStrings(env, plan.Get("envp"), "envp", 0, &envp);
  Napi::Value cwd_value = plan.Get("cwd");
  const bool has_cwd = !cwd_value.IsNull() && !cwd_value.IsUndefined();
  const std::string cwd = has_cwd ? ReadPath(env, cwd_value, "cwd") : std::string();
  Napi::Value on_exit = plan.Get("onExit");
  if (!on_exit.IsFunction()) throw Napi::TypeError::New(env, "spawn: onExit must be a function");
  Napi::Value pty_value = plan.Get("pty");
  const bool use_pty = pty_value.IsObject();
  const bool pgroup = plan.Get("pgroup").ToBoolean().Value();

  PtyPair pty;
  std::vector<int> fds;
  std::vector<UniqueFd> child_ends;  // closed in the parent right after the clone
  std::vector<UniqueFd> parent_ends;  // handed to JS as child.stdio
  if (use_pty) {
    Napi::Object p = pty_value.As<Napi::Object>();
    int cols = ReadInt(env, p.Get("cols"), "pty.cols", 1, 65535);
    int rows = ReadInt(env, p.Get("rows"), "pty.rows", 1, 65535);
    Napi::Value from = p.Get("termiosFrom");
    int termios_from = from.IsNumber() ? ReadInt(env, from, "pty.termiosFrom", 0, INT32_MAX) : -1;
    const char* syscall = "";
    if (int err = OpenPty(cols, rows, termios_from, &pty, &syscall); err != 0) {
      ThrowSpawnError(env, err, syscall, "/dev/ptmx");
    }
    fds.assign(3, pty.slave.get());
  } else {
    Napi::Value fds_value = plan.Get("fds");
    if (!fds_value.IsArray()) throw Napi::TypeError::New(env, "spawn: fds must be an array when there is no pty");
    Napi::Array array = fds_value.As<Napi::Array>();
    if (array.Length() > static_cast<uint32_t>(kMaxChildFds)) throw Napi::TypeError::New(env, "spawn: too many fds");
    UniqueFd dev_null;
    for (uint32_t i = 0; i < array.Length(); ++i) {
      int v = ReadInt(env, array.Get(i), "fds[i]", kFdPipe, INT32_MAX);
      parent_ends.emplace_back();
      if (v == kFdIgnore) {
        if (!dev_null.valid()) dev_null.reset(::open("/dev/null", O_RDWR | O_CLOEXEC));
        if (!dev_null.valid()) ThrowSpawnError(env, errno, "open", "/dev/null");
        v = dev_null.get();
      } else if (v == kFdPipe) {
        int p[2];
        if (::pipe2(p, O_CLOEXEC) < 0) ThrowSpawnError(env, errno, "pipe2", file);
        UniqueFd read_end(p[0]), write_end(p[1]);
        const bool child_reads = i == 0;
        v = child_reads ? read_end.get() : write_end.get();
        parent_ends.back() = child_reads ? std::move(write_end) : std::move(read_end);
        child_ends.push_back(child_reads ? std::move(read_end) : std::move(write_end));
      }
      fds.push_back(v);
    }
    child_ends.push_back(std::move(dev_null));
  }

  int err_pipe[2];
  if (::pipe2(err_pipe, O_CLOEXEC) < 0) ThrowSpawnError(env, errno, "pipe2", file);
  UniqueFd err_read(err_pipe[0]), err_write(err_pipe[1]);
  struct rlimit lim = {};
  int max_fd = ::getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < 65536 ? static_cast<int>(lim.rlim_cur) : 65536;

  ChildPlan child_plan{file.c_str(), argv.ptrs.data(), envp.ptrs.data(), has_cwd ? cwd.c_str() : nullptr,
                       fds.data(), static_cast<int>(fds.size()), use_pty ? pty.slave.get() : -1,
                       !use_pty && pgroup, err_write.get(), max_fd};
  std::unique_ptr<char[]> stack(new char[kChildStack]);
  void* stack_top = reinterpret_cast<void*>(reinterpret_cast<uintptr_t>(stack.get() + kChildStack) & ~uintptr_t{15});

  // All signals stay blocked across the clone: a handler of ours must never run in the child, which shares our
  // memory until execve. The child resets dispositions and the mask itself (child.cc).
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  pid_t pid = ::clone(ChildMain, stack_top, CLONE_VM | CLONE_VFORK | SIGCHLD, &child_plan);
  int clone_err = errno;
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  if (pid < 0) ThrowSpawnError(env, clone_err, "clone", file);

  // The child has exec'd or exited: drop its ends, so that EOF on err_read means the execve succeeded.
  err_write.reset();
  pty.slave.reset();
  child_ends.clear();
  ChildError rec{};
  if (ReadChildError(err_read.get(), &rec) == 0) {
    WaitQuietly(pid);  // it has _exit(127)ed: reap it here, it never reaches JS
    ThrowSpawnError(env, rec.err, StageSyscall(rec.stage), rec.stage == kStageChdir ? cwd : file);
  }

  state_ = std::make_shared<ChildState>();
  state_->pid = pid;
  state_->group = use_pty || pgroup;
  if (int err = StartReaper(env, state_, on_exit.As<Napi::Function>()); err != 0) {
    ::kill(pid, SIGKILL);
    WaitQuietly(pid);
    ThrowSpawnError(env, err, "pthread_create", file);
  }

  Napi::Object self = info.This().As<Napi::Object>();
  self.Set("pid", Napi::Number::New(env, pid));
  self.Set("fd", Napi::Number::New(env, pty.master.get()));
  self.Set("ptsName", Napi::String::New(env, pty.pts_name));
  Napi::Array stdio = Napi::Array::New(env, parent_ends.size());
  for (uint32_t i = 0; i < parent_ends.size(); ++i) stdio.Set(i, Napi::Number::New(env, parent_ends[i].get()));
  self.Set("stdio", stdio);
  // Ownership moves to JS only now that nothing above can throw.
  pty.master.release();
  for (auto& end : parent_ends) end.release();
}

// kill(signal): to the child's group when it leads one; false once it has exited (its pid may be reused) or on ESRCH.
Napi::Value Child::JsKill(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int sig = ReadInt(env, info[0], "signal", 0, NSIG - 1);
  int err = 0;
  {
    std::lock_guard<std::mutex> lock(state_->mu);
    if (state_->exited) return Napi::Boolean::New(env, false);
    if (::kill(state_->group ? -state_->pid : state_->pid, sig) < 0) err = errno;
  }
  if (err == ESRCH) return Napi::Boolean::New(env, false);
  if (err != 0) ThrowSpawnError(env, err, "kill", std::to_string(state_->pid));
  return Napi::Boolean::New(env, true);
}

void InitSpawn(Napi::Env env, Napi::Object exports) {
  exports.Set("Child", Child::Define(env));
  InitPty(env, exports);
  InitFdPass(env, exports);
}

}  // namespace safeshell
