#!/usr/bin/env bash
# Translations: Korean under a real ko_KR.UTF-8 locale, English elsewhere,
# and machine formats the same in every locale.  Usage: tests/i18n.sh ./kai-cost
# The Korean locale is generated into a scratch LOCPATH with localedef (no
# root needed); the catalogue is the build tree's, found through
# KAI_COST_LOCALEDIR.  Closes with "N passed, N failed"; exits 1 on any failure.
set -u
. "$(dirname "$0")/lib.sh"


if ! korean_locale; then
	echo "FAIL: no ko_KR.UTF-8 or no build/locale: run make, and sh .ci/install-deps for localedef"
	echo "0 passed, 1 failed"
	exit 1
fi
localedef -i en_US -f UTF-8 "$tmp/loc/en_US.UTF-8" >/dev/null 2>&1 && have_en=1 || have_en=0

export LOCPATH=$tmp/loc KAI_COST_LOCALEDIR=$PWD/build/locale
unset LANGUAGE LC_ALL LC_MESSAGES LC_CTYPE LC_NUMERIC
ko() { LANG=ko_KR.UTF-8 "$bin" "$@"; }
en() { LANG=C "$bin" "$@"; }

# run_ko NAME STATUS EXPECTED-STDOUT EXPECTED-STDERR ARGS...: exact output under ko_KR.UTF-8
run_ko() {
	local name=$1 status=$2 out=$3 err=$4
	shift 4
	ko "$@" >"$tmp/out" 2>"$tmp/err"
	local got=$?
	check "$name: exit $got, expected $status" test "$got" = "$status"
	check "$name: stdout" diff -u <(printf '%s' "$out") "$tmp/out"
	check "$name: stderr" diff -u <(printf '%s' "$err") "$tmp/err"
}

# A one-scenario table: Korean labels only, numbers as in every locale.
run_ko "table" 0 "기업규모      중소기업
공개방식      상업용 오픈소스
GPU 수        256 × B200
협약 개월 수  10
단가               6,600,000원 (660만원) (GPU 1대 1개월당)
정부지원금    16,896,000,000원 (168억 9,600만원)
자부담율      총사업비의 5%
민간부담금       889,263,158원 (8억 8,926만 3,158원)
현금 비율     민간부담금의 10% 이상을 현금으로
현금 최소         88,926,316원 (8,892만 6,316원)
현물 최대        800,336,842원 (8억 33만 6,842원)
총사업비      17,785,263,158원 (177억 8,526만 3,158원)
" "" -s sme -l commercial -g 256 -m 10 --as-of 2026-01-01

# --explain steps.
ko -s sme -l commercial -g 256 -m 10 --explain --as-of 2026-01-01 | tail -n 7 >"$tmp/out"
check "explain steps" diff -u - "$tmp/out" <<'OUT'
계산:
  개월 수      10
  정부지원금   floor(256 × 6,600,000 × 10) = floor(16,896,000,000) = 16,896,000,000
  민간부담금   ceil(16,896,000,000 × 5% / 95%) = ceil(889,263,157.89…) = 889,263,158
  현금 최소    ceil(889,263,158 × 10%) = ceil(88,926,315.8) = 88,926,316
  현물 최대    889,263,158 − 88,926,316 = 800,336,842
  총사업비     16,896,000,000 + 889,263,158 = 17,785,263,158
OUT

# A usage error: the message in Korean, the exit status the same.
run_ko "usage error" 64 "" "kai-cost: --size 'xx': 알 수 없는 기업규모; 필요한 값: large, mid 또는 sme (대기업, 중견기업, 중소기업)
" -s xx -l commercial -g 256 -m 10

# A warning, and the results still written.
ko -s sme -l commercial -g 300 -m 10 --as-of 2026-01-01 -f csv --fields gpus >"$tmp/out" 2>"$tmp/err"
check "warning: exit 0" test $? = 0
check "warning: stderr" diff -u - "$tmp/err" <<'OUT'
kai-cost: 경고: GPU 300대는 선정 컨소시엄마다 지원되는 256대보다 많습니다
OUT
check "warning: stdout" diff -u - "$tmp/out" <<'OUT'
gpus
300
OUT

# A planning sentence.
ko -s sme -l research --months 10.3 --solve gpus --cash 3억 --in-kind 12억 --as-of 2026-01-01 | tail -n 1 >"$tmp/out"
check "planning sentence" diff -u - "$tmp/out" <<'OUT'
현금 3억원, 현물 12억원으로: 최대 GPU 154대; GPU 155대이면 민간부담금 15억 527만 1,429원이 필요해 현금과 현물 합계(15억원)보다 많습니다.
OUT

# --help: argp's words, the doc and the option docs, folded at 80 columns by display width.
ko --help | head -n 8 >"$tmp/out"
check "--help" diff -u - "$tmp/out" <<'OUT'
사용법: kai-cost [옵션...] [FILE...]
특화 AI 파운데이션 모델 사업의 정확한 비용: 정부지원금, 민간부담금, 그중 최소
현금과 최대 현물을 원 단위까지 계산합니다.

 시나리오:
      --basis=BASIS          자부담율의 기준: 'total'(총사업비, 기본값) 또는
                             'subsidy'(정부지원금)
      --compare              주어진 GPU 수와 개월 수로 기업규모 x 공개방식
OUT
ko --help | grep -q '^  -?, --help                 이 도움말을 표시$'
check "--help: argp's own options" test $? = 0

