#!/usr/bin/env bash
# End-to-end tests of --format xlsx, read by a spreadsheet engine that is
# not libxlsxwriter: Gnumeric's ssconvert, and LibreOffice when it is installed.
# Usage: tests/xlsx.sh ./kai-cost
#
# Each workbook is checked three ways against kai-cost's own csv output of
# the same run, cell by cell (rates as fractions: 0.125 is 12.5):
#   cached   - as written, without recalculation: the cached results;
#   blanked  - every cached formula result set to 0, then recalculated: the
#              formulas alone must give kai-cost's figures to the won;
#   edited   - an input cell changed in a copy (GPUs, months, a rate), then
#              recalculated: the figures must equal kai-cost's for the new
#              input (kai-cost run again with that input).
# Closes with "N passed, N failed"; exits 1 on any failure.
set -u
. "$(dirname "$0")/lib.sh"
export TMPDIR=$tmp

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

for tool in ssconvert unzip zip; do
	command -v $tool >/dev/null || { echo "xlsx.sh: $tool is missing: sh .ci/install-deps" >&2; exit 1; }
done

# records XLSX OUT [recalc]: the records sheet as csv (raw values, first
# header row, the Korean one, dropped), recalculated when asked.
records() {
	rm -f "$tmp"/sheet-*.csv
	ssconvert -S ${3:+--recalc} -T Gnumeric_stf:stf_assistant \
		-O 'format=raw separator=, quoting-mode=auto eol=unix' "$1" "$tmp/sheet-%n.csv" 2>"$tmp/ssconvert.err" ||
		{ cat "$tmp/ssconvert.err"; return 1; }
	tail -n +2 "$tmp/sheet-0.csv" >"$2"
}

# A copy of workbook IN as OUT with sed script SCRIPT applied to the records sheet (or SHEET).
rewrite() {
	local in=$1 out=$2 script=$3 sheet=${4:-sheet1}
	rm -rf "$tmp/unz" && mkdir "$tmp/unz" && (cd "$tmp/unz" && unzip -q "$in") || return 1
	sed -i "$script" "$tmp/unz/xl/worksheets/$sheet.xml"
	rm -f "$out" && (cd "$tmp/unz" && zip -q -X -r "$out" .)
}

# The cached results of every formula of IN set to 0 in OUT (every sheet).
blank() {
	rm -rf "$tmp/unz" && mkdir "$tmp/unz" && (cd "$tmp/unz" && unzip -q "$1") || return 1
	sed -i 's#</f><v>[^<]*</v>#</f><v>0</v>#g' "$tmp"/unz/xl/worksheets/sheet*.xml
	rm -f "$2" && (cd "$tmp/unz" && zip -q -X -r "$2" .)
}

# same NAME GOT WANT: GOT (the sheet as csv) equals WANT (kai-cost's csv),
# field by field; columns named *_pct hold fractions in GOT, months are
# compared to 4 places.  Quoted fields may hold commas, not line breaks.
same() {
	local name=$1
	if awk '
	function split_csv(line, f,    n, i, c, q, cell) {
		n = 0; cell = ""; q = 0
		for (i = 1; i <= length(line); i++) {
			c = substr(line, i, 1)
			if (q) {
				if (c == "\"" && substr(line, i + 1, 1) == "\"") { cell = cell "\""; i++ }
				else if (c == "\"") q = 0
				else cell = cell c
			} else if (c == "\"") q = 1
			else if (c == ",") { f[++n] = cell; cell = "" }
			else cell = cell c
		}
		f[++n] = cell
		return n
	}
	FNR == 1 { file++ }
	file == 1 { got[FNR] = $0; ngot = FNR; next }
	{
		nw = split_csv($0, w)
		if (!(FNR in got)) { print "line " FNR ": missing in the workbook"; bad = 1; next }
		ng = split_csv(got[FNR], g)
		if (FNR == 1) for (i = 1; i <= nw; i++) name[i] = w[i]
		for (i = 1; i <= nw; i++) {
			x = g[i]; y = w[i]
			if (FNR > 1 && name[i] ~ /_pct$/ && x ~ /%$/) { sub(/%$/, "", x); x = sprintf("%.4f", x) + 0 }
			else if (FNR > 1 && name[i] ~ /_pct$/ && x != "") x = sprintf("%.4f", x * 100) + 0
			if (FNR > 1 && name[i] == "months" && x != "") { x = sprintf("%.4f", x) + 0; y = y + 0 }
			if (x "" != y "") { print "line " FNR " column " name[i] ": workbook \"" g[i] "\", kai-cost \"" w[i] "\""; bad = 1 }
		}
		if (ng > nw) for (i = nw + 1; i <= ng; i++) if (g[i] != "") { print "line " FNR ": extra cell " g[i]; bad = 1 }
		seen = FNR
	}
	END {
		if (ngot > seen) for (i = seen + 1; i <= ngot; i++) if (got[i] !~ /^,*$/) { print "line " i ": extra row"; bad = 1 }
		exit bad
	}' "$2" "$3" >"$tmp/diff"; then
		ok
	else
		bad "$name"
		head -n 5 "$tmp/diff"
	fi
}

