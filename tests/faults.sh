#!/usr/bin/env bash
# Fault tests of the kai-cost binary (issue 8, "nothing lost, nothing
# silently wrong"): what it does when the things around it go wrong.
# Exit status, stdout and stderr are checked exactly, as in tests/e2e.sh.
# Usage: tests/faults.sh ./kai-cost
# Closes with "N passed, N failed"; exits 1 on any failure.
set -u
. "$(dirname "$0")/lib.sh"
top=$PWD
w=$tmp/w                # the scratch directory the runs work in: short names in messages
mkdir "$w"
cd "$w"

# t EXIT STDOUT STDERR ARGS...
#   Runs the binary with ARGS and checks the exit status, stdout and stderr
#   exactly ('*' skips a stream; @FILE compares with FILE).  Standard input
#   is $stdin (default /dev/null); stdout goes to $stdout_to when set (then
#   STDOUT is '*'); close=0, 1 or 2 runs with that descriptor closed (its
#   stream is then checked as empty); $wrap, when set, is a command the
#   binary runs under.
t() {
	local want_code=$1 want_out=$2 want_err=$3
	shift 3
	local code
	: >"$tmp/out"
	: >"$tmp/err"
	case ${close:-} in
	0) ${wrap:-} "$bin" "$@" <&- >"$tmp/out" 2>"$tmp/err" ;;
	1) ${wrap:-} "$bin" "$@" <"${stdin:-/dev/null}" >&- 2>"$tmp/err" ;;
	2) ${wrap:-} "$bin" "$@" <"${stdin:-/dev/null}" >"$tmp/out" 2>&- ;;
	*) ${wrap:-} "$bin" "$@" <"${stdin:-/dev/null}" >"${stdout_to:-$tmp/out}" 2>"$tmp/err" ;;
	esac
	code=$?
	local ok=1 why=""
	if [ "$code" != "$want_code" ]; then ok=0; why="exit $code, want $want_code"; fi
	check_stream out "$want_out" || { ok=0; why="$why; stdout differs"; }
	check_stream err "$want_err" || { ok=0; why="$why; stderr differs"; }
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: kai-cost $* (close=${close:-} stdout_to=${stdout_to:-}): ${why#; }"
		[ "$want_out" = '*' ] || diff <(want_text "$want_out") "$tmp/out" | head -n 10
		[ "$want_err" = '*' ] || diff <(want_text "$want_err") "$tmp/err" | head -n 10
	fi
}
want_text() {
	case $1 in
	@*) cat "${1#@}" ;;
	"") ;;
	*) printf '%s\n' "$1" ;;
	esac
}
check_stream() {
	[ "$2" = '*' ] && return 0
	cmp -s <(want_text "$2") "$tmp/$1"
}
# same FILE TEXT: FILE holds exactly TEXT and a newline
same() { cmp -s "$1" <(printf '%s\n' "$2"); }
# no_temps: no temporary (.NAME.XXXXXX) left in the scratch directory
no_temps() { ! ls -A "$w" | grep -q '^\.'; }
# mode FILE: its permission bits in octal
mode() { stat -c %a "$1"; }

A="-s sme -l commercial -g 256 -m 10"
H=size,license,gpus,months,unit_price_krw,gov_subsidy_krw,self_rate_pct,private_share_krw,cash_rate_pct,cash_min_krw,in_kind_max_krw,total_cost_krw
A_CSV="$H
sme,commercial,256,10,6600000,16896000000,5,889263158,10,88926316,800336842,17785263158"

cp "$top/data/examples/candidates.csv" data.csv
cp data.csv data.orig
cp "$top/data/rules.csv" rules.csv
cp "$top/tests/data/members-worked.csv" team.csv
cp team.csv team.orig
printf 'size,license,gpus,months\nsme,commercial,256,10\n' >other.csv
printf 'size,license,gpus,months\nsme,commercial,256,10\nhuge,commercial,256,10\n' >bad.csv
"$bin" data.csv >data.out            # what a run over data.csv writes
"$bin" data.csv -f json >data.json
"$bin" bad.csv >bad.out 2>/dev/null  # the good record of bad.csv

