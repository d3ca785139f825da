#!/usr/bin/env bash
# make bench: times kai-cost's batch mode against a bare libcsv parse of the
# same file and against mawk doing the same arithmetic, on 10,000 and
# 1,000,000 generated records, and reports peak memory (SPEC §8).
# Usage: tests/bench/run.sh KAI_COST GEN CSVPARSE
set -eu
bin=$1 gen=$2 parse=$3
dir=build/bench
mkdir -p "$dir"
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench: GNU time is missing: sh .ci/install-deps --bench" >&2; exit 1; }

# Wall time: best of 5 runs, in milliseconds from bash's clock (GNU time
# rounds to 10 ms, too coarse here).  Peak memory: GNU time's max RSS.
# Prints "seconds max_rss_kb".
measure() {
	local best="" t0 t1 ms
	for _ in 1 2 3 4 5; do
		t0=$EPOCHREALTIME
		"$@" >/dev/null 2>"$dir/stderr"      # the generated scenarios draw warnings
		t1=$EPOCHREALTIME
		ms=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.0f", (b - a) * 1000}')
		if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
	done
	"$TIME" -f '%M' -o "$dir/time" "$@" >/dev/null 2>"$dir/stderr"
	echo "$(awk -v m="$best" 'BEGIN{printf "%.3f", m / 1000}') $(cat "$dir/time")"
}

printf '%-10s %9s %9s %9s %9s %10s %8s %12s\n' records MB kai-cost libcsv mawk kai/libcsv mawk/kai "kai max RSS"
for n in 10000 1000000; do
	f=$dir/scenarios-$n.csv
	[ -s "$f" ] || "$gen" "$n" >"$f"
	mb=$(awk -v b="$(stat -c %s "$f")" 'BEGIN{printf "%.1f", b / 1e6}')
	read -r tk rk < <(measure "$bin" "$f")
	read -r tp _ < <(measure "$parse" "$f")
	tm=-
	command -v mawk >/dev/null && read -r tm _ < <(measure mawk -f tests/bench/mawk.awk "$f")
	ratio=$(awk -v a="$tk" -v b="$tp" 'BEGIN{ if (b > 0) printf "%.2f", a / b; else print "-" }')
	vs=$(awk -v a="$tm" -v b="$tk" 'BEGIN{ if (a != "-" && b > 0) printf "%.1f", a / b; else print "-" }')
	printf '%-10s %9s %8ss %8ss %8ss %10s %8s %9s KB\n' "$n" "$mb" "$tk" "$tp" "$tm" "$ratio" "$vs" "$rk"
done

# Planning from a budget (issue 9): solving every record of 100,000 for its
# GPUs against computing it plainly; the target is at most 3x.
f=$dir/scenarios-100000.csv
[ -s "$f" ] || "$gen" 100000 >"$f"
b=$dir/budgets-100000.csv
[ -s "$b" ] || awk -F, 'NR == 1 { print $0 ",budget_cash,budget_in_kind"; next }
                   { printf "%s,%d,%d\n", $0, (NR * 7919) % 400000000, (NR * 104729) % 4000000000 }' "$f" >"$b"
read -r tc _ < <(measure "$bin" "$b")
read -r ts rs < <(measure "$bin" "$b" --solve gpus)
ratio=$(awk -v a="$ts" -v b="$tc" 'BEGIN{ if (b > 0) printf "%.2f", a / b; else print "-" }')
printf '\n%-28s %8ss\n%-28s %8ss  (%sx; target at most 3x)  %s KB\n' "100,000 records, budget check" "$tc" \
       "100,000 records, --solve gpus" "$ts" "$ratio" "$rs"
