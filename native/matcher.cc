// Matcher: RE2::Set over every rule regex (filled by the native matcher issue).
#include "addon.h"

namespace safeshell {
void InitMatcher(Napi::Env, Napi::Object) {}
}  // namespace safeshell
