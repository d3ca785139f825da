#!/usr/bin/env bash
# End-to-end tests of --format md.  Usage: tests/md.sh ./kai-cost
# Each table is read back with cmark-gfm, with GitHub's extensions, and
# compared cell by cell with kai-cost's own csv of the same run: the same
# records and columns, every value the same once its thousands separators
# are taken out, every text cell exactly the same text.
# Needs cmark-gfm; bash and awk otherwise (no python).
# Closes with "N passed, N failed"; exits 1 on any failure.
set -u
. "$(dirname "$0")/lib.sh"


if ! command -v cmark-gfm >/dev/null 2>&1; then
	echo "FAIL: cmark-gfm not found; it reads the tables back"
	echo "0 passed, 1 failed"
	exit 1
fi

# The labels for people of kai-cost's columns, as the md header must have them (output.c).
cat >"$tmp/labels" <<'EOF'
size	company size (기업규모)
license	open-source mode (공개방식)
gpus	GPUs (GPU 수)
months	months (협약 개월 수)
unit_price_krw	unit price (단가)
gov_subsidy_krw	government support (정부지원금)
self_rate_pct	self-burden rate (자부담율)
private_share_krw	private share (민간부담금)
cash_rate_pct	minimum cash rate (현금 비율)
cash_min_krw	cash minimum (현금 최소)
in_kind_max_krw	in-kind maximum (현물 최대)
total_cost_krw	total cost (총사업비)
team	team (컨소시엄)
name	institution (기관명)
role	role (역할)
type	type (기관유형)
foreign	foreign (해외)
eligible	eligible (지원 자격)
problems	problems (결격 사유)
stage	stage (단계)
from	from (시작일)
to	to (종료일)
budget_cash_krw	cash budget (현금 예산)
budget_in_kind_krw	in-kind budget (현물 예산)
budget_cash	cash budget (현금 예산)
cash_spare_krw	cash to spare (현금 여유)
spare_krw	budget to spare (예산 여유)
limited_by	limited by (제약)
EOF

# Both readers below write one record a line, its cells joined by the unit
# separator (\037), each cell with \ as \\, LF as \n and CR as \r.
# shellcheck disable=SC2016
awk_cell='function cell(f,   o, i, c) {
	o = ""
	for (i = 1; i <= length(f); i++) {
		c = substr(f, i, 1)
		if (c == "\\") o = o "\\\\"; else if (c == "\n") o = o "\\n"
		else if (c == "\r") o = o "\\r"; else o = o c
	}
	return o
}'

# csv_rows < CSV: RFC 4180, quoted cells with commas, quotes and line breaks.
csv_rows() {
	awk "$awk_cell"'
	BEGIN { US = "\037"; inq = 0; f = ""; rec = ""; nf = 0 }
	{
		s = $0
		if (inq) f = f "\n"
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			if (inq) {
				if (c != "\"") f = f c
				else if (substr(s, i + 1, 1) == "\"") { f = f "\""; i++ }
				else inq = 0
			} else if (c == "\"") inq = 1
			else if (c == ",") { rec = rec (nf++ ? US : "") cell(f); f = "" }
			else f = f c
		}
		if (!inq) { print rec (nf ? US : "") cell(f); rec = ""; f = ""; nf = 0 }
	}'
}

# html_rows < HTML: cmark-gfm's table as its alignments (left, right or
# "none"), then the header, then each body row.  A cell's text runs from
# its tag to the next '<', which must be its end tag: any markup in a cell
# (a link, emphasis) fails.  Entities are read back as cmark-gfm writes them.
html_rows() {
	awk "$awk_cell"'
	function unescape(t,   o, i, c, e) {
		o = ""
		for (i = 1; i <= length(t); i++) {
			c = substr(t, i, 1)
			if (c == "&") {
				e = substr(t, i, 6)
				if (substr(e, 1, 4) == "&lt;") { c = "<"; i += 3 }
				else if (substr(e, 1, 4) == "&gt;") { c = ">"; i += 3 }
				else if (substr(e, 1, 5) == "&amp;") { c = "&"; i += 4 }
				else if (e == "&quot;") { c = "\""; i += 5 }
				else c = "<ENTITY?>"
			}
			o = o c
		}
		return o
	}
	{ html = html $0 "\n" }
	END {
		US = "\037"; rows = 0
		while (match(html, /<(tr|th|td)( align="[a-z]+")?>/)) {
			tag = substr(html, RSTART, RLENGTH)
			html = substr(html, RSTART + RLENGTH)
			if (tag == "<tr>") { row[++rows] = ""; n[rows] = 0; continue }
			end = index(html, "<")
			text = substr(html, 1, end - 1)
			name = substr(tag, 2, 2)
			if (substr(html, end, 5) != "</" name ">")
				text = text "<MARKUP>"
			html = substr(html, end)
			if (rows == 1) {
				a = "none"
				if (match(tag, /"[a-z]+"/)) a = substr(tag, RSTART + 1, RLENGTH - 2)
				align = align (n[1] ? US : "") a
			}
			row[rows] = row[rows] (n[rows]++ ? US : "") cell(unescape(text))
		}
		print align
		for (r = 1; r <= rows; r++) print row[r]
	}'
}

