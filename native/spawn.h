// Child: spawns on construction (clone(CLONE_VM|CLONE_VFORK), optional PTY) and signals the child's group.
#pragma once
#include <napi.h>

#include <memory>

#include "reaper.h"

namespace safeshell {

// new Child(plan) spawns or throws SpawnError; see src/native/binding.d.ts for the plan's exact shape.
class Child : public Napi::ObjectWrap<Child> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit Child(const Napi::CallbackInfo& info);

 private:
  Napi::Value JsKill(const Napi::CallbackInfo& info);

  std::shared_ptr<ChildState> state_;
};

}  // namespace safeshell
