// Rule files shared by the daemon and end-to-end tests.

/** A rules.yaml whose one rule denies `touch` with "marker" anywhere on the line; append further rules to it. */
export const DENY_TOUCH_MARKER = `rules:
  - name: deny-touch-marker
    commands: [touch]
    conditions:
      - command_contains: marker
    action: deny
    context: all
    message: "test rule: no markers"
`;
