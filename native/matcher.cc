// Matcher (ObjectWrap): patterns go in once at construction; per request one matchInto() call writes (pattern, input)
// pairs into a caller-owned Int32Array. Nothing is allocated on the JS heap per call. Also the boundary bench probes.
#include "matcher.h"

#include <new>

#include "addon.h"
#include "errors.h"

namespace safeshell {
namespace {

// A failed napi call here means a bug in this file, not bad input; report it as an Error, never crash.
void Check(napi_env env, napi_status status) {
  if (status != napi_ok) throw Napi::Error::New(env, "napi call failed in native/matcher.cc");
}

// bench/boundary.bench.js: the cost of one crossing with no work, and with one string converted as matchInto does.
Napi::Value JsNoop(const Napi::CallbackInfo& info) { return info.Env().Undefined(); }

Napi::Value JsUtf8Length(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) throw Napi::TypeError::New(env, "utf8Length(text): text must be a string");
  thread_local std::vector<char> buffer;
  size_t units = 0;
  size_t bytes = 0;
  Check(env, napi_get_value_string_utf16(env, info[0], nullptr, 0, &units));
  if (buffer.size() < units * 3 + 1) buffer.resize(units * 3 + 1);
  Check(env, napi_get_value_string_utf8(env, info[0], buffer.data(), buffer.size(), &bytes));
  return Napi::Number::New(env, static_cast<double>(bytes));
}

}  // namespace

#ifdef SAFESHELL_HAVE_RE2

Napi::Function Matcher::Define(Napi::Env env) {
  return DefineClass(env, "Matcher", {InstanceAccessor<&Matcher::JsSize>("size"), StaticMethod<&Matcher::JsCheck>("check")});
}