# Machine formats: byte for byte the same under C and ko_KR.UTF-8.
same() {
	local name=$1
	shift
	en "$@" >"$tmp/c.out" 2>/dev/null
	local sc=$?
	ko "$@" >"$tmp/ko.out" 2>/dev/null
	local sk=$?
	check "$name: same exit status under C and ko ($sc, $sk)" test "$sc" = "$sk"
	check "$name: same output under C and ko" cmp -s "$tmp/c.out" "$tmp/ko.out"
	check "$name: not empty" test -s "$tmp/c.out"
}
for f in csv tsv json; do
	same "$f scenario" -s sme -l research -g 256 -m 10.3 -f "$f" --as-of 2026-01-01
	same "$f --compare" --compare -g 256 -m 10 -f "$f" --as-of 2026-01-01
	same "$f batch" data/examples/candidates.csv -f "$f" --as-of 2026-01-01
	same "$f members" --members data/examples/consortium.csv -l commercial -m 10.3 -f "$f" --as-of 2026-01-01
	same "$f --solve" -s sme -l research --months 10.3 --solve gpus --cash 3억 --in-kind 12억 -f "$f" --as-of 2026-01-01
done
same "csv --stages" -s sme -l research -g 256 --from 2025-11-01 --to 2026-09-09 --stages -f csv --as-of 2026-01-01
same "csv --excel" data/examples/candidates.csv --excel --as-of 2026-01-01

# Numbers are never the locale's: a decimal comma locale changes nothing.
if localedef -i de_DE -f UTF-8 "$tmp/loc/de_DE.UTF-8" >/dev/null 2>&1; then
	LANG=de_DE.UTF-8 "$bin" -s sme -l research -g 256 -m 10.3 -f json --as-of 2026-01-01 >"$tmp/de.out"
	en -s sme -l research -g 256 -m 10.3 -f json --as-of 2026-01-01 >"$tmp/c.out"
	check "de_DE: json the same" cmp -s "$tmp/c.out" "$tmp/de.out"
	LANG=de_DE.UTF-8 "$bin" -s sme -l research -g 256 -m 10.3 --as-of 2026-01-01 >"$tmp/de.out"
	en -s sme -l research -g 256 -m 10.3 --as-of 2026-01-01 >"$tmp/c.out"
	check "de_DE: the table in English, numbers as in C" cmp -s "$tmp/c.out" "$tmp/de.out"
fi

# Any other locale: the English labels with the Korean term, as under C.
if [ "$have_en" = 1 ]; then
	for args in "-s sme -l commercial -g 256 -m 10 --explain" "--compare -g 256 -m 10" "--help" "-s xx"; do
		# shellcheck disable=SC2086
		en $args --as-of 2026-01-01 >"$tmp/c.out" 2>&1
		# shellcheck disable=SC2086
		LANG=en_US.UTF-8 "$bin" $args --as-of 2026-01-01 >"$tmp/en.out" 2>&1
		check "en_US.UTF-8 = C: $args" cmp -s "$tmp/c.out" "$tmp/en.out"
	done
	LANG=en_US.UTF-8 "$bin" -s sme -l commercial -g 256 -m 10 --as-of 2026-01-01 | head -n 1 >"$tmp/out"
	check "en_US.UTF-8: label with the Korean term" diff -u - "$tmp/out" <<'OUT'
company size (기업규모)          sme (중소기업)
OUT
fi

# Without a catalogue where KAI_COST_LOCALEDIR says, Korean users get English, not a failure.
KAI_COST_LOCALEDIR=$tmp/none LANG=ko_KR.UTF-8 "$bin" -s sme -l commercial -g 256 -m 10 --as-of 2026-01-01 >"$tmp/ko.out"
check "no catalogue: exit 0" test $? = 0
en -s sme -l commercial -g 256 -m 10 --as-of 2026-01-01 >"$tmp/c.out"
check "no catalogue: English" cmp -s "$tmp/c.out" "$tmp/ko.out"

# LANG=C prints what it always printed: make check runs tests/e2e.sh under LC_ALL=C.

# A Korean locale that is not UTF-8: messages stay English, never UTF-8 beside EUC-KR.
if localedef -i ko_KR -f EUC-KR "$tmp/loc/ko_KR.EUC-KR" >/dev/null 2>&1; then
	LANG=ko_KR.EUC-KR "$bin" "$tmp/no-such.csv" 2>"$tmp/err" >/dev/null
	check "ko_KR.EUC-KR: an English message" grep -qx "kai-cost: $tmp/no-such.csv: cannot open: No such file or directory" "$tmp/err"
	LANG=ko_KR.UTF-8 LC_CTYPE=C "$bin" --bogus 2>"$tmp/err" >/dev/null
	check "Korean messages with an ASCII LC_CTYPE: English" grep -qx "kai-cost: unrecognized option '--bogus'" "$tmp/err"
else
	echo "FAIL: cannot generate ko_KR.EUC-KR with localedef"
	fail=$((fail + 1))
fi
# A usage error in Korean: the message and the hint, one line each.
ko --bogus >/dev/null 2>"$tmp/err"
check "a usage error in Korean: two lines" diff -u - "$tmp/err" <<'OUT'
kai-cost: 인식할 수 없는 옵션 '--bogus'
`kai-cost --help' 또는 `kai-cost --usage'로 자세히 볼 수 있습니다.
OUT
# A period in --explain is Korean too.
ko -s sme -l commercial -g 256 --from 2025-11-15 --to 2026-09-09 --explain | grep -q '2025-11-15 ~ 2026-09-09'
check "--explain: the period in Korean" test $? = 0

finish
