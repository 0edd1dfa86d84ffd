// PTY pairs born O_CLOEXEC (glibc's openpty(3) is not), window size, and the JS-callable resize.
#pragma once
#include <napi.h>

#include <string>

#include "fd.h"

namespace safeshell {

struct PtyPair {
  UniqueFd master;
  UniqueFd slave;
  std::string pts_name;
};

// Opens a PTY of cols x rows. termios_from >= 0 copies that terminal's modes (as script(1) does) when it is one.
// Returns 0, or an errno with *syscall naming the call that failed; out owns whatever was opened.
int OpenPty(int cols, int rows, int termios_from, PtyPair* out, const char** syscall);

void InitPty(Napi::Env env, Napi::Object exports);

}  // namespace safeshell