# book NAME ARGS...: the workbook of ARGS, its cached and its recalculated
# figures against kai-cost's csv of the same ARGS.  Leaves $tmp/book.xlsx.
book() {
	local name=$1
	shift
	"$bin" "$@" -f csv >"$tmp/want.csv" 2>/dev/null
	local want_code=$?
	"$bin" "$@" -f xlsx -o "$tmp/book.xlsx" 2>"$tmp/err"
	local code=$?
	[ "$code" = "$want_code" ] && ok || bad "$name: exit $code, csv exits $want_code: $(head -c 300 "$tmp/err")"
	records "$tmp/book.xlsx" "$tmp/cached.csv" && same "$name: cached" "$tmp/cached.csv" "$tmp/want.csv"
	blank "$tmp/book.xlsx" "$tmp/blank.xlsx"
	records "$tmp/blank.xlsx" "$tmp/recalc.csv" recalc && same "$name: recalculated" "$tmp/recalc.csv" "$tmp/want.csv"
}

# ---- the figures: cached and recalculated ----

# SPEC's worked examples.
while read -r size lic gpus months; do
	book "worked example $size $lic $gpus $months" -s "$size" -l "$lic" -g "$gpus" -m "$months"
done <<'EOF'
sme commercial 256 10
large closed 256 10
sme research 256 10.3
mid research 1 1
sme commercial 0 10
EOF
book "compare: all nine" --compare -g 256 -m 10.3
book "compare: odd months" --compare -g 255 -m 7.1234
book "dates: 59/6 months" -s sme -l research -g 256 --from 2025-11-15 --to 2026-09-09
book "stages" --stages -s sme -l research -g 256 --from 2025-11-01 --to 2026-09-09
book "stages: odd dates" --stages -s mid -l closed -g 77 --from 2025-11-15 --to 2026-08-20
book "batch example" data/examples/candidates.csv
book "consortium example" --members data/examples/consortium.csv -l commercial -m 10.3
book "consortium with stages" --members data/examples/consortium.csv -l research --stages --from 2025-11-15 --to 2026-09-09
book "budget" -s sme -l commercial -g 256 -m 10 --cash 1억 --in-kind 5억
book "budget: short" --compare -g 256 -m 10.3 --cash 1억 --in-kind 3억 --fields size,license,private_share_krw,cash_min_krw,budget_cash_krw,budget_in_kind_krw,cash_spare_krw,spare_krw,limited_by
book "fields: no inputs in the sheet" --compare -g 256 -m 10.3 --fields size,license,total_cost_krw,cash_min_krw
cat >"$tmp/plans.csv" <<'EOF'
team,name,role,type,gpus,cash,in_kind
가온,가온 AI,lead,sme,200,1억,6억
가온,다온 제조,participant,mid,16,900만,1억
가온,한결대학교,participant,university,16,,
EOF
book "consortium plans" --members "$tmp/plans.csv" -l commercial -m 10.3
book "solve gpus" -s mid -l research -m 10.3 --cash 2억 --in-kind 20억 --solve gpus
book "solve end: months from dates" -s sme -l closed -g 128 --cash 5억 --in-kind 30억 --solve end
book "solve months, compare" --compare -g 200 --cash 3억 --in-kind 10억 --solve months
printf '%s\n' name,size,license,gpus,months,budget_cash,budget_in_kind 'a,sme,research,256,10.3,2억,10억' \
	'b,large,closed,100,6,1억,' 'c,mid,commercial,0,1,,' >"$tmp/budgets.csv"
