#!/usr/bin/env bash
# End-to-end tests of the kai-cost binary: exit status, stdout and stderr,
# each checked exactly.  Usage: tests/e2e.sh ./kai-cost
# Expected amounts were computed independently (exact rationals in Python).
# Closes with "N passed, N failed"; exits 1 on any failure.
set -u
. "$(dirname "$0")/lib.sh"
data=$here/data

# t EXIT STDOUT STDERR ARGS...
#   Runs the binary with ARGS (stdin from $stdin when set) and checks the
#   exit status, stdout and stderr exactly.  STDOUT or STDERR of the form
#   @FILE compare with tests/data/FILE; '*' skips that stream.
t() {
	local want_code=$1 want_out=$2 want_err=$3
	shift 3
	local code
	"$bin" "$@" <"${stdin:-/dev/null}" >"$tmp/out" 2>"$tmp/err"
	code=$?
	local ok=1 why=""
	if [ "$code" != "$want_code" ]; then ok=0; why="exit $code, want $want_code"; fi
	check_stream out "$want_out" || { ok=0; why="$why; stdout differs"; }
	check_stream err "$want_err" || { ok=0; why="$why; stderr differs"; }
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: kai-cost $*: ${why#; }"
		[ "$want_out" = '*' ] || diff <(want_text "$want_out") "$tmp/out" | head -n 10
		[ "$want_err" = '*' ] || diff <(want_text "$want_err") "$tmp/err" | head -n 10
	fi
}
want_text() {
	case $1 in
	@*) cat "$data/${1#@}" ;;
	"") ;;
	*) printf '%s\n' "$1" ;;
	esac
}
check_stream() {
	[ "$2" = '*' ] && return 0
	cmp -s <(want_text "$2") "$tmp/$1"
}

H=size,license,gpus,months,unit_price_krw,gov_subsidy_krw,self_rate_pct,private_share_krw,cash_rate_pct,cash_min_krw,in_kind_max_krw,total_cost_krw
HT=$(tr , '\t' <<<"$H")
A="-s sme -l commercial -g 256 -m 10"

# ---- SPEC §3 worked examples, every machine format ----
t 0 "$H
sme,commercial,256,10,6600000,16896000000,5,889263158,10,88926316,800336842,17785263158" "" $A -f csv
t 0 "$H
large,closed,256,10,6600000,16896000000,50,16896000000,15,2534400000,14361600000,33792000000" "" -s large -l closed -g 256 -m 10 -f csv
t 0 "$H
sme,research,256,10.3,6600000,17402880000,12.5,2486125715,10,248612572,2237513143,19889005715" "" -s sme -l research -g 256 -m 10.3 -f csv
t 0 "$H
mid,research,1,1,6600000,6600000,15,1164706,13,151412,1013294,7764706" "" -s mid -l research -g 1 -m 1 -f csv
t 0 "$H
sme,commercial,0,10,6600000,0,5,0,10,0,0,0" "" -s sme -l commercial -g 0 -m 10 -f csv
t 0 "$HT
sme	research	256	10.3	6600000	17402880000	12.5	2486125715	10	248612572	2237513143	19889005715" "" -s sme -l research -g 256 -m 10.3 -f tsv
t 0 '{"size":"sme","license":"research","gpus":256,"months":10.3,"unit_price_krw":6600000,"gov_subsidy_krw":17402880000,"self_rate_pct":12.5,"private_share_krw":2486125715,"cash_rate_pct":10,"cash_min_krw":248612572,"in_kind_max_krw":2237513143,"total_cost_krw":19889005715}' "" -s sme -l research -g 256 -m 10.3 -f json
t 0 '{"size":"large","license":"closed","gpus":256,"months":10,"unit_price_krw":6600000,"gov_subsidy_krw":16896000000,"self_rate_pct":50,"private_share_krw":16896000000,"cash_rate_pct":15,"cash_min_krw":2534400000,"in_kind_max_krw":14361600000,"total_cost_krw":33792000000}' "" -s large -l closed -g 256 -m 10 --format=json
t 0 @table-sme-commercial.txt "" $A
t 0 @table-declined.txt "" -s large -l closed -g 0 -m 10 -f table

# ---- long and short forms, aliases, separators ----
t 0 "889263158" "" --size=중소기업 --license=상업용 --gpus=256 --months=10 --unit-price=6,600,000 -f csv --fields private_share_krw --no-header
t 0 "889263158" "" -s 중소 -l 상업용 -g 256 -m 10 -f csv --fields private_share_krw --no-header
t 0 "889263158" "" -s " SME " -l COMMERCIAL -g " 256 " -m " 10.0 " -f csv --fields private_share_krw --no-header
t 0 "1877333334" "" -s 대기업 -l commercial -g 256 -m 10 -f csv --fields private_share_krw --no-header
t 0 "7241142858" "" -s 중견기업 -l 비공개 -g 256 -m 10 -f csv --fields private_share_krw --no-header
t 0 "7241142858" "" -s 중견 -l none -g 256 -m 10 -f csv --fields private_share_krw --no-header
t 0 "2981647059" "" -s mid -l 연구용 -g 256 -m 10 -f csv --fields private_share_krw --no-header
t 0 "1024,1200" "kai-cost: warning: 1024 GPUs is more than the 256 each selected team receives
kai-cost: warning: 1200 months is longer than the programme, 10.3 months from 2025-11-01 to 2026-09-09" -s sme -l commercial -g 1,024 -m 1,200 -f csv --fields gpus,months --no-header

# ---- --basis ----
t 0 "5068800000,1520640000,197683200,1322956800,6589440000" "" -s mid -l closed -g 128 -m 6 --basis subsidy -f csv --no-header --fields gov_subsidy_krw,private_share_krw,cash_min_krw,in_kind_max_krw,total_cost_krw
t 0 "16896000000,16896000000" "" -s large -l closed -g 256 -m 10 --basis=total -f csv --no-header --fields gov_subsidy_krw,private_share_krw

# ---- --fields and --no-header ----
t 0 "total_cost_krw,size
17785263158,sme" "" $A -f csv --fields total_cost_krw,size
t 0 "total_cost_krw	size
17785263158	sme" "" $A -f tsv --fields "total_cost_krw, size"
t 0 '{"months":10,"self_rate_pct":5}' "" $A -f json --fields months,self_rate_pct
t 0 '{"months":10,"self_rate_pct":5}' "" $A -f json --fields months,self_rate_pct --no-header
t 0 "government support (정부지원금)  16,896,000,000원 (168억 9,600만원)
total cost (총사업비)            17,785,263,158원 (177억 8,526만 3,158원)" "" $A --fields gov_subsidy_krw,total_cost_krw

# ---- the largest inputs, and the first past each limit ----
t 0 "100000,1200,10000000000,1200000000000000000,1200000000000000000,180000000000000000,1020000000000000000,2400000000000000000" "kai-cost: warning: 100000 GPUs is more than the 256 each selected team receives
kai-cost: warning: 1200 months is longer than the programme, 10.3 months from 2025-11-01 to 2026-09-09" -s large -l closed -g 100,000 -m 1200 -p 10,000,000,000 -f csv --no-header --fields gpus,months,unit_price_krw,gov_subsidy_krw,private_share_krw,cash_min_krw,in_kind_max_krw,total_cost_krw
t 64 "" "kai-cost: --gpus '100001': too large; expected a whole number of GPUs from 0 to 100,000" $A -g 100001
t 64 "" "kai-cost: --months '1200.0001': too large; expected a number of months above 0 and at most 1,200, with at most 4 decimal places" $A -m 1200.0001
t 64 "" "kai-cost: --unit-price '10000000001': too large; expected whole won per GPU-month from 1 to 10,000,000,000" $A -p 10000000001

# ---- --compare ----
t 0 @compare-128-6.5.csv "" --compare -g 128 -m 6.5 -f csv
t 0 @compare-256-10.txt "" --compare -g 256 -m 10
t 0 "large,commercial,610133334
mid,commercial,350502128
sme,commercial,289010527
large,research,1830400000
mid,research,969035295
sme,research,784457143
large,closed,5491200000
mid,closed,2353371429
sme,closed,1830400000" "" --compare -g 128 -m 6.5 -f csv --no-header --fields size,license,private_share_krw
t 64 "" "kai-cost: --compare computes every size and license; expected no --size or --license with it" --compare -s sme -g 256 -m 10
t 64 "" "kai-cost: --fields applies to csv, tsv and json; expected --format with --compare --fields" --compare -g 256 -m 10 --fields size

