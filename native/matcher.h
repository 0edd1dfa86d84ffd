// Matcher: every rule regex compiled once into one RE2::Set per subject; one call per request.
#pragma once
#include <napi.h>

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "regex_engine.h"

namespace safeshell {

#ifdef SAFESHELL_HAVE_RE2
constexpr int kSubjects = 3;  // 0 cwd, 1 branch, 2 command (src/match/regex-matcher.ts)

// The compiled sets and scratch buffers. Shared by the wrapper object and its matchInto function, so that a detached
// `const f = m.matchInto` keeps them alive after the wrapper is collected.
struct MatcherState {
  std::array<std::unique_ptr<PatternSet>, kSubjects> sets;
  std::array<std::vector<int32_t>, kSubjects> global_index;  // set-local index -> pattern index
  size_t size = 0;
  std::vector<char> buffer;
  std::vector<int> hits;
};

class Matcher : public Napi::ObjectWrap<Matcher> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit Matcher(const Napi::CallbackInfo& info);

 private:
  static Napi::Value JsMatchInto(const Napi::CallbackInfo& info);
  Napi::Value JsSize(const Napi::CallbackInfo& info);
  static Napi::Value JsCheck(const Napi::CallbackInfo& info);

  std::shared_ptr<MatcherState> state_;
};
#endif

}  // namespace safeshell
