#!/usr/bin/env bash
# End-to-end tests of --header=ko: Korean column names in csv, tsv and xlsx,
# read back by kai-cost to the same bytes, with the same amounts as English.
# Usage: tests/header.sh ./kai-cost
# Closes with "N passed, N failed"; exits 1 on any failure.
set -u
. "$(dirname "$0")/lib.sh"
export TMPDIR=$tmp


# t NAME EXIT STDOUT STDERR ARGS...: runs the binary, checks status, stdout and stderr exactly.
t() {
	local name=$1 want_code=$2 want_out=$3 want_err=$4 code
	shift 4
	"$bin" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
	code=$?
	if [ "$code" = "$want_code" ] && cmp -s <(printf '%s' "$want_out${want_out:+$'\n'}") "$tmp/out" &&
	   cmp -s <(printf '%s' "$want_err${want_err:+$'\n'}") "$tmp/err"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $name: kai-cost $* (exit $code, want $want_code)"
		diff <(printf '%s' "$want_out${want_out:+$'\n'}") "$tmp/out" | head -n 6
		diff <(printf '%s' "$want_err${want_err:+$'\n'}") "$tmp/err" | head -n 6
	fi
}

# The Korean names of one scenario's columns, and the English ones.
KO=기업규모,공개방식,GPU수,개월수,단가,정부지원금,자부담율,민간부담금,현금비율,현금최소,현물최대,총사업비
EN=size,license,gpus,months,unit_price_krw,gov_subsidy_krw,self_rate_pct,private_share_krw,cash_rate_pct,cash_min_krw,in_kind_max_krw,total_cost_krw
EN_MORE=budget_cash_krw,budget_in_kind_krw,cash_spare_krw,spare_krw,limited_by,cash_short_krw,private_short_krw,plan_ok,eligible,problems
KO_DATED=기업규모,공개방식,GPU수,개월수,시작일,종료일,${KO#기업규모,공개방식,GPU수,개월수,}
KO_BUDGET=현금예산,현물예산,현금여유,예산여유,제약
KO_COMPUTED=${KO#기업규모,공개방식,GPU수,개월수,}
KO_MEMBERS_HEAD=팀,기관명,역할,유형,해외,공개방식,GPU수,개월수
KO_MEMBERS_TAIL=지원자격,결격사유
SR103=sme,research,256,10.3,6600000,17402880000,12.5,2486125715,10,248612572,2237513143,19889005715
ONE="-s sme -l research -g 256 -m 10.3"
DATES="--from 2025-11-01 --to 2026-09-09"
CONS=data/examples/consortium.csv
CAND=data/examples/candidates.csv

# ---- the header lines ----
t "one scenario" 0 "$KO
$SR103" "" $ONE -f csv --header=ko
t "--header=en is the default" 0 "$EN
$SR103" "" $ONE -f csv --header=en
"$bin" --compare -g 256 -m 10.3 -f csv --header=ko >"$tmp/cmp.csv"
check "--compare: the Korean header" [ "$(head -n 1 "$tmp/cmp.csv")" = "$KO" ]
check "--compare: nine records" [ "$(wc -l <"$tmp/cmp.csv")" = 10 ]
"$bin" -s sme -l research -g 256 $DATES --stages -f csv --header=ko >"$tmp/stages.csv"
check "--stages: the Korean header" [ "$(head -n 1 "$tmp/stages.csv")" = "단계,$KO_DATED" ]
check "--stages: the stage words stay" [ "$(cut -d, -f1 "$tmp/stages.csv" | tail -n +2 | tr '\n' ' ')" = "1 2 total " ]
t "a budget" 0 "$KO,$KO_BUDGET
$SR103,300000000,1200000000,51387428,-986125715,total" "" $ONE --cash 3억 --in-kind 12억 -f csv --header=ko
"$bin" "$CAND" --header=ko >"$tmp/out"
check "a batch file: input names kept, computed columns in Korean" [ "$(head -n 2 "$tmp/out")" = \
	"name,size,license,gpus,months,$KO_COMPUTED
가온 AI 컨소시엄,대기업,비공개,256,10.3,6600000,17402880000,50,17402880000,15,2610432000,14792448000,34805760000" ]
t "Korean input names: its 단가 is the output's, computed in place" 0 "$KO
중소기업,상업용,256,10,6600000,16896000000,5,889263158,10,88926316,800336842,17785263158
중견기업,연구용,1,1,6600000,6600000,15,1164706,13,151412,1013294,7764706" "" tests/data/korean-header.csv --header=ko
"$bin" --members "$CONS" -l commercial -m 10.3 -f csv --header=ko >"$tmp/m.csv" 2>/dev/null
check "members: the Korean header" [ "$(head -n 1 "$tmp/m.csv")" = "note,$KO_MEMBERS_HEAD,$KO_COMPUTED,$KO_MEMBERS_TAIL" ]
check "members: the role words stay" grep -q '^,한빛 의료 AI,,total,,,commercial,248,' "$tmp/m.csv"
"$bin" --members "$CONS" -l commercial $DATES --stages -f csv --header=ko >"$tmp/m.csv" 2>/dev/null
check "members --stages: the Korean header" [ "$(head -n 1 "$tmp/m.csv")" = \
	"note,단계,$KO_MEMBERS_HEAD,시작일,종료일,$KO_COMPUTED,$KO_MEMBERS_TAIL" ]
printf '팀,기관명,역할,유형,GPU수,현금,현물\nA,가온,주관,중소기업,200,1억,6억\nA,한결대학교,참여,대학,24,,\n' >"$tmp/plans.csv"
"$bin" --members "$tmp/plans.csv" -l commercial $DATES -f csv --header=ko >"$tmp/m.csv" 2>/dev/null
check "members with plans: the Korean header" [ "$(head -n 1 "$tmp/m.csv")" = \
	"$KO_MEMBERS_HEAD,시작일,종료일,$KO_COMPUTED,현금예산,현물예산,현금부족,민간부담부족,계획적정,$KO_MEMBERS_TAIL" ]
t "--no-header: no header in either language" 0 "$SR103" "" $ONE -f csv --header=ko --no-header
t "--excel: BOM, the Korean header, CRLF" 0 "$(printf '\357\273\277%s\r\n%s\r' "$KO" "$SR103")" "" $ONE -f csv --header=ko --excel

# ---- round trips: read back with --header=ko, the same bytes; the same amounts as English ----
# roundtrip NAME READ-OPTIONS -- PRODUCE-ARGS...: the Korean output of PRODUCE-ARGS, read back by
# kai-cost with READ-OPTIONS (the file goes first; "members" reads it with --members), must give
# the same bytes; and its records must be the English output's, cell for cell.
roundtrip() {
	local name=$1 read=() members=0
	shift
	while [ "$1" != -- ]; do
		if [ "$1" = members ]; then members=1; else read+=("$1"); fi
		shift
	done
	shift
	"$bin" "$@" --header=ko >"$tmp/ko1.csv" 2>/dev/null
	"$bin" "$@" >"$tmp/en1.csv" 2>/dev/null
	check "$name: Korean output written" [ -s "$tmp/ko1.csv" ]
	local code
	if [ $members = 1 ]; then
		"$bin" --members "$tmp/ko1.csv" "${read[@]}" --header=ko >"$tmp/ko2.csv" 2>"$tmp/ko2.err"
	else
		"$bin" "$tmp/ko1.csv" "${read[@]}" --header=ko >"$tmp/ko2.csv" 2>"$tmp/ko2.err"
	fi
	code=$?
	check "$name: read back, the same bytes" cmp -s "$tmp/ko1.csv" "$tmp/ko2.csv"
	# (the example consortium's second team is not eligible, which a re-run says again)
	check "$name: read back, exit 0 and no complaint but eligibility" \
		[ $code = 0 -a -z "$(grep -v ': not eligible: ' "$tmp/ko2.err")" ]
	check "$name: the English output's records, cell for cell" cmp -s <(tail -n +2 "$tmp/ko1.csv") <(tail -n +2 "$tmp/en1.csv")
	check "$name: as many columns as English" [ "$(head -n 1 "$tmp/ko1.csv" | tr -cd , | wc -c)" = \
		"$(head -n 1 "$tmp/en1.csv" | tr -cd , | wc -c)" ]
	check "$name: no computed column named in English" [ -z "$(head -n 1 "$tmp/ko1.csv" | tr ',\t' '\n\n' |
		grep -xE "$(tr , '|' <<<"${EN#size,license,gpus,months,},$EN_MORE")")" ]
}
roundtrip "one scenario" -- $ONE -f csv
roundtrip "one scenario, dates" -- -s sme -l commercial -g 256 --from 2025-11-15 --to 2026-09-09 -f csv
roundtrip "--unit-price" -- $ONE -p 7,000,000 -f csv
roundtrip "--compare" -- --compare -g 256 -m 10.3 -f csv
roundtrip "--compare, dates" -- --compare -g 128 $DATES -f csv
roundtrip "--stages" -- -s sme -l research -g 256 --from 2025-11-15 --to 2026-09-09 --stages -f csv
roundtrip "a budget" -- $ONE --cash 3억 --in-kind 12억 -f csv
roundtrip "a batch file" -- "$CAND"
roundtrip "a batch file, tsv" --input-format=tsv -f tsv -- "$CAND" -f tsv
roundtrip "members" members -l commercial -m 10.3 -f csv -- --members "$CONS" -l commercial -m 10.3 -f csv
roundtrip "members, dates" members -l commercial $DATES -f csv -- --members "$CONS" -l commercial $DATES -f csv
roundtrip "members --stages" members -l commercial $DATES --stages -f csv -- \
	--members "$CONS" -l commercial $DATES --stages -f csv
roundtrip "members with plans" members -l commercial $DATES -f csv -- --members "$tmp/plans.csv" -l commercial $DATES -f csv
roundtrip "members with plans --stages" members -l commercial $DATES --stages -f csv -- \
	--members "$tmp/plans.csv" -l commercial $DATES --stages -f csv

# A Korean-headed batch read back twice more stays the same; so does the English one, untouched.
"$bin" "$CAND" --header=ko | "$bin" - --header=ko | "$bin" - --header=ko >"$tmp/k3.csv"
"$bin" "$CAND" --header=ko >"$tmp/k1.csv"
check "three re-runs: the same bytes" cmp -s "$tmp/k1.csv" "$tmp/k3.csv"
"$bin" "$CAND" >"$tmp/e1.csv"
check "English output has no Korean name" [ "$(head -n 1 "$tmp/e1.csv")" = "name,size,license,gpus,months,${EN#size,license,gpus,months,}" ]
# English output read with --header=ko: its English names are kai-cost's, recomputed in place.
"$bin" "$tmp/e1.csv" --header=ko >"$tmp/e2.csv"
check "English output read with --header=ko: the same bytes" cmp -s "$tmp/e1.csv" "$tmp/e2.csv"
# A 단가 read back into a members run must be the run's unit price.
"$bin" --members "$CONS" -l commercial -m 10.3 -f csv --header=ko >"$tmp/m.csv" 2>/dev/null
"$bin" --members "$tmp/m.csv" -l commercial -m 10.3 -p 7000000 -f csv --header=ko >"$tmp/out" 2>"$tmp/err"
check "members: a 단가 that is not the run's price is refused (exit 65)" [ $? = 65 ]
check "members: ... naming the cell and the run's price" grep -qF \
	"$tmp/m.csv:2: 단가 '6600000': not the run's unit price; expected 7000000, the run's unit price" "$tmp/err"

# ---- --fields: either language, in one list ----
t "--fields: Korean and English names" 0 "총사업비,기업규모,GPU수,민간부담금
19889005715,sme,256,2486125715" "" $ONE -f csv --fields 총사업비,size,GPU수,private_share_krw --header=ko
t "--fields: Korean names in an English run" 0 "total_cost_krw,size
19889005715,sme" "" $ONE -f csv --fields "총사업비, 기업규모"
t "--fields: the table's rows by Korean names" 0 "total cost (총사업비)  19,889,005,715원 (198억 8,900만 5,715원)" "" \
	$ONE --fields 총사업비
"$bin" "$CAND" --header=ko --fields name,private_share_krw,현금최소 >"$tmp/out" 2>"$tmp/err"
check "--fields: batch" [ "$(head -n 2 "$tmp/out")" = "name,민간부담금,현금최소
가온 AI 컨소시엄,17402880000,2610432000" ]
"$bin" "$CAND" --header=ko --fields 기관명,private_share_krw,현금최소 >"$tmp/out" 2>"$tmp/err"
check "--fields: batch, an input column by its Korean name" [ "$(head -n 2 "$tmp/out")" = "name,민간부담금,현금최소
가온 AI 컨소시엄,17402880000,2610432000" ]
"$bin" --members "$CONS" -l commercial -m 10.3 -f csv --header=ko --fields team,기관명,role,민간부담금,eligible \
	>"$tmp/out" 2>/dev/null
check "--fields: members" [ "$(sed -n '1p;2p;8p' "$tmp/out")" = "팀,기관명,역할,민간부담금,지원자격
한빛 의료 AI,한빛메디 AI,lead,715578948,
한빛 의료 AI,,total,785005331,yes" ]
t "--fields: a column named twice across languages" 64 "" \
	"kai-cost: --fields '기업규모': column listed twice; expected each column at most once" $ONE -f csv --fields size,기업규모
t "--fields: an unknown name" 64 "" \
	"kai-cost: --fields '없음': unknown column; expected any of $(sed 's/,/, /g' <<<"$EN")" $ONE -f csv --header=ko --fields 없음

# ---- tsv ----
t "tsv: the Korean header" 0 "$(tr , '\t' <<<"$KO")
$(tr , '\t' <<<"$SR103")" "" $ONE -f tsv --header=ko
"$bin" "$CAND" -f tsv --header=ko >"$tmp/k.tsv"
check "tsv: a batch's Korean header" [ "$(head -n 1 "$tmp/k.tsv")" = "$(tr , '\t' <<<"name,size,license,gpus,months,$KO_COMPUTED")" ]
"$bin" "$tmp/k.tsv" -f tsv --header=ko >"$tmp/k2.tsv"
check "tsv: read back, the same bytes" cmp -s "$tmp/k.tsv" "$tmp/k2.tsv"

# ---- xlsx: the second header row is the csv header ----
"$bin" $ONE -f xlsx --header=ko -o "$tmp/k.xlsx"
check "xlsx: written" [ -s "$tmp/k.xlsx" ]
strings=$(unzip -p "$tmp/k.xlsx" xl/sharedStrings.xml)
check "xlsx: the Korean names in the sheet" grep -q '<t>GPU수</t>.*<t>개월수</t>.*<t>현금최소</t>' <<<"$strings"
check "xlsx: no English column name left" [ -z "$(grep -oE '<t>(gpus|months|private_share_krw|total_cost_krw)</t>' <<<"$strings")" ]
"$bin" $ONE -f xlsx -o "$tmp/e.xlsx"
check "xlsx: the English names without --header=ko" grep -q '<t>gpus</t>' <(unzip -p "$tmp/e.xlsx" xl/sharedStrings.xml)
if command -v ssconvert >/dev/null; then
	for run in one batch members; do
		case $run in
		one) args=($ONE) csv=$("$bin" $ONE -f csv --header=ko | head -n 1) ;;
		batch) args=("$CAND") csv=$("$bin" "$CAND" -f csv --header=ko | head -n 1) ;;
		members) args=(--members "$CONS" -l commercial $DATES)
		         csv=$("$bin" "${args[@]}" -f csv --header=ko 2>/dev/null | head -n 1) ;;
		esac
		"$bin" "${args[@]}" -f xlsx --header=ko -o "$tmp/$run.xlsx" 2>/dev/null
		rm -f "$tmp"/sheet-*.csv
		ssconvert -S -T Gnumeric_stf:stf_assistant -O 'format=raw separator=, quoting-mode=auto eol=unix' \
			"$tmp/$run.xlsx" "$tmp/sheet-%n.csv" 2>/dev/null
		check "xlsx ($run): the second header row is the Korean csv header" \
			[ "$(sed -n 2p "$tmp/sheet-0.csv" | tr -d '"')" = "$csv" ]
	done
else
	echo "header.sh: ssconvert is missing (sh .ci/install-deps): the xlsx header rows checked by their strings only"
fi

# ---- refused ----
t "json keys are always English" 64 "" \
	"kai-cost: --header names the columns of csv, tsv and xlsx; expected --format csv, tsv or xlsx with it (JSON keys are always English)" \
	$ONE -f json --header=ko
"$bin" $ONE --header=ko >/dev/null 2>&1
check "the table refuses --header (exit 64)" [ $? = 64 ]
"$bin" $ONE -f csv --header=fr >/dev/null 2>&1
check "an unknown language is refused (exit 64)" [ $? = 64 ]

# Two input columns that name one output column under --header=ko: refused, not written twice.
printf '%s\n' name,size,license,gpus,months,gov_subsidy_krw,정부지원금 a,sme,commercial,1,1,5,6 >"$tmp/dup.csv"
"$bin" "$tmp/dup.csv" --header=ko >"$tmp/out" 2>"$tmp/err"
check "two columns for 정부지원금: exit 65" [ $? = 65 ]
check "two columns for 정부지원금: the message" grep -qx "kai-cost: $tmp/dup.csv:1: columns 'gov_subsidy_krw' and '정부지원금' both name the output column 정부지원금; expected one of them" "$tmp/err"
check "two columns for 정부지원금: no record" [ ! -s "$tmp/out" ]
"$bin" "$tmp/dup.csv" >"$tmp/out" 2>/dev/null
check "in English 정부지원금 is the user's own column" grep -q '^a,sme,commercial,1,1,6600000,6,' "$tmp/out"

# A Korean members file read back without --header=ko: the message names its own column and the way out.
"$bin" --members data/examples/consortium.csv -l commercial -m 10.3 -f csv --header=ko >"$tmp/mko.csv" 2>/dev/null
"$bin" --members "$tmp/mko.csv" -l commercial -m 10.3 -f csv >/dev/null 2>"$tmp/err"
check "Korean members without --header=ko: the column is named as written, with the hint" \
	grep -q "column '단가': the unit price is one for the whole run; expected --unit-price instead (or --header=ko, to read back a file kai-cost wrote with it)" "$tmp/err"

finish