// new Matcher(sources: string[], subjects: Uint8Array): sources in RE2 syntax; subjects[i] is 0 cwd, 1 branch, 2 command.
Matcher::Matcher(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Matcher>(info), state_(new MatcherState()) {
  Napi::Env env = info.Env();
  const char* usage = "Matcher(sources, subjects): ";
  if (info.Length() < 2 || !info[0].IsArray()) {
    throw Napi::TypeError::New(env, std::string(usage) + "sources must be an array of strings");
  }
  if (!info[1].IsTypedArray() || info[1].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    throw Napi::TypeError::New(env, std::string(usage) + "subjects must be a Uint8Array");
  }
  Napi::Array sources = info[0].As<Napi::Array>();
  Napi::Uint8Array subjects = info[1].As<Napi::Uint8Array>();
  MatcherState& st = *state_;
  st.size = sources.Length();
  if (subjects.ElementLength() != st.size) {
    throw Napi::TypeError::New(env, std::string(usage) + "subjects must have one entry per source");
  }
  std::array<std::vector<std::string>, kSubjects> patterns;
  for (uint32_t i = 0; i < st.size; i++) {
    Napi::Value v = sources[i];
    if (!v.IsString()) {
      throw Napi::TypeError::New(env, std::string(usage) + "sources[" + std::to_string(i) + "] is not a string");
    }
    uint8_t s = subjects[i];
    if (s >= kSubjects) {
      throw Napi::TypeError::New(env, std::string(usage) + "subjects[" + std::to_string(i) +
                                          "] must be 0 (cwd), 1 (branch) or 2 (command)");
    }
    patterns[s].push_back(v.As<Napi::String>().Utf8Value());
    st.global_index[s].push_back(static_cast<int32_t>(i));
  }
  try {
    for (int s = 0; s < kSubjects; s++) {
      if (patterns[s].empty()) continue;
      int bad = -1;
      std::string error;
      st.sets[s] = PatternSet::Compile(patterns[s], SetMemoryBudget(patterns[s].size()), &bad, &error);
      if (!st.sets[s]) ThrowPatternError(env, bad < 0 ? -1 : st.global_index[s][bad], error);
    }
  } catch (const std::bad_alloc&) {
    throw Napi::Error::New(env, "Matcher: out of memory while compiling the rule set");
  }
  // matchInto is an own function whose data is the state: a prototype method would pay napi_unwrap (a private-symbol
  // lookup, ~50 ns) on every request.
  auto* holder = new std::shared_ptr<MatcherState>(state_);
  Napi::Function match = Napi::Function::New<JsMatchInto>(env, "matchInto", holder);
  match.AddFinalizer([](Napi::Env, std::shared_ptr<MatcherState>* h) { delete h; }, holder);
  info.This().As<Napi::Object>().DefineProperty(Napi::PropertyDescriptor::Value("matchInto", match));
}

namespace {

// Converts a JS string to UTF-8 in st.buffer (lone surrogates become U+FFFD, as String.prototype.toWellFormed does).
size_t ToUtf8(napi_env env, napi_value value, MatcherState& st) {
  size_t units = 0;
  size_t bytes = 0;
  Check(env, napi_get_value_string_utf16(env, value, nullptr, 0, &units));  // O(1): the length only
  if (st.buffer.size() < units * 3 + 1) st.buffer.resize(units * 3 + 1);    // a UTF-16 unit is at most 3 UTF-8 bytes
  Check(env, napi_get_value_string_utf8(env, value, st.buffer.data(), st.buffer.size(), &bytes));
  return bytes;
}

}  // namespace

// HOT PATH (bench/match.bench.js): ~0.5 µs for a short command at 90 rules, < 20 µs at 10,000.
// matchInto(inputs: string[], out: Int32Array): number of pairs, -1 if out is too small, -2 if the engine failed.
// Only the inputs a pattern is tested against are read (and type-checked): src/match/ validates the rest in TS.
Napi::Value Matcher::JsMatchInto(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  MatcherState& st = **static_cast<std::shared_ptr<MatcherState>*>(info.Data());
  const char* usage = "matchInto(inputs, out): ";
  // The statuses double as the type checks (napi_array_expected / napi_invalid_arg): two napi calls fewer per request.
  uint32_t n = 0;
  if (info.Length() < 2 || napi_get_array_length(env, info[0], &n) != napi_ok) {
    throw Napi::TypeError::New(env, std::string(usage) + "inputs must be an array of strings");
  }
  napi_typedarray_type type;
  size_t out_len = 0;
  void* data = nullptr;
  if (napi_get_typedarray_info(env, info[1], &type, &out_len, &data, nullptr, nullptr) != napi_ok ||
      type != napi_int32_array) {
    throw Napi::TypeError::New(env, std::string(usage) + "out must be an Int32Array");
  }
  int32_t* out = static_cast<int32_t*>(data);
  size_t written = 0;
  try {
    for (uint32_t i = 0; i < n; i++) {
      int s = i < 2 ? static_cast<int>(i) : 2;
      const PatternSet* set = st.sets[s].get();
      if (set == nullptr) continue;  // no patterns for this slot: not even read (~60 ns per napi_get_element)
      napi_value v;
      napi_valuetype t;
      Check(env, napi_get_element(env, info[0], i, &v));
      Check(env, napi_typeof(env, v, &t));
      if (t != napi_string) {
        throw Napi::TypeError::New(env, std::string(usage) + "inputs[" + std::to_string(i) + "] is not a string");
      }
      size_t len = ToUtf8(env, v, st);
      if (!set->Match(st.buffer.data(), len, &st.hits)) return Napi::Number::New(env, -2);
      if (written + 2 * st.hits.size() > out_len) return Napi::Number::New(env, -1);
      for (int local : st.hits) {
        out[written++] = st.global_index[s][local];
        out[written++] = static_cast<int32_t>(i);
      }
    }
  } catch (const std::bad_alloc&) {
    return Napi::Number::New(env, -2);
  }
  return Napi::Number::New(env, static_cast<double>(written / 2));
}

Napi::Value Matcher::JsSize(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(state_->size));
}

// Matcher.check(source): null when RE2 compiles the pattern alone, else RE2's message (used by src/match/dialect.ts).
Napi::Value Matcher::JsCheck(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) throw Napi::TypeError::New(env, "Matcher.check(source): source must be a string");
  std::string error = CheckPattern(info[0].As<Napi::String>().Utf8Value());
  return error.empty() ? env.Null() : Napi::String::New(env, error);
}

#endif  // SAFESHELL_HAVE_RE2

void InitMatcher(Napi::Env env, Napi::Object exports) {
  exports.Set("noop", Napi::Function::New(env, JsNoop, "noop"));
  exports.Set("utf8Length", Napi::Function::New(env, JsUtf8Length, "utf8Length"));
#ifdef SAFESHELL_HAVE_RE2
  exports.Set("Matcher", Matcher::Define(env));
#endif
}

}  // namespace safeshell
