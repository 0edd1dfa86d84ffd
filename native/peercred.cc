// Peer credentials of a connected Unix socket (SO_PEERCRED, unix(7)): Node has no API for them; the daemon
// accepts only clients of its own uid. One call per connection, results written into a caller-owned Int32Array.
#include <sys/socket.h>

#include <cerrno>

#include "addon.h"

namespace safeshell {

// peerCredInto(fd, out: Int32Array(3)) -> 0 and out = [pid, uid, gid], or a positive errno.
static Napi::Value JsPeerCredInto(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsNumber() || !info[1].IsTypedArray()) {
    throw Napi::TypeError::New(env, "peerCredInto(fd, out): expected an fd and an Int32Array(3)");
  }
  Napi::TypedArray typed = info[1].As<Napi::TypedArray>();
  if (typed.TypedArrayType() != napi_int32_array || typed.ElementLength() < 3) {
    throw Napi::TypeError::New(env, "peerCredInto: out must be an Int32Array of length >= 3");
  }
  int fd = info[0].As<Napi::Number>().Int32Value();
  struct ucred cred {};
  socklen_t len = sizeof cred;
  if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) return Napi::Number::New(env, errno);
  int32_t* out = typed.As<Napi::Int32Array>().Data();
  out[0] = static_cast<int32_t>(cred.pid);
  out[1] = static_cast<int32_t>(cred.uid);
  out[2] = static_cast<int32_t>(cred.gid);
  return Napi::Number::New(env, 0);
}

void InitPeerCred(Napi::Env env, Napi::Object exports) {
  exports.Set("peerCredInto", Napi::Function::New(env, JsPeerCredInto, "peerCredInto"));
}

}  // namespace safeshell