# compare CSV_ROWS MD_ROWS LABELS RAW: the md table against the csv.  RAW:
# the columns (1-based, space-separated) passed through from the input,
# headed by the input's name and written as they are.  Other columns are
# headed by their label, right-aligned when they hold numbers (names
# ending _krw or _pct, gpus, months, a batch's budget), and a number there is the csv's with
# its whole part grouped by threes.
compare() {
	awk -v raw="$4" '
	function grouped(v,   sign, whole, frac, out) {
		if (v !~ /^-?[0-9]+(\.[0-9]+)?$/) return v
		sign = ""; if (substr(v, 1, 1) == "-") { sign = "-"; v = substr(v, 2) }
		whole = v; frac = ""
		if (index(v, ".")) { whole = substr(v, 1, index(v, ".") - 1); frac = substr(v, index(v, ".")) }
		out = ""
		while (length(whole) > 3) {
			out = "," substr(whole, length(whole) - 2) out
			whole = substr(whole, 1, length(whole) - 3)
		}
		return sign whole out frac
	}
	function bad(msg) { print "  " msg; if (++errors >= 10) exit 1 }
	BEGIN {
		FS = "\t"; n = split(raw, r, " ")
		for (i = 1; i <= n; i++) passed[r[i]] = 1
	}
	FILENAME == ARGV[1] { label[$1] = $2; next }
	FILENAME == ARGV[2] { csv[++ncsv] = $0; next }
	{ md[++nmd] = $0 }
	END {
		if (errors) exit 1
		nh = split(csv[1], head, "\037")
		if (split(md[1], align, "\037") != nh) bad("alignments: " split(md[1], align, "\037") ", want " nh)
		if (split(md[2], mh, "\037") != nh) bad("header cells: " split(md[2], mh, "\037") ", want " nh)
		if (nmd - 2 != ncsv - 1) bad("body rows: " nmd - 2 ", want " ncsv - 1)
		for (i = 1; i <= nh; i++) {
			number[i] = !(i in passed) && head[i] ~ /(_krw|_pct)$|^(gpus|months|budget_cash|budget_in_kind)$/
			want = (i in passed) ? head[i] : label[head[i]]
			if (want == "") bad("column " i ": no label known for " head[i])
			if (mh[i] != want) bad("header " i ": \"" mh[i] "\", want \"" want "\"")
			if (!(i in passed) && align[i] != (number[i] ? "right" : "left"))
				bad("column " i " (" head[i] "): aligned " align[i])
		}
		for (row = 2; row <= ncsv && row <= nmd - 1; row++) {
			nc = split(csv[row], c, "\037")
			nm = split(md[row + 1], m, "\037")
			if (nm != nc) bad("record " row - 1 ": " nm " cells, want " nc)
			for (i = 1; i <= nc; i++) {
				want = number[i] ? grouped(c[i]) : c[i]
				if (m[i] != want) bad("record " row - 1 ", " head[i] ": \"" m[i] "\", want \"" want "\"")
			}
		}
		exit errors > 0
	}' "$3" "$1" "$2"
}

# md_run NAME EXIT RAW ARGS...: runs ARGS with -f md and with -f csv and
# checks that the md is exactly one GFM table that says what the csv says,
# with the same exit status and messages.
md_run() {
	local name=$1 want=$2 raw=$3 code ccode
	shift 3
	"$bin" "$@" -f md >"$tmp/md" 2>"$tmp/md.err"
	code=$?
	"$bin" "$@" -f csv >"$tmp/csv" 2>"$tmp/csv.err"
	ccode=$?
	check "$name: exit $code, want $want" [ "$code" = "$want" ]
	check "$name: exit as csv's ($ccode)" [ "$code" = "$ccode" ]
	check "$name: stderr as csv's" cmp -s "$tmp/md.err" "$tmp/csv.err"
	cmark-gfm --extension table --extension autolink --extension strikethrough \
		--extension tagfilter "$tmp/md" >"$tmp/html"
	check "$name: one table and nothing else" \
		[ "$(head -n 1 "$tmp/html")|$(tail -n 1 "$tmp/html")|$(grep -c '<table>' "$tmp/html")" \
		= "<table>|</table>|1" ]
	csv_rows <"$tmp/csv" >"$tmp/csv.rows"
	html_rows <"$tmp/html" >"$tmp/md.rows"
	check "$name: a line a record" \
		[ "$(wc -l <"$tmp/md")" = "$(($(wc -l <"$tmp/csv.rows") + 1))" ]
	if compare "$tmp/csv.rows" "$tmp/md.rows" "$tmp/labels" "$raw" >"$tmp/why"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $name: the table differs from the csv"
		cat "$tmp/why"
	fi
}