book "batch budgets" "$tmp/budgets.csv"
book "batch solve gpus" "$tmp/budgets.csv" --solve gpus

# ---- edited inputs, recalculated ----

# edit NAME SED-SCRIPT [SHEET] -- ARGS... -- NEW-ARGS...: the workbook of ARGS
# with an input changed by SED-SCRIPT equals kai-cost's csv of NEW-ARGS.
edit() {
	local name=$1 script=$2 sheet=sheet1
	shift 2
	[ "$1" != -- ] && { sheet=$1; shift; }
	shift
	local args=() new=()
	while [ "$1" != -- ]; do args+=("$1"); shift; done
	shift
	new=("$@")
	"$bin" "${args[@]}" -f xlsx -o "$tmp/book.xlsx" 2>/dev/null
	rewrite "$tmp/book.xlsx" "$tmp/edited.xlsx" "$script" "$sheet"
	"$bin" "${new[@]}" -f csv >"$tmp/want.csv" 2>/dev/null
	records "$tmp/edited.xlsx" "$tmp/recalc.csv" recalc && same "$name" "$tmp/recalc.csv" "$tmp/want.csv"
}

edit "GPUs 256 -> 128" 's#<c r="C3" s="\([0-9]*\)"><v>256</v>#<c r="C3" s="\1"><v>128</v>#' \
	-- -s sme -l commercial -g 256 -m 10 -- -s sme -l commercial -g 128 -m 10
edit "months 10.3 -> 6.25" 's#<c r="D3" s="\([0-9]*\)"><v>10.3</v>#<c r="D3" s="\1"><v>6.25</v>#' \
	-- -s mid -l research -g 256 -m 10.3 -- -s mid -l research -g 256 -m 6.25
edit "unit price" 's#<c r="E3" s="\([0-9]*\)"><v>6600000</v>#<c r="E3" s="\1"><v>7123457</v>#' \
	-- -s large -l closed -g 200 -m 9 -- -s large -l closed -g 200 -m 9 -p 7123457
# The rates sheet: sme research 12.5% -> 13.3333% (row 11), sme cash 10% -> 11% (row 23).
sed -e 's/^self_rate_pct,sme,research,12.5,/self_rate_pct,sme,research,13.3333,/' \
	-e 's/^cash_rate_pct,sme,,10,/cash_rate_pct,sme,,11,/' data/rules.csv >"$tmp/rules.csv"
edit "rates sheet: a self rate and a cash rate" \
	's#<c r="D11" s="\([0-9]*\)"><v>0.125</v>#<c r="D11" s="\1"><v>0.133333</v>#; s#<c r="D23" s="\([0-9]*\)"><v>0.1</v>#<c r="D23" s="\1"><v>0.11</v>#' \
	sheet2 -- --compare -g 256 -m 10.3 -- --compare -g 256 -m 10.3 --rules "$tmp/rules.csv"
# A member's GPUs: the team total follows (H3 = 한빛메디 AI's 200 GPUs).
sed 's/^한빛 의료 AI,한빛메디 AI,lead,sme,,200,/한빛 의료 AI,한빛메디 AI,lead,sme,,150,/' \
	data/examples/consortium.csv >"$tmp/members-edited.csv"
cp data/examples/consortium.csv "$tmp/members.csv"
edit "a member's GPUs, and its team total" 's#<c r="H3" s="\([0-9]*\)"><v>200</v>#<c r="H3" s="\1"><v>150</v>#' \
	-- --members "$tmp/members.csv" -l commercial -m 10.3 -- --members "$tmp/members-edited.csv" -l commercial -m 10.3

