// UniqueFd: one owner per fd, closed on every path (node-pty#950); release() hands ownership on exactly once.
#pragma once
#include <unistd.h>

#include <cerrno>
#include <utility>

namespace safeshell {

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) reset(other.release());
    return *this;
  }
  ~UniqueFd() { reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }

  // Gives up ownership: the caller (usually JS) now closes the fd.
  int release() { return std::exchange(fd_, -1); }

  // Closes the held fd (errno preserved: close() runs on error paths that still need the original errno).
  void reset(int fd = -1) {
    if (fd_ >= 0) {
      int saved = errno;
      ::close(fd_);  // Linux always frees the fd, even on EINTR: never retry close (close(2)).
      errno = saved;
    }
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

}  // namespace safeshell
