#!/usr/bin/env bash
# TSV input (--input-format=tsv, and .tsv files by name): kai-cost's own
# -f tsv output, read back, is written again byte for byte (the fixpoint)
# and gives the records the csv round trip gives; Excel's kinds of TSV
# (CP949, CRLF, old Mac CR) read the same; bad bytes are refused with their
# line and column, exit 65.  Usage: tests/tsv.sh ./kai-cost
# Closes with "N passed, N failed"; exits 1 on any failure.
set -u
. "$(dirname "$0")/lib.sh"

ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	echo "FAIL: $*" >&2
}

# run WANT_EXIT OUT ARGS...: kai-cost ARGS (stdin from $stdin when set) into
# OUT, stderr into OUT.err; checks the exit status.
run() {
	local want=$1 out=$2 code
	shift 2
	"$bin" "$@" <"${stdin:-/dev/null}" >"$out" 2>"$out.err"
	code=$?
	if [ "$code" = "$want" ]; then ok; else
		bad "kai-cost $*: exit $code, want $want"
		sed 's/^/  stderr: /' "$out.err" >&2
	fi
}

# same WHAT A B: files A and B hold the same bytes.
same() {
	if cmp -s "$2" "$3"; then ok; else
		bad "$1: $2 and $3 differ"
		diff "$2" "$3" | head -n 10 | cat -A >&2
	fi
}

# lines WHAT FILE N: FILE has N lines (so an empty output cannot pass a comparison).
lines() {
	local n
	n=$(wc -l <"$2")
	if [ "$n" = "$3" ]; then ok; else bad "$1: $n lines, want $3"; fi
}

# has WHAT FILE TEXT: FILE contains TEXT (fixed string).
has() {
	if grep -qF -- "$3" "$2"; then ok; else
		bad "$1: no '$3' in $2"
		sed 's/^/  got: /' "$2" | head -n 5 >&2
	fi
}

# round_trip NAME STATUS ARGS...: kai-cost ARGS -f tsv, saved as NAME.tsv,
# read back by name and from standard input with --input-format tsv, is
# written again exactly; and read back to csv, it gives what ARGS -f csv
# read back as csv gives.  STATUS is the exit status of every run.
round_trip() {
	local name=$1 status=$2 d=$tmp/$1
	shift 2
	mkdir -p "$d"
	run "$status" "$d/once.tsv" "$@" -f tsv
	run "$status" "$d/once.csv" "$@" -f csv
	run "$status" "$d/again.tsv" "$d/once.tsv" -f tsv
	same "$name: FILE.tsv -f tsv" "$d/once.tsv" "$d/again.tsv"
	stdin=$d/once.tsv run "$status" "$d/stdin.tsv" --input-format tsv - -f tsv
	same "$name: --input-format tsv - (stdin)" "$d/once.tsv" "$d/stdin.tsv"
	stdin=$d/once.tsv run "$status" "$d/stdin2.tsv" --input-format=tsv -f tsv
	same "$name: --input-format=tsv, stdin by default" "$d/once.tsv" "$d/stdin2.tsv"
	run "$status" "$d/via-tsv.csv" "$d/once.tsv" -f csv
	run "$status" "$d/via-csv.csv" "$d/once.csv" -f csv
	same "$name: the same records as the csv round trip" "$d/via-csv.csv" "$d/via-tsv.csv"
	run "$status" "$d/via-tsv.json" "$d/once.tsv" -f json
	run "$status" "$d/via-csv.json" "$d/once.csv" -f json
	same "$name: the same values (json) as the csv round trip" "$d/via-csv.json" "$d/via-tsv.json"
}

# ---- kai-cost's own output reads back ----

round_trip candidates 0 data/examples/candidates.csv
lines "candidates: output" "$tmp/candidates/once.tsv" 9
round_trip compare 0 --compare -g 256 -m 10
lines "compare: output" "$tmp/compare/once.tsv" 10
round_trip stages 0 -s sme -l commercial -g 256 --from 2025-11-15 --to 2026-09-09 --stages
lines "stages: output" "$tmp/stages/once.tsv" 4
has "stages: months and dates" "$tmp/stages/via-tsv.csv" "total,sme,commercial,256,9.8333,2025-11-15,2026-09-09,6600000,16614400000"

# Names with a tab, a line break, a CR, backslashes, quotes, a comma,
# formula-like text and a Windows path: every escape the writer makes.
printf '%s\n' 'name,size,license,gpus,months' \
	'"tab	inside",sme,commercial,8,3' \
	'"line' 'break",sme,commercial,8,3' \
	'"back\slash \t \\ end\",sme,commercial,8,3' \
	'"quote ""q"", and comma",sme,commercial,8,3' \
	'"=1+2",sme,commercial,8,3' \
	'C:\temp\new,sme,commercial,8,3' \
	'"	starts with a tab",sme,commercial,8,3' >"$tmp/odd.csv"