# ---- 1. -o never names an input: compared by device and inode, in any order ----
IS="expected another file"
t 64 "" "kai-cost: --output 'data.csv' is the input file 'data.csv'; $IS" data.csv -o data.csv
t 64 "" "kai-cost: --output 'data.csv' is the input file 'data.csv'; $IS" -o data.csv data.csv
t 64 "" "kai-cost: --output 'data.csv' is the input file 'data.csv'; $IS" other.csv data.csv -o data.csv
stdin=data.csv t 64 "" "kai-cost: --output 'data.csv' is the input file '<stdin>'; $IS" - -o data.csv
stdin=data.csv t 64 "" "kai-cost: --output 'data.csv' is the input file '<stdin>'; $IS" -o data.csv -
ln -s data.csv data-link.csv
ln data.csv data-hard.csv
t 64 "" "kai-cost: --output 'data-link.csv' is the input file 'data.csv'; $IS" data.csv -o data-link.csv
t 64 "" "kai-cost: --output 'data.csv' is the input file 'data-link.csv'; $IS" data-link.csv -o data.csv
t 64 "" "kai-cost: --output 'data-hard.csv' is the input file 'data.csv'; $IS" data.csv -o data-hard.csv
t 64 "" "kai-cost: --output 'rules.csv' is the --rules file 'rules.csv'; $IS" --rules rules.csv $A -o rules.csv
t 64 "" "kai-cost: --output 'rules.csv' is the --rules file 'rules.csv'; $IS" -o rules.csv $A --rules rules.csv
t 64 "" "kai-cost: --output 'team.csv' is the input file 'team.csv'; $IS" --members team.csv -l commercial -m 10 -o team.csv
t 64 "" "kai-cost: --output 'team.csv' is the input file 'team.csv'; $IS" -o team.csv --members team.csv -l commercial -m 10
stdin=team.csv t 64 "" "kai-cost: --output 'team.csv' is the input file '<stdin>'; $IS" -o team.csv --members - -l commercial -m 10
check "-o an input: the input untouched" cmp -s data.csv data.orig
check "-o the --rules file: untouched" cmp -s rules.csv "$top/data/rules.csv"
check "-o the --members file: untouched" cmp -s team.csv team.orig
check "-o an input: no temporary file" no_temps
# Only a regular file can be lost: /dev/null is both here, and that is fine.
stdin=/dev/null t 0 "" "" -o /dev/null $A

