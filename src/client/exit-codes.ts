// Exit codes shared by every client (the C shim defines the same numbers; docs/protocol.md).

/** A rule or a person denied the command (or a rule redirected it where the caller cannot run the replacement). */
export const EXIT_DENIED = 126;
/** require_approval: not run (nobody approved in time, or the client did not wait for a person). */
export const EXIT_APPROVAL_REQUIRED = 125;
/** The daemon could not answer and on_daemon_unavailable is closed (sysexits EX_UNAVAILABLE). */
export const EXIT_UNAVAILABLE = 69;
