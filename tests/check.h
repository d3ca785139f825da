/*
 * check.h - assertions for table-driven cmocka tests that name the failing
 * row, so a failure says which case broke, not only which line.
 */
#ifndef KAI_TEST_CHECK_H
#define KAI_TEST_CHECK_H

#include <string.h>

#define CHECK_INT(row, got, want) do { \
	long long got_ = (long long)(got), want_ = (long long)(want); \
	if (got_ != want_) \
		fail_msg("row %zu: %s is %lld, want %lld", (size_t)(row), #got, got_, want_); \
} while (0)

#define CHECK_STR(row, got, want) do { \
	const char *got_ = (got), *want_ = (want); \
	if (got_ == NULL || strcmp(got_, want_) != 0) \
		fail_msg("row %zu: %s is '%s', want '%s'", (size_t)(row), #got, \
		         got_ ? got_ : "(null)", want_); \
} while (0)

#endif