# ---- 2. -o is replaced only by a run that succeeds and writes something ----
echo keep >keep.csv
t 66 "" "kai-cost: typo.csv: cannot open: No such file or directory" typo.csv -o keep.csv
check "missing input: -o untouched" same keep.csv keep
t 66 "" "kai-cost: typo.csv: cannot open: No such file or directory" data.csv typo.csv -o keep.csv
check "one input of two missing: -o untouched" same keep.csv keep
t 64 "" "kai-cost: data.csv: --fields 'nosuch': unknown column; expected any of name, size, license, gpus, months, unit_price_krw, gov_subsidy_krw, self_rate_pct, private_share_krw, cash_rate_pct, cash_min_krw, in_kind_max_krw, total_cost_krw" data.csv --fields nosuch -o keep.csv
check "usage error found in the file: -o untouched" same keep.csv keep
t 66 "" "kai-cost: --rules 'none.csv': cannot open: No such file or directory" --rules none.csv data.csv -o keep.csv
check "missing --rules file: -o untouched" same keep.csv keep
check "failed runs: no temporary file" no_temps
# Nothing to write (json of a header alone): the old file stays, and a warning says so.
head -n 1 data.csv >header.csv
t 0 "" "kai-cost: warning: no output; 'keep.csv' left as it was" header.csv -f json -o keep.csv
check "no output: -o untouched" same keep.csv keep
# Bad records reported and skipped do not stop the good ones reaching the file.
t 65 "" "kai-cost: bad.csv:3: size 'huge': unknown company size; expected large, mid or sme (대기업, 중견기업, 중소기업)" bad.csv -o keep.csv
check "bad records: -o replaced by the good ones" cmp -s keep.csv bad.out
chmod 604 keep.csv
t 0 "" "" data.csv -o keep.csv
check "success: -o replaced" cmp -s keep.csv data.out
check "replaced: the file's permission bits kept" [ "$(mode keep.csv)" = 604 ]
check "replaced: no temporary file" no_temps
(umask 027; "$bin" data.csv -o new.csv)
check "a new file: 0666 less the umask" [ "$(mode new.csv)" = 640 ]
# A symbolic link: the file it points to is replaced, the link stays.
echo old >real.csv
ln -s real.csv out-link.csv
t 0 "" "" data.csv -o out-link.csv
check "symlink: still a link" [ -L out-link.csv ]
check "symlink: its file replaced" cmp -s real.csv data.out
ln -s later.csv dangling.csv
t 0 "" "" data.csv -o dangling.csv
check "dangling symlink: its file created" cmp -s later.csv data.out
# Not a regular file: written directly, no temporary beside /dev/null.
t 0 "" "" data.csv -o /dev/null
t 0 @data.out "" data.csv -o /dev/stdout
mkfifo fifo
cat fifo >fifo.out &
reader=$!
t 0 "" "" data.csv -o fifo
wait $reader
check "FIFO: written directly" cmp -s fifo.out data.out
rm fifo
# A write that fails part way (the file size limit, SIGXFSZ ignored): 74, old file intact.
fsize_limited() { (trap '' XFSZ; ulimit -f 1; exec "$@"); }
echo keep >keep.csv
wrap=fsize_limited t 74 "" "kai-cost: write error on keep.csv: File too large" data.csv -f json -o keep.csv
check "write error: -o untouched" same keep.csv keep
check "write error: no temporary file" no_temps
# A run killed by SIGTERM or SIGHUP removes its temporary.
for sig in TERM HUP; do
	mkfifo in.fifo
	"$bin" - -o keep.csv <in.fifo 2>/dev/null &
	pid=$!
	exec 3>in.fifo
	printf 'size,license,gpus,months\n' >&3
	for _ in $(seq 100); do ls -A | grep -q '^\.keep\.csv\.' && break; sleep 0.05; done
	check "SIG$sig: a temporary while running" bash -c 'ls -A | grep -q "^\.keep\.csv\."'
	kill -"$sig" $pid
	wait $pid 2>/dev/null      # no "Hangup" notice from the shell
	code=$?
	exec 3>&-
	rm in.fifo
	check "SIG$sig: the run dies of it (exit $code)" [ "$code" = $((128 + $(kill -l $sig))) ]
	check "SIG$sig: no temporary file" no_temps
	check "SIG$sig: -o untouched" same keep.csv keep
done
# Permissions bind only a user other than root: as root, the runs are nobody's (setpriv).
as_user=
if [ "$(id -u)" = 0 ]; then
	chmod 755 "$tmp"
	nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
	$nobody "$bin" --version >/dev/null 2>&1 && as_user=$nobody
fi
if [ "$(id -u)" != 0 ] || [ -n "$as_user" ]; then
	mkdir ro && echo keep >ro/keep.csv && chmod 666 ro/keep.csv && chmod 555 ro
	wrap=$as_user t 74 "" "kai-cost: cannot open output file 'ro/keep.csv': cannot create a temporary file beside it: Permission denied" data.csv -o ro/keep.csv
	check "unwritable directory: -o untouched" same ro/keep.csv keep
	chmod 755 ro
	echo keep >ro.csv && chmod 444 ro.csv
	wrap=$as_user t 74 "" "kai-cost: cannot open output file 'ro.csv': Permission denied" data.csv -o ro.csv
	check "read-only file: untouched" same ro.csv keep
	check "permissions: no temporary file" no_temps
else
	echo "skip: permission tests (root, and no setpriv to run as nobody)"
fi

