# bash completion for kai-cost                                  -*- shell-script -*-
#
# Completes kai-cost's options, the values of --size, --license, --format,
# --basis, --encoding, --method, --solve and --eligibility, the column names
# of --fields (the part after the last comma), and files for FILE, -o,
# --members and --rules.  Self-contained: it needs bash 4 and nothing from
# the bash-completion package, which loads it from
# share/bash-completion/completions/kai-cost when kai-cost is first completed;
# without that package, source this file from ~/.bashrc.
#
# The lists below are kai-cost's (src/main.c's option table and value names,
# src/output.c's column table); tests/completion.sh compares them with what
# ./kai-cost --help and kai-cost's own error messages say, so that they
# cannot drift apart.  They are written out, not read from `kai-cost --help`
# at each TAB, because the values are prose there, the columns are not there
# at all, and a TAB should not run the program.

# Long options; a trailing '=' marks one that takes an argument.
_kai_cost_long=(
	--basis= --compare --from= --gpus= --license= --method= --months=
	--unit-price= --stages --size= --to=
	--excel --fields= --format= --no-header --header= --output=
	--encoding= --input-format= --strict
	--as-of= --explain --rules=
	--eligibility= --members=
	--cash= --in-kind= --solve=
	--help --usage --version
)
# Short options, the same way, and the long option each one stands for.
_kai_cost_short=(-s= -l= -g= -m= -p= -f= -o= '-?' -V)
declare -gA _kai_cost_short_long=(      # -g: bash-completion sources this in a function
	[-s]=--size [-l]=--license [-g]=--gpus [-m]=--months [-p]=--unit-price
	[-f]=--format [-o]=--output ['-?']=--help [-V]=--version
)

# The names kai-cost prints (English), then the Korean aliases it also
# accepts: offered once something is typed, never for an empty prefix.
_kai_cost_size=(large mid sme)
_kai_cost_size_ko=(대기업 중견기업 중소기업)
_kai_cost_license=(commercial research closed)
_kai_cost_license_ko=(상업용 연구용 비공개)
_kai_cost_format=(table csv tsv json xlsx svg md)
_kai_cost_basis=(total subsidy)
_kai_cost_encoding=(utf-8 cp949)
_kai_cost_input_format=(csv tsv)
_kai_cost_header=(en ko)
_kai_cost_method=(from-scratch continued-pretraining fine-tuning)
_kai_cost_solve=(gpus months end)
_kai_cost_eligibility=(warn error off)
# Every output column, in src/output.c's order; which of them a run has
# depends on its options (--cash, --stages, --members), so all are offered.
_kai_cost_columns=(
	size license gpus months unit_price_krw gov_subsidy_krw self_rate_pct
	private_share_krw cash_rate_pct cash_min_krw in_kind_max_krw total_cost_krw
	team name role type foreign eligible problems stage from to
	budget_cash_krw budget_in_kind_krw cash_spare_krw spare_krw limited_by
	cash_short_krw private_short_krw plan_ok
)