# ---- bad command lines: exit 64, one line on stderr, nothing on stdout ----
t 64 "" "kai-cost: --gpus '-1': negative; expected a whole number of GPUs from 0 to 100,000" $A -g -1
t 64 "" "kai-cost: --gpus 'abc': not a number; expected a whole number of GPUs from 0 to 100,000" $A -g abc
t 64 "" "kai-cost: --gpus '2.5': too many decimal places; expected a whole number of GPUs from 0 to 100,000" $A -g 2.5
t 64 "" "kai-cost: --gpus '99999999999999999999': too large; expected a whole number of GPUs from 0 to 100,000" $A -g 99999999999999999999
t 64 "" "kai-cost: --gpus '': empty; expected a whole number of GPUs from 0 to 100,000" $A -g ""
t 64 "" "kai-cost: --months '0': too small; expected a number of months above 0 and at most 1,200, with at most 4 decimal places" $A -m 0
t 64 "" "kai-cost: --months '1.23456': too many decimal places; expected a number of months above 0 and at most 1,200, with at most 4 decimal places" $A -m 1.23456
t 64 "" "kai-cost: --months '10,3': misplaced thousands separator; expected a number of months above 0 and at most 1,200, with at most 4 decimal places" $A -m 10,3
t 64 "" "kai-cost: --months '1e1': not a number; expected a number of months above 0 and at most 1,200, with at most 4 decimal places" $A -m 1e1
t 64 "" "kai-cost: --unit-price '0': too small; expected whole won per GPU-month from 1 to 10,000,000,000" $A -p 0
t 64 "" "kai-cost: --unit-price '6.600.000': not a number; expected whole won per GPU-month from 1 to 10,000,000,000" $A -p 6.600.000
t 64 "" "kai-cost: --size 'huge': unknown company size; expected large, mid or sme (대기업, 중견기업, 중소기업)" $A -s huge
t 64 "" "kai-cost: --license 'maybe': unknown open-source mode; expected commercial, research or closed (상업용, 연구용, 비공개)" $A -l maybe
t 64 "" "kai-cost: --format 'xml': unknown format; expected table, csv, tsv, json, xlsx, svg or md" $A -f xml
t 64 "" "kai-cost: --basis 'gross': unknown basis; expected total or subsidy" $A --basis gross
t 64 "" "kai-cost: --fields 'gov': unknown column; expected any of size, license, gpus, months, unit_price_krw, gov_subsidy_krw, self_rate_pct, private_share_krw, cash_rate_pct, cash_min_krw, in_kind_max_krw, total_cost_krw" $A --fields size,gov
t 64 "" "kai-cost: --fields 'size': column listed twice; expected each column at most once" $A --fields size,gpus,size
t 64 "" "kai-cost: --fields 'size,,gpus': empty column name; expected a comma-separated list of output columns" $A --fields size,,gpus
t 64 "" "kai-cost: missing --months (or --from and --to); expected a number of months above 0 and at most 1,200, with at most 4 decimal places (see --help)" -s sme -l commercial -g 256
t 64 "" "kai-cost: missing --size; expected large, mid or sme (대기업, 중견기업, 중소기업) (see --help)" -l commercial -g 256 -m 10
t 64 "" "kai-cost: missing --license; expected commercial, research or closed (상업용, 연구용, 비공개) (see --help)" -s sme -g 256 -m 10
t 64 "" "kai-cost: missing --gpus; expected a whole number of GPUs from 0 to 100,000 (see --help)" -s sme -l commercial -m 10
t 64 "" "kai-cost: missing --gpus; expected a whole number of GPUs from 0 to 100,000 (see --help)" --compare -m 10
t 64 "" "kai-cost: unrecognized option '--no-such-option'
Try \`kai-cost --help' or \`kai-cost --usage' for more information." --no-such-option
t 64 "" "kai-cost: option requires an argument -- 'g'
Try \`kai-cost --help' or \`kai-cost --usage' for more information." -s sme -l commercial -m 10 -g

# ---- informational options ----
t 0 "kai-cost 0.1.0" "" --version
t 0 '*' "" --help
check "--help shows examples" grep -q '^  kai-cost --size sme --license commercial --gpus 256 --months 10$' "$tmp/out"
check "--help lists --compare" grep -q -- '--compare' "$tmp/out"
t 0 '*' "" --usage
check "--usage names --unit-price" grep -q -- '--unit-price=KRW' "$tmp/out"

# ---- -o FILE ----
t 0 "" "" $A -f csv -o "$tmp/result.csv"
check "-o writes the result to the file" cmp -s "$tmp/result.csv" <(printf '%s\n%s\n' "$H" "sme,commercial,256,10,6600000,16896000000,5,889263158,10,88926316,800336842,17785263158")
t 0 "gpus
256" "" $A -f csv -o - --fields gpus
echo keep >"$tmp/keep.csv"
t 64 "" "*" $A -g abc -o "$tmp/keep.csv"
check "a usage error leaves the -o file untouched" grep -qx keep "$tmp/keep.csv"
t 74 "" "kai-cost: cannot open output file '$tmp/no/such/dir.csv': No such file or directory" $A -o "$tmp/no/such/dir.csv"

# ---- write errors ----
if [ -w /dev/full ]; then
	t 74 "*" "kai-cost: write error on /dev/full: No space left on device" $A -f csv -o /dev/full
	"$bin" $A >/dev/full 2>"$tmp/err"
	code=$?
	check "stdout on /dev/full exits 74" [ "$code" = 74 ]
	check "stdout on /dev/full says why" grep -qx "kai-cost: write error on standard output: No space left on device" "$tmp/err"
fi

# ---- batch: FILE arguments ----
C=unit_price_krw,gov_subsidy_krw,self_rate_pct,private_share_krw,cash_rate_pct,cash_min_krw,in_kind_max_krw,total_cost_krw
SC10=6600000,16896000000,5,889263158,10,88926316,800336842,17785263158
MR11=6600000,6600000,15,1164706,13,151412,1013294,7764706
ex=data/examples/candidates.csv
printf 'size,license,gpus,months\nsme,commercial,256,10\n' >"$tmp/a.csv"
printf 'size,license,gpus,months\r\nmid,research,1,1\r\n' >"$tmp/b.csv"
printf 'size,license,gpus,months\nsme,commercial,256,10\nhuge,commercial,1,1\nmid,research,1,1\nsme,commercial,x,1\n' >"$tmp/bad.csv"
printf 'size,license,gpus\nsme,commercial,256\n' >"$tmp/nomonths.csv"

t 0 @candidates.csv "" "$ex"
t 0 @candidates.csv "" -o - "$ex"
t 0 "size,license,gpus,months,$C
sme,commercial,256,10,$SC10
mid,research,1,1,$MR11" "" "$tmp/a.csv" "$tmp/b.csv"
stdin=$tmp/b.csv t 0 "size,license,gpus,months,$C
sme,commercial,256,10,$SC10
mid,research,1,1,$MR11" "" "$tmp/a.csv" -
stdin=$tmp/a.csv t 0 '{"size":"sme","license":"commercial","gpus":"256","months":"10","unit_price_krw":6600000,"gov_subsidy_krw":16896000000,"self_rate_pct":5,"private_share_krw":889263158,"cash_rate_pct":10,"cash_min_krw":88926316,"in_kind_max_krw":800336842,"total_cost_krw":17785263158}' "" - --format json
stdin=$tmp/a.csv t 0 "size	total_cost_krw
sme	17785263158" "" - -f tsv --fields size,total_cost_krw
stdin=$tmp/a.csv t 0 "1000000,2694736843" "" - --unit-price 1,000,000 -f csv --no-header --fields unit_price_krw,total_cost_krw
stdin=$tmp/a.csv t 0 "844800000" "" - --basis subsidy --no-header --fields private_share_krw
t 65 "size,license,gpus,months,$C
sme,commercial,256,10,$SC10
mid,research,1,1,$MR11" "kai-cost: $tmp/bad.csv:3: size 'huge': unknown company size; expected large, mid or sme (대기업, 중견기업, 중소기업)
kai-cost: $tmp/bad.csv:5: gpus 'x': not a number; expected a whole number of GPUs from 0 to 100,000" "$tmp/bad.csv"
t 65 "size,license,gpus,months,$C
sme,commercial,256,10,$SC10" "kai-cost: $tmp/bad.csv:3: size 'huge': unknown company size; expected large, mid or sme (대기업, 중견기업, 중소기업)" --strict "$tmp/bad.csv" "$tmp/a.csv"
t 65 "size,license,gpus,months,$C
sme,commercial,256,10,$SC10" "kai-cost: $tmp/nomonths.csv:1: no months column; expected the columns size, license, gpus and months (or 기업규모, 공개방식, GPU수, 개월수)" "$tmp/nomonths.csv" "$tmp/a.csv"
t 66 "size,license,gpus,months,$C
sme,commercial,256,10,$SC10" "kai-cost: $tmp/missing.csv: cannot open: No such file or directory" "$tmp/missing.csv" "$tmp/a.csv"
t 66 "" "kai-cost: $tmp: cannot open: Is a directory" "$tmp"
t 66 "*" "*" "$tmp/bad.csv" "$tmp/missing.csv"
t 64 "" "kai-cost: $tmp/a.csv: --fields 'nope': unknown column; expected any of size, license, gpus, months, unit_price_krw, gov_subsidy_krw, self_rate_pct, private_share_krw, cash_rate_pct, cash_min_krw, in_kind_max_krw, total_cost_krw" "$tmp/a.csv" --fields size,nope
t 64 "" "kai-cost: --fields 'size,,gpus': empty column name; expected a comma-separated list of output columns" "$tmp/a.csv" --fields size,,gpus
t 64 "" "kai-cost: --size applies to one scenario; expected the FILE's size column instead" -s sme "$tmp/a.csv"
t 64 "" "kai-cost: --months applies to one scenario; expected the FILE's months column instead" "$tmp/a.csv" -m 10
t 64 "" "kai-cost: --compare works on options, not FILE input; expected no FILE with it" --compare "$tmp/a.csv"
t 64 "" "kai-cost: --strict applies to FILE input; expected a FILE argument" $A --strict
t 64 "" "kai-cost: --encoding applies to FILE input; expected a FILE argument" $A --encoding cp949
t 64 "" "kai-cost: --encoding 'latin1': unknown encoding; expected utf-8 or cp949" --encoding latin1 "$tmp/a.csv"
t 64 "" "kai-cost: --excel applies to csv and tsv output; expected --format csv or tsv with it" $A --excel
t 64 "" "kai-cost: --excel applies to csv and tsv output; expected --format csv or tsv with it" "$tmp/a.csv" -f json --excel
cp "$tmp/a.csv" "$tmp/same.csv"
t 64 "" "kai-cost: --output '$tmp/same.csv' is the input file '$tmp/same.csv'; expected another file" "$tmp/same.csv" -o "$tmp/same.csv"
check "the input named as output is left intact" cmp -s "$tmp/a.csv" "$tmp/same.csv"
t 0 "" "" "$tmp/a.csv" -o "$tmp/out.csv"
t 0 "$(cat "$tmp/out.csv")" "" "$tmp/out.csv"
check "kai-cost over its own output gives the same output" [ -s "$tmp/out.csv" ]

# Excel round trip: CP949 in, --excel out.
iconv -f UTF-8 -t CP949 "$ex" >"$tmp/cp949.csv"
t 0 @candidates.csv "" --encoding=cp949 "$tmp/cp949.csv"
t 65 "name,size,license,gpus,months,$C" "*" "$tmp/cp949.csv"
check "CP949 names without --encoding get the hint" grep -qx "kai-cost: $tmp/cp949.csv:2: column 'name': invalid UTF-8; the bytes look like CP949 (Korean Excel): try --encoding=cp949" "$tmp/err"
iconv -f UTF-8 -t CP949 tests/data/korean-header.csv >"$tmp/cp949-header.csv"
t 65 "" "kai-cost: $tmp/cp949-header.csv:1: header, column 1: invalid UTF-8; the bytes look like CP949 (Korean Excel): try --encoding=cp949" "$tmp/cp949-header.csv"
t 0 "기업규모,공개방식,GPU수,개월수,단가,$C
중소기업,상업용,256,10,,$SC10
중견기업,연구용,1,1,\"6,600,000\",$MR11" "" --encoding=cp949 "$tmp/cp949-header.csv"
t 0 "$(printf '\357\273\277size,license,gpus,months,%s\r\nsme,commercial,256,10,%s\r' "$C" "$SC10")" "" "$tmp/a.csv" --excel
t 0 @candidates.txt "" "$ex" -f table
t 0 "$tmp/a.csv:2  size: sme
total cost (총사업비)  17,785,263,158원 (177억 8,526만 3,158원)" "" "$tmp/a.csv" -f table --fields size,total_cost_krw

# Write errors in batch mode.
if [ -w /dev/full ]; then
	t 74 "*" "kai-cost: write error on /dev/full: No space left on device" "$ex" -o /dev/full
fi

# ---- the calendar, stages, rules as data, --explain, --method, warnings ----
R=data/rules.csv
# Dates give the period: from and to are written after months, so the output reads back exactly.
t 0 "size,license,gpus,months,from,to,${H#size,license,gpus,months,}
sme,research,256,10.3,2025-11-01,2026-09-09,6600000,17402880000,12.5,2486125715,10,248612572,2237513143,19889005715" "" -s sme -l research -g 256 --from 2025-11-01 --to 2026-09-09 -f csv
t 0 "9.8333,16614400000" "" -s sme -l research -g 256 --from 2025-11-15 --to 2026-09-09 -f csv --no-header --fields months,gov_subsidy_krw
t 0 "0.5,844800000" "" -s sme -l research -g 256 --from 2026-02-01 --to 2026-02-14 -f csv --no-header --fields months,gov_subsidy_krw
t 0 "0.4828,815668965" "kai-cost: warning: the period 2028-02-01 to 2028-02-14 is not inside the programme's, 2025-11-01 to 2026-09-09" -s sme -l research -g 256 --from 2028-02-01 --to 2028-02-14 --as-of 2026-01-01 -f csv --no-header --fields months,gov_subsidy_krw
t 0 @stages.txt "" -s sme -l research -g 256 --from 2025-11-01 --to 2026-09-09 --stages
t 0 "stage,months,gov_subsidy_krw,private_share_krw,cash_min_krw,in_kind_max_krw,total_cost_krw
1,5,8448000000,1206857143,120685715,1086171428,9654857143
2,5.3,8954880000,1279268572,127926857,1151341715,10234148572
total,10.3,17402880000,2486125715,248612572,2237513143,19889005715" "" -s sme -l research -g 256 --from 2025-11-01 --to 2026-09-09 --stages -f csv --fields months,gov_subsidy_krw,private_share_krw,cash_min_krw,in_kind_max_krw,total_cost_krw
t 0 '{"stage":"1","total_cost_krw":0}
{"stage":"2","total_cost_krw":8303177143}
{"stage":"total","total_cost_krw":8303177143}' "" -s sme -l research -g 256 --from 2026-05-01 --to 2026-09-09 --stages -f json --fields total_cost_krw
t 0 @explain.txt "" -s mid -l closed -g 128 --from 2025-11-15 --to 2026-09-09 --explain --as-of 2026-01-01
t 0 @explain-declined.txt "" -s large -l commercial -g 0 -m 10 --explain --as-of 2026-01-01 --basis subsidy -p 5,000,000

# A copy of the rules with one value changed changes exactly the figures that depend on it.
sed 's/^self_rate_pct,sme,research,12.5,/self_rate_pct,sme,research,20,/' "$R" >"$tmp/rules-sme.csv"
"$bin" --compare -g 256 -m 10 -f csv >"$tmp/compare-builtin.csv"
t 0 "*" "" --compare -g 256 -m 10 -f csv --rules "$tmp/rules-sme.csv"
check "--rules: only the sme/research record changes" [ "$(diff "$tmp/compare-builtin.csv" "$tmp/out" | grep -c '^[<>]')" = 2 ]
check "--rules: sme/research at 20%" grep -qx "sme,research,256,10,6600000,16896000000,20,4224000000,10,422400000,3801600000,21120000000" "$tmp/out"
sed 's/^unit_price_krw,,,6600000,/unit_price_krw,,,7000000,/' "$R" >"$tmp/rules-price.csv"
t 0 "7000000,17920000000" "" -s sme -l commercial -g 256 -m 10 -f csv --no-header --fields unit_price_krw,gov_subsidy_krw --rules "$tmp/rules-price.csv"
t 0 "5000000,12800000000" "" -s sme -l commercial -g 256 -m 10 -f csv --no-header --fields unit_price_krw,gov_subsidy_krw --rules "$tmp/rules-price.csv" -p 5000000
# --as-of on both sides of a revision.
sed 's/^unit_price_krw,,,6600000,2025-09-01,,/unit_price_krw,,,6600000,2025-09-01,2026-03-31,/' "$R" >"$tmp/rules-rev.csv"
echo 'unit_price_krw,,,7000000,2026-04-01,,"stage 2 revision (example)"' >>"$tmp/rules-rev.csv"
t 0 "6600000" "" -s sme -l commercial -g 1 -m 1 -f csv --no-header --fields unit_price_krw --rules "$tmp/rules-rev.csv" --as-of 2026-03-31
t 0 "7000000" "" -s sme -l commercial -g 1 -m 1 -f csv --no-header --fields unit_price_krw --rules "$tmp/rules-rev.csv" --as-of 2026-04-01
# Broken rules: the file's line, exit 65; nothing computed.
sed 's/^self_rate_pct,mid,commercial,6,2025-09-01,,/self_rate_pct,mid,commercial,6%,2025-09-01,,/' "$R" >"$tmp/rules-bad.csv"
t 65 "" "kai-cost: $tmp/rules-bad.csv:3: self_rate_pct value '6%': not a number; expected a percentage from 0 to under 100 with at most 4 decimal places" $A --rules "$tmp/rules-bad.csv"
grep -v '^cash_rate_pct,sme,' "$R" >"$tmp/rules-missing.csv"
t 65 "" "kai-cost: $tmp/rules-missing.csv: no cash_rate_pct for sme; expected one for each type and mode combination and every other parameter" $A --rules "$tmp/rules-missing.csv"
{ cat "$R"; echo 'gpus_per_team,,,512,2026-01-01,,"overlapping"'; } >"$tmp/rules-overlap.csv"
t 65 "" "kai-cost: $tmp/rules-overlap.csv:31: gpus_per_team overlaps line 15: both are in force on some days; expected effective dates that do not overlap" $A --rules "$tmp/rules-overlap.csv"
t 66 "" "kai-cost: --rules '$tmp/none.csv': cannot open: No such file or directory" $A --rules "$tmp/none.csv"
t 65 "" "kai-cost: built-in data/rules.csv: no self_rate_pct for large/commercial in force on 2025-08-31; expected --as-of a date the rules cover" $A --as-of 2025-08-31
stdin=$tmp/a.csv t 65 "" "kai-cost: $tmp/rules-bad.csv:3: self_rate_pct value '6%': not a number; expected a percentage from 0 to under 100 with at most 4 decimal places" - --rules "$tmp/rules-bad.csv"

# Eligibility and warnings.
t 65 "" "kai-cost: --method fine-tuning: not eligible; the programme funds training a model from scratch or continued large-scale pre-training of an existing general model, not fine-tuning" $A --method fine-tuning
t 0 "17785263158" "" $A --method continued-pretraining -f csv --no-header --fields total_cost_krw
t 64 "" "kai-cost: --method 'lora': unknown method; expected from-scratch, continued-pretraining or fine-tuning" $A --method lora
t 0 "33792000000" "kai-cost: warning: 512 GPUs is more than the 256 each selected team receives" -s sme -l commercial -g 512 -m 10 -f csv --no-header --fields gov_subsidy_krw
printf 'name,size,license,gpus,from,to\nx,sme,research,300,2025-11-01,2026-09-30\n' >"$tmp/dates.csv"
t 0 "name,size,license,gpus,from,to,months,$C
x,sme,research,300,2025-11-01,2026-09-30,11,6600000,21780000000,12.5,3111428572,10,311142858,2800285714,24891428572" "kai-cost: $tmp/dates.csv:2: warning: 300 GPUs is more than the 256 each selected team receives
kai-cost: $tmp/dates.csv:2: warning: the period 2025-11-01 to 2026-09-30 is not inside the programme's, 2025-11-01 to 2026-09-09" "$tmp/dates.csv"

# Usage errors of the new options.
t 64 "" "kai-cost: missing --to; expected --from and --to together" -s sme -l research -g 256 --from 2025-11-01
t 64 "" "kai-cost: --months and --from/--to both give the period; expected one or the other" $A --from 2025-11-01 --to 2026-09-09
t 64 "" "kai-cost: --to '2025-10-01' is before --from '2025-11-01'; expected a later date" -s sme -l research -g 256 --from 2025-11-01 --to 2025-10-01
t 64 "" "kai-cost: --from '2025-11-31': not a date; expected a real date YYYY-MM-DD" -s sme -l research -g 256 --from 2025-11-31 --to 2026-09-09
t 64 "" "kai-cost: --as-of 'yesterday': not a date; expected a real date YYYY-MM-DD" $A --as-of yesterday
t 64 "" "kai-cost: --stages needs the period's dates; expected --from and --to with it" $A --stages
t 64 "" "kai-cost: --explain adds to the table of one scenario; expected --format table and no --compare with it" $A --explain -f csv
t 64 "" "kai-cost: --from applies to one scenario; expected the FILE's from and to columns instead" "$tmp/a.csv" --from 2025-11-01
t 64 "" "kai-cost: --stages applies to one scenario; expected no FILE with it" "$tmp/a.csv" --stages

# ---- consortium members (--members) ----
# Expected csv files come from tests/oracle/consortium.py, an independent
# exact computation (Python Fraction) that shares no code with src/; its
# header says how to regenerate them.  The worked example of the issue is
# members-worked.csv: team gov 17,402,880,000, private 785,005,331, cash
# 80,583,325, total 18,187,885,331, effective rate 4.3161%.
M=tests/data
t 0 @members-worked.expected.csv "" --members $M/members-worked.csv --license commercial --months 10.3 -f csv
t 0 @members-korean.expected.csv "" --members $M/members-korean.csv -l 상업용 -m 10.3 -f csv
t 0 @members-periods.expected.csv "" --members $M/members-periods.csv --license research --months 10.3 -f csv
NURI="kai-cost: data/examples/consortium.csv:4: team '누리 제조 AI', member '누리중공업': not eligible: lead-not-large: a large company may take part only as a participant, not as the lead
kai-cost: data/examples/consortium.csv:4: team '누리 제조 AI': not eligible: university: the team needs a university as the lead or a participant
kai-cost: data/examples/consortium.csv:11: team '누리 제조 AI', member '아라 글로벌 랩스': not eligible: foreign-global-only: a foreign institution takes part only for global service development"
t 0 @consortium.expected.csv "$NURI" --members data/examples/consortium.csv --license commercial --from 2025-11-01 --to 2026-09-09 -f csv
t 65 @consortium.expected.csv "$NURI" --members data/examples/consortium.csv --license commercial --from 2025-11-01 --to 2026-09-09 -f csv --eligibility=error
"$bin" --members data/examples/consortium.csv -l commercial --from 2025-11-01 --to 2026-09-09 -f csv --eligibility=off >"$tmp/off.csv" 2>"$tmp/err"
check "--eligibility=off: nothing on stderr" [ ! -s "$tmp/err" ]
check "--eligibility=off: eligible and problems empty" [ "$(grep -c ',total,.*,,$' "$tmp/off.csv")" = 2 ]
check "--eligibility=off: the amounts unchanged" cmp -s <(cut -d, -f1-19 "$tmp/off.csv") <(cut -d, -f1-19 $M/consortium.expected.csv)
# Standard input, CP949, several files, JSON and --fields.
stdin=$M/members-worked.csv t 0 "$(sed 's|^tests/data/members-worked.csv,|<stdin>,|' $M/members-worked.expected.csv)" "" --members - -l commercial -m 10.3 -f csv
iconv -f UTF-8 -t CP949 $M/members-korean.csv >"$tmp/members-cp949.csv"
"$bin" --members "$tmp/members-cp949.csv" --encoding cp949 -l commercial -m 10.3 -f csv >"$tmp/out" 2>"$tmp/err"
check "members in CP949: the same figures" cmp -s <(cut -d, -f2- "$tmp/out") <(cut -d, -f2- $M/members-korean.expected.csv)
t 0 "team,role,private_share_krw
$M/members-worked.csv,lead,715578948
$M/members-worked.csv,participant,69426383
$M/members-worked.csv,participant,0
$M/members-worked.csv,participant,0
$M/members-worked.csv,demand,0
$M/members-worked.csv,total,785005331
$M/members-korean.csv,lead,715578948
$M/members-korean.csv,participant,69426383
$M/members-korean.csv,participant,0
$M/members-korean.csv,participant,0
$M/members-korean.csv,demand,0
$M/members-korean.csv,total,785005331" "" --members $M/members-worked.csv --members $M/members-korean.csv -l commercial -m 10.3 -f csv --fields TEAM,role,private_share_krw
t 0 '*' "" --members $M/members-worked.csv -l commercial -m 10.3 -f json --fields role,gpus,self_rate_pct,total_cost_krw,eligible,problems
check "json: the team's record" [ "$(tail -n 1 "$tmp/out")" = '{"role":"total","gpus":256,"self_rate_pct":4.3161,"total_cost_krw":18187885331,"eligible":"yes","problems":""}' ]
check "json: a member's record" [ "$(head -n 1 "$tmp/out")" = '{"role":"lead","gpus":200,"self_rate_pct":5,"total_cost_krw":14311578948,"eligible":"","problems":""}' ]
sed 's/^가온 AI,lead,sme,/가온 AI,lead,large,/' $M/members-worked.csv >"$tmp/large-lead.csv"
# A large lead: 10% of the total, private ceil(13,596,000,000 / 9) = 1,510,666,667, cash at 15%.
t 65 "13596000000,1510666667,226600001,,
1087680000,69426383,9025430,,
1631520000,0,0,,
1087680000,0,0,,
0,0,0,,
17402880000,1580093050,235625431,no,lead-not-large" "kai-cost: $tmp/large-lead.csv:2: team '$tmp/large-lead.csv', member '가온 AI': not eligible: lead-not-large: a large company may take part only as a participant, not as the lead" --members "$tmp/large-lead.csv" -l commercial -m 10.3 -f csv --fields gov_subsidy_krw,private_share_krw,cash_min_krw,eligible,problems --eligibility error --no-header
# --method fine-tuning makes every team ineligible instead of refusing the run.
t 0 "$(printf ',\n%.0s' 1 2 3 4 5)
no,method" "kai-cost: $M/members-worked.csv:2: team '$M/members-worked.csv': not eligible: method: fine-tuning an existing model is not eligible; the programme funds training from scratch or continued large-scale pre-training" --members $M/members-worked.csv -l commercial -m 10.3 -f csv --no-header --fields eligible,problems --method fine-tuning
# The table for people, and --explain per member.
t 0 '*' "" --members $M/members-worked.csv -l commercial -m 10.3
check "members table: the totals line" grep -q '^합계 (total)  *256  *174억 288만  *7억 8,500만 5,331  *8,058만 3,325$' "$tmp/out"
check "members table: the effective rate" grep -qx 'effective self-burden rate (실효 자부담율): 4.3161% of the total cost (private share ÷ total cost)' "$tmp/out"
check "members table: the verdict" grep -q '^eligibility (지원 자격): eligible' "$tmp/out"
t 0 '*' "" --members $M/members-worked.csv -l commercial -m 10.3 --explain --as-of 2026-01-01
check "--explain: each member's arithmetic" [ "$(grep -c '^  private ' "$tmp/out")" = 4 ]
check "--explain: the university's rate and source" grep -q '자부담율)   0%  .*line 19: 국가연구개발혁신법 시행령 별표 1' "$tmp/out"
# --stages per member and per team: stage 1 + stage 2 = total for every record.
"$bin" --members $M/members-worked.csv -l commercial --from 2025-11-01 --to 2026-09-09 --stages -f csv --fields stage,name,role,total_cost_krw >"$tmp/stages.csv"
check "--stages: three records per member and per team" [ "$(wc -l <"$tmp/stages.csv")" = 19 ]
check "--stages: the stages add up" awk -F, 'NR>1{s[$2 FS $3]+=($1=="total"?-$4:$4)} END{for(k in s) if(s[k]!=0) exit 1}' "$tmp/stages.csv"
check "--stages: team total" grep -qx 'total,,total,18187885331' "$tmp/stages.csv"

# Bad members files: FILE:LINE, the column, the value, what was expected; other teams still computed.
# Team A (10 months): sme 10 GPUs gov 660,000,000, private ceil(660,000,000 × 5/95) = 34,736,843;
# the university's 5 GPUs 330,000,000 and nothing more.
printf 'team,name,role,type,gpus\nA,a1,lead,sme,10\nB,b1,boss,sme,10\nA,a2,participant,university,5\nB,b2,lead,sme,10\nC,c1,lead,sme,-1\n' >"$tmp/bad-members.csv"
t 65 "team,role,total_cost_krw
A,lead,694736843
A,participant,330000000
A,total,1024736843" "kai-cost: $tmp/bad-members.csv:3: role 'boss': unknown role; expected lead, participant or demand (주관기관, 참여기관, 수요기관)
kai-cost: $tmp/bad-members.csv:6: gpus '-1': negative; expected a whole number of GPUs from 0 to 100,000
kai-cost: $tmp/bad-members.csv:3: team 'B': not computed: a row of it is bad (see above); expected every row of a team to be valid
kai-cost: $tmp/bad-members.csv:6: team 'C': not computed: a row of it is bad (see above); expected every row of a team to be valid" --members "$tmp/bad-members.csv" -l commercial -m 10 -f csv --fields team,role,total_cost_krw
t 65 "team,role,total_cost_krw" "kai-cost: $tmp/bad-members.csv:3: role 'boss': unknown role; expected lead, participant or demand (주관기관, 참여기관, 수요기관)" --members "$tmp/bad-members.csv" -l commercial -m 10 -f csv --fields team,role,total_cost_krw --strict
printf 'name,role,type,gpus\nx,lead,hospital,1\ny,lead,sme,2.5\nz,lead,sme,1\n' >"$tmp/bad-types.csv"
t 65 "" "kai-cost: $tmp/bad-types.csv:2: type 'hospital': unknown institution type; expected large, mid, sme, university, institute or nonprofit (대기업, 중견기업, 중소기업, 대학, 연구기관, 비영리)
kai-cost: $tmp/bad-types.csv:3: gpus '2.5': too many decimal places; expected a whole number of GPUs from 0 to 100,000
kai-cost: $tmp/bad-types.csv:2: team '$tmp/bad-types.csv': not computed: a row of it is bad (see above); expected every row of a team to be valid" --members "$tmp/bad-types.csv" -l commercial -m 10 -f csv --no-header
printf 'team,name,role,type,gpus,license,foreign,months\nA,a1,lead,sme,1,commercial,,\nA,a2,participant,university,1,research,,\nB,b1,lead,sme,1,,maybe,\nC,c1,lead,sme,1,,,11\n' >"$tmp/bad-team.csv"
t 65 "" "kai-cost: $tmp/bad-team.csv:3: license 'research': team 'A' has commercial from line 2; expected one license for every row of a team
kai-cost: $tmp/bad-team.csv:4: foreign 'maybe': unknown value; expected no (or blank), global-service or yes (글로벌서비스, 예)
kai-cost: $tmp/bad-team.csv:5: months '11': outside the team period; expected a period inside the team's (--months, or --from and --to)
kai-cost: $tmp/bad-team.csv:2: team 'A': not computed: a row of it is bad (see above); expected every row of a team to be valid
kai-cost: $tmp/bad-team.csv:4: team 'B': not computed: a row of it is bad (see above); expected every row of a team to be valid
kai-cost: $tmp/bad-team.csv:5: team 'C': not computed: a row of it is bad (see above); expected every row of a team to be valid" --members "$tmp/bad-team.csv" -l commercial -m 10.3 -f csv --no-header
printf 'team,name,role,type,gpus\nA,x,lead,sme,1\n\377,y,participant,university,1\n' >"$tmp/bad-team-utf8.csv"
t 65 "*" "kai-cost: $tmp/bad-team-utf8.csv:3: column 'team': invalid UTF-8; expected a file saved as UTF-8
kai-cost: $tmp/bad-team-utf8.csv:2: team 'A': not computed: a row of it is bad (see above); expected every row of a team to be valid" --members "$tmp/bad-team-utf8.csv" -l commercial -m 10.3 -f csv
printf 'name,role,gpus\nx,lead,1\n' >"$tmp/no-type.csv"
t 65 "" "kai-cost: $tmp/no-type.csv:1: no type column; expected the columns name, role, type and gpus (or 기관명, 역할, 유형, GPU수)" --members "$tmp/no-type.csv" -l commercial -m 10 -f csv
t 64 "" "kai-cost: $M/members-worked.csv:1: no license column and no --license; expected one of them" --members $M/members-worked.csv -m 10 -f csv
t 66 "" "kai-cost: $tmp/none.csv: cannot open: No such file or directory" --members "$tmp/none.csv" -l commercial -m 10
t 64 "" "kai-cost: missing --months (or --from and --to); expected a number of months above 0 and at most 1,200, with at most 4 decimal places (see --help)" --members $M/members-worked.csv -l commercial
t 64 "" "kai-cost: --gpus applies to one scenario; expected the members file's gpus column instead" --members $M/members-worked.csv -l commercial -m 10 -g 256
t 64 "" "kai-cost: --members reads members files; expected no FILE argument with it" --members $M/members-worked.csv -l commercial -m 10 "$ex"
t 64 "" "kai-cost: --eligibility applies to consortium runs; expected --members with it" $A --eligibility off
t 64 "" "kai-cost: --eligibility 'loud': unknown mode; expected warn, error or off" --members $M/members-worked.csv -l commercial -m 10 --eligibility loud
t 64 "" "kai-cost: --output '$M/members-worked.csv' is the input file '$M/members-worked.csv'; expected another file" --members $M/members-worked.csv -l commercial -m 10 -o $M/members-worked.csv
# The non-profit rate is a rules-table value: overriding it changes exactly the university's share.
sed 's/^self_rate_pct,university,commercial,0,/self_rate_pct,university,commercial,5,/' "$R" >"$tmp/rules-univ.csv"
# University at 5%: private ceil(1,631,520,000 × 5/95) = 85,869,474; team 870,874,805 of 18,273,754,805.
"$bin" --members $M/members-worked.csv -l commercial -m 10.3 -f csv --no-header --fields type,private_share_krw,total_cost_krw,self_rate_pct --rules "$tmp/rules-univ.csv" >"$tmp/out"
check "--rules: the university's share" grep -qx 'university,85869474,1717389474,5' "$tmp/out"
check "--rules: the team's total" grep -qx ',870874805,18273754805,4.7657' "$tmp/out"
check "--rules: the other members unchanged" grep -qx 'sme,715578948,14311578948,5' "$tmp/out"

t 0 "17785263158" "" $A -f csv --no-header --fields TOTAL_COST_KRW


# ---- issue 8: nothing silently wrong, bounded resources ----
# The re-run property: kai-cost's own csv output, fed back to it with the
# same options, reproduces every record exactly, for every output kind.
# 2025-11-15 .. 2026-09-09 is 59/6 months (9.8333 written), so a re-run that
# read the rounded months would give 16,614,343,680 instead of 16,614,400,000.
rerun() {   # rerun NAME ARGS...: kai-cost ARGS -f csv, then the output fed back as ARGS' input
	local name=$1 x skip=0 args=()
	shift
	"$bin" "$@" -f csv >"$tmp/run1.csv" 2>/dev/null
	if [[ " $* " == *" --members "* ]]; then        # the members file becomes the output
		for x in "$@"; do
			if [ $skip = 1 ]; then args+=("$tmp/run1.csv"); skip=0; continue; fi
			[ "$x" = --members ] && skip=1
			args+=("$x")
		done
	elif [[ $1 == -* ]]; then                       # flags: the output is a batch of one
		args=("$tmp/run1.csv")
	else                                            # FILE and its options
		args=("$tmp/run1.csv" "${@:2}")
	fi
	"$bin" "${args[@]}" -f csv >"$tmp/run2.csv" 2>/dev/null
	check "re-run reproduces: $name" cmp -s "$tmp/run1.csv" "$tmp/run2.csv"
	check "re-run has records: $name" [ "$(wc -l <"$tmp/run1.csv")" -ge 2 ]
}
rerun "one scenario from dates" -s sme -l commercial -g 256 --from 2025-11-15 --to 2026-09-09
check "one scenario from dates: 16,614,400,000" grep -q ',16614400000,' "$tmp/run2.csv"
rerun "one scenario from months" -s mid -l research -g 77 -m 3.1416 -p 1234567
rerun "--compare from dates" --compare -g 128 --from 2026-02-15 --to 2026-07-03
rerun "--stages" -s sme -l commercial -g 256 --from 2025-11-15 --to 2026-09-09 --stages
rerun "--stages, all in stage 2" -s large -l closed -g 3 --from 2026-05-07 --to 2026-06-01 --stages
rerun "a batch from dates" "$ex"
printf 'name,size,license,gpus,from,to\na,sme,research,256,2025-11-15,2026-09-09\nb,mid,closed,1,2026-01-31,2026-02-28\n' >"$tmp/dates.csv"
rerun "a batch with from/to" "$tmp/dates.csv"
cp "$tmp/run1.csv" "$tmp/once.csv"
rerun "a batch re-run twice" "$tmp/once.csv"
rerun "consortium, team dates" --members $M/members-worked.csv -l commercial --from 2025-11-15 --to 2026-09-09
rerun "consortium, members' own periods" --members $M/members-periods.csv -l research -m 10.3
rerun "consortium, --stages" --members $M/members-worked.csv -l commercial --from 2025-11-15 --to 2026-09-09 --stages
rerun "consortium example" --members data/examples/consortium.csv -l commercial --from 2025-11-01 --to 2026-09-09

# --excel output reads back the same: the quote it puts before -A or a tab is not part of the value.
printf 'team,name,role,type,gpus\n-A,x,lead,sme,1\n-A,y,participant,university,2\n=B,z,lead,sme,3\n' >"$tmp/excel-teams.csv"
rerun "--excel consortium, team names like formulas" --members "$tmp/excel-teams.csv" -l commercial -m 10 --excel
check "--excel consortium: two teams, not merged" [ "$(grep -c ',total,' "$tmp/run2.csv")" = 2 ]
printf 'name,size,license,gpus,months\n=x,\tsme,\tcommercial,1,1\n' >"$tmp/excel-tab.csv"
rerun "--excel batch, a tab before the size" "$tmp/excel-tab.csv" --excel
printf 'PK\003\004,size,license,gpus,months\nx,sme,commercial,1,1\n' >"$tmp/pk-column.csv"
t 0 "*" "" "$tmp/pk-column.csv" --fields total_cost_krw --no-header

# Months beside dates must be the dates' (as written); dates are never overridden by them.
printf 'size,license,gpus,months,from,to\nsme,commercial,256,10,2025-11-15,2026-09-09\n' >"$tmp/disagree.csv"
t 65 "size,license,gpus,months,from,to,${H#size,license,gpus,months,}" "kai-cost: $tmp/disagree.csv:2: months '10': 2025-11-15 to 2026-09-09 gives 9.8333 months; expected the months of the dates, or a blank cell" "$tmp/disagree.csv"

# NUL bytes: refused with the line and the column, in headers, data and the rules table.
printf 'size,lic\0ense,gpus,months\nsme,commercial,256,10\n' >"$tmp/nul-head.csv"
t 65 "" "kai-cost: $tmp/nul-head.csv:1: header, column 2: a NUL byte (\\0) at byte 4; expected text without NUL bytes" "$tmp/nul-head.csv"
printf 'size,license,gpus,months,note\nsme,commercial,256,10,a\0b\nsme,commercial,1,1,ok\n' >"$tmp/nul-data.csv"
t 65 "size,license,gpus,months,note,${H#size,license,gpus,months,}
sme,commercial,1,1,ok,6600000,6600000,5,347369,10,34737,312632,6947369" "kai-cost: $tmp/nul-data.csv:2: column 'note': a NUL byte (\\0) at byte 2; expected text without NUL bytes" "$tmp/nul-data.csv"
sed '2s/,10,/,10\x00junk,/' "$R" >"$tmp/rules-nul.csv"
t 65 "" "kai-cost: $tmp/rules-nul.csv:2: column 4: a NUL byte (\\0) at byte 3; expected text without NUL bytes" --rules "$tmp/rules-nul.csv" $A

printf 'name,role,type,gpus,note\nx,lead,sme,1,a\0b\n' >"$tmp/nul-members.csv"
t 65 "*" "kai-cost: $tmp/nul-members.csv:2: column 5: a NUL byte (\\0) at byte 2; expected text without NUL bytes
kai-cost: $tmp/nul-members.csv:2: team '$tmp/nul-members.csv': not computed: a row of it is bad (see above); expected every row of a team to be valid" --members "$tmp/nul-members.csv" -l commercial -m 10 -f csv

# A column named twice (after normalisation) is refused: JSON would get the key twice.
printf 'size,license,gpus,months,total_cost_krw,Total Cost KRW\nsme,commercial,256,10,1,2\n' >"$tmp/dup.csv"
t 65 "" "kai-cost: $tmp/dup.csv:1: columns 5 'total_cost_krw' and 6 'Total Cost KRW' have the same name; expected each column named once" "$tmp/dup.csv" -f json
printf 'name,role,type,gpus,기관명\nx,lead,sme,1,y\n' >"$tmp/dup-members.csv"
t 65 "" "kai-cost: $tmp/dup-members.csv:1: columns 'name' and '기관명' both give name; expected one" --members "$tmp/dup-members.csv" -l commercial -m 10 -f csv

# Header names as people type them, and kai-cost's own table labels.
printf '기업 규모,공개 방식,GPU 수,협약 개월 수\nsme,commercial,256,10\n' >"$tmp/spaced.csv"
t 0 "기업 규모,공개 방식,GPU 수,협약 개월 수,${H#size,license,gpus,months,}
sme,commercial,256,10,$SC10" "" "$tmp/spaced.csv"
printf 'company size (기업규모),open-source mode (공개방식),GPUs (GPU 수),months (협약 개월 수),Unit-Price\nsme,commercial,256,10,6600000\n' >"$tmp/labels.csv"
t 0 "*" "" "$tmp/labels.csv" --fields total_cost_krw --no-header

# Bounded resources: fields per record capped, wide headers linear, no stack buffers by width.
{ printf 'size,license,gpus,months\nsme,commercial,256,10'; head -c 10000000 /dev/zero | tr '\0' ','; printf '\nsme,commercial,1,1\n'; } >"$tmp/wide-row.csv"
/usr/bin/time -f %M -o "$tmp/rss" "$bin" "$tmp/wide-row.csv" -f csv --no-header --fields total_cost_krw >"$tmp/out" 2>"$tmp/err"
check "10^7 separators in one record: refused with its line" grep -qx "kai-cost: $tmp/wide-row.csv:2: more than 10,000 fields; expected at most 10,000 in a record" "$tmp/err"
check "10^7 separators in one record: the next record still read" grep -qx 6947369 "$tmp/out"
check "10^7 separators in one record: under 200 MB ($(tail -n 1 "$tmp/rss") KB)" [ "$(tail -n 1 "$tmp/rss")" -lt 200000 ]
{ echo "size,license,gpus,months,$(seq -s, -f 'c%.0f' 0 9995)"; echo "sme,commercial,256,10,$(yes x | head -n 9996 | paste -sd,)"; } >"$tmp/wide-10k.csv"
echo "size,license,gpus,months,$(seq -s, -f 'c%.0f' 0 99999)" >"$tmp/wide-100k.csv"
start=$SECONDS
( ulimit -s 512; "$bin" "$tmp/wide-10k.csv" -f json >"$tmp/out" 2>"$tmp/err" )
check "10,000 columns (the most), 512 KB of stack: read" grep -q '"c9995":"x","unit_price_krw":6600000' "$tmp/out"
( ulimit -s 512; "$bin" "$tmp/wide-100k.csv" >"$tmp/out" 2>"$tmp/err" )
check "10^5 columns: refused with its line" grep -qx "kai-cost: $tmp/wide-100k.csv:1: more than 10,000 fields; expected at most 10,000 in a record" "$tmp/err"
{ echo "name,role,type,gpus,$(seq -s, -f 'c%.0f' 0 9990)"; for i in $(seq 1 50); do echo "m$i,participant,university,1,$(seq -s, -f "$i.%.0f" 0 9990)"; done; echo "lead,lead,sme,1,$(yes x | head -n 9991 | paste -sd,)"; } >"$tmp/wide-members.csv"
"$bin" --members "$tmp/wide-members.csv" -l commercial -m 10 -f json >"$tmp/out" 2>"$tmp/err"
check "a members file 10,000 columns wide: each row's own cells" grep -q '"c0":"50.0",.*"c9990":"50.9990","team":"[^"]*","name":"m50"' "$tmp/out"
check "wide headers take seconds, not minutes ($((SECONDS - start)) s)" [ $((SECONDS - start)) -lt 5 ]

# Overflow from a rules table that passed validation is a data error (65), named.
sed 's/^self_rate_pct,sme,commercial,5,/self_rate_pct,sme,commercial,99.9999,/' "$R" >"$tmp/rules-huge.csv"
t 65 "" "kai-cost: warning: 100000 GPUs is more than the 256 each selected team receives
kai-cost: warning: 1200 months is longer than the programme, 10.3 months from 2025-11-01 to 2026-09-09
kai-cost: cannot compute 100,000 GPUs x 1200 months x 10,000,000,000 won at a self-burden rate of 99.9999% (sme, commercial): amount too large to compute exactly; expected smaller figures or a smaller rate in the rules table" --rules "$tmp/rules-huge.csv" --as-of 2026-01-01 -s sme -l commercial -g 100000 -m 1200 -p 10000000000
printf 'size,license,gpus,months,unit_price\nsme,commercial,1,1,1\nsme,commercial,100000,1200,10000000000\n' >"$tmp/huge.csv"
t 65 "size,license,gpus,months,unit_price,${H#size,license,gpus,months,}
sme,commercial,1,1,1,1,1,99.9999,999999,10,100000,899999,1000000" "kai-cost: $tmp/huge.csv:3: cannot compute 100,000 GPUs x 1200 months x 10,000,000,000 won at a self-burden rate of 99.9999% (sme, commercial): amount too large to compute exactly; expected smaller figures or a smaller rate in the rules table" --rules "$tmp/rules-huge.csv" --as-of 2026-01-01 "$tmp/huge.csv"

# Encodings and workbooks: a hint instead of a puzzle.
"$bin" --members $M/members-korean.csv --encoding cp949 -l commercial -m 10 -f csv >"$tmp/out" 2>"$tmp/err"
check "UTF-8 read as CP949: the hint" grep -q "^kai-cost: $M/members-korean.csv:1: invalid CP949 byte 0x..; the bytes look like UTF-8: drop --encoding=cp949\$" "$tmp/err"
printf 'PK\003\004\024\000\006\000' >"$tmp/book.xlsx"
t 65 "" "kai-cost: $tmp/book.xlsx: this is an Excel workbook (.xlsx, a ZIP file), not CSV; expected a CSV file: in Excel, save it as 'CSV UTF-8 (쉼표로 분리)'" "$tmp/book.xlsx"
printf '\320\317\021\340\241\261\032\341rest' >"$tmp/book.xls"
t 65 "" "kai-cost: $tmp/book.xls: this is an Excel 97-2003 workbook (.xls), not CSV; expected a CSV file: in Excel, save it as 'CSV UTF-8 (쉼표로 분리)'" "$tmp/book.xls"

# Values in messages: bytes that are not UTF-8 are escaped, like control bytes.
t 64 "" "kai-cost: --size 'sm\\xff': unknown company size; expected large, mid or sme (대기업, 중견기업, 중소기업)" -s $'sm\xff' -l commercial -g 1 -m 1


# ---- issue 9: planning from a budget ----
# Expected values are the issue's worked examples, computed independently
# (exact): sme research at 6,600,000 won, basis total.
BH=size,license,gpus,months,unit_price_krw,gov_subsidy_krw,self_rate_pct,private_share_krw,cash_rate_pct,cash_min_krw,in_kind_max_krw,total_cost_krw,budget_cash_krw,budget_in_kind_krw,cash_spare_krw,spare_krw,limited_by
# 154 GPUs: private 1,495,560,000, cash minimum 149,556,000; 155 needs a private share of 1,505,271,429.
t 0 "$BH
sme,research,154,10.3,6600000,10468920000,12.5,1495560000,10,149556000,1346004000,11964480000,300000000,1200000000,150444000,4440000,total" "" -s sme -l research --months 10.3 --solve gpus --cash 3억 --in-kind 12억 -f csv
t 0 "154,cash" "" -s sme -l research -m 10.3 --solve gpus --cash 150000000 --in-kind 3000000000 -f csv --no-header --fields gpus,limited_by
# 6.2144 months: cash minimum 149,997,861 (6.2145 would need 150,000,275).
t 0 "6.2144,149997861,cash" "" -s sme -l research -g 256 --months 10.3 --solve months --cash 150000000 --in-kind 3000000000 -f csv --no-header --fields months,cash_min_krw,limited_by
# To 2026-05-06, 192/31 months: gov 10,464,619,354, private 1,494,945,622, cash minimum 149,494,563.
t 0 "6.1935,2025-11-01,2026-05-06,10464619354,1494945622,149494563,cash" "" -s sme -l research -g 256 --from 2025-11-01 --solve end --cash 1억5000만 --in-kind 30억 --as-of 2026-01-01 -f csv --no-header --fields months,from,to,gov_subsidy_krw,private_share_krw,cash_min_krw,limited_by
t 0 "138" "" -s mid -l commercial -m 10.3 --solve gpus --cash 100000000 --in-kind 500000000 -f csv --no-header --fields gpus
t 0 "88" "" -s large -l closed -m 10.3 --solve gpus --cash 1,000,000,000 --in-kind 5,000,000,000 -f csv --no-header --fields gpus
# The answer in words: what the next step would need.
"$bin" -s sme -l research --months 10.3 --solve gpus --cash 3억 --in-kind 12억 >"$tmp/out" 2>"$tmp/err"
check "--solve in words: limited by the total" grep -qx "With 3억원 cash and 12억원 in kind: at most 154 GPUs; 155 GPUs would need a private share of 15억 527만 1,429원, more than cash and in kind together (15억원)." "$tmp/out"
"$bin" -s sme -l research -g 256 --from 2025-11-01 --solve end --cash 1억5000만 --in-kind 30억 --as-of 2026-01-01 >"$tmp/out" 2>"$tmp/err"
check "--solve end in words: one more day needs 150,273,180 in cash" grep -qx "With 1억 5,000만원 cash and 30억원 in kind: at most to 2026-05-06 (6.1935 months); to 2026-05-07 (6.2258 months) would need a cash minimum of 1억 5,027만 3,180원, more than the cash (1억 5,000만원)." "$tmp/out"
"$bin" -s sme -l research --solve gpus -m 10.3 --cash 100억 >"$tmp/out"
check "--solve: the cap reached, said so" grep -qx "With 100억원 cash and 0원 in kind: 256 GPUs fit, the most a team receives (256)." "$tmp/out"
# 0.0001 months of 256 GPUs: gov 168,960, private ceil(168,960 x 12.5/87.5) = 24,138, cash ceil(2,413.8) = 2,414.
"$bin" -s sme -l research -g 256 --solve months --cash 1 >"$tmp/out"
check "--solve: nothing fits, said so" grep -qx "With 1원 cash and 0원 in kind: nothing fits: even 0.0001 months would need a cash minimum of 2,414원, more than the cash (1원)." "$tmp/out"
# --compare --solve: one answer for each size and mode (sme research 154, mid commercial 256 = the cap).
"$bin" --compare -m 10.3 --solve gpus --cash 3억 --in-kind 12억 -f csv --no-header --fields size,license,gpus,limited_by >"$tmp/out"
check "--compare --solve: nine answers" [ "$(wc -l <"$tmp/out")" = 9 ]
check "--compare --solve: sme research" grep -qx "sme,research,154,total" "$tmp/out"
check "--compare --solve: mid commercial at the cap" grep -qx "mid,commercial,256,cap" "$tmp/out"
# A fit check without --solve: the spare is negative when short (155 GPUs: 1,500,000,000 - 1,505,271,429).
t 0 "300000000,1200000000,149472857,-5271429,total" "" -s sme -l research -g 155 -m 10.3 --cash 3억 --in-kind 12억 -f csv --no-header --fields budget_cash_krw,budget_in_kind_krw,cash_spare_krw,spare_krw,limited_by
t 0 '{"spare_krw":4440000,"limited_by":""}' "" -s sme -l research -g 154 -m 10.3 --cash 3억 --in-kind 12억 -f json --fields spare_krw,limited_by
# Bad input: one line naming option, value and what was expected.
W="expected an amount of won: 300000000, 300,000,000, 3억 or 1억 5,000만, at most 1,000조 (1,000,000,000,000,000) won"
t 64 "" "kai-cost: --cash '3억x': not a number; $W" -s sme -l research -g 1 -m 1 --cash 3억x
t 64 "" "kai-cost: --in-kind '-1억': negative; $W" -s sme -l research -g 1 -m 1 --in-kind -1억
t 64 "" "kai-cost: --cash '922경': too large; $W" -s sme -l research -g 1 -m 1 --cash 922경
t 64 "" "kai-cost: --cash '1억 10000만': not a number; $W" -s sme -l research -g 1 -m 1 --cash "1억 10000만"
t 64 "" "kai-cost: --cash with --compare: the matrix shows no budget check; expected --solve, or --format csv, tsv or json" --compare -g 256 -m 10.3 --cash 1억
t 64 "" "kai-cost: --cash and --in-kind check the whole period; expected no --stages with them" -s sme -l research -g 256 --from 2025-11-01 --to 2026-09-09 --stages --cash 1억
t 64 "" "kai-cost: --from '2027-01-01' is after the programme end 2026-09-09; expected a start on or before it" -s sme -l research -g 1 --solve end --cash 1억 --from 2027-01-01 --as-of 2026-01-01
# Nothing fits: the smallest step, said so in limited_by.
t 0 "0.0001,2414,nothing" "" -s sme -l research -g 256 --solve months --cash 1 -f csv --no-header --fields months,cash_min_krw,limited_by
# The caps are the programme's, or a shorter --months: never past it.
t 0 "10.3,cap" "kai-cost: warning: 20 months is longer than the programme, 10.3 months from 2025-11-01 to 2026-09-09" -s sme -l research -g 256 --solve months -m 20 --cash 100억 -f csv --no-header --fields months,limited_by --as-of 2026-01-01
t 0 "5,cap" "" -s sme -l research -g 256 --solve months -m 5 --cash 100억 -f csv --no-header --fields months,limited_by --as-of 2026-01-01
t 64 "" "kai-cost: --solve gpus finds the GPUs; expected no --gpus with it" -s sme -l research -g 1 -m 1 --solve gpus --cash 1
t 64 "" "kai-cost: --solve months finds the months; expected no --from or --to with it (at most --months, if given)" -s sme -l research -g 1 --from 2025-11-01 --to 2026-01-01 --solve months --cash 1
t 64 "" "kai-cost: --solve end finds the end date; expected --from (or none: the programme start) and no --to or --months" -s sme -l research -g 1 -m 3 --solve end --cash 1
t 64 "" "kai-cost: --solve needs a budget; expected --cash and --in-kind (either may be left out for 0)" -s sme -l research -m 1 --solve gpus
t 64 "" "kai-cost: --solve 'all': unknown variable; expected gpus, months or end" -s sme -l research -m 1 --solve all --cash 1
t 64 "" "kai-cost: --cash and --in-kind apply to one scenario; expected the FILE's budget_cash and budget_in_kind columns instead" "$ex" --cash 1
# Batch: budget columns (현금예산, 현물예산) solve each record with --solve; a given gpus cell is the cap.
printf 'name,size,license,gpus,months,현금예산,현물예산\na,sme,research,,10.3,3억,12억\nb,sme,research,,10.3,150000000,3000000000\nc,mid,commercial,,10.3,1억,5억\nd,large,closed,,10.3,10억,50억\ne,sme,research,100,10.3,1000억,\nf,sme,research,,10.3,x,\n' >"$tmp/budgets.csv"
t 65 "name,gpus,limited_by
a,154,total
b,154,cash
c,138,total
d,88,total
e,100,cap" "kai-cost: $tmp/budgets.csv:7: 현금예산 'x': not a number; expected an amount of won: 300000000, 300,000,000 or 3억, at most 1,000조 (1,000,000,000,000,000) won" "$tmp/budgets.csv" --solve gpus --fields name,gpus,limited_by
# A record's own cap, at most the programme's; blank budgets: no check, or no solve.
printf 'size,license,gpus,months,budget_cash,budget_in_kind\nsme,research,300,20,100억,\nsme,research,,5,100억,\nsme,research,1,1,,\n' >"$tmp/caps.csv"
t 65 "gpus,months,limited_by
256,20,cap
256,5,cap" "kai-cost: $tmp/caps.csv:4: no budget: the cells of budget_cash and budget_in_kind are blank; expected a budget to solve within" "$tmp/caps.csv" --solve gpus --fields gpus,months,limited_by --as-of 2026-01-01
printf 'size,license,gpus,from,budget_cash,budget_in_kind\nsme,research,256,2025-11-01,1억5000만,30억\nsme,research,1,2024-01-01,100억,\n' >"$tmp/ends.csv"
t 0 "from,to,months,limited_by
2025-11-01,2026-05-06,6.1935,cash
2024-01-01,2026-09-09,32.3,cap" "" "$tmp/ends.csv" --solve end --fields from,to,months,limited_by --as-of 2026-01-01
printf 'size,license,gpus,months,budget_cash,budget_in_kind\nsme,research,1,1,,\nsme,research,155,10.3,3억,12억\n' >"$tmp/blank-budget.csv"
t 0 "gpus,budget_cash,spare_krw,limited_by
1,,,
155,300000000,-5271429,total" "" "$tmp/blank-budget.csv" --fields gpus,budget_cash,spare_krw,limited_by
printf 'name,size,license,gpus,months,budget_cash,budget_in_kind\na,sme,research,154,10.3,3억,12억\nb,sme,research,155,10.3,3억,12억\n' >"$tmp/check.csv"
t 0 "name,spare_krw,limited_by
a,4440000,
b,-5271429,total" "" "$tmp/check.csv" --fields name,spare_krw,limited_by
rerun "a batch fit check" "$tmp/check.csv"
# A solved record read back is checked, not solved: the amounts are the same; limited_by says
# what the next step would break when solving, and is blank for a plan that fits.
"$bin" -s sme -l research --months 10.3 --solve gpus --cash 3억 --in-kind 12억 -f csv >"$tmp/run1.csv"
"$bin" "$tmp/run1.csv" >"$tmp/run2.csv"
check "re-run of a solved record: the same amounts" cmp -s <(cut -d, -f1-16 "$tmp/run1.csv") <(cut -d, -f1-16 "$tmp/run2.csv")
check "re-run of a solved record: it fits" [ "$(tail -n 1 "$tmp/run2.csv" | cut -d, -f17)" = "" ]
t 65 "" "kai-cost: $ex:1: no budget_cash or budget_in_kind column; expected the budget to solve within (or 현금예산, 현물예산)" "$ex" --solve gpus 2>/dev/null
# Members: each institution's planned cash and in kind against its share.
# 가온 AI: private 715,578,948 - (1억 + 6억) = 15,578,948 short; 다온 제조: cash minimum 9,025,430 - 9,000,000 = 25,430 short.
printf 'name,role,type,gpus,현금,현물\n가온 AI,lead,sme,200,1억,6억\n다온 제조,participant,mid,16,9000000,1억\n한결대학교,participant,university,24,,\n새봄병원,participant,nonprofit,16,,\n늘품전자,demand,large,0,,\n' >"$tmp/plans.csv"
t 0 "name,budget_cash_krw,budget_in_kind_krw,cash_short_krw,private_short_krw,plan_ok
가온 AI,100000000,600000000,0,15578948,no
다온 제조,9000000,100000000,25430,0,no
한결대학교,0,0,0,0,yes
새봄병원,0,0,0,0,yes
늘품전자,0,0,0,0,yes
,109000000,700000000,25430,15578948,no" "" --members "$tmp/plans.csv" -l commercial -m 10.3 -f csv --fields name,budget_cash_krw,budget_in_kind_krw,cash_short_krw,private_short_krw,plan_ok
"$bin" --members "$tmp/plans.csv" -l commercial -m 10.3 >"$tmp/out"
check "members plan in words: short of the share" grep -qx "plan: 가온 AI is 15,578,948원 short of its private share (715,578,948원) in cash and in kind" "$tmp/out"
check "members plan in words: short in cash" grep -qx "plan: 다온 제조 is 25,430원 short in cash (cash minimum 9,025,430원)" "$tmp/out"
check "members plan in words: more in kind than the maximum" grep -qx "plan: 다온 제조 puts 100,000,000원 in kind, more than the in-kind maximum 60,400,953원" "$tmp/out"
rerun "consortium plans" --members "$tmp/plans.csv" -l commercial -m 10.3

# A budget that covers the cap: the table says so (it once divided by the empty next step).
"$bin" -s sme -l research -g 256 --solve months --cash 100억 --in-kind 1000억 >"$tmp/out" 2>&1
check "solve months at the cap: table" grep -qx "With 100억원 cash and 1,000억원 in kind: 10.3 months fit, the longest period allowed." "$tmp/out"
"$bin" -s sme -l research -g 256 --solve end --cash 100억 --in-kind 1000억 >"$tmp/out" 2>&1
check "solve end at the cap: table" grep -qx "With 100억원 cash and 1,000억원 in kind: the period to 2026-09-09 (10.3 months) fits, to the latest end allowed." "$tmp/out"

finish