# ---- 3. closed standard descriptors: no diagnostic ends up in the -o file ----
close=2 t 65 "" "" bad.csv -o closed.csv
check "2>&-: only results in the -o file" cmp -s closed.csv bad.out
close=2 t 0 "$A_CSV" "" $A -f csv
close=0 t 0 "$A_CSV" "" $A -f csv
close=0 t 74 "" "kai-cost: <stdin>: read error: Bad file descriptor" -
close=1 t 74 "" "kai-cost: write error on standard output: Bad file descriptor" $A
close=1 t 0 "" "" data.csv -o closed.csv
check ">&-: the -o file written" cmp -s closed.csv data.out

# ---- 4. a full disk: every path that writes says so and exits 74 ----
FULL="kai-cost: write error on standard output: No space left on device"
stdout_to=/dev/full t 74 '*' "$FULL" --help
stdout_to=/dev/full t 74 '*' "$FULL" --version
stdout_to=/dev/full t 74 '*' "$FULL" --usage
stdout_to=/dev/full t 74 '*' "$FULL" $A
stdout_to=/dev/full t 74 '*' "$FULL" $A -f csv
stdout_to=/dev/full t 74 '*' "$FULL" --compare -g 256 -m 10
stdout_to=/dev/full t 74 '*' "$FULL" --compare -g 256 -m 10 -f json
stdout_to=/dev/full t 74 '*' "$FULL" data.csv
stdout_to=/dev/full t 74 '*' "$FULL" --members team.csv -l commercial -m 10.3
stdout_to=/dev/full t 74 '*' "$FULL" $A --explain --as-of 2026-01-01
stdout_to=/dev/full t 74 '*' "$FULL" -s sme -l research -g 256 --from 2025-11-01 --to 2026-09-09 --stages
t 74 "" "kai-cost: write error on /dev/full: No space left on device" data.csv -o /dev/full
# A bad record and a full disk: one message each, the worse status.
stdout_to=/dev/full t 74 '*' "kai-cost: bad.csv:3: size 'huge': unknown company size; expected large, mid or sme (대기업, 중견기업, 중소기업)
$FULL" bad.csv

# A closed pipe with SIGPIPE ignored: a write error, not silence.  The input
# is held back until the reader has gone, so the write surely fails.
mkfifo gone
(trap '' PIPE; "$bin" - < <(cat gone >/dev/null; cat data.csv) 2>"$tmp/pipe.err"; echo $? >"$tmp/pipe.code") |
	{ exec 0<&-; echo >gone; }
check "SIGPIPE ignored: exit 74" [ "$(cat "$tmp/pipe.code")" = 74 ]
check "SIGPIPE ignored: the message" same "$tmp/pipe.err" "kai-cost: write error on standard output: Broken pipe"
rm gone

# ---- 14. out of memory: one line, exit 70, -o untouched ----
# One team of 200,000 members needs about 50 MB; the binary runs in 4 MB.
# Sanitizer builds cannot start under a memory limit at all: skipped there.
if (ulimit -v 20000; "$bin" --version) >/dev/null 2>&1; then
	seq 200000 | awk 'BEGIN { print "team,name,role,type,gpus" } { print "t,n" $1 ",participant,sme,1" }' >many.csv
	memory_limited() { (ulimit -v 20000; exec "$@"); }
	echo keep >keep.csv
	wrap=memory_limited t 70 "" "kai-cost: out of memory" --members many.csv -l commercial -m 10 -f csv -o keep.csv
	check "out of memory: -o untouched" same keep.csv keep
	wrap=memory_limited t 70 '*' "kai-cost: out of memory" --members many.csv -l commercial -m 10 -f csv
	rm many.csv
else
	echo "skip: out of memory (this build cannot run under ulimit -v)"
fi