# --stages: one GPUs input, the whole period's (D5); the stages follow it.
edit "stages: the whole period's GPUs 256 -> 64" 's#<c r="D5" s="\([0-9]*\)"><v>256</v>#<c r="D5" s="\1"><v>64</v>#' \
	-- --stages -s sme -l research -g 256 --from 2025-11-01 --to 2026-09-09 -- --stages -s sme -l research -g 64 --from 2025-11-01 --to 2026-09-09
# A period of 10.3 months (103/10) is read to 1/10,000 of a month when edited, as --months is.
f=size,license,gpus,months,gov_subsidy_krw,private_share_krw,cash_min_krw,total_cost_krw
edit "dated months 10.3 -> 10.35" 's#<c r="D3" s="\([0-9]*\)"><v>10.3</v>#<c r="D3" s="\1"><v>10.35</v>#' \
	-- -s sme -l research -g 256 --from 2025-11-01 --to 2026-09-09 --fields $f -- -s sme -l research -g 256 -m 10.35 --fields $f
# --fields without the amounts a spare is of: the spare still follows an edit.
f=gpus,spare_krw,cash_spare_krw
edit "fields: spares without their amounts" 's#<c r="A3" s="\([0-9]*\)"><v>256</v>#<c r="A3" s="\1"><v>128</v>#' \
	-- -s sme -l research -g 256 -m 10.3 --cash 3억 --in-kind 12억 --fields $f -- -s sme -l research -g 128 -m 10.3 --cash 3억 --in-kind 12억 --fields $f

# A batch's own unit price column is the number the formulas read (F3), in place of the
# unit_price_krw column that csv adds beside it (cut from the csv to compare).
printf '%s\n' 팀,기업규모,공개방식,GPU수,개월수,단가 '가,sme,research,256,10.3,7000000' >"$tmp/price.csv"
printf '%s\n' 팀,기업규모,공개방식,GPU수,개월수,단가 '가,sme,research,256,10.3,6500000' >"$tmp/price-edited.csv"
"$bin" "$tmp/price.csv" -f xlsx -o "$tmp/book.xlsx"
rewrite "$tmp/book.xlsx" "$tmp/edited.xlsx" 's#<c r="F3" s="\([0-9]*\)"><v>7000000</v>#<c r="F3" s="\1"><v>6500000</v>#'
"$bin" "$tmp/price-edited.csv" -f csv | cut -d, -f1-6,8- >"$tmp/want.csv"
records "$tmp/edited.xlsx" "$tmp/recalc.csv" recalc && same "a batch's own unit price column" "$tmp/recalc.csv" "$tmp/want.csv"

# The edits above must have found their cells: a sed that matched nothing proves nothing.
"$bin" -s sme -l commercial -g 256 -m 10 -f xlsx -o "$tmp/book.xlsx"
unzip -p "$tmp/book.xlsx" xl/worksheets/sheet1.xml | grep -q '<c r="C3" s="[0-9]*"><v>256</v>' && ok ||
	bad "the GPUs cell C3 is not where the edit test looks"
"$bin" --compare -g 256 -m 10.3 -f xlsx -o "$tmp/book.xlsx"
unzip -p "$tmp/book.xlsx" xl/worksheets/sheet2.xml | grep -q '<c r="D11" s="[0-9]*"><v>0.125</v>' && ok ||
	bad "the sme research rate is not in D11 of the rates sheet"
unzip -p "$tmp/book.xlsx" xl/worksheets/sheet2.xml | grep -q '<c r="D23" s="[0-9]*"><v>0.1</v>' && ok ||
	bad "the sme cash rate is not in D23 of the rates sheet"

# ---- text passed through exactly ----
printf '%s\n' 'id,code,opened,name,note,size,license,gpus,months' \
	'007,1234567890123456789,2026-01-01,한빛 AI,"=1+1",sme,commercial,256,10' \
	'0012,0000000000000000001,01/02/2026,"쉼표, 그리고 ""따옴표""",1.50,중소기업,상업용,128,10.3' >"$tmp/text.csv"
