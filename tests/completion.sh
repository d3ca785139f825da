#!/bin/bash
# tests/completion.sh [KAI_COST] - the shell completions in completion/.
#
# bash: sources completion/kai-cost.bash (it needs nothing from the
# bash-completion package), sets COMP_WORDS, COMP_CWORD, COMP_LINE and
# COMP_POINT as bash does for a command line, calls _kai_cost and checks
# COMPREPLY exactly.  Then compares the script's lists with kai-cost's own:
# the options with `kai-cost --help`, the values with the "expected ..." of
# kai-cost's refusals, the columns with the "expected any of ..." of --fields.
# zsh, when it is installed: completion/_kai-cost parses, compinit finds it,
# its lists match bash's, and an interactive zsh driven through zsh/zpty
# lists what it should for a few command lines.
# Ends with "N passed, N failed"; exits non-zero when a check failed.
set -u
cd "$(dirname "$0")/.." || exit 1
bin=${1:-./kai-cost}
[[ $bin == */* ]] || bin=./$bin
[[ -x $bin ]] || { echo "completion.sh: $bin: not an executable (run make)" >&2; exit 1; }
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
root=$PWD
# kai-cost's own words in English (its messages are translated), the shells
# in a UTF-8 locale (the Korean values and file names), whatever the caller's.
kc() { env -u LANGUAGE LC_ALL=C "$bin" "$@"; }
unset LANGUAGE
for l in C.UTF-8 C.utf8 en_US.UTF-8 en_US.utf8; do
	if locale -a 2>/dev/null | grep -qx "$l"; then export LC_ALL=$l; break; fi
done

pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); printf 'FAIL: %s\n' "$1"; shift; (($#)) && printf '  %s\n' "$@"; }

# shellcheck source=../completion/kai-cost.bash
source "$root/completion/kai-cost.bash"
[[ $(complete -p kai-cost 2>/dev/null) == "complete -F _kai_cost kai-cost" ]] && ok ||
	bad "sourcing completion/kai-cost.bash registers _kai_cost for kai-cost" "$(complete -p kai-cost 2>&1)"

# comp LINE [POINT]: completes LINE with the cursor at character POINT (its
# end by default), as bash would: COMP_WORDS split at blanks and at the
# COMP_WORDBREAKS characters (= and : are words of their own), and the
# function called with the command, the word and the word before it.
comp()
{
	local line=$1 point=${2:-${#1}} head w="" c i q="" brk=0 cur
	head=${line:0:point}
	COMP_LINE=$line COMP_POINT=$point COMP_WORDS=() COMP_CWORD=0
	for ((i = 0; i < ${#head}; i++)); do
		c=${head:i:1}
		if [[ -n $q ]]; then                    # quoted: no breaks
			w+=$c
			[[ $c == "$q" ]] && q=""
		elif [[ $c == [[:blank:]] ]]; then
			[[ -n $w ]] && COMP_WORDS+=("$w")
			w="" brk=0
		elif [[ $COMP_WORDBREAKS == *"$c"* ]]; then  # a run of these is a word
			((brk)) || { [[ -n $w ]] && COMP_WORDS+=("$w"); w=""; }
			w+=$c brk=1
		else
			((brk)) && { COMP_WORDS+=("$w"); w="" brk=0; }
			[[ $c == [\'\"] ]] && q=$c
			w+=$c
		fi
	done
	COMP_WORDS+=("$w")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	cur=${COMP_WORDS[COMP_CWORD]}
	((brk)) && cur=""
	COMPREPLY=()
	_kai_cost kai-cost "$cur" "${COMP_WORDS[COMP_CWORD - 1]:-}"
}

# expect LINE WANT...: COMPREPLY for LINE is exactly WANT..., in that order.
expect()
{
	local line=$1
	shift
	comp "$line"
	local got want
	got=$(printf '[%s]' "${COMPREPLY[@]}")
	want=$(printf '[%s]' "$@")
	(($#)) || want=""
	((${#COMPREPLY[@]})) || got=""
	if [[ $got == "$want" ]]; then ok; else bad "'$line'" "want: $want" "got:  $got"; fi
}

# expect_set LINE WANT...: the same, in any order (files come in glob order).
expect_set()
{
	local line=$1
	shift
	comp "$line"
	local got want
	got=$( ((${#COMPREPLY[@]})) && printf '[%s]\n' "${COMPREPLY[@]}" | LC_ALL=C sort | tr -d '\n')
	want=$( (($#)) && printf '[%s]\n' "$@" | LC_ALL=C sort | tr -d '\n')
	if [[ $got == "$want" ]]; then ok; else bad "'$line' (any order)" "want: $want" "got:  $got"; fi
}

# ---- options ----
expect 'kai-cost --si' --size
expect 'kai-cost --f' --from --fields --format
expect 'kai-cost --no' --no-header
expect 'kai-cost -V' -V
expect 'kai-cost --nosuch'
expect 'kai-cost --size sme --e' --excel --encoding --explain --eligibility
# The cursor inside the line: only the text before it counts.
comp 'kai-cost --si --format csv' 13
[[ ${COMPREPLY[*]} == --size ]] && ok || bad "'kai-cost --si| --format csv'" "got: ${COMPREPLY[*]}"

# ---- values, separate, after =, attached to a short option, abbreviated ----
expect 'kai-cost --size ' large mid sme
expect 'kai-cost --size=' large mid sme
expect 'kai-cost -s ' large mid sme
expect 'kai-cost -s m' mid
expect 'kai-cost -ss' -ssme
expect 'kai-cost --si l' large
expect 'kai-cost --size 중' 중견기업 중소기업
expect 'kai-cost 후보.csv --size=대' 대기업
expect 'kai-cost --license ' commercial research closed
expect 'kai-cost -l='                      # argp would read the value '=...'
expect 'kai-cost -l r' research
expect 'kai-cost --license=연' 연구용
expect 'kai-cost -f ' table csv tsv json xlsx svg md
expect 'kai-cost --format=t' table tsv
expect 'kai-cost -fj' -fjson
expect 'kai-cost --form x' xlsx
expect 'kai-cost --basis ' total subsidy
expect 'kai-cost --encoding=' utf-8 cp949
expect 'kai-cost --method f' from-scratch fine-tuning
expect 'kai-cost --solve ' gpus months end
expect 'kai-cost --eligibility=e' error
expect 'kai-cost --size nosuch'
# Numbers and dates: nothing to offer, and no files either.
expect 'kai-cost -g '
expect 'kai-cost --months='
expect 'kai-cost --as-of '
expect 'kai-cost --from 2025-'
expect 'kai-cost --cash '

# ---- --fields: the column after the last comma, the listed ones left out ----
expect 'kai-cost --fields gov_subsidy_krw,to' gov_subsidy_krw,total_cost_krw gov_subsidy_krw,to
expect 'kai-cost --fields=gov_subsidy_krw,to' gov_subsidy_krw,total_cost_krw gov_subsidy_krw,to
expect 'kai-cost --fields to,total_cost_krw,to'
expect 'kai-cost --fields cash_' cash_rate_pct cash_min_krw cash_spare_krw cash_short_krw
expect 'kai-cost -s sme --fields size,gpus,' $(for c in "${_kai_cost_columns[@]}"; do
	[[ $c == size || $c == gpus ]] || echo "size,gpus,$c"; done)
expect 'kai-cost --fields nosuch'

# ---- files ----
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/sub" "$tmp/더 보기"
touch "$tmp/a.csv" "$tmp/b.CSV" "$tmp/notes.txt" "$tmp/my file.csv" "$tmp/x:y.csv" \
	"$tmp/-dash.csv" "$tmp/sub/out.xlsx" "$tmp/sub/in.csv" "$tmp/후보.csv" "$tmp/결과.TSV" "$tmp/sub/rules.tsv"
cd "$tmp" || exit 1
expect_set 'kai-cost ' a.csv b.CSV 'my file.csv' x:y.csv -dash.csv 후보.csv 결과.TSV sub '더 보기'
expect_set 'kai-cost -s sme -l research -g 1 -m 1 a' a.csv
expect_set 'kai-cost n' notes.txt          # no CSV starts so: any file
expect_set 'kai-cost su' sub
expect_set 'kai-cost sub/' sub/in.csv sub/rules.tsv
expect_set 'kai-cost 후' 후보.csv
expect_set "kai-cost 'my f" 'my file.csv'
expect_set 'kai-cost x:' y.csv             # readline replaces what follows the ':'
expect_set 'kai-cost -- -' -dash.csv
expect_set 'kai-cost -o ' a.csv b.CSV notes.txt 'my file.csv' x:y.csv -dash.csv 후보.csv 결과.TSV sub '더 보기'
expect_set 'kai-cost --output=sub/' sub/out.xlsx sub/in.csv sub/rules.tsv
expect_set 'kai-cost -o n' notes.txt
expect_set 'kai-cost --members ' a.csv b.CSV 'my file.csv' x:y.csv -dash.csv 후보.csv 결과.TSV sub '더 보기'
expect_set 'kai-cost --rules=sub/' sub/in.csv         # a rules table is csv only
expect_set 'kai-cost --members a.csv --members -' -dash.csv
expect_set 'kai-cost -f csv ' a.csv b.CSV 'my file.csv' x:y.csv -dash.csv 후보.csv 결과.TSV sub '더 보기'
cd "$root" || exit 1

# ---- the lists against kai-cost's own ----
help=$(kc --help)
# Options: "  -s, --size=SIZE   ..." and "      --compare   ...".
# Only an option's own line: "  -X, --long" or six blanks and "--long".
mapfile -t help_long < <(sed -n 's/^  \(-., \|    \)\(--[a-z-]*\)\(=[A-Z]*\)\{0,1\}\(  .*\)\{0,1\}$/\2\3/p' <<<"$help" |
	sed 's/=.*/=/' | LC_ALL=C sort -u)
mapfile -t help_short < <(sed -n 's/^  \(-.\), --[a-z-]*\(=\)\{0,1\}.*/\1\2/p' <<<"$help" | LC_ALL=C sort -u)
mapfile -t help_pairs < <(sed -n 's/^  \(-.\), \(--[a-z-]*\).*/\1 \2/p' <<<"$help" | LC_ALL=C sort)
sorted() { printf '%s\n' "$@" | LC_ALL=C sort; }
if ((${#help_long[@]} >= 25)) && [[ $(sorted "${_kai_cost_long[@]}") == "$(sorted "${help_long[@]}")" ]]; then ok; else
	bad "bash's long options (= where an argument is taken) are those of kai-cost --help" \
		"$(diff <(sorted "${_kai_cost_long[@]}") <(sorted "${help_long[@]}") | grep '^[<>]' | tr '\n' ' ')"
fi
if ((${#help_short[@]} >= 5)) && [[ $(sorted "${_kai_cost_short[@]}") == "$(sorted "${help_short[@]}")" ]]; then ok; else
	bad "bash's short options are those of kai-cost --help" \
		"$(diff <(sorted "${_kai_cost_short[@]}") <(sorted "${help_short[@]}") | grep '^[<>]' | tr '\n' ' ')"
fi
pairs=$(for s in "${!_kai_cost_short_long[@]}"; do echo "$s ${_kai_cost_short_long[$s]}"; done | LC_ALL=C sort)
[[ $pairs == "$(printf '%s\n' "${help_pairs[@]}")" ]] && ok ||
	bad "each short option stands for the long option kai-cost --help pairs it with" "$pairs"
# What '-' and '--' offer: every option once.
comp 'kai-cost -'
[[ $(sorted "${COMPREPLY[@]}") == "$(sorted "${_kai_cost_long[@]%=}" "${_kai_cost_short[@]%=}")" ]] && ok ||
	bad "'kai-cost -' offers every option" "${COMPREPLY[*]}"
comp 'kai-cost --'
[[ $(sorted "${COMPREPLY[@]}") == "$(sorted "${help_long[@]%=}")" ]] && ok ||
	bad "'kai-cost --' offers every long option of kai-cost --help" "${COMPREPLY[*]}"

# Values: kai-cost refuses a bad one with "expected a, b or c (korean, ...)".
for opt in size license format basis encoding method solve eligibility header input-format; do
	msg=$(kc "--$opt" nosuch -s sme -l commercial -g 1 -m 1 -f csv 2>&1 >/dev/null)
	exp=${msg##*expected }
	en=${exp%% (*}
	en=${en//, / }
	en=${en// or / }
	name=_kai_cost_${opt//-/_}[*]
	if [[ $msg == *"expected "* && $en == "${!name}" ]]; then ok; else
		bad "bash's --$opt values are those kai-cost expects" "kai-cost: $msg" "bash: ${!name}"
	fi
	if [[ $exp == *"("* ]]; then
		ko=${exp#*(}
		ko=${ko%)*}
		ko=${ko//, / }
		name=_kai_cost_${opt}_ko[*]
		[[ $ko == "${!name:-}" ]] && ok || bad "bash's Korean --$opt values are those kai-cost names" "kai-cost: $ko" "bash: ${!name:-}"
	fi
done
# The Korean aliases offered are accepted.
kc -s 중견기업 -l 비공개 -g 1 -m 1 -f csv >/dev/null 2>&1 &&
	kc -s 대기업 -l 연구용 -g 1 -m 1 -f csv >/dev/null 2>&1 &&
	kc -s 중소기업 -l 상업용 -g 1 -m 1 -f csv >/dev/null 2>&1 && ok ||
	bad "kai-cost accepts the Korean values the completion offers"

# Columns: the union of what --fields accepts in a plain run, with --cash,
# and for members with a budget and stages, is the column table.
printf 'name,role,type,gpus,cash\nA,lead,sme,200,100000000\nB,participant,mid,16,0\n' >"$tmp/m.csv"
cols=$({
	kc --fields nosuch -s sme -l commercial -g 1 -m 1 -f csv
	kc --fields nosuch -s sme -l commercial -g 1 -m 1 -f csv --cash 3억
	kc --fields nosuch --members "$tmp/m.csv" -l commercial --from 2025-11-01 --to 2026-09-09 --stages -f csv
} 2>&1 >/dev/null | sed -n 's/.*expected any of //p' | sed 's/, /\n/g' | LC_ALL=C sort -u)
if (($(wc -l <<<"$cols") >= 25)) && [[ $cols == "$(sorted "${_kai_cost_columns[@]}")" ]]; then ok; else
	bad "bash's --fields columns are those kai-cost accepts" \
		"$(diff <(sorted "${_kai_cost_columns[@]}") <(echo "$cols") | grep '^[<>]' | tr '\n' ' ')"
fi
# The brief's own command lists the twelve columns of a plain run, all offered.
plain=$(kc --fields nosuch -s sme -l commercial -g 1 -m 1 -f csv 2>&1 | sed -n 's/.*expected any of //p')
missing=""
for c in ${plain//,/}; do [[ " ${_kai_cost_columns[*]} " == *" $c "* ]] || missing+=" $c"; done
[[ -n $plain && -z $missing ]] && ok || bad "every column of a plain run is offered" "missing:$missing"

# ---- zsh ----
if ! command -v zsh >/dev/null 2>&1; then
	echo "zsh: not installed, its checks skipped"
else
	zf=$root/completion/_kai-cost
	zsh -n "$zf" && ok || bad "zsh -n completion/_kai-cost"
	[[ $(head -1 "$zf") == "#compdef kai-cost" ]] && ok || bad "_kai-cost starts with #compdef kai-cost"
	got=$(zsh -f -c 'fpath=("$1" $fpath); autoload -U compinit; compinit -u -D -d "$2"
		print -r -- ${_comps[kai-cost]}; autoload -Uz +X _kai-cost && whence -w _kai-cost' zsh "$root/completion" "$tmp/zcompdump" 2>&1)
	[[ $got == $'_kai-cost\n_kai-cost: function' ]] && ok || bad "compinit binds kai-cost to _kai-cost, a function" "$got"
	# Its lists: options, values and columns as bash's (and so as kai-cost's).
	# The spec lines of _arguments, less exclusion lists and descriptions.
	zspecs=$(grep "^	'" "$zf" | sed "s/^	'//; s/^([^)]*)//; s/^'//; s/^\*//; s/\[.*//")
	zlong=$(grep -o -- '--[a-z][a-z-]*=\{0,1\}' <<<"$zspecs" | LC_ALL=C sort -u)
	[[ $zlong == "$(sorted "${_kai_cost_long[@]}")" ]] && ok ||
		bad "zsh's long options are bash's" "$(diff <(sorted "${_kai_cost_long[@]}") <(echo "$zlong") | grep '^[<>]' | tr '\n' ' ')"
	zshort=$(grep -o -- "{'\{0,1\}-\\\\\{0,1\}.'\{0,1\}+\{0,1\}," <<<"$zspecs" | sed "s/[{,'\\\\]//g; s/+/=/" | LC_ALL=C sort -u)
	[[ $zshort == "$(sorted "${_kai_cost_short[@]}")" ]] && ok ||
		bad "zsh's short options are bash's" "$(diff <(sorted "${_kai_cost_short[@]}") <(echo "$zshort") | grep '^[<>]' | tr '\n' ' ')"
	for opt in format basis encoding method solve eligibility header input-format; do
		zv=$(grep -- "--$opt=" "$zf" | grep -o '((.*))' | grep -o '[a-z0-9-]*\\:' | tr -d '\\:' | tr '\n' ' ')
		name=_kai_cost_${opt//-/_}[*]
		[[ $zv == "${!name} " ]] && ok || bad "zsh's --$opt values are bash's" "zsh: $zv"
	done
	for opt in size license; do
		zv=$(grep -- "--$opt=" "$zf" | grep -o '{_kai-cost_values.*}' | grep -o '[^ ]*\\:' | tr -d '\\:' | tr '\n' ' ')
		en=_kai_cost_${opt}[*] ko=_kai_cost_${opt}_ko[*]
		[[ $zv == "${!en} ${!ko} " ]] && ok || bad "zsh's --$opt values are bash's" "zsh: $zv"
	done
	zc=$(sed -n "s/^[[:space:]]*'\([a-z_]*\)\[.*/\1/p" "$zf" | LC_ALL=C sort -u)
	[[ $zc == "$(sorted "${_kai_cost_columns[@]}")" ]] && ok ||
		bad "zsh's columns are bash's" "$(diff <(sorted "${_kai_cost_columns[@]}") <(echo "$zc") | grep '^[<>]' | tr '\n' ' ')"

	# An interactive zsh, driven through zsh/zpty: each line is typed, TAB
	# pressed, and what zsh shows is printed between "=== N" markers.  It
	# waits for zsh to fall quiet, which a loaded machine can outlast, so it
	# runs only when asked: KAI_TEST_ZPTY=1 make check.
	if [ "${KAI_TEST_ZPTY:-}" != 1 ]; then
		echo "zsh: the interactive checks are skipped (KAI_TEST_ZPTY=1 runs them)"
	else
	zdrive=$(cd "$tmp" && timeout 60 zsh -f -c '
		zmodload zsh/zpty || exit 2
		zpty z "TERM=dumb PS1=\"%% \" zsh -f -i"
		drain() {   # what zsh prints until it has been quiet for 0.5 s (at most 5 s)
			local c; local -i idle=0 n=0; out=""
			while (( idle < 5 && n++ < 50 )); do
				sleep 0.1; (( idle++ ))
				while zpty -r -t z c; do out+=$c; idle=0; done
			done
		}
		zpty -w z "fpath=($1 \$fpath); autoload -U compinit; compinit -u -D -d $3/zcompdump; PATH=$2:\$PATH; cd $3"
		drain
		local -i n=0
		for line in "${@[4,-1]}"; do
			zpty -w -n z "$line"$'"'"'\t'"'"'
			drain
			print -r -- "=== $((++n))"; print -r -- "${out//$'"'"'\r'"'"'/}"
			zpty -w -n z $'"'"'\C-u'"'"'
			drain
		done
		zpty -d z' zsh "$root/completion" "$(dirname "$bin")" "$tmp" \
		'kai-cost --format=' 'kai-cost --si' 'kai-cost -s ' 'kai-cost -s 중' \
		'kai-cost --fields gov_subsidy_krw,to' 'kai-cost ' 2>&1)
	part() { awk -v n="$1" '/^=== /{p = ($2 == n); next} p' <<<"$zdrive"; }
	zexpect() {         # zexpect N WHAT PATTERN...: part N matches each PATTERN (grep -E)
		local n=$1 what=$2 p
		shift 2
		for p; do
			part "$n" | grep -Eq -- "$p" || { bad "zsh: $what: /$p/" "$(part "$n" | head -12)"; return; }
		done
		ok
	}
	znot() {            # znot N WHAT PATTERN: part N does not match PATTERN
		if [[ -n $(part "$1") ]] && ! part "$1" | grep -Eq -- "$3"; then ok; else
			bad "zsh: $2: not /$3/" "$(part "$1" | head -12)"; fi
	}
	zexpect 1 "--format= lists the formats with descriptions" '^csv +-- comma-separated' '^xlsx +-- a workbook' '^md +-- ' '^table +-- '
	zexpect 2 "--si completes to --size=" 'kai-cost --size='
	zexpect 3 "-s lists large, mid, sme" '^large +-- ' '^mid +-- ' '^sme +-- '
	znot 3 "-s offers no Korean for an empty prefix" '^(대기업|중견기업|중소기업) '
	zexpect 4 "-s 중 lists 중견기업 and 중소기업" '^중견기업 +-- mid' '^중소기업 +-- sme'
	zexpect 5 "--fields …,to lists the columns starting with to" '^to +-- ' '^total_cost_krw +-- '
	znot 5 "--fields …,to leaves out gov_subsidy_krw" 'gov_subsidy_krw +--'
	zexpect 6 "FILE lists CSV files and directories" 'a\.csv' 'sub/' '후보\.csv'
	znot 6 "FILE leaves out notes.txt while CSV files match" 'notes\.txt'
	fi
fi

echo "$pass passed, $fail failed"
((fail == 0))
