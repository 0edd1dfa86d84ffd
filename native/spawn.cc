// Spawn with optional PTY handoff (filled by the spawn issue).
#include "addon.h"

namespace safeshell {
void InitSpawn(Napi::Env, Napi::Object) {}
}  // namespace safeshell
