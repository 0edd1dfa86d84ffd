# shellcheck shell=bash
# safeshell integration for bash: the shim directory first on PATH, and cd / source / . (and eval with
# check_eval) checked by the safeshell-check binary (static C, no Node) before the builtin runs in this shell.
# Load it with `eval "$(safeshell init bash)"` or `. ~/.safeshell/init.bash`; for non-interactive bash (agents)
# set BASH_ENV=~/.safeshell/init.bash. Loading it twice changes nothing; it prints nothing. docs/setup.md.

[ -n "${BASH_VERSION:-}" ] || return 0

# `safeshell run` points BASH_ENV here and passes the user's own BASH_ENV on as SAFESHELL_USER_BASH_ENV (docs/spawn.md).
# It is sourced first, once per shell, so that our PATH order and checked builtins apply on top of whatever it sets
# (a cd function it defines still runs, after the check). Unlike bash with BASH_ENV, the value is not expanded.
if [[ -n ${SAFESHELL_USER_BASH_ENV:-} && -z ${__safeshell_user_bash_env_done:-} ]]; then
  __safeshell_user_bash_env_done=1
  if [[ -r $SAFESHELL_USER_BASH_ENV ]]; then
    # shellcheck disable=SC1090  # the user's own file
    builtin source "$SAFESHELL_USER_BASH_ENV"
  fi
fi

__safeshell_home=${SAFESHELL_HOME:-$HOME/.safeshell}
__safeshell_shims=$__safeshell_home/shims
__safeshell_check_bin=$__safeshell_shims/safeshell-check

# PATH: the shim directory first, exactly once.
__safeshell_rest=:$PATH:
while [[ $__safeshell_rest == *":$__safeshell_shims:"* ]]; do
  __safeshell_rest=${__safeshell_rest//":$__safeshell_shims:"/:}
done
__safeshell_rest=${__safeshell_rest#:}
__safeshell_rest=${__safeshell_rest%:}
PATH=$__safeshell_shims${__safeshell_rest:+:$__safeshell_rest}
export PATH
unset __safeshell_rest

# check_cd / check_source / check_eval from config.yaml (defaults true / true / false), read without a subprocess.
__safeshell_check_cd=1
__safeshell_check_source=1
__safeshell_check_eval=0
if [[ -r $__safeshell_home/config.yaml ]]; then
  while IFS= read -r __safeshell_line || [[ -n $__safeshell_line ]]; do
    case $__safeshell_line in
      check_cd:*true*) __safeshell_check_cd=1 ;;
      check_cd:*false*) __safeshell_check_cd=0 ;;
      check_source:*true*) __safeshell_check_source=1 ;;
      check_source:*false*) __safeshell_check_source=0 ;;
      check_eval:*true*) __safeshell_check_eval=1 ;;
      check_eval:*false*) __safeshell_check_eval=0 ;;
    esac
  done <"$__safeshell_home/config.yaml"
  unset __safeshell_line
fi

# Asks the daemon; 0 = go ahead. A missing binary (uninstalled) never blocks the shell.
__safeshell_guard() {
  [[ -x $__safeshell_check_bin ]] || return 0
  "$__safeshell_check_bin" "$@"
}

# __safeshell_wrap NAME: NAME becomes "check, then run the previous NAME". A function of that name defined
# before (rvm, autoenv, …) is kept as __safeshell_prev_NAME and still runs; otherwise the builtin does.
__safeshell_wrap() {
  local name=$1 prev="builtin $1" def
  if declare -F "$name" >/dev/null; then
    def=$(declare -f "$name")
    [[ $def == *__safeshell_guard* ]] && return 0
    [[ $name == [A-Za-z_]* ]] || return 0
    eval "__safeshell_prev_$def"
    prev=__safeshell_prev_$name
  fi
  eval "$name() { __safeshell_guard -- $name \"\$@\" || return; $prev \"\$@\"; }"
}

# In POSIX mode (bash as sh) special builtins (source, ., eval) cannot be functions: only cd is checked there.
__safeshell_posix=0
shopt -oq posix && __safeshell_posix=1
if [[ $__safeshell_check_cd == 1 ]]; then __safeshell_wrap cd; fi
if [[ $__safeshell_check_source == 1 && $__safeshell_posix == 0 ]]; then
  __safeshell_wrap source
  __safeshell_wrap .
fi
if [[ $__safeshell_check_eval == 1 && $__safeshell_posix == 0 ]] && ! declare -F eval >/dev/null; then
  # The daemon judges the text eval will run. Caveat (docs/setup.md): inside this function, `local` and
  # `set --` in the evaluated text apply to the function, not to the caller.
  eval() {
    __safeshell_guard --line -- "$@" || return
    # shellcheck disable=SC2294  # eval's own semantics: its arguments joined by spaces
    builtin eval "$@"
  }
fi
