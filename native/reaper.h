// One private thread per child in waitid/waitpid, reporting through a ThreadSafeFunction (never the libuv pool).
#pragma once
#include <napi.h>
#include <sys/types.h>

#include <memory>
#include <mutex>

namespace safeshell {

// Shared by the JS-side Child object and its reaper thread.
struct ChildState {
  std::mutex mu;
  pid_t pid = -1;
  bool group = false;   // signals go to -pid (the child leads its own process group or session)
  bool exited = false;  // set under mu once the child is a zombie: after that kill() must not run (pid reuse)
};

// Starts a detached thread that waits for state->pid, reaps it, then calls on_exit(code, signal) on the JS thread
// (code -1 when killed by a signal; signal 0 when it exited). Returns 0, or an errno if no thread could start, in
// which case the caller still has to reap the child.
int StartReaper(Napi::Env env, std::shared_ptr<ChildState> state, Napi::Function on_exit);

}  // namespace safeshell
