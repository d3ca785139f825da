#!/usr/bin/env bash
# The Korean narrow layouts, exactly: --compare, --stages, --explain and a
# group of --help options at COLUMNS=80, under a real ko_KR.UTF-8 locale
# (localedef into a scratch LOCPATH, as tests/i18n.sh) with the build's
# catalogue (KAI_COST_LOCALEDIR=build/locale).  Usage: tests/narrow-ko.sh ./kai-cost
# Closes with "N passed, N failed"; exits 1 on any failure.
set -u
. "$(dirname "$0")/lib.sh"


if ! korean_locale; then
	echo "FAIL: ko_KR.UTF-8 (localedef) or build/locale (make) is missing"
	echo "0 passed, 1 failed"
	exit 1
fi
ko() { env -u LC_ALL -u LANGUAGE -u LC_MESSAGES -u ARGP_HELP_FMT LANG=ko_KR.UTF-8 LOCPATH="$tmp/loc" \
       KAI_COST_LOCALEDIR="$PWD/build/locale" COLUMNS=80 "$bin" "$@"; }
A=(--as-of 2026-01-01)

# --compare: one block per open-source mode, sizes down, the two amounts across.
ko --compare -g 256 -m 10.3 "${A[@]}" >"$tmp/out"
check "--compare" diff -u - "$tmp/out" <<'OUT'
256 × B200, 10.3개월, GPU 1대 1개월당 6,600,000원, 기준: 총사업비 대비 비율
정부지원금: 모든 경우 17,402,880,000원 (174억 288만원)

                    민간부담금(원)        현금 최소(원)
상업용 오픈소스
  대기업     1,933,653,334 (10%)      290,048,001 (15%)
  중견기업   1,110,822,128 (6%)       144,406,877 (13%)
  중소기업     915,941,053 (5%)        91,594,106 (10%)
연구용 오픈소스
  대기업     5,800,960,000 (25%)      870,144,000 (15%)
  중견기업   3,071,096,471 (15%)      399,242,542 (13%)
  중소기업   2,486,125,715 (12.5%)    248,612,572 (10%)
비공개
  대기업    17,402,880,000 (50%)    2,610,432,000 (15%)
  중견기업   7,458,377,143 (30%)      969,589,029 (13%)
  중소기업   5,800,960,000 (25%)      580,096,000 (10%)
OUT

# --stages: each stage under its period, the figures of all three aligned.
ko -s sme -l research -g 256 --from 2025-11-01 --to 2026-09-09 --stages "${A[@]}" >"$tmp/out"
check "--stages" diff -u - "$tmp/out" <<'OUT'
1단계: 2025-11-01 ~ 2026-03-31
  협약 개월 수                 5
  정부지원금     8,448,000,000원
  민간부담금     1,206,857,143원
  현금 최소        120,685,715원
  현물 최대      1,086,171,428원
  총사업비       9,654,857,143원

2단계: 2026-04-01 ~ 2026-09-09
  협약 개월 수               5.3
  정부지원금     8,954,880,000원
  민간부담금     1,279,268,572원
  현금 최소        127,926,857원
  현물 최대      1,151,341,715원
  총사업비      10,234,148,572원

합계
  협약 개월 수              10.3
  정부지원금    17,402,880,000원
  민간부담금     2,486,125,715원
  현금 최소        248,612,572원
  현물 최대      2,237,513,143원
  총사업비      19,889,005,715원
OUT

# --explain: a source goes on under its label, a step under its value from "=".
ko -s sme -l research -g 256 --from 2025-11-01 --to 2026-09-09 --explain "${A[@]}" |
	sed -n '/^적용한 값/,$p' >"$tmp/out"
check "--explain" diff -u - "$tmp/out" <<'OUT'
적용한 값 (2026-01-01 기준 유효, 출처 내장 data/rules.csv):
  단가                          6,600,000원     2025-09-01부터  14행: MSIT
    briefing, Sept. 2025: 6,600,000 KRW per B200 per month
  자부담율                      12.5%           2025-09-01부터  7행: MSIT
    briefing, Sept. 2025: 자부담율, research-only open source
  현금 비율                     10%             2025-09-01부터  13행: 연구개발비
    사용 기준: minimum cash share of an SME's contribution, as reported, Sept.
    2025
계산:
  개월 수      10.3 = 103/10 (2025-11-01 ~ 2026-09-09, 만 개월 수에 남은 달을
               일수로 더함)
  정부지원금   floor(256 × 6,600,000 × 103/10) = floor(17,402,880,000)
               = 17,402,880,000
  민간부담금   ceil(17,402,880,000 × 12.5% / 87.5%) = ceil(2,486,125,714.28…)
               = 2,486,125,715
  현금 최소    ceil(2,486,125,715 × 10%) = ceil(248,612,571.5) = 248,612,572
  현물 최대    2,486,125,715 − 248,612,572 = 2,237,513,143
  총사업비     17,402,880,000 + 2,486,125,715 = 19,889,005,715
OUT

# --help: option docs folded by display width at argp's doc column.
ko --help | sed -n '/^ 시나리오:/,/^$/p' >"$tmp/out"
check "--help: the scenario options" diff -u - "$tmp/out" <<'OUT'
 시나리오:
      --basis=BASIS          자부담율의 기준: 'total'(총사업비, 기본값) 또는
                             'subsidy'(정부지원금)
      --compare              주어진 GPU 수와 개월 수로 기업규모 x 공개방식
                             9가지 조합 모두 계산
      --from=DATE            협약 시작일(YYYY-MM-DD), --months 대신 --to와
                             함께
  -g, --gpus=N               GPU 수(0~100,000, 0이면 GPU를 지원받지 않음)
  -l, --license=MODE         공개방식: commercial(상업용), research(연구용),
                             closed(비공개)
      --method=METHOD        from-scratch(처음부터 학습),
                             continued-pretraining(추가 사전학습) 또는
                             fine-tuning(미세조정, 지원 대상 아님)
  -m, --months=M             협약 개월 수, 0 초과 1,200 이하, 소수점 넷째
                             자리까지
  -p, --unit-price=KRW       GPU 1대 1개월 단가(원) (기본값: 규칙표의
                             6,600,000)
      --stages               --from/--to 기간을 1단계와 2단계로 나누어 계산
  -s, --size=SIZE            비용을 부담하는 기업규모: large(대기업),
                             mid(중견기업), sme(중소기업)
      --to=DATE              협약 종료일(해당일 포함): 만 개월 수에 남은 달을
                             일수로 더함

OUT

finish
