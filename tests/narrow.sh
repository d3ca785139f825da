#!/usr/bin/env bash
# Narrow terminals and --help: --compare, --stages and --explain fit the width
# ($COLUMNS, else the terminal's; a pipe or file without COLUMNS keeps the wide
# layout) and keep every figure; --help folds by display width, its examples
# whole.  Usage: tests/narrow.sh ./kai-cost
# Runs under LC_ALL=C (make check-one); the Korean checks make a ko_KR.UTF-8
# locale with localedef, as tests/i18n.sh does, and use the build's catalogue.
# Closes with "N passed, N failed"; exits 1 on any failure.
set -u
. "$(dirname "$0")/lib.sh"
unset COLUMNS ARGP_HELP_FMT


# Display width of each line of standard input, "WIDTH<TAB>LINE", in any
# locale: bytes that do not continue a UTF-8 character take a column each,
# and a character led by 0xEA..0xED (Hangul syllables, U+AC00..U+D7A3) takes two.
widths() {
	LC_ALL=C awk '{ t = $0; wide = gsub(/[\352-\355]/, "", t); u = $0; gsub(/[\200-\277]/, "", u)
	                printf "%d\t%s\n", length(u) + wide, $0 }'
}

# fits NAME MAX FILE: every line of FILE at most MAX display columns.
fits() {
	local name=$1 max=$2 file=$3 over
	over=$(widths <"$file" | LC_ALL=C awk -F '\t' -v max="$max" '$1 > max')
	check "$name: lines at most $max columns" test -z "$over"
	[ -z "$over" ] || printf '%s\n' "$over" | head -n 3
	check "$name: not empty" test -s "$file"
}

# A number as the tables write it: 17402880000 -> 17,402,880,000.
grouped() {
	LC_ALL=C awk -v n="$1" 'BEGIN { s = ""; while (length(n) > 3) { s = "," substr(n, length(n) - 2) s
	                                 n = substr(n, 1, length(n) - 3) } print n s }'
}