# ---- 16. --rules from a pipe is read to its end; larger than 1 MiB is refused ----
t 0 "$A_CSV" "" --rules <(cat rules.csv) $A -f csv
# Blank lines are skipped, so padding makes a table of exactly 1 MiB, then one byte more.
cp rules.csv mib.csv
head -c $((1048576 - $(stat -c %s rules.csv))) /dev/zero | tr '\0' '\n' >>mib.csv
check "padded table is 1 MiB" [ "$(stat -c %s mib.csv)" = 1048576 ]
t 0 "$A_CSV" "" --rules mib.csv $A -f csv
echo >>mib.csv
t 65 "" "kai-cost: --rules 'mib.csv': larger than 1 MiB; expected a rules table of at most 1 MiB" --rules mib.csv $A -f csv
mkfifo rules.fifo
(cat mib.csv >rules.fifo 2>/dev/null &)
t 65 "" "kai-cost: --rules 'rules.fifo': larger than 1 MiB; expected a rules table of at most 1 MiB" --rules rules.fifo $A -f csv
exec 4<>rules.fifo 4<&-       # whatever happened, the writer is not left waiting
rm rules.fifo mib.csv

# ---- 18. values of enum-valued options are shown escaped: one harmless line ----
t 64 "" $'kai-cost: --format \'\\x1b[31m\': unknown format; expected table, csv, tsv, json, xlsx, svg or md' $A -f $'\e[31m'
t 64 "" $'kai-cost: --basis \'a\\x0ab\': unknown basis; expected total or subsidy' $A --basis $'a\nb'
t 64 "" $'kai-cost: --encoding \'\\x09\': unknown encoding; expected utf-8 or cp949' data.csv --encoding $'\t'
t 64 "" $'kai-cost: --method \'x\\x0d\': unknown method; expected from-scratch, continued-pretraining or fine-tuning' $A --method $'x\r'
t 64 "" $'kai-cost: --eligibility \'\\x1b]0;x\\x07\': unknown mode; expected warn, error or off' --members team.csv -l commercial -m 10 --eligibility $'\e]0;x\a'
t 64 "" $'kai-cost: --from \'2025\\x1b\': not a date; expected a real date YYYY-MM-DD' -s sme -l commercial -g 256 --from $'2025\e' --to 2026-09-09
t 64 "" $'kai-cost: --as-of \'\\x7f\': not a date; expected a real date YYYY-MM-DD' $A --as-of $'\x7f'

# ---- 19. no FILE and no scenario option: standard input, unless it is a terminal ----
stdin=data.csv t 0 @data.out "" 
stdin=data.csv t 0 @data.json "" -f json
stdin=data.csv t 0 @data.out "" -o /dev/stdout
"$bin" - </dev/null >"$tmp/dash.out" 2>"$tmp/dash.err"
dash_code=$?
t $dash_code "@$tmp/dash.out" "@$tmp/dash.err"
check "empty standard input: what 'kai-cost -' says (exit $dash_code)" [ "$dash_code" = 65 ]
# Standard input read by default is an input like '-': -o may not name it.
stdin=data.csv t 64 "" "kai-cost: --output 'data.csv' is the input file '<stdin>'; expected another file" -o data.csv
check "-o the default standard input: untouched" cmp -s data.csv data.orig
# An option of one scenario keeps the one-scenario run and its message.
stdin=data.csv t 64 "" "kai-cost: missing --size; expected large, mid or sme (대기업, 중견기업, 중소기업) (see --help)" -l commercial -g 256 -m 10
stdin=data.csv t 64 "" "kai-cost: --stages needs the period's dates; expected --from and --to with it" --stages
if command -v script >/dev/null && script -qec true /dev/null </dev/null >/dev/null 2>&1; then
	script -qec "'$bin' 2>'$tmp/tty.err'; echo \$? >'$tmp/tty.code'" /dev/null </dev/null >/dev/null 2>&1
	check "a terminal: usage error (exit $(cat "$tmp/tty.code"))" [ "$(cat "$tmp/tty.code")" = 64 ]
	check "a terminal: the hint" same "$tmp/tty.err" "kai-cost: missing --size; expected large, mid or sme (대기업, 중견기업, 중소기업) (see --help; to read a CSV from standard input, give '-')"
else
	echo "skip: terminal standard input (no script(1))"
fi

finish
