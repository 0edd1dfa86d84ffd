// Holds the JS error classes handed to init() and builds instances of them from C++.
#include "errors.h"

#include "addon.h"

namespace safeshell {
namespace {

struct ErrorClasses {
  Napi::FunctionReference pattern_error;
  Napi::FunctionReference spawn_error;
};

// init({PatternError, SpawnError}) — must be called once before anything can throw.
Napi::Value JsInit(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsObject()) {
    throw Napi::TypeError::New(env, "init(classes): expected an object");
  }
  Napi::Object classes = info[0].As<Napi::Object>();
  auto* data = env.GetInstanceData<ErrorClasses>();
  if (data == nullptr) {
    data = new ErrorClasses();
    env.SetInstanceData(data);
  }
  Napi::Value pattern = classes.Get("PatternError");
  Napi::Value spawn = classes.Get("SpawnError");
  if (!pattern.IsFunction() || !spawn.IsFunction()) {
    throw Napi::TypeError::New(env, "init(classes): PatternError and SpawnError must be classes");
  }
  data->pattern_error = Napi::Persistent(pattern.As<Napi::Function>());
  data->spawn_error = Napi::Persistent(spawn.As<Napi::Function>());
  return env.Undefined();
}

}  // namespace

void ThrowPatternError(Napi::Env env, int index, const std::string& message) {
  auto* data = env.GetInstanceData<ErrorClasses>();
  if (data == nullptr || data->pattern_error.IsEmpty()) {
    throw Napi::Error::New(env, "pattern " + std::to_string(index) + ": " + message);
  }
  Napi::Object err = data->pattern_error.New({Napi::String::New(env, message), Napi::Number::New(env, index)});
  throw Napi::Error(env, err);
}

void ThrowSpawnError(Napi::Env env, int err, const char* syscall, const std::string& path) {
  auto* data = env.GetInstanceData<ErrorClasses>();
  if (data == nullptr || data->spawn_error.IsEmpty()) {
    throw Napi::Error::New(env, std::string(syscall) + " failed for " + path);
  }
  Napi::Object e = data->spawn_error.New(
      {Napi::Number::New(env, err), Napi::String::New(env, syscall), Napi::String::New(env, path)});
  throw Napi::Error(env, e);
}

void InitErrors(Napi::Env env, Napi::Object exports) {
  exports.Set("init", Napi::Function::New(env, JsInit, "init"));
}

}  // namespace safeshell
