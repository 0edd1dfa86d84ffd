// The only file that includes RE2. Compiled to nothing when the addon is built without it (SAFESHELL_HAVE_RE2 unset).
#include "regex_engine.h"

#ifdef SAFESHELL_HAVE_RE2
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>

namespace safeshell {
namespace {

RE2::Options EngineOptions(int64_t max_mem) {
  RE2::Options o;
  o.set_encoding(RE2::Options::EncodingUTF8);
  o.set_log_errors(false);  // errors come back as PatternError, never on stderr
  o.set_dot_nl(true);       // the dialect reads patterns with the 's' flag
  o.set_max_mem(max_mem);
  return o;
}

}  // namespace

struct PatternSet::Impl {
  explicit Impl(int64_t max_mem) : set(EngineOptions(max_mem), RE2::UNANCHORED) {}
  RE2::Set set;
};

PatternSet::PatternSet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PatternSet::~PatternSet() = default;

std::unique_ptr<PatternSet> PatternSet::Compile(const std::vector<std::string>& patterns, int64_t max_mem,
                                                int* bad_index, std::string* error) {
  auto impl = std::make_unique<Impl>(max_mem);
  for (size_t i = 0; i < patterns.size(); i++) {
    if (impl->set.Add(patterns[i], error) < 0) {
      *bad_index = static_cast<int>(i);
      return nullptr;
    }
  }
  if (!impl->set.Compile()) {
    *bad_index = -1;
    *error = "the rule set is too large for RE2 (max_mem " + std::to_string(max_mem >> 20) + " MiB)";
    return nullptr;
  }
  return std::unique_ptr<PatternSet>(new PatternSet(std::move(impl)));
}

bool PatternSet::Match(const char* text, size_t len, std::vector<int>* hits) const {
  hits->clear();
  re2::StringPiece piece(text, len);
  RE2::Set::ErrorInfo info{RE2::Set::kNoError};
  // Most commands match nothing. Asking "any?" first skips the per-call SparseSet RE2 allocates for the indices and
  // stops at the first match (~60 ns less per miss, bench/match.bench.js); only a hit pays for the second pass.
  if (!impl_->set.Match(piece, nullptr, &info)) return info.kind == RE2::Set::kNoError;
  if (!impl_->set.Match(piece, hits, &info)) return false;
  std::sort(hits->begin(), hits->end());  // RE2::Set reports matches in no particular order
  return true;
}

std::string CheckPattern(const std::string& pattern) {
  RE2 re(pattern, EngineOptions(8 << 20));
  return re.ok() ? std::string() : re.error();
}

int64_t SetMemoryBudget(size_t n) {
  // 32 MiB + 16 KiB per pattern, capped at 1 GiB: a budget, not an allocation (the DFA cache fills lazily).
  int64_t budget = (int64_t{32} << 20) + static_cast<int64_t>(n) * (16 << 10);
  return std::min<int64_t>(budget, int64_t{1} << 30);
}

}  // namespace safeshell
#endif  // SAFESHELL_HAVE_RE2
