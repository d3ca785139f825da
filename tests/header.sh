#!/usr/bin/env bash
# End-to-end tests (being written).  Usage: tests/header.sh ./kai-cost
# Closes with "N passed, N failed"; exits 1 on any failure.
set -u
pass=0 fail=0
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
