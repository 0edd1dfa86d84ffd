// PTY allocation and resize. The master goes to JS (a tty.ReadStream owns it); the slave only to the child.
#include "pty.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <termios.h>

#include <cerrno>

#include "errors.h"

namespace safeshell {

int OpenPty(int cols, int rows, int termios_from, PtyPair* out, const char** syscall) {
  auto fail = [&](const char* name) {
    *syscall = name;
    return errno;
  };
  out->master.reset(::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC));
  if (!out->master.valid()) return fail("posix_openpt");
  if (::grantpt(out->master.get()) < 0) return fail("grantpt");
  if (::unlockpt(out->master.get()) < 0) return fail("unlockpt");
  char name[128];
  if (int e = ::ptsname_r(out->master.get(), name, sizeof name); e != 0) {  // returns the error, not -1
    errno = e;
    return fail("ptsname_r");
  }
  out->pts_name = name;
  // TIOCGPTPEER (Linux 4.13) opens the peer without a path lookup race; fall back to the path.
  out->slave.reset(::ioctl(out->master.get(), TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC));
  if (!out->slave.valid()) out->slave.reset(::open(name, O_RDWR | O_NOCTTY | O_CLOEXEC));
  if (!out->slave.valid()) return fail("open");

  struct termios tio;
  if (termios_from >= 0 && ::tcgetattr(termios_from, &tio) == 0) {
    ::tcsetattr(out->slave.get(), TCSANOW, &tio);
  } else if (::tcgetattr(out->slave.get(), &tio) == 0) {
    tio.c_iflag |= IUTF8;  // backspace erases a whole UTF-8 character in canonical mode
    ::tcsetattr(out->slave.get(), TCSANOW, &tio);
  }
  struct winsize ws = {};
  ws.ws_col = static_cast<unsigned short>(cols);
  ws.ws_row = static_cast<unsigned short>(rows);
  if (::ioctl(out->master.get(), TIOCSWINSZ, &ws) < 0) return fail("ioctl");
  return 0;
}

namespace {

bool IsDimension(const Napi::Value& v) {
  if (!v.IsNumber()) return false;
  double d = v.As<Napi::Number>().DoubleValue();
  return d >= 1 && d <= 65535 && d == static_cast<int>(d);
}

// resize(fd, cols, rows): TIOCSWINSZ on the master; the kernel sends SIGWINCH to the PTY's foreground group.
Napi::Value JsResize(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 3 || !info[0].IsNumber() || !IsDimension(info[1]) || !IsDimension(info[2])) {
    throw Napi::TypeError::New(env, "resize(fd, cols, rows): expected an fd and two integers in 1..65535");
  }
  int fd = info[0].As<Napi::Number>().Int32Value();
  struct winsize ws = {};
  ws.ws_col = static_cast<unsigned short>(info[1].As<Napi::Number>().Int32Value());
  ws.ws_row = static_cast<unsigned short>(info[2].As<Napi::Number>().Int32Value());
  if (::ioctl(fd, TIOCSWINSZ, &ws) < 0) ThrowSpawnError(env, errno, "ioctl", "TIOCSWINSZ");
  return env.Undefined();
}

}  // namespace

void InitPty(Napi::Env env, Napi::Object exports) {
  exports.Set("resize", Napi::Function::New(env, JsResize, "resize"));
}

}  // namespace safeshell
