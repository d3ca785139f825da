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
[ -x "$TIME" ] || { echo "bench: GNU time is missing (apt-get install time)" >&2; exit 1; }

# best of 3 runs: prints "seconds max_rss_kb"
measure() {
	local best="" rss=0
	for _ in 1 2 3; do
		"$TIME" -f '%e %M' -o "$dir/time" "$@" >/dev/null
		read -r s kb <"$dir/time"
		if [ -z "$best" ] || awk "BEGIN{exit !($s < $best)}"; then best=$s; fi
		[ "$kb" -gt "$rss" ] && rss=$kb
	done
	echo "$best $rss"
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
