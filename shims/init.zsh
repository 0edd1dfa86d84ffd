# safeshell integration for zsh: the shim directory first on PATH, and cd / source / . (and eval with
# check_eval) checked by the safeshell-check binary (static C, no Node) before the builtin runs in this shell.
# Load it with `eval "$(safeshell init zsh)"` or `. ~/.safeshell/init.zsh` in ~/.zshrc; for non-interactive zsh
# (agents) load it from ~/.zshenv. Loading it twice changes nothing; it prints nothing. docs/setup.md.

[ -n "${ZSH_VERSION:-}" ] || return 0

__safeshell_home=${SAFESHELL_HOME:-$HOME/.safeshell}
__safeshell_shims=$__safeshell_home/shims
__safeshell_check_bin=$__safeshell_shims/safeshell-check

# PATH: the shim directory first, exactly once (the pattern is the literal directory).
path=("$__safeshell_shims" ${path:#$__safeshell_shims})
export PATH

# check_cd / check_source / check_eval from config.yaml (defaults true / true / false).
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
# before is kept as __safeshell_prev_NAME and still runs; otherwise the builtin does.
__safeshell_wrap() {
  local name=$1 prev="builtin $1"
  if (( ${+functions[$name]} )); then
    [[ ${functions[$name]} == *__safeshell_guard* ]] && return 0
    functions[__safeshell_prev_$name]=${functions[$name]}
    prev=__safeshell_prev_$name
  fi
  functions[$name]="__safeshell_guard -- $name \"\$@\" || return; $prev \"\$@\""
}

if [[ $__safeshell_check_cd == 1 ]]; then __safeshell_wrap cd; fi
if [[ $__safeshell_check_source == 1 ]]; then
  __safeshell_wrap source
  __safeshell_wrap .
fi
if [[ $__safeshell_check_eval == 1 ]] && (( ! ${+functions[eval]} )); then
  # The daemon judges the text eval will run. Caveat (docs/setup.md): inside this function, `local` and
  # `set --` in the evaluated text apply to the function, not to the caller.
  eval() {
    __safeshell_guard --line -- "$@" || return
    builtin eval "$@"
  }
fi