# ---- every run kind: one table, the csv's records and values ----
md_run "one scenario" 0 "" -s sme -l commercial -g 256 -m 10
md_run "compare" 0 "" --compare -g 256 -m 10.3
md_run "stages" 0 "" --stages -s sme -l research -g 256 --from 2025-11-01 --to 2026-09-09
md_run "batch" 0 "1 2 3" data/examples/candidates.csv
md_run "members" 0 "1" --members data/examples/consortium.csv -l commercial -m 10.3
md_run "members, ineligible: 65" 65 "1" --members data/examples/consortium.csv -l commercial -m 10.3 \
	--eligibility error
md_run "members with plans" 0 "" --members tests/data/members-worked.csv -l commercial -m 10.3
md_run "budget" 0 "" -s sme -l commercial -g 256 -m 10 --cash 1억
md_run "compare with a budget" 0 "" --compare -g 256 -m 10 --cash 1억
md_run "solve gpus" 0 "" -s sme -l research -m 10.3 --solve gpus --cash 3억 --in-kind 12억
md_run "solve end" 0 "" -s sme -l research -g 256 --from 2025-11-01 --solve end --cash 1억5000만 --in-kind 30억 --as-of 2026-01-01
md_run "fields" 0 "" -s sme -l research -g 256 -m 10.3 --fields private_share_krw,size,months,self_rate_pct,gov_subsidy_krw
md_run "compare fields" 0 "" --compare -g 128 -m 6.5 --fields license,size,total_cost_krw
md_run "largest" 0 "" -s large -l closed -g 100,000 -m 1200 -p 10,000,000,000

# ---- exact values, as people read them ----
"$bin" -s sme -l research -g 256 -m 10.3 -f md --fields gov_subsidy_krw,months,self_rate_pct,size >"$tmp/out"
check "fields: header" [ "$(sed -n 1p "$tmp/out")" = "| government support (정부지원금) | months (협약 개월 수) | self-burden rate (자부담율) | company size (기업규모) |" ]
check "fields: delimiter" [ "$(sed -n 2p "$tmp/out")" = "| ------------------------------: | --------------------: | --------------------------: | :---------------------- |" ]
check "fields: values" [ "$(sed -n 3p "$tmp/out")" = "|                  17,402,880,000 |                  10.3 |                        12.5 | sme                     |" ]
check "fields: three lines" [ "$(wc -l <"$tmp/out")" = 3 ]
"$bin" -s sme -l commercial -g 256 -m 10 --cash 1억 -f md --fields spare_krw,cash_spare_krw >"$tmp/out"
check "a spare that is short: -" [ "$(sed -n 3p "$tmp/out")" = "|                -789,263,158 |                11,073,684 |" ]
"$bin" -s large -l closed -g 1 -m 1200 -f md --fields months 2>/dev/null >"$tmp/out"
check "months grouped" [ "$(sed -n 3p "$tmp/out")" = "|                 1,200 |" ]

# A batch with budgets: a record without one has blank budget cells; a
# passed-through column of numbers is right-aligned and kept as written.
printf '%s\n' name,size,license,gpus,months,budget_cash,memo,note "A,sme,commercial,256,10.3,1억,1000,x" \
	"B,large,closed,128,6,,-2.5,y" 'C,mid,research,1,1,30억,"12,345",' >"$tmp/budget.csv"
md_run "batch with budgets" 0 "1 2 3 7 8" "$tmp/budget.csv"
"$bin" "$tmp/budget.csv" -f md >"$tmp/out"
check "a record without a budget: blank cells" \
	[ "$(sed -n 4p "$tmp/out" | awk -F'|' '{ print $7 "|" $18 "|" $19 "|" $20 }' | tr -d ' ')" = "|||" ]
check "numbers passed through: right-aligned, as written" \
	[ "$(cut -d'|' -f8 "$tmp/out" | tr -d ' ' | tr '\n' /)" = "memo/-----:/1000/-2.5/12,345/" ]
check "text passed through: left-aligned" [ "$(sed -n 2p "$tmp/out" | cut -d'|' -f9)" = " :--- " ]