printf '"cr\rhere",sme,commercial,8,3\n' >>"$tmp/odd.csv"
round_trip odd 0 "$tmp/odd.csv"
lines "odd: output" "$tmp/odd/once.tsv" 9
has "odd: a tab written as \\t" "$tmp/odd/once.tsv" 'tab\tinside	'
has "odd: a line break written as \\n" "$tmp/odd/once.tsv" 'line\nbreak	'
has "odd: backslashes written as \\\\" "$tmp/odd/once.tsv" 'back\\slash \\t \\\\ end\\	'
has "odd: a CR written as \\r" "$tmp/odd/once.tsv" 'cr\rhere	'
run 0 "$tmp/odd/direct.json" "$tmp/odd.csv" -f json
same "odd: tsv read back holds the values read from csv" "$tmp/odd/direct.json" "$tmp/odd/via-tsv.json"

# --excel: a byte-order mark, CRLF and neutralised formulas read back too.
run 0 "$tmp/excel.tsv" "$tmp/odd.csv" -f tsv --excel
run 0 "$tmp/excel-again.tsv" "$tmp/excel.tsv" -f tsv --excel
same "--excel tsv reads back" "$tmp/excel.tsv" "$tmp/excel-again.tsv"
has "--excel: CRLF" "$tmp/excel.tsv" $'\r'
has "--excel: formula neutralised" "$tmp/excel.tsv" "'=1+2"

# --members: its tsv output is a members file again.
m=(-l commercial -m 10.3)
mkdir -p "$tmp/members"
run 0 "$tmp/members/once.tsv" --members data/examples/consortium.csv "${m[@]}" -f tsv
run 0 "$tmp/members/once.csv" --members data/examples/consortium.csv "${m[@]}" -f csv
lines "members: output (11 members, 2 team totals)" "$tmp/members/once.tsv" 14
run 0 "$tmp/members/again.tsv" --members "$tmp/members/once.tsv" "${m[@]}" -f tsv
same "members: FILE.tsv -f tsv" "$tmp/members/once.tsv" "$tmp/members/again.tsv"
stdin=$tmp/members/once.tsv run 0 "$tmp/members/stdin.tsv" --input-format tsv --members - "${m[@]}" -f tsv
same "members: --input-format tsv --members -" "$tmp/members/once.tsv" "$tmp/members/stdin.tsv"
run 0 "$tmp/members/via-tsv.csv" --members "$tmp/members/once.tsv" "${m[@]}" -f csv
run 0 "$tmp/members/via-csv.csv" --members "$tmp/members/once.csv" "${m[@]}" -f csv
same "members: the same records as the csv round trip" "$tmp/members/via-csv.csv" "$tmp/members/via-tsv.csv"

# A members file written as TSV by hand (the note with a comma needs no quotes).
t=$'\t'
cat >"$tmp/team.tsv" <<EOF
team${t}name${t}role${t}type${t}foreign${t}gpus${t}note
한빛 의료 AI${t}한빛메디 AI${t}lead${t}sme${t}${t}200${t}주관기관
한빛 의료 AI${t}솔내 헬스케어${t}participant${t}mid${t}${t}16${t}
누리 제조 AI${t}누리중공업${t}lead${t}large${t}${t}128${t}대기업 주관
한빛 의료 AI${t}가람대학교${t}participant${t}university${t}${t}16${t}의료영상 공동연구
한빛 의료 AI${t}푸른숲병원${t}participant${t}nonprofit${t}${t}8${t}영상, 판독 데이터 제공
한빛 의료 AI${t}은하수의료원${t}participant${t}nonprofit${t}${t}8${t}
한빛 의료 AI${t}마루전자${t}demand${t}large${t}${t}0${t}GPU 없이 수요기관으로 참여
누리 제조 AI${t}바름정밀${t}participant${t}sme${t}${t}48${t}
누리 제조 AI${t}도담산업기술연구원${t}participant${t}institute${t}${t}32${t}
누리 제조 AI${t}아라 글로벌 랩스${t}participant${t}sme${t}yes${t}32${t}해외 법인
누리 제조 AI${t}별빛기계${t}demand${t}mid${t}${t}0${t}
EOF
run 0 "$tmp/team.csv.out" --members "$tmp/team.tsv" "${m[@]}" -f csv
same "a .tsv members file reads as its csv" "$tmp/members/once.csv" "$tmp/team.csv.out"
has "a .tsv members file: line numbers" "$tmp/team.csv.out.err" "team.tsv:4: team '누리 제조 AI', member '누리중공업'"

# ---- Excel's kinds of TSV ----

# Korean Excel's "텍스트 (탭으로 분리)": CP949 with CRLF.
c=$tmp/candidates
iconv -f UTF-8 -t CP949 "$c/once.tsv" | sed 's/$/\r/' >"$tmp/cp949.tsv"
run 0 "$tmp/cp949.out" --encoding cp949 "$tmp/cp949.tsv" -f tsv
same "CP949 with CRLF" "$c/once.tsv" "$tmp/cp949.out"
iconv -f UTF-8 -t CP949 "$tmp/team.tsv" >"$tmp/team-cp949.tsv"
run 0 "$tmp/team-cp949.out" --encoding=cp949 --members "$tmp/team-cp949.tsv" "${m[@]}" -f csv
same "a CP949 .tsv members file" "$tmp/members/once.csv" "$tmp/team-cp949.out"
run 65 "$tmp/cp949-as-utf8.out" "$tmp/cp949.tsv" -f tsv
has "CP949 read as UTF-8: the hint" "$tmp/cp949-as-utf8.out.err" "cp949.tsv:2: column 'name': invalid UTF-8; the bytes look like CP949 (Korean Excel): try --encoding=cp949"

