// Addon init only: version facts and each part's exports.
#include "addon.h"

namespace safeshell {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("abiVersion", Napi::Number::New(env, kAbiVersion));
#ifdef SAFESHELL_HAVE_RE2
  exports.Set("hasRe2", Napi::Boolean::New(env, true));
#else
  exports.Set("hasRe2", Napi::Boolean::New(env, false));
#endif
  InitErrors(env, exports);
  InitMatcher(env, exports);
  InitSpawn(env, exports);
  InitPeerCred(env, exports);
  return exports;
}

}  // namespace safeshell

static Napi::Object InitAddon(Napi::Env env, Napi::Object exports) { return safeshell::Init(env, exports); }

NODE_API_MODULE(addon, InitAddon)