"$bin" "$tmp/text.csv" -f xlsx -o "$tmp/text.xlsx"
records "$tmp/text.xlsx" "$tmp/text-got.csv"
cut -d, -f1-3 "$tmp/text-got.csv" >"$tmp/cut.csv"
printf '%s\n' id,code,opened 007,1234567890123456789,2026-01-01 0012,0000000000000000001,01/02/2026 |
	cmp -s - "$tmp/cut.csv" && ok || { bad "IDs and dates not kept as text"; cat "$tmp/cut.csv"; }
unzip -p "$tmp/text.xlsx" xl/worksheets/sheet1.xml | grep -q '<c r="A3" s="[0-9]*" t="s">' && ok ||
	bad "007 is not a text cell"
"$bin" "$tmp/text.csv" -f csv >"$tmp/want.csv"
same "text file: Hangul, commas, quotes, =1+1 and 1.50 as read, and the figures" "$tmp/text-got.csv" "$tmp/want.csv"

# A text longer than an Excel cell holds is cut there, with a note and a warning.
awk 'BEGIN { printf "name,size,license,gpus,months\n"; for (i = 0; i < 40000; i++) printf "가"; printf ",sme,research,1,1\n" }' >"$tmp/long.csv"
"$bin" "$tmp/long.csv" -f xlsx -o "$tmp/long.xlsx" 2>"$tmp/err"
[ $? = 0 ] && grep -qx "kai-cost: warning: 1 text cell cut to 32,767 characters, the most an Excel cell holds (the first: cell A3 of the records); a note on each says so" "$tmp/err" &&
	ok || bad "a cell past 32,767 characters: want exit 0 and one warning: $(cat "$tmp/err")"