# A cell wider than 64 columns sticks out rather than widen its column.
printf '%s\n' name,size,license,gpus,months "$(printf 'x%.0s' {1..100}),sme,commercial,1,1" \
	y,sme,commercial,1,1 >"$tmp/long.csv"
"$bin" "$tmp/long.csv" -f md >"$tmp/out"
check "a long cell: its column not padded to it" [ "$(sed -n 4p "$tmp/out" | cut -d'|' -f2)" = " y    " ]
check "a long cell: whole" grep -qF "| $(printf 'x%.0s' {1..100}) |" "$tmp/out"

# ---- escaping: any text comes back from a GFM parser as exactly that text ----
# shellcheck disable=SC1003,SC2016
names=('a|b' '*x*' '<b>' '\' '&amp;' '한빛 의료 AI' '_u_ __v__' '`code`' '[l](http://x.kr)'
	'![i](x.png)' '~~s~~' '~t~' 'http://example.com/a' 'https://x.kr' 'www.example.com'
	'WWW.example.com' 'mailto:a' '$x^2$' '\|' 'a\' '\\' '&lt;' '&#10;' '&#x41;' '<br>'
	'<!-- c -->' '# h' '- item' '> q' '1. n' '---' ':---' '=' '   ' ' lead' 'trail '
	'  both  ' $'\ttab\t' 'x  y' '!' '"q"' "'s'" '{}' '(a)' '+-.' '10:30' '%' '@' '#1'
	'a|b|c\|d' '**굵게**' '<script>x</script>' '&' '&#;' '\*' $'line\none' $'cr\r\nlf\rcr'
	$'\n' '' $'a\x01b\x7fc')
{
	echo name,size,license,gpus,months
	for v in "${names[@]}"; do
		printf '"%s",sme,commercial,1,1\n' "${v//\"/\"\"}"
	done
} >"$tmp/escape.csv"
md_run "escaping" 0 "1 2 3" "$tmp/escape.csv"
# The same with cmark-gfm's table extension alone.  An e-mail address is
# exact here; GitHub's autolink extension makes it a link whatever the
# escaping (its text stays the same), so the run above has none.
printf '"team@lab.kr",sme,commercial,1,1\n' >>"$tmp/escape.csv"
"$bin" "$tmp/escape.csv" -f md | cmark-gfm --extension table | html_rows | cut -d $'\037' -f1 |
	tail -n +3 >"$tmp/names.md"
"$bin" "$tmp/escape.csv" -f csv | csv_rows | cut -d $'\037' -f1 | tail -n +2 >"$tmp/names.csv"
check "escaping: the table extension alone" cmp -s "$tmp/names.md" "$tmp/names.csv"
check "escaping: every name" [ "$(wc -l <"$tmp/names.md")" = $((${#names[@]} + 1)) ]
# Input header names are escaped too.
printf '%s\n' 'name,size,license,gpus,months,a|b *c*' 'x,sme,commercial,1,1,y' >"$tmp/header.csv"
md_run "escaped header" 0 "1 2 3 6" "$tmp/header.csv"
"$bin" "$tmp/escape.csv" -f md >"$tmp/out"
check "a line break: &#10;" grep -qF '| line&#10;one ' "$tmp/out"
check "spaces at the ends: &#32;" grep -qF '| &#32;&#32;both&#32;&#32; ' "$tmp/out"
check "a pipe: \\|" grep -qF '| a\|b ' "$tmp/out"

# ---- the table is the run's only output, wherever it goes ----
"$bin" --compare -g 256 -m 10.3 -f md -o "$tmp/out.md" >"$tmp/out" 2>"$tmp/err"
check "-o: the file" cmp -s "$tmp/out.md" <("$bin" --compare -g 256 -m 10.3 -f md)
check "-o: nothing on stdout or stderr" [ "$(cat "$tmp/out" "$tmp/err")" = "" ]
check "--format markdown" cmp -s <("$bin" --compare -g 256 -m 10.3 -f markdown) "$tmp/out.md"
# A batch with a header and no records: a table with no body.
printf 'name,size,license,gpus,months\n' >"$tmp/empty.csv"
"$bin" "$tmp/empty.csv" -f md >"$tmp/out"
check "no records: header and delimiter" \
	[ "$(wc -l <"$tmp/out")|$(cut -d'|' -f2,8 "$tmp/out" | head -n 1)" = "2| name | government support (정부지원금) " ]
check "no records: a table" grep -q '<thead>' <(cmark-gfm --extension table "$tmp/out")
# A failed run writes no table.
"$bin" -s sme -l commercial -g 256 -m 0 -f md >"$tmp/out" 2>/dev/null
code=$?
check "a bad command line: exit 64, no table" [ "$code|$(cat "$tmp/out")" = "64|" ]

finish