# The words of the command line up to the cursor, quotes and backslashes
# removed, into _kai_cost_words (the last is the word being completed, maybe
# empty); _kai_cost_brk is how many bytes of that word lie before the point
# where readline starts the text it replaces (after an unquoted = or :).
_kai_cost_split()
{
	local line=${COMP_LINE:0:COMP_POINT}    # COMP_POINT counts characters
	local LC_ALL=C w="" c q="" inword=0 i n # the loop below counts bytes
	_kai_cost_words=()
	_kai_cost_brk=0
	n=${#line}
	for ((i = 0; i < n; i++)); do
		c=${line:i:1}
		if [[ $q == "'" ]]; then
			if [[ $c == "'" ]]; then q=""; else w+=$c; fi
			continue
		elif [[ $q == '"' ]]; then
			if [[ $c == '"' ]]; then
				q=""
			elif [[ $c == '\' && ${line:i+1:1} == [\$\`\"\\] ]]; then
				w+=${line:i+1:1}; ((i++))
			else
				w+=$c
			fi
			continue
		fi
		case $c in
		'\')	w+=${line:i+1:1}; ((i++)); inword=1 ;;
		"'" | '"') q=$c; inword=1 ;;
		' ' | $'\t' | $'\n')
			if ((inword)); then
				_kai_cost_words+=("$w")
				w="" inword=0 _kai_cost_brk=0
			fi ;;
		*)	w+=$c; inword=1
			if [[ $COMP_WORDBREAKS == *"$c"* ]]; then _kai_cost_brk=${#w}; fi ;;
		esac
	done
	_kai_cost_words+=("$w")
}

# The long option that $1 names: itself, the one a short option stands for,
# or the only long option that $1 abbreviates (as argp allows); with a
# trailing '=' if it takes an argument.  Empty if none.
_kai_cost_option()
{
	local o m="" k
	if [[ $1 != --* ]]; then
		for o in "${_kai_cost_short[@]}"; do
			if [[ ${o%=} == "$1" ]]; then
				o=${_kai_cost_short_long[$1]}
				_kai_cost_option "$o"
				return
			fi
		done
		REPLY=""
		return
	fi
	k=0
	for o in "${_kai_cost_long[@]}"; do
		if [[ ${o%=} == "$1" ]]; then
			REPLY=$o
			return
		fi
		if [[ ${o%=} == "$1"* ]]; then
			m=$o; ((k++))
		fi
	done
	((k == 1)) || m=""
	REPLY=$m
}

# Adds to COMPREPLY each of the words after $2 that starts with $1, each
# with the prefix $2 put back in front.
_kai_cost_add()
{
	local cur=$1 pre=$2 w
	shift 2
	for w; do
		[[ $w == "$cur"* ]] && COMPREPLY+=("$pre$w")
	done
}

# Files and directories starting with $1, with $3 in front; with a pattern
# $2, the directories and the files matching it, unless no file does.
_kai_cost_files()
{
	local cur=$1 glob=$2 pre=$3 f
	local -a found=()
	compopt -o filenames 2>/dev/null
	if [[ -n $glob ]]; then
		mapfile -t found < <(compgen -f -X "!$glob" -- "$cur")
		if ((${#found[@]})); then
			while IFS= read -r f; do
				[[ $f == $glob ]] || found+=("$f")
			done < <(compgen -d -- "$cur")
		fi
	fi
	((${#found[@]})) || mapfile -t found < <(compgen -f -- "$cur")
	for f in "${found[@]}"; do
		COMPREPLY+=("$pre$f")
	done
}

# The values of option $1 (a long option, no '='), those starting with $2,
# each with the prefix $3 put back in front.
_kai_cost_values()
{
	local opt=$1 cur=$2 pre=$3 name="" done_="" w
	local -a list ko=()
	case $opt in
	--size) list=("${_kai_cost_size[@]}"); ko=("${_kai_cost_size_ko[@]}") ;;
	--license) list=("${_kai_cost_license[@]}"); ko=("${_kai_cost_license_ko[@]}") ;;
	--format | --basis | --encoding | --method | --solve | --eligibility | --header | --input-format)
		name=_kai_cost_${opt#--}
		name=${name//-/_}[@]
		list=("${!name}") ;;
	--fields)
		# Complete the column after the last comma; keep the ones before it.
		if [[ $cur == *,* ]]; then
			pre+=${cur%,*},
			done_=,${cur%,*},
			done_=${done_//[[:space:]]/}
			cur=${cur##*,}
		fi
		for w in "${_kai_cost_columns[@]}"; do
			[[ $done_ == *",$w,"* ]] || list+=("$w")
		done
		compopt -o nospace 2>/dev/null    # room for another ','
		;;
	--output) _kai_cost_files "$cur" "" "$pre"; return ;;
	--members) _kai_cost_files "$cur" "*.[cCtT][sS][vV]" "$pre"; return ;;   # csv and tsv
	--rules) _kai_cost_files "$cur" "*.[cC][sS][vV]" "$pre"; return ;;
	*) return ;;       # numbers and dates: nothing to offer
	esac
	compopt -o nosort 2>/dev/null            # English first, as listed
	_kai_cost_add "$cur" "$pre" "${list[@]}"
	[[ -n $cur ]] && _kai_cost_add "$cur" "$pre" "${ko[@]}"
}

_kai_cost()
{
	local cur i n w opt arg="" ddash=0 brk
	COMPREPLY=()
	_kai_cost_split
	n=${#_kai_cost_words[@]}
	cur=${_kai_cost_words[n - 1]}
	brk=$_kai_cost_brk

	# Walk the words before this one: options, their separate arguments, '--'.
	for ((i = 1; i < n - 1; i++)); do
		w=${_kai_cost_words[i]}
		if [[ -n $arg ]]; then
			arg=""
		elif [[ $w == -- ]]; then
			ddash=1
			break
		elif [[ $w == -?* && $w != *=* && $w != -[!-]?* ]]; then
			_kai_cost_option "$w"
			[[ $REPLY == *= ]] && arg=${REPLY%=}
		fi
	done

	if ((ddash)); then
		_kai_cost_files "$cur" "*.[cCtT][sS][vV]" ""
	elif [[ -n $arg ]]; then
		_kai_cost_values "$arg" "$cur" ""
	elif [[ $cur == --?*=* ]]; then
		_kai_cost_option "${cur%%=*}"
		[[ $REPLY == *= ]] && _kai_cost_values "${REPLY%=}" "${cur#*=}" "${cur%%=*}="
	elif [[ $cur == -[!-]?* ]]; then
		# A short option with its value attached: -fcsv.
		_kai_cost_option "${cur:0:2}"
		[[ $REPLY == *= ]] && _kai_cost_values "${REPLY%=}" "${cur:2}" "${cur:0:2}"
	elif [[ $cur == -* ]]; then
		for w in "${_kai_cost_long[@]}"; do
			[[ ${w%=} == "$cur"* ]] && COMPREPLY+=("${w%=}")
		done
		if [[ $cur != --* ]]; then
			for w in "${_kai_cost_short[@]}"; do
				[[ ${w%=} == "$cur"* ]] && COMPREPLY+=("${w%=}")
			done
		fi
	else
		_kai_cost_files "$cur" "*.[cCtT][sS][vV]" ""
	fi

	# Readline replaces only the text after the last = or : in the word.
	if ((brk > 0)); then
		local LC_ALL=C
		local pre=${cur:0:brk}
		for i in "${!COMPREPLY[@]}"; do
			COMPREPLY[i]=${COMPREPLY[i]#"$pre"}
		done
	fi
}

complete -F _kai_cost kai-cost