unzip -p "$tmp/long.xlsx" xl/comments1.xml | grep -q 'Cut: the first 32,767 of 40,000 characters' && ok || bad "the cut cell has no note"
records "$tmp/long.xlsx" "$tmp/long-got.csv"
# 32,767 syllables of three bytes each.
[ "$(head -n 2 "$tmp/long-got.csv" | tail -n 1 | cut -d, -f1 | tr -d '"\n' | wc -c)" = 98301 ] && ok ||
	bad "the cut cell does not hold 32,767 characters"

# ---- values where formulas would not be exact ----
# 100,000 GPUs x 10^8 won x 12 months = 1.2 x 10^14: the whole record as values.
"$bin" -s sme -l commercial -g 100000 -m 12 -p 100000000 -f xlsx -o "$tmp/big.xlsx" 2>/dev/null
unzip -p "$tmp/big.xlsx" xl/worksheets/sheet1.xml | grep -q '<f>' && bad "amounts past 10^14: written as formulas" || ok
unzip -p "$tmp/big.xlsx" xl/comments1.xml 2>/dev/null | grep -q '10^14' && ok || bad "no comment says why the values are values"
"$bin" -s sme -l commercial -g 100000 -m 12 -p 100000000 -f csv >"$tmp/want.csv" 2>/dev/null
records "$tmp/big.xlsx" "$tmp/big.csv" recalc && same "amounts past 10^14: values" "$tmp/big.csv" "$tmp/want.csv"
# Below the limit the formulas stay: 10,000 GPUs x 10^8 won x 12 months = 1.2 x 10^13.
"$bin" -s sme -l commercial -g 10000 -m 12 -p 100000000 -f xlsx -o "$tmp/small.xlsx" 2>/dev/null
unzip -p "$tmp/small.xlsx" xl/worksheets/sheet1.xml | grep -q '<f>QUOTIENT' && ok || bad "small amounts: no formulas"

# The months of dates that 4 decimals cannot hold are a formula with a note.
"$bin" -s sme -l research -g 256 --from 2025-11-15 --to 2026-09-09 -f xlsx -o "$tmp/dates.xlsx"
unzip -p "$tmp/dates.xlsx" xl/worksheets/sheet1.xml | grep -q '<f>59/6</f>' && ok || bad "59/6 months not a formula"
unzip -p "$tmp/dates.xlsx" xl/comments1.xml | grep -q '1/6' && ok || bad "59/6 months: no note"

# A batch record's stage 2 has no formula in the sheet to come from: values, with a note.
printf '%s\n' name,size,license,gpus,from,to,stage 'a,sme,research,256,2025-11-01,2026-09-09,2' >"$tmp/stage.csv"
book "batch stage 2" "$tmp/stage.csv"
unzip -p "$tmp/book.xlsx" xl/comments1.xml | grep -q 'stage 2' && ok || bad "batch stage 2: no note"

# ---- the workbook's parts ----
"$bin" --compare -g 256 -m 10.3 -f xlsx -o "$tmp/cmp.xlsx"
unzip -l "$tmp/cmp.xlsx" | grep -q 'xl/charts/chart1.xml' && ok || bad "--compare: no chart"
unzip -p "$tmp/cmp.xlsx" xl/charts/chart1.xml | grep -o '<c:ser>' | wc -l | grep -qx 3 && ok || bad "--compare chart: not 3 series"
unzip -p "$tmp/cmp.xlsx" xl/charts/chart1.xml | grep -q "<c:f>'차트 chart'!\$A\$3:\$A\$11</c:f>" && ok ||
	bad "--compare chart: categories are not the nine bars"
unzip -p "$tmp/cmp.xlsx" xl/charts/chart1.xml | grep -q 'barDir val="bar"' && unzip -p "$tmp/cmp.xlsx" xl/charts/chart1.xml | grep -q 'grouping val="stacked"' && ok ||
	bad "--compare chart: not stacked bars"
"$bin" --members data/examples/consortium.csv -l commercial -m 10.3 -f xlsx -o "$tmp/team.xlsx" 2>/dev/null
rm -f "$tmp"/sheet-*.csv
ssconvert -S -T Gnumeric_stf:stf_assistant -O 'format=raw separator=,' "$tmp/team.xlsx" "$tmp/sheet-%n.csv" 2>/dev/null
[ "$(tail -n +3 "$tmp/sheet-2.csv" | grep -c '^"*[^,]')" = 11 ] && ok || bad "consortium chart: not one bar per member (11)"
grep -q '^"*한빛 의료 AI · 한빛메디 AI"*,13596000000,71557895,644021053' "$tmp/sheet-2.csv" && ok ||
	bad "consortium chart: the first member's bar"
unzip -p "$tmp/cmp.xlsx" xl/styles.xml | grep -q 'formatCode="#,##0&quot;원&quot;"' && ok || bad "money format #,##0\"원\" missing"
unzip -p "$tmp/cmp.xlsx" xl/worksheets/sheet1.xml | grep -q 'state="frozen"' && ok || bad "header not frozen"
unzip -p "$tmp/cmp.xlsx" xl/worksheets/sheet1.xml | grep -q '<pageSetup[^>]*orientation="landscape"' && ok || bad "not set up for printing"
unzip -p "$tmp/cmp.xlsx" xl/workbook.xml | grep -q 'Print_Titles' && ok || bad "no header rows repeated on printed pages"

# ---- LibreOffice, when it is installed (CI does not install it: Gnumeric is the check) ----
if command -v soffice >/dev/null; then
	# A profile that recalculates every formula on loading an xlsx file.
	mkdir -p "$tmp/lo/user"
	cat >"$tmp/lo/user/registrymodifications.xcu" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
EOF
	# lo NAME ARGS...: the workbook of ARGS with its cached results blanked, recalculated by LibreOffice.
	lo() {
		local name=$1
		shift
		"$bin" "$@" -f csv >"$tmp/want.csv" 2>/dev/null
		"$bin" "$@" -f xlsx -o "$tmp/book.xlsx" 2>/dev/null
		blank "$tmp/book.xlsx" "$tmp/blank.xlsx"
		rm -rf "$tmp/lo-out"
		timeout 120 soffice -env:UserInstallation="file://$tmp/lo" --headless --convert-to \
			'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false' \
			--outdir "$tmp/lo-out" "$tmp/blank.xlsx" >/dev/null 2>&1
		tail -n +2 "$tmp/lo-out/blank.csv" >"$tmp/lo.csv" 2>/dev/null
		same "LibreOffice: $name" "$tmp/lo.csv" "$tmp/want.csv"
	}
	lo "compare" --compare -g 255 -m 7.1234
	lo "consortium with stages" --members data/examples/consortium.csv -l research --stages --from 2025-11-15 --to 2026-09-09
	lo "batch example" data/examples/candidates.csv
	lo "budget, 59/6 months" -s sme -l research -g 256 --from 2025-11-15 --to 2026-09-09 --cash 1억 --in-kind 5억
else
	echo "skipped: LibreOffice is not installed (Gnumeric recalculated every workbook above)"
fi

# ---- bad input: exit statuses, one line, no half-written file ----
"$bin" --compare -g 256 -m 10.3 -f xlsx -o /nonexistent/dir/out.xlsx 2>"$tmp/err"
[ $? = 74 ] && [ "$(wc -l <"$tmp/err")" = 1 ] && ok || bad "unwritable output: want exit 74 and one line"
echo keep >"$tmp/old.xlsx"
"$bin" -s sme -l commercial -g abc -m 10 -f xlsx -o "$tmp/old.xlsx" 2>/dev/null
[ $? = 64 ] && [ "$(cat "$tmp/old.xlsx")" = keep ] && ok || bad "a failed run replaced the old workbook"
TMPDIR=/nonexistent "$bin" --compare -g 256 -m 10.3 -f xlsx -o "$tmp/tmpdir.xlsx" 2>"$tmp/err"
[ $? = 0 ] && unzip -l "$tmp/tmpdir.xlsx" >/dev/null 2>&1 && ok || bad "TMPDIR that does not exist: want /tmp instead"
# An input whose header is refused leaves the old file as csv does: no empty workbook over it.
printf 'size,license\nsme,research\n' >"$tmp/nocol.csv"
for f in xlsx svg md; do
	echo OLD >"$tmp/old.$f"
	"$bin" "$tmp/nocol.csv" -f $f -o "$tmp/old.$f" 2>/dev/null
	[ $? = 65 ] && [ "$(cat "$tmp/old.$f")" = OLD ] && ok || bad "$f: a refused header replaced the old file"
done
ls "$tmp"/kai-cost-* >/dev/null 2>&1 && bad "a temporary workbook was left behind" || ok
"$bin" --compare -g 256 -m 10.3 -f xlsm 2>"$tmp/err" >/dev/null
[ $? = 64 ] && grep -q "xlsx" "$tmp/err" && ok || bad "unknown format: want exit 64 naming xlsx"
"$bin" --compare -g 256 -m 10.3 -f xlsx --excel -o "$tmp/x.xlsx" 2>/dev/null
[ $? = 64 ] && ok || bad "--excel with xlsx: want exit 64"
"$bin" --compare -g 256 -m 10.3 -f xlsx --no-header -o "$tmp/x.xlsx" 2>/dev/null
[ $? = 64 ] && [ ! -e "$tmp/x.xlsx" ] && ok || bad "--no-header with xlsx: want exit 64 and no file"
if command -v script >/dev/null; then
	script -qec "$bin --compare -g 256 -m 10.3 -f xlsx" /dev/null >"$tmp/tty" 2>&1
	[ $? = 64 ] && grep -q 'not for a terminal' "$tmp/tty" && ok || bad "xlsx to a terminal: want exit 64"
	script -qec "$bin --compare -g 256 -m 10.3 -f xlsx -o /dev/tty" /dev/null >"$tmp/tty" 2>&1
	[ $? = 64 ] && grep -q 'not for a terminal' "$tmp/tty" && ! grep -q 'PK' "$tmp/tty" && ok ||
		bad "xlsx to -o /dev/tty: want exit 64 and no zip on the terminal"
else
	echo "skipped: xlsx to a terminal (no script(1))"
fi
"$bin" --compare -g 256 -m 10.3 -f xlsx | head -c 4 | od -An -c | tr -d ' ' | grep -qx 'PK003004' && ok ||
	bad "xlsx to a pipe: not a zip"

finish
