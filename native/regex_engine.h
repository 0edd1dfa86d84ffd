// The interface to the regex library: a set of patterns compiled once and matched all at once. No RE2 types leak out.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace safeshell {

class PatternSet {
 public:
  // Compiles `patterns` (RE2 syntax, as emitted by src/match/dialect.ts). On failure returns nullptr with *bad_index
  // set to the rejected pattern (-1 when the whole set did not fit in max_mem) and *error to the engine's message.
  static std::unique_ptr<PatternSet> Compile(const std::vector<std::string>& patterns, int64_t max_mem, int* bad_index,
                                             std::string* error);
  ~PatternSet();
  PatternSet(const PatternSet&) = delete;
  PatternSet& operator=(const PatternSet&) = delete;

  // Fills *hits with the ascending indices of every pattern matching text (valid UTF-8). Returns false when the engine
  // failed (the DFA ran out of memory); the caller then has no answer and must ask another engine.
  bool Match(const char* text, size_t len, std::vector<int>* hits) const;

 private:
  struct Impl;
  explicit PatternSet(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Compiles one pattern alone with the options the set uses; returns "" when it is accepted, else the reason.
std::string CheckPattern(const std::string& pattern);

// Memory budget for a set of n patterns: RE2's default 8 MiB is too small for thousands of patterns in one program.
int64_t SetMemoryBudget(size_t n);

}  // namespace safeshell