# --compare: the figures of a narrow table, one "license,size,private,self%,cash,cash%" line each.
compare_figures() {
	# English rows say "commercial (상업용 오픈소스)", Korean ones the term alone.
	LC_ALL=C awk 'BEGIN { en["상업용"] = "commercial"; en["연구용"] = "research"; en["비공개"] = "closed"
	                      en["대기업"] = "large"; en["중견기업"] = "mid"; en["중소기업"] = "sme" }
	              /^(commercial|research|closed) \(/ { lic = $1; next }
	              /^(상업용 오픈소스|연구용 오픈소스|비공개)$/ { lic = en[$1]; next }
	              /^ *(large|mid|sme) \(/ || /^ *(대기업|중견기업|중소기업) / {
	                  n = 0
	                  for (i = 1; i <= NF; i++) if ($i ~ /^[0-9,]+$/ || $i ~ /^\([0-9.]+%\)$/) {
	                      v = $i; gsub(/[,()%]/, "", v); f[++n] = v }
	                  printf "%s,%s,%s,%s,%s,%s\n", lic, ($1 in en) ? en[$1] : $1, f[1], f[2], f[3], f[4] }'
}

# --stages: the figures of a narrow table, one "stage,months,gov,private,cash,in_kind,total" line each.
stages_figures() {
	LC_ALL=C awk 'function flush() { if (row != "") print row; row = "" }
	              /^[^ ]/ { flush(); k++; row = (k == 3 ? "total" : k); next }
	              /^  / { v = $NF; gsub(/,/, "", v); sub(/\354\233\220$/, "", v); row = row "," v }
	              END { flush() }'
}

A=(--as-of 2026-01-01)
CMP=(--compare -g 256 -m 10.3 "${A[@]}")
STG=(-s sme -l research -g 256 --from 2025-11-01 --to 2026-09-09 --stages "${A[@]}")
EXP=(-s sme -l research -g 256 --from 2025-11-01 --to 2026-09-09 --explain "${A[@]}")

"$bin" "${CMP[@]}" -f csv --no-header \
	--fields license,size,private_share_krw,self_rate_pct,cash_min_krw,cash_rate_pct >"$tmp/compare.csv"
"$bin" "${STG[@]}" -f csv --no-header \
	--fields months,gov_subsidy_krw,private_share_krw,cash_min_krw,in_kind_max_krw,total_cost_krw \
	>"$tmp/stages.csv"
check "csv figures to compare with" test "$(wc -l <"$tmp/compare.csv")" = 9 -a "$(wc -l <"$tmp/stages.csv")" = 3
gov=$(grouped "$("$bin" -s sme -l research -g 256 -m 10.3 "${A[@]}" -f csv --no-header --fields gov_subsidy_krw)")

# A pipe without COLUMNS, COLUMNS that is not a number, and a wide COLUMNS: the wide layout.
for what in CMP STG EXP; do
	eval "args=(\"\${$what[@]}\")"
	"$bin" "${args[@]}" >"$tmp/wide"
	for c in 200 abc 0 -5 80x ''; do
		COLUMNS=$c "$bin" "${args[@]}" >"$tmp/out"
		check "$what: COLUMNS='$c' gives the wide layout" cmp -s "$tmp/wide" "$tmp/out"
	done
done
"$bin" "${CMP[@]}" >"$tmp/wide"
check "--compare wide: two matrices, sizes across" grep -q '^ *large (대기업) *mid (중견기업) *sme (중소기업)$' "$tmp/wide"
check "--compare wide: wider than 80 columns" test -n "$(widths <"$tmp/wide" | LC_ALL=C awk -F '\t' '$1 > 80')"
"$bin" "${STG[@]}" >"$tmp/wide"
check "--stages wide: the stages side by side" grep -q '^ *stage 1: 2025-11-01 to 2026-03-31  stage 2: ' "$tmp/wide"

for c in 80 60; do
	# --compare: one block per mode, every figure of the csv.
	COLUMNS=$c "$bin" "${CMP[@]}" >"$tmp/out"
	fits "--compare COLUMNS=$c" "$c" "$tmp/out"
	compare_figures <"$tmp/out" >"$tmp/figures"
	check "--compare COLUMNS=$c: every figure, in its mode and size" diff -u "$tmp/compare.csv" "$tmp/figures"
	check "--compare COLUMNS=$c: the government support" grep -q "$gov원" "$tmp/out"
	check "--compare COLUMNS=$c: the narrow layout" grep -q '^commercial (상업용 오픈소스)$' "$tmp/out"

	# --stages: the three one under the other, every figure of the csv.
	COLUMNS=$c "$bin" "${STG[@]}" >"$tmp/out"
	fits "--stages COLUMNS=$c" "$c" "$tmp/out"
	stages_figures <"$tmp/out" >"$tmp/figures"
	check "--stages COLUMNS=$c: every figure, in its stage" diff -u "$tmp/stages.csv" "$tmp/figures"
	check "--stages COLUMNS=$c: each stage's period" grep -qx 'stage 2: 2026-04-01 to 2026-09-09' "$tmp/out"

	# --explain: folded, nothing lost: the same words in the same order as the wide one.
	# (The scenario's table above it fits 80 columns, not 60: only --explain's part is folded.)
	"$bin" "${EXP[@]}" >"$tmp/wide"
	COLUMNS=$c "$bin" "${EXP[@]}" >"$tmp/out"
	if [ "$c" = 80 ]; then
		fits "--explain COLUMNS=$c" "$c" "$tmp/out"
	else
		sed -n '/^values used/,$p' "$tmp/out" >"$tmp/part"
		fits "--explain COLUMNS=$c: values used and calculation" "$c" "$tmp/part"
	fi
	check "--explain COLUMNS=$c: the same words as unfolded" \
		cmp -s <(tr -s ' \n' '\n\n' <"$tmp/wide") <(tr -s ' \n' '\n\n' <"$tmp/out")
	check "--explain COLUMNS=$c: folded" test "$(wc -l <"$tmp/out")" -gt "$(wc -l <"$tmp/wide")"
	check "--explain COLUMNS=$c: a source goes on under its label" grep -q '^    [^ ]' "$tmp/out"
	check "--explain COLUMNS=$c: a step goes on under its value, from '='" \
		grep -q '^               = [0-9]' "$tmp/out"
done

# Without the GPUs: the note folds too.
COLUMNS=60 "$bin" --compare -g 0 -m 10 "${A[@]}" >"$tmp/out"
fits "--compare -g 0 COLUMNS=60" 60 "$tmp/out"
check "--compare -g 0 COLUMNS=60: the note" grep -q '^note: the team declines the GPUs' "$tmp/out"

# A long source in a --rules file folds with the rest.
long="$(printf 'word%.0s ' $(seq 1 40))end"
sed "14s/,\"[^\"]*\"\$/,\"$long\"/" data/rules.csv >"$tmp/rules.csv"
if grep -q "$long" "$tmp/rules.csv"; then
	COLUMNS=70 "$bin" -s sme -l commercial -g 256 -m 10 --rules "$tmp/rules.csv" --explain "${A[@]}" \
		2>"$tmp/err" | sed -n '/^values used/,$p' >"$tmp/out"
	fits "--explain with a long source, COLUMNS=70" 70 "$tmp/out"
	check "--explain with a long source: all of it" \
		test "$(grep -o 'word' "$tmp/out" | wc -l)" = 40 -a "$(grep -c '^    .*end$' "$tmp/out")" = 1
else
	check "rules.csv line 14 ends in a source to replace" false
fi

# --help: folded to COLUMNS (80 for a pipe, at most 100), examples whole.
examples() {   # the lines of the Examples block
	LC_ALL=C awk '/^(Examples|예):$/ { on = 1; next } on && /^$/ { exit } on'
}
help_checks() {   # help_checks NAME MAX FILE
	local name=$1 max=$2 file=$3
	examples <"$file" >"$tmp/examples"
	check "$name: 11 examples" test "$(wc -l <"$tmp/examples")" = 11
	check "$name: every example a whole command" \
		test -z "$(LC_ALL=C grep -Ev '^  (kai-cost|some-export) .*[^ ]$' "$tmp/examples")"
	check "$name: examples at most 78 columns" \
		test -z "$(widths <"$tmp/examples" | LC_ALL=C awk -F '\t' '$1 > 78')"
	LC_ALL=C grep -vxF -f "$tmp/examples" "$file" >"$tmp/rest"
	fits "$name: the rest" "$max" "$tmp/rest"
	# An option's doc goes on at argp's column 29; no line could have taken the next word.
	check "$name: option docs go on at column 29" \
		test -z "$(LC_ALL=C awk '/^(Examples|예):$/ { exit } /^ [^ ]/ { opts = 1 }
		                        opts && /^  +[^ -]/ && !/^                             [^ ]/' "$file")"
	# A line goes on on the next (an option's doc, a paragraph) only when its next word did not fit.
	check "$name: no line folded early" test -z "$(widths <"$file" | LC_ALL=C awk -F '\t' -v max="$max" '
		function w(s,  t, u, wide) { t = s; wide = gsub(/[\352-\355]/, "", t); u = s
		                             gsub(/[\200-\277]/, "", u); return length(u) + wide }
		/^[0-9]+\t(Examples|예):$/ { examples = 1 }
		/^[0-9]+\t$/ { examples = 0 }
		{ line = $0; sub(/^[0-9]+\t/, "", line) }
		NR > 2 && !examples && prev != "" && (line ~ /^                             [^ ]/ ||
		                                      line ~ /^[^ ]/ && prev ~ /^[^ ]/) {
		    word = line; sub(/^ +/, "", word); sub(/ .*/, "", word)
		    if (pw + 1 + w(word) < max) print prev }
		{ prev = line; pw = $1 }')"
}
"$bin" --help >"$tmp/help"
check "--help: exit 0" test $? = 0
help_checks "--help" 79 "$tmp/help"
COLUMNS=80 "$bin" --help | cmp -s - "$tmp/help"
check "--help: a pipe folds at 80 columns" test $? = 0
for c in 60 100 200; do
	COLUMNS=$c "$bin" --help >"$tmp/out"
	max=$((c > 100 ? 99 : c - 1))
	help_checks "--help COLUMNS=$c" "$max" "$tmp/out"
done
check "--help COLUMNS=200: folded at 100" test -n "$(widths <"$tmp/out" | LC_ALL=C awk -F '\t' '$1 > 90')"
check "--help: an option doc with Hangul fills its line" \
	grep -q '^      --header=LANG          column names in csv, tsv and xlsx: en (default) or$' "$tmp/help"
check "--help: no line of blanks alone" test -z "$(grep -x ' *' "$tmp/help" | grep ' ')"
"$bin" --usage >"$tmp/out"
fits "--usage" 79 "$tmp/out"
COLUMNS=60 "$bin" --usage >"$tmp/out"
fits "--usage COLUMNS=60" 59 "$tmp/out"
check "--usage COLUMNS=60: folded under the name" grep -q '^            \[--' "$tmp/out"
check "-V" test "$("$bin" -V)" = "$("$bin" --version)"
"$bin" '-?' >"$tmp/out"
check "-? is --help" cmp -s "$tmp/help" "$tmp/out"
# Whoever sets ARGP_HELP_FMT gets argp's own folding (by bytes: its ASCII lines are checked).
ARGP_HELP_FMT=rmargin=50 "$bin" --help | LC_ALL=C grep -v '[^ -~]' >"$tmp/out"
fits "--help under ARGP_HELP_FMT=rmargin=50: argp's own" 50 "$tmp/out"

# Korean: a real ko_KR.UTF-8 locale and the build's catalogue.
if ! korean_locale; then
	check "Korean: ko_KR.UTF-8 (localedef) and build/locale (make)" false
else
	ko() { env -u LC_ALL -u LANGUAGE -u LC_MESSAGES LANG=ko_KR.UTF-8 LOCPATH="$tmp/loc" \
	       KAI_COST_LOCALEDIR="$PWD/build/locale" "$bin" "$@"; }
	ko --help >"$tmp/help"
	check "Korean --help: in Korean" grep -q '^사용법: kai-cost \[옵션\.\.\.\] \[FILE\.\.\.\]$' "$tmp/help"
	help_checks "Korean --help" 79 "$tmp/help"
	check "Korean --help: folded by columns, not bytes (a line over 79 bytes)" \
		test -n "$(LC_ALL=C awk 'length > 79' "$tmp/rest")"
	COLUMNS=60 ko --help >"$tmp/out"
	help_checks "Korean --help COLUMNS=60" 59 "$tmp/out"
	COLUMNS=60 ko --usage >"$tmp/out"
	fits "Korean --usage COLUMNS=60" 59 "$tmp/out"

	COLUMNS=80 ko "${CMP[@]}" >"$tmp/out"
	fits "Korean --compare COLUMNS=80" 80 "$tmp/out"
	compare_figures <"$tmp/out" >"$tmp/figures"
	check "Korean --compare COLUMNS=80: every figure" diff -u "$tmp/compare.csv" "$tmp/figures"
	check "Korean --compare COLUMNS=80: Korean titles" grep -q '민간부담금(원) *현금 최소(원)$' "$tmp/out"
	COLUMNS=80 ko "${STG[@]}" >"$tmp/out"
	fits "Korean --stages COLUMNS=80" 80 "$tmp/out"
	stages_figures <"$tmp/out" >"$tmp/figures"
	check "Korean --stages COLUMNS=80: every figure" diff -u "$tmp/stages.csv" "$tmp/figures"
	COLUMNS=80 ko "${EXP[@]}" >"$tmp/out"
	fits "Korean --explain COLUMNS=80" 80 "$tmp/out"
	ko "${EXP[@]}" >"$tmp/wide"
	check "Korean --explain COLUMNS=80: the same words as unfolded" \
		cmp -s <(tr -s ' \n' '\n\n' <"$tmp/wide") <(tr -s ' \n' '\n\n' <"$tmp/out")
	ko "${CMP[@]}" >"$tmp/wide"
	COLUMNS=200 ko "${CMP[@]}" >"$tmp/out"
	check "Korean --compare COLUMNS=200: the wide layout" cmp -s "$tmp/wide" "$tmp/out"
fi

finish
