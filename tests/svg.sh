#!/usr/bin/env bash
# End-to-end tests of --format svg.  Usage: tests/svg.sh ./kai-cost
# Each chart must be well-formed XML (xmllint), render (rsvg-convert), have
# one bar per option, stage, record or member, refer to nothing outside
# itself, and label every amount exactly: each total in 억/만원 as formatted
# here in awk from kai-cost's own csv, each part's tooltip in won as the csv
# has it.  Fonts are not needed: a PNG is checked by its signature only.
# Closes with "N passed, N failed"; exits 1 on any failure.
set -u
. "$(dirname "$0")/lib.sh"

for tool in xmllint rsvg-convert; do
	command -v "$tool" >/dev/null || { echo "svg.sh: $tool is missing (apt-get install libxml2-utils librsvg2-bin)"; exit 1; }
done

# same NAME GOT WANT: an assertion that shows both sides when it fails
same() {
	if [ "$2" = "$3" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $1: got '$2', want '$3'"
	fi
}

# xp FILE EXPR: the string value of the XPath EXPR in FILE (SVG's namespace ignored through local-name())
xp() {
	xmllint --xpath "string($2)" "$1" 2>/dev/null
}
E() { printf "*[local-name()='%s']" "$1"; }    # an element of any namespace
BAR="//$(E g)[@class='bar']"

# korean_won: stdin's whole won, one a line, in 억/만원 as a person writes them:
# 19336533334 -> "193억 3,653만 3,334원"; 0 -> "0원".  String arithmetic: no rounding.
korean_won() {
	awk '
	function group(d,   n) {            # "0576" -> "576", "3653" -> "3,653"
		sub(/^0+/, "", d)
		n = length(d)
		return n > 3 ? substr(d, 1, n - 3) "," substr(d, n - 2) : d
	}
	{
		d = $0
		while (length(d) % 4) d = "0" d
		split("경 조 억 만", unit, " ")
		n = length(d) / 4
		out = ""
		for (i = 1; i <= n; i++) {
			g = group(substr(d, 4 * i - 3, 4))
			if (g == "") continue
			u = n - i > 0 ? unit[5 - (n - i)] : ""
			out = out (out == "" ? "" : " ") g u
		}
		print (out == "" ? "0" : out) "원"
	}'
}

# figures CSV [COLUMN]: gov, cash, in-kind and total of each record of kai-cost's
# csv (no quoted fields), one record a line, leaving out those whose COLUMN is "total".
figures() {
	awk -F, -v skip="${2:-}" '
	NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	skip != "" && $col[skip] == "total" { next }
	{ print $col["gov_subsidy_krw"], $col["cash_min_krw"], $col["in_kind_max_krw"], $col["total_cost_krw"] }' "$1"
}

# chart NAME WANT_EXIT WANT_BARS ARGS...: runs kai-cost ARGS -f svg into $tmp/NAME.svg
# and checks the chart's exit status, XML, rendering, bar count and that it is self-contained.
chart() {
	local name=$1 want_code=$2 want_bars=$3
	shift 3
	local f=$tmp/$name.svg code
	"$bin" "$@" -f svg >"$f" 2>"$tmp/$name.err"
	code=$?
	same "$name: exit status" "$code" "$want_code"
	check "$name: xmllint --noout" xmllint --noout "$f"
	rm -f "$tmp/x.png"
	check "$name: renders as PNG" eval 'rsvg-convert -o "$tmp/x.png" "$f" 2>/dev/null &&
		[ "$(head -c 8 "$tmp/x.png" | od -An -tx1 | tr -d " \n")" = 89504e470d0a1a0a ]'
	same "$name: bars" "$(xp "$f" "count($BAR)")" "$want_bars"
	check "$name: no script, link, style import, image or url()" \
		eval '! grep -Eiq "<script|href|@import|url\(|<image|<foreignObject|<style|@font-face" "$f"'
	same "$name: width, height, viewBox" \
		"$(xp "$f" "concat(/$(E svg)/@width,' ',/$(E svg)/@height,' ',/$(E svg)/@viewBox)")" \
		"960 $(xp "$f" "/$(E svg)/@height") 0 0 960 $(xp "$f" "/$(E svg)/@height")"
	same "$name: the font list on every text" \
		"$(xp "$f" "count(//$(E text)[contains(@font-family,'Malgun Gothic') and contains(@font-family,'Apple SD Gothic Neo') and contains(@font-family,'Noto Sans CJK KR') and contains(@font-family,'sans-serif')])")" \
		"$(xp "$f" "count(//$(E text))")"
	[ "$want_bars" = 0 ] ||
	check "$name: a legend of the three parts" eval '[ "$(xp "$f" "count(//$(E g)[@class=\"legend\"]/$(E text))")" = 3 ]'
	check "$name: the command line in the title" eval '[[ "$(xp "$f" "/$(E svg)/$(E title)")" == *"-f svg"* ]]'
}

# amounts NAME CSV [COLUMN]: every bar of $tmp/NAME.svg against the records of CSV (see figures):
# the total label in 억/만원, each part's tooltip in won, and the parts drawn end to end.
amounts() {
	local name=$1 f=$tmp/$1.svg
	figures "$2" "${3:-}" >"$tmp/$name.want"
	local n
	n=$(wc -l <"$tmp/$name.want")
	same "$name: bars against csv records" "$(xp "$f" "count($BAR)")" "$n"
	cut -d' ' -f4 "$tmp/$name.want" | korean_won >"$tmp/$name.labels"
	local i=0 gov cash kind total label got want x w a b c d part ends=""
	while read -r gov cash kind total; do
		i=$((i + 1))
		label=$(sed -n "${i}p" "$tmp/$name.labels")
		same "$name: bar $i total" "$(xp "$f" "($BAR)[$i]/$(E text)[@class='total']")" "$label"
		got="" want="$gov $cash $kind"
		for part in gov cash inkind; do
			got="$got $(xp "$f" "($BAR)[$i]/$(E rect)[@class='$part']/$(E title)" |
			            sed -n 's/.*: \([0-9,]*\)원$/\1/p' | tr -d ,)"
		done
		same "$name: bar $i tooltips" "${got# }" "$want"
		# Each part starts where the one before it ends.
		got=$(xp "$f" "concat(($BAR)[$i]/$(E rect)[@class='gov']/@x + ($BAR)[$i]/$(E rect)[@class='gov']/@width,' ',
		                     ($BAR)[$i]/$(E rect)[@class='cash']/@x,' ',
		                     ($BAR)[$i]/$(E rect)[@class='cash']/@x + ($BAR)[$i]/$(E rect)[@class='cash']/@width,' ',
		                     ($BAR)[$i]/$(E rect)[@class='inkind']/@x)")
		read -r a b c d <<<"$got"
		check "$name: bar $i parts end to end ($got)" test "$a" = "$b" -a "$c" = "$d"
		x=$(xp "$f" "($BAR)[$i]/$(E rect)[@class='inkind']/@x")
		w=$(xp "$f" "($BAR)[$i]/$(E rect)[@class='inkind']/@width")
		ends="$ends$total $((x + w))"$'\n'
	done <"$tmp/$name.want"
	# A larger total never draws a shorter bar.
	check "$name: bar lengths follow the totals" eval \
		'[ -z "$(printf "%s" "$ends" | sort -n -k1,1 -k2,2 | awk "NR > 1 && \$2 < last { print } { last = \$2 }")" ]'
	# Each bar ends at 0's x + floor(total * scale's length / its last mark's amount): the axis
	# says where 0 is and what its last mark stands for (in its unit, maybe with decimals).
	local x0 xl vl unit
	x0=$(xp "$f" "(//$(E g)[@class='axis']/$(E line))[1]/@x1")
	xl=$(xp "$f" "(//$(E g)[@class='axis']/$(E line))[last()]/@x1")
	vl=$(xp "$f" "(//$(E g)[@class='axis']/$(E text)[not(@class)])[last()]")
	unit=$(xp "$f" "//$(E g)[@class='axis']/$(E text)[@class='unit']")
	check "$name: bar ends at total × length / scale (0 at $x0, $vl ${unit#단위: } at $xl)" eval \
		'[ -z "$(printf "%s" "$ends" | awk -v x0="$x0" -v xl="$xl" -v vl="$vl" -v unit="$unit" "$scale_awk")" ]'
}
# Reads "total end" lines; prints those whose end is not where the scale puts the total.
# Exact in doubles while total * length stays below 2^52; larger bars are not checked here.
scale_awk='
BEGIN {
	places["단위: 원"] = 0; places["단위: 만원"] = 4; places["단위: 억원"] = 8
	places["단위: 조원"] = 12; places["단위: 경원"] = 16
	if (!(unit in places)) { print "unknown unit", unit; exit }
	d = places[unit]
	gsub(/,/, "", vl)
	split(vl, p, ".")
	frac = substr(p[2] "0000000000000000", 1, d)
	v = p[1] * 10 ^ d + frac
}
{
	n = $1 * (xl - x0)
	if (n >= 2 ^ 52) next
	want = v == 0 ? x0 : x0 + int(n / v)
	if ($2 != want) print $1, $2, want
}'


F=gov_subsidy_krw,cash_min_krw,in_kind_max_krw,total_cost_krw

# ---- the five kinds of run ----
chart compare 0 9 --compare -g 256 -m 10.3
"$bin" --compare -g 256 -m 10.3 -f csv --fields $F >"$tmp/compare.csv"
amounts compare "$tmp/compare.csv"
same "compare: bar names" "$(xp "$tmp/compare.svg" "concat(($BAR)[1]/$(E text)[@class='label'],'|',($BAR)[9]/$(E text)[@class='label'])")" \
	"대기업 상업용|중소기업 비공개"
same "compare: a worked total" "$(xp "$tmp/compare.svg" "($BAR)[1]/$(E text)[@class='total']")" "193억 3,653만 3,334원"

STAGES="--stages -s sme -l research -g 256 --from 2025-11-01 --to 2026-09-09"
chart stages 0 2 $STAGES
"$bin" $STAGES -f csv >"$tmp/stages.csv"
amounts stages "$tmp/stages.csv" stage
same "stages: bar names" "$(xp "$tmp/stages.svg" "concat(($BAR)[1]/$(E text)[@class='label'],'|',($BAR)[2]/$(E text)[@class='label'])")" \
	"1단계|2단계"

chart batch 0 8 data/examples/candidates.csv
"$bin" -f csv --fields $F data/examples/candidates.csv >"$tmp/batch.csv"
amounts batch "$tmp/batch.csv"
same "batch: a quoted name" "$(xp "$tmp/batch.svg" "($BAR)[6]/$(E text)[@class='label']")" '바이오 "특화" 모델팀'
same "batch: a record of 0 GPUs" "$(xp "$tmp/batch.svg" "concat(($BAR)[8]/$(E text)[@class='total'],' ',($BAR)[8]/$(E rect)[@class='gov']/@width)")" "0원 0"

MEMBERS="--members data/examples/consortium.csv -l commercial -m 10.3"
"$bin" $MEMBERS -f csv --fields role,$F >"$tmp/members.csv" 2>/dev/null
nmembers=$(awk -F, 'NR > 1 && $1 != "total"' "$tmp/members.csv" | wc -l)
same "members: the example's members" "$nmembers" 11
chart members 0 "$nmembers" $MEMBERS
amounts members "$tmp/members.csv" role
same "members: names with their team" "$(xp "$tmp/members.svg" "($BAR)[1]/$(E text)[@class='label']")" "한빛 의료 AI · 한빛메디 AI"

chart one 0 1 -s sme -l commercial -g 256 -m 10
"$bin" -s sme -l commercial -g 256 -m 10 -f csv --fields $F >"$tmp/one.csv"
amounts one "$tmp/one.csv"
same "one: SPEC's worked example" "$(xp "$tmp/one.svg" "($BAR)[1]/$(E text)[@class='total']")" "177억 8,526만 3,158원"

# Every amount 0: no division by 0, bars of no length.
chart zero 0 1 -s sme -l commercial -g 0 -m 10
same "zero: total and widths" "$(xp "$tmp/zero.svg" "concat(($BAR)[1]/$(E text)[@class='total'],' ',sum(//$(E rect)[@class='gov' or @class='cash' or @class='inkind']/@width))")" "0원 0"

# Amounts of a few won, and of the largest GPUs, months and price: the scale's words stay exact.
chart tiny 0 1 -s mid -l research -g 1 -m 1 -p 1
"$bin" -s mid -l research -g 1 -m 1 -p 1 -f csv --fields $F >"$tmp/tiny.csv"
amounts tiny "$tmp/tiny.csv"
same "tiny: the scale in won" "$(xp "$tmp/tiny.svg" "//$(E text)[@class='unit']")" "단위: 원"
same "compare: the scale in 억원" "$(xp "$tmp/compare.svg" "concat(//$(E text)[@class='unit'],' ',(//$(E g)[@class='axis']/$(E text)[not(@class)])[last()])")" "단위: 억원 350"
chart small 0 1 -s mid -l research -g 1 -m 1 -p 100000
"$bin" -s mid -l research -g 1 -m 1 -p 100000 -f csv --fields $F >"$tmp/small.csv"
amounts small "$tmp/small.csv"
same "small: the scale in 만원" "$(xp "$tmp/small.svg" "//$(E text)[@class='unit']")" "단위: 만원"
chart huge 0 1 -s large -l closed -g 100000 -m 1200 -p 10,000,000,000
"$bin" -s large -l closed -g 100000 -m 1200 -p 10,000,000,000 -f csv --fields $F >"$tmp/huge.csv" 2>/dev/null
amounts huge "$tmp/huge.csv"

# The korean_won above agrees with the Korean units of SPEC's examples.
same "korean_won: its own examples" "$(printf '%s\n' 16896000000 889263158 100000000 0 7 10000 123456789012345678 | korean_won | paste -sd'|')" \
	"168억 9,600만원|8억 8,926만 3,158원|1억원|0원|7원|1만원|12경 3,456조 7,890억 1,234만 5,678원"

# ---- text is escaped, and reads back exactly ----
printf 'name,size,license,gpus,months\n"<b>&""'"'"' 한글 이름 ]]>",sme,commercial,256,10\n' >"$tmp/esc&<x>.csv"
chart escape 0 1 "$tmp/esc&<x>.csv"
same "escape: the name reads back" "$(xp "$tmp/escape.svg" "($BAR)[1]/$(E text)[@class='label']")" "<b>&\"' 한글 이름 ]]>"
same "escape: the name in the bar's tooltip" "$(xp "$tmp/escape.svg" "substring-before(($BAR)[1]/$(E title),': ')")" "<b>&\"' 한글 이름 ]]>"
check "escape: the file name in the title" eval '[[ "$(xp "$tmp/escape.svg" "/$(E svg)/$(E title)")" == *"esc&<x>.csv"* ]]'
check "escape: no raw < or & in the text" eval '! grep -q "<b>\|&\"\|]]>" "$tmp/escape.svg"'

# A control character XML 1.0 forbids is replaced with U+FFFD; tab survives as a reference.
printf 'name,size,license,gpus,months\n"a\001b\tc\033",sme,commercial,256,10\n' >"$tmp/ctl.csv"
chart control 0 1 "$tmp/ctl.csv"
same "control: U+FFFD for forbidden characters, tab kept" \
	"$(printf %s "$(xp "$tmp/control.svg" "($BAR)[1]/$(E text)[@class='label']")" | od -An -c | tr -s ' \n' ' ')" \
	"$(printf 'a\357\277\275b\tc\357\277\275' | od -An -c | tr -s ' \n' ' ')"
check "control: no raw control byte" eval '! LC_ALL=C grep -q "[[:cntrl:]]" <(tr -d "\n" <"$tmp/control.svg")'

# A name far too long for its column is cut with "…"; the tooltip keeps it whole.
long=$(printf '가나다라마바사아자차카타파하%.0s' 1 2 3 4 5 6 7 8)
printf 'name,size,license,gpus,months\n%s,sme,commercial,256,10\n' "$long" >"$tmp/long.csv"
chart long 0 1 "$tmp/long.csv"
check "long: the label cut with an ellipsis" eval '[[ "$(xp "$tmp/long.svg" "($BAR)[1]/$(E text)[@class='"'label'"']")" == 가나다*… ]]'
same "long: the whole name in the tooltip" "$(xp "$tmp/long.svg" "substring-before(($BAR)[1]/$(E title),': ')")" "$long"

# A name longer than a label is kept (1,023 bytes) is cut there, at a whole character, with "…".
huge_name=$(printf 'ㄱ가나다라마바사아자차카타파하%.0s' $(seq 1 50))
printf 'name,size,license,gpus,months\n%s,sme,commercial,256,10\n' "$huge_name" >"$tmp/huge-name.csv"
chart huge-name 0 1 "$tmp/huge-name.csv"
tip=$(xp "$tmp/huge-name.svg" "substring-before(($BAR)[1]/$(E title),': ')")
check "huge-name: the tooltip's name a cut of the whole, with …" eval \
	'[[ "$tip" == *… ]] && [[ "$huge_name" == "${tip%…}"* ]] && [ "${#tip}" -gt 300 ]'

# ---- no bars: a valid chart that says so ----
printf 'name,size,license,gpus,months\nbad,sme,commercial,many,10\n' >"$tmp/bad.csv"
chart empty 65 0 "$tmp/bad.csv"
check "empty: says there is nothing to draw" eval '[ -n "$(xp "$tmp/empty.svg" "//$(E text)[@class=\"empty\"]")" ]'

# ---- at most SVG_BARS_MAX (60) bars ----
rows() {
	echo name,size,license,gpus,months
	for i in $(seq 1 "$1"); do echo "team $i,sme,commercial,$i,10"; done
}
rows 60 >"$tmp/60.csv"
rows 61 >"$tmp/61.csv"
chart sixty 0 60 "$tmp/60.csv"
"$bin" -f svg "$tmp/61.csv" >"$tmp/61.svg" 2>"$tmp/61.err"
same "61 records: exit 64" "$?" 64
same "61 records: the message" "$(cat "$tmp/61.err")" \
	"kai-cost: --format svg draws at most 60 bars; this run has 61; expected fewer records, or --format xlsx, md or csv"
same "61 records: nothing on stdout" "$(wc -c <"$tmp/61.svg")" 0
rm -f "$tmp/new.svg"
"$bin" -f svg -o "$tmp/new.svg" "$tmp/61.csv" 2>/dev/null
same "61 records, -o: exit 64" "$?" 64
check "61 records, -o: no file made" test ! -e "$tmp/new.svg"
echo "the user's old chart" >"$tmp/old.svg"
cp "$tmp/old.svg" "$tmp/old.copy"
"$bin" -f svg -o "$tmp/old.svg" "$tmp/61.csv" 2>/dev/null
same "61 records, -o an existing file: exit 64" "$?" 64
check "61 records, -o an existing file: left as it was" cmp -s "$tmp/old.svg" "$tmp/old.copy"
"$bin" -f svg -o "$tmp/ok.svg" "$tmp/60.csv"
same "60 records, -o: exit 0" "$?" 0
same "60 records, -o: the chart in the file" "$(xp "$tmp/ok.svg" "count($BAR)")" 60

# ---- not for a terminal ----
if command -v script >/dev/null && script -qec true /dev/null >/dev/null 2>&1; then
	script -qec "'$bin' -s sme -l commercial -g 256 -m 10 -f svg" /dev/null >"$tmp/tty.out" 2>&1
	same "a terminal: exit 64" "$?" 64
	check "a terminal: says why" grep -q 'format svg is not for a terminal' "$tmp/tty.out"
else
	echo "skipped: -f svg to a terminal (no util-linux script to fake one)"
fi

finish
