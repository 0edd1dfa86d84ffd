// Typed errors thrown from C++: JS classes are registered once through init() (better-sqlite3's pattern).
#pragma once
#include <napi.h>

namespace safeshell {

void ThrowPatternError(Napi::Env env, int index, const std::string& message);
void ThrowSpawnError(Napi::Env env, int err, const char* syscall, const std::string& path);

}  // namespace safeshell
