// sendFds/recvFds: one sendmsg/recvmsg each, non-blocking (the socket belongs to the event loop), received fds are
// O_CLOEXEC from birth (MSG_CMSG_CLOEXEC) and closed again if anything goes wrong before JS has them.
#include "fdpass.h"

#include <sys/socket.h>
#include <sys/uio.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "errors.h"
#include "fd.h"

namespace safeshell {
namespace {

constexpr int kMaxPassFds = 253;  // SCM_MAX_FD

int FdArg(Napi::Env env, const Napi::Value& v, const char* what) {
  double d = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : -1;
  if (d < 0 || d > INT32_MAX || d != static_cast<int>(d)) {
    throw Napi::TypeError::New(env, std::string(what) + " must be a file descriptor");
  }
  return static_cast<int>(d);
}

// sendFds(socketFd, fds, data): data (>= 1 byte: stream sockets carry no ancillary data alone) with fds attached
// to its first byte. Returns the number of bytes sent; the caller sends any rest the ordinary way.
Napi::Value JsSendFds(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 3 || !info[1].IsArray() || !info[2].IsTypedArray()) {
    throw Napi::TypeError::New(env, "sendFds(socketFd, fds, data): expected an fd, an array of fds, a Uint8Array");
  }
  int sock = FdArg(env, info[0], "socketFd");
  Napi::Array list = info[1].As<Napi::Array>();
  Napi::Uint8Array data = info[2].As<Napi::Uint8Array>();
  if (data.ByteLength() == 0) throw Napi::TypeError::New(env, "sendFds: data must not be empty");
  if (list.Length() > static_cast<uint32_t>(kMaxPassFds)) throw Napi::TypeError::New(env, "sendFds: too many fds");
  std::vector<int> fds;
  for (uint32_t i = 0; i < list.Length(); ++i) fds.push_back(FdArg(env, list.Get(i), "fds[i]"));

  struct iovec iov = {data.Data(), data.ByteLength()};
  struct msghdr msg = {};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  std::vector<char> control(CMSG_SPACE(sizeof(int) * fds.size()));
  if (!fds.empty()) {
    msg.msg_control = control.data();
    msg.msg_controllen = control.size();
    struct cmsghdr* cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int) * fds.size());
    std::memcpy(CMSG_DATA(cmsg), fds.data(), sizeof(int) * fds.size());
  }
  ssize_t n;
  do {
    n = ::sendmsg(sock, &msg, MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  if (n < 0) ThrowSpawnError(env, errno, "sendmsg", "");
  return Napi::Number::New(env, static_cast<double>(n));
}

// recvFds(socketFd, maxBytes, maxFds) -> {data, fds} | null when nothing is ready (EAGAIN). data.length 0 with no
// fds is EOF. More fds than maxFds (MSG_CTRUNC) closes the ones that came and throws EMSGSIZE.
Napi::Value JsRecvFds(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 3) throw Napi::TypeError::New(env, "recvFds(socketFd, maxBytes, maxFds): missing arguments");
  int sock = FdArg(env, info[0], "socketFd");
  int max_bytes = FdArg(env, info[1], "maxBytes");
  int max_fds = FdArg(env, info[2], "maxFds");
  if (max_bytes < 1 || max_fds > kMaxPassFds) throw Napi::TypeError::New(env, "recvFds: maxBytes >= 1, maxFds <= 253");

  std::vector<char> buffer(max_bytes);
  struct iovec iov = {buffer.data(), buffer.size()};
  std::vector<char> control(CMSG_SPACE(sizeof(int) * (max_fds > 0 ? max_fds : 1)));
  struct msghdr msg = {};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control.data();
  msg.msg_controllen = control.size();
  ssize_t n;
  do {
    n = ::recvmsg(sock, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
  } while (n < 0 && errno == EINTR);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return env.Null();
  if (n < 0) ThrowSpawnError(env, errno, "recvmsg", "");

  std::vector<UniqueFd> received;
  for (struct cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
    size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (size_t i = 0; i < count; ++i) {
      int fd;
      std::memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
      received.emplace_back(fd);
    }
  }
  if (msg.msg_flags & MSG_CTRUNC) ThrowSpawnError(env, EMSGSIZE, "recvmsg", "");  // received closes them

  Napi::Object result = Napi::Object::New(env);
  result.Set("data", Napi::Buffer<char>::Copy(env, buffer.data(), static_cast<size_t>(n)));
  Napi::Array fds = Napi::Array::New(env, received.size());
  for (uint32_t i = 0; i < received.size(); ++i) fds.Set(i, Napi::Number::New(env, received[i].get()));
  result.Set("fds", fds);
  for (auto& fd : received) fd.release();  // JS owns them now
  return result;
}

}  // namespace

void InitFdPass(Napi::Env env, Napi::Object exports) {
  exports.Set("sendFds", Napi::Function::New(env, JsSendFds, "sendFds"));
  exports.Set("recvFds", Napi::Function::New(env, JsRecvFds, "recvFds"));
}

}  // namespace safeshell
