# tests/lib.sh - what the end-to-end scripts share; each sources it first:
#   . "$(dirname "$0")/lib.sh"        (the script's own $1 is the binary)
# It sets BIN (absolute: the scripts change directory), HERE (tests/), makes
# the top of the tree the working directory (file names in messages are
# relative to it), makes a scratch directory TMP removed at exit (kept with
# KEEP=1, to look at after a failure) and the counters PASS and FAIL.

bin=$(cd "$(dirname "${1:-./kai-cost}")" && pwd)/$(basename "${1:-./kai-cost}")
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.." || exit 1
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
pass=0 fail=0

# check NAME CONDITION...: a plain assertion.
check() {
	local name=$1
	shift
	if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $name"; fi
}

# The closing line every suite ends with, and its status: 1 on any failure.
finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" = 0 ]
}

# A ko_KR.UTF-8 locale of the suite's own in $tmp/loc (localedef: no root,
# no system locale), for LOCPATH; false when localedef cannot make it or the
# build has no Korean catalogue (make builds build/locale).
korean_locale() {
	mkdir -p "$tmp/loc"
	[ -f build/locale/ko/LC_MESSAGES/kai-cost.mo ] && command -v localedef >/dev/null 2>&1 &&
		localedef -i ko_KR -f UTF-8 "$tmp/loc/ko_KR.UTF-8" >/dev/null 2>&1
}