# A UTF-8 byte-order mark; old Mac line ends (CR alone).
{ printf '\xEF\xBB\xBF'; cat "$c/once.tsv"; } >"$tmp/bom.tsv"
run 0 "$tmp/bom.out" "$tmp/bom.tsv" -f tsv
same "a byte-order mark" "$c/once.tsv" "$tmp/bom.out"
tr '\n' '\r' <"$c/once.tsv" >"$tmp/mac.tsv"
run 0 "$tmp/mac.out" "$tmp/mac.tsv" -f tsv
same "old Mac CR line ends" "$c/once.tsv" "$tmp/mac.out"

# Excel's "Unicode text" is UTF-16LE: refused, saying what to do.
{ printf '\xFF\xFE'; iconv -f UTF-8 -t UTF-16LE "$c/once.tsv"; } >"$tmp/utf16.tsv"
run 65 "$tmp/utf16.out" "$tmp/utf16.tsv" -f tsv
has "UTF-16 refused" "$tmp/utf16.out.err" "utf16.tsv: this file is UTF-16 (Excel's 'Unicode text'), not UTF-8"
has "UTF-16: what to do" "$tmp/utf16.out.err" "iconv -f UTF-16 -t UTF-8"
lines "UTF-16: nothing written" "$tmp/utf16.out" 0

# ---- what TSV means ----

# A quote is data, an unknown escape keeps its backslash; blank lines skipped.
{
	printf 'name\tsize\tlicense\tgpus\tmonths\n\n'
	printf '"quoted"\tsme\tcommercial\t8\t3\n'
	printf 'C:\\Users\\me\tsme\tcommercial\t8\t3\n'
	printf '\r\n'
	printf 'say "hi\tsme\tcommercial\t8\t3\n'
} >"$tmp/plain.tsv"
run 0 "$tmp/plain.out" "$tmp/plain.tsv" -f csv --fields name,total_cost_krw
printf '%s\n' name,total_cost_krw '"""quoted""",166736843' 'C:\Users\me,166736843' \
	'"say ""hi",166736843' >"$tmp/plain.want"
same "quotes as data, an unknown escape kept" "$tmp/plain.want" "$tmp/plain.out"

# Not TSV unless told: stdin and .csv are csv; --input-format=csv wins over .tsv.
stdin=$c/once.tsv run 65 "$tmp/stdin-csv.out" -
has "stdin without --input-format is csv" "$tmp/stdin-csv.out.err" "<stdin>:1: no size column"
cp "$c/once.tsv" "$tmp/once.csv"
run 65 "$tmp/named-csv.out" "$tmp/once.csv"
has ".csv is csv" "$tmp/named-csv.out.err" "once.csv:1: no size column"
run 65 "$tmp/forced-csv.out" --input-format csv "$c/once.tsv"
has "--input-format csv wins over .tsv" "$tmp/forced-csv.out.err" "once.tsv:1: no size column"
run 0 "$tmp/forced-tsv.out" --input-format tsv "$tmp/once.csv" -f tsv
same "--input-format tsv wins over .csv" "$c/once.tsv" "$tmp/forced-tsv.out"

# Bad bytes: refused with their line and column, the good records written, exit 65.
printf 'name\tsize\tlicense\tgpus\tmonths\n\nok\tsme\tcommercial\t8\t3\r\nbad\xff\tsme\tcommercial\t8\t3\nnul\tsme\tcommer\0cial\t8\t3\nlast\tsme\tcommercial\t8\t3' >"$tmp/bad.tsv"
run 65 "$tmp/bad.out" "$tmp/bad.tsv" -f csv --fields name
printf 'name\nok\nlast\n' >"$tmp/bad.want"
same "bad bytes: the good records" "$tmp/bad.want" "$tmp/bad.out"
has "bad UTF-8: line and column" "$tmp/bad.out.err" "bad.tsv:4: column 'name': invalid UTF-8"
has "NUL: line and column" "$tmp/bad.out.err" "bad.tsv:5: column 'license': a NUL byte (\\0) at byte 7"
stdin=$tmp/bad.tsv run 65 "$tmp/bad-stdin.out" --input-format tsv - -f csv --fields name
has "bad UTF-8 on stdin: line" "$tmp/bad-stdin.out.err" "<stdin>:4: column 'name': invalid UTF-8"
run 65 "$tmp/strict.out" --strict "$tmp/bad.tsv" -f csv --fields name
lines "--strict stops at the first bad record" "$tmp/strict.out" 2

finish
