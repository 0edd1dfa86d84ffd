// Addon entry points shared between translation units; each part registers its exports here.
#pragma once
#include <napi.h>

namespace safeshell {

// Bumped whenever the JS-visible surface of the addon changes; src/native/load.ts checks it.
constexpr int kAbiVersion = 2;

void InitErrors(Napi::Env env, Napi::Object exports);
void InitMatcher(Napi::Env env, Napi::Object exports);
void InitSpawn(Napi::Env env, Napi::Object exports);
void InitPeerCred(Napi::Env env, Napi::Object exports);

}  // namespace safeshell
