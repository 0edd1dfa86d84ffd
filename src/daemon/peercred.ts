// Who is on the other end of a connection. With the addon: SO_PEERCRED (kernel-reported pid and uid), and only
// the daemon's own uid is served — and root, who passes the permission check on any socket anyway (a shim run
// under `sudo -E` would otherwise be refused). Without the addon: the kernel's permission check on connect(2)
// (socket 0600 in a 0700 directory we own, verified at start) is the guarantee, and the peer pid is unknown.
import type net from 'node:net';
import { loadNative, type NativeMode } from '../native/load.js';

export type PeerInfo = { allowed: true; pid?: number; uid?: number } | { allowed: false; reason: string };
export type PeerCheck = (socket: net.Socket) => PeerInfo;

type PeerCredInto = (fd: number, out: Int32Array) => number;

export interface PeerChecker {
  check: PeerCheck;
  /** How peers are checked, for `safeshell status` and the log. */
  method: string;
}

export function peerChecker(mode: NativeMode, uid: number = process.getuid?.() ?? -1): PeerChecker {
  const native = loadNativeSafely(mode);
  const fn = native?.peerCredInto as PeerCredInto | undefined;
  const permissions = 'socket permissions (0600 socket in a 0700 directory; kernel-checked on connect)';
  if (typeof fn !== 'function') {
    const why = native ? 'the addon has no peerCredInto (add native/peercred.cc to binding.gyp)' : 'the addon is not loaded';
    return { check: () => ({ allowed: true }), method: `${permissions}; SO_PEERCRED unavailable: ${why}` };
  }
  const out = new Int32Array(3);
  return {
    method: `SO_PEERCRED (uid ${uid} and root only), plus ${permissions}`,
    check(socket) {
      // net.Socket exposes no fd; the libuv pipe handle does (Linux).
      const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
      if (typeof fd !== 'number' || fd < 0) return { allowed: true };
      const rc = fn(fd, out);
      if (rc !== 0) return { allowed: false, reason: `cannot read peer credentials (errno ${rc})` };
      if (out[1] !== uid && out[1] !== 0) return { allowed: false, reason: `peer pid ${out[0]} runs as uid ${out[1]}, not ${uid}` };
      return { allowed: true, pid: out[0], uid: out[1] };
    },
  };
}

function loadNativeSafely(mode: NativeMode): Record<string, unknown> | undefined {
  try {
    const loaded = loadNative(mode);
    return loaded.ok ? (loaded.binding as unknown as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
