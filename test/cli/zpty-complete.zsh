# Used by completion.full.test.ts: types each argument into an interactive zsh (compinit, then the script
# $SDMATCH_COMPLETION sourced as a user's ~/.zshrc would), presses Tab, then runs the completed line as the
# arguments of a marked `print`, and prints the line as completion left it. Emacs keys (Ctrl-A) whatever
# EDITOR says.
zmodload zsh/zpty
zpty -b z 'PS1="> " zsh -f -i'
zpty -w z 'bindkey -e; autoload -U compinit && compinit -u -D; source "$SDMATCH_COMPLETION"'
for typed in "$@"; do
  zpty -w -n z "$typed"$'\t'
  # the terminal's echo of this line shows @@${:-@}; only print's output starts with @@@
  zpty -w -n z $'\C-aprint -r -- @@${:-@} \n'
  all=""
  for i in {1..400}; do
    zpty -r -t z chunk && all+="$chunk" || sleep 0.05
    [[ "$all" == *$'\n@@@ '* ]] && [[ "${all##*$'\n@@@ '}" == *$'\n'* ]] && break
  done
  line="${all##*$'\n@@@ '}"
  print -r -- "${${line%%$'\n'*}//$'\r'/}"
done
zpty -d z
