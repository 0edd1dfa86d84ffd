// fds over a Unix socket (SCM_RIGHTS, unix(7)): Node cannot receive them itself, the daemon's execute request needs it.
#pragma once
#include <napi.h>

namespace safeshell {

void InitFdPass(Napi::Env env, Napi::Object exports);

}  // namespace safeshell
