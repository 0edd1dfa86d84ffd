// Per-child reaper thread. The ThreadSafeFunction keeps the loop alive while the child runs (like child_process) and
// is released last; an env cleanup hook stops a late thread from touching a torn-down env (worker threads).
#include "reaper.h"

#include <dlfcn.h>
#include <pthread.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>

namespace safeshell {
namespace {

struct ExitReport {
  int code;
  int signal;
};

void CallOnExit(Napi::Env env, Napi::Function on_exit, std::nullptr_t*, ExitReport* raw) {
  std::unique_ptr<ExitReport> report(raw);
  if (env == nullptr || on_exit.IsEmpty()) return;  // the env is being torn down: drop the report
  on_exit.Call({Napi::Number::New(env, report->code), Napi::Number::New(env, report->signal)});
}

using ExitTsfn = Napi::TypedThreadSafeFunction<std::nullptr_t, ExitReport, CallOnExit>;

// Whether the env is still there; guarded so that the thread never calls into a torn-down ThreadSafeFunction.
struct EnvLink {
  std::mutex mu;
  bool alive = true;
};

struct Reaper {
  std::shared_ptr<ChildState> state;
  std::shared_ptr<EnvLink> link;
  ExitTsfn tsfn;
};

void OnEnvCleanup(void* arg) {
  auto* link = static_cast<std::shared_ptr<EnvLink>*>(arg);
  std::lock_guard<std::mutex> lock((*link)->mu);
  (*link)->alive = false;
}

// Runs on the JS thread once the TSFN is released (or the env is torn down): the hook is no longer needed.
void OnTsfnFinalize(Napi::Env env, std::shared_ptr<EnvLink>* link, std::nullptr_t*) {
  napi_remove_env_cleanup_hook(env, OnEnvCleanup, link);
  delete link;
}

void* ReaperMain(void* arg) {
  std::unique_ptr<Reaper> r(static_cast<Reaper*>(arg));
  const pid_t pid = r->state->pid;
  // Wait without reaping first (WNOWAIT): while the zombie exists its pid cannot be reused, so kill() may still run.
  siginfo_t info;
  int rc;
  do {
    std::memset(&info, 0, sizeof info);
    rc = ::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT);
  } while (rc < 0 && errno == EINTR);
  {
    std::lock_guard<std::mutex> lock(r->state->mu);
    r->state->exited = true;
  }
  ExitReport report{-1, 0};  // stays so only if someone else reaped our child (ECHILD)
  int status = 0;
  pid_t got;
  do {
    got = ::waitpid(pid, &status, 0);
  } while (got < 0 && errno == EINTR);
  if (got == pid && WIFEXITED(status)) report.code = WEXITSTATUS(status);
  if (got == pid && WIFSIGNALED(status)) report.signal = WTERMSIG(status);

  std::lock_guard<std::mutex> lock(r->link->mu);
  if (!r->link->alive) return nullptr;
  auto* boxed = new ExitReport(report);
  if (r->tsfn.NonBlockingCall(boxed) != napi_ok) delete boxed;
  r->tsfn.Release();
  return nullptr;
}

// A worker that loaded the addon unloads it at exit (dlclose), while a reaper thread may still be waiting in our
// code for a long-lived child: pin the library once (RTLD_NODELETE), as soon as the first reaper can outlive an env.
void PinAddon() {
  static std::once_flag once;
  std::call_once(once, [] {
    Dl_info info;
    if (::dladdr(reinterpret_cast<void*>(&ReaperMain), &info) != 0 && info.dli_fname != nullptr) {
      ::dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);  // leaks one reference on purpose
    }
  });
}

}  // namespace

int StartReaper(Napi::Env env, std::shared_ptr<ChildState> state, Napi::Function on_exit) {
  PinAddon();
  auto* link = new std::shared_ptr<EnvLink>(std::make_shared<EnvLink>());
  auto reaper = std::make_unique<Reaper>();
  reaper->state = std::move(state);
  reaper->link = *link;
  reaper->tsfn = ExitTsfn::New(env, on_exit, "safeshell.reaper", 0, 1, nullptr, OnTsfnFinalize, link);
  // Registered after the TSFN's own hook, so it runs first at teardown (hooks run last-in, first-out).
  napi_add_env_cleanup_hook(env, OnEnvCleanup, link);

  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&attr, 256 * 1024);  // waitpid and one queue push: the default 8 MiB is waste
  pthread_t thread;
  Reaper* raw = reaper.get();
  int err = pthread_create(&thread, &attr, ReaperMain, raw);
  pthread_attr_destroy(&attr);
  if (err != 0) {
    raw->tsfn.Release();  // the finalizer removes the hook and frees the link
    return err;
  }
  reaper.release();  // the thread owns it now
  return 0;
}

}  // namespace safeshell
