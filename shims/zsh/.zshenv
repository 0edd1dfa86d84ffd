# safeshell: `safeshell run` points ZDOTDIR at this directory, because zsh reads $ZDOTDIR/.zshenv in every shell
# (zsh(1), STARTUP/SHUTDOWN FILES), and passes the user's ZDOTDIR (or HOME) on as SAFESHELL_USER_ZDOTDIR (docs/spawn.md).
# Here: restore ZDOTDIR, so .zprofile/.zshrc/.zlogin come from the user's directory; source the user's .zshenv;
# then init.zsh (shims first on PATH, checked cd/source/.), so that it applies on top of what .zshenv set.

__safeshell_zdot=${${(%):-%x}:A:h}
if (( ${+SAFESHELL_USER_ZDOTDIR} )); then
  export ZDOTDIR=${SAFESHELL_USER_ZDOTDIR:-$HOME}
  [[ -r $ZDOTDIR/.zshenv ]] && builtin source "$ZDOTDIR/.zshenv"
fi
[[ -r $__safeshell_zdot/../init.zsh ]] && builtin source "$__safeshell_zdot/../init.zsh"
# A shell that reads no more startup files (neither interactive nor login: an agent's `zsh -c`) points ZDOTDIR
# back here, so that the zsh it starts in turn gets the same integration.
if [[ ! -o interactive && ! -o login ]] && (( ${+SAFESHELL_USER_ZDOTDIR} )); then
  export ZDOTDIR=$__safeshell_zdot
fi
unset __safeshell_zdot
