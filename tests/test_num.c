/*
 * test_num.c - exact decimal parsing and integer printing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "check.h"
#include "num.h"

#define BIG UINT64_MAX

static void
test_parse(void **state)
{
	static const struct {
		const char *text;
		unsigned places;
		uint64_t min, max;
		enum num_status want;
		uint64_t value;
	} rows[] = {
		/* whole numbers */
		{ "0", 0, 0, BIG, NUM_OK, 0 },
		{ "256", 0, 0, BIG, NUM_OK, 256 },
		{ "007", 0, 0, BIG, NUM_OK, 7 },
		{ " 256 ", 0, 0, BIG, NUM_OK, 256 },
		{ "\t256\t", 0, 0, BIG, NUM_OK, 256 },
		{ "6,600,000", 0, 0, BIG, NUM_OK, 6600000 },
		{ "  6,600,000  ", 0, 0, BIG, NUM_OK, 6600000 },
		{ "100,000", 0, 0, 100000, NUM_OK, 100000 },
		{ "18446744073709551615", 0, 0, BIG, NUM_OK, UINT64_MAX },
		{ "18,446,744,073,709,551,615", 0, 0, BIG, NUM_OK, UINT64_MAX },
		/* decimals */
		{ "10", 4, 1, BIG, NUM_OK, 100000 },
		{ "10.3", 4, 1, BIG, NUM_OK, 103000 },
		{ "0.0001", 4, 1, BIG, NUM_OK, 1 },
		{ "1.2345", 4, 1, BIG, NUM_OK, 12345 },
		{ "10.30000", 4, 1, BIG, NUM_OK, 103000 },   /* zeros past 4 places are exact */
		{ "1,200.5", 4, 1, BIG, NUM_OK, 12005000 },
		{ "1200", 4, 1, 12000000, NUM_OK, 12000000 },
		{ "12.5", 4, 0, BIG, NUM_OK, 125000 },
		/* refused */
		{ "", 0, 0, BIG, NUM_EMPTY, 0 },
		{ "   ", 0, 0, BIG, NUM_EMPTY, 0 },
		{ "abc", 0, 0, BIG, NUM_SYNTAX, 0 },
		{ "12abc", 0, 0, BIG, NUM_SYNTAX, 0 },
		{ "1 2", 0, 0, BIG, NUM_SYNTAX, 0 },
		{ "+5", 0, 0, BIG, NUM_SYNTAX, 0 },
		{ "-1", 0, 0, BIG, NUM_NEGATIVE, 0 },
		{ "-0.5", 4, 0, BIG, NUM_NEGATIVE, 0 },
		{ "-", 0, 0, BIG, NUM_SYNTAX, 0 },
		{ "1e5", 0, 0, BIG, NUM_SYNTAX, 0 },
		{ "0x10", 0, 0, BIG, NUM_SYNTAX, 0 },
		{ "10.", 4, 0, BIG, NUM_SYNTAX, 0 },
		{ ".5", 4, 0, BIG, NUM_SYNTAX, 0 },
		{ "1.5", 0, 0, BIG, NUM_PLACES, 0 },         /* a whole number has no places */
		{ "1.0", 0, 0, BIG, NUM_OK, 1 },
		{ "1.23456", 4, 1, BIG, NUM_PLACES, 0 },
		{ "1.2.3", 4, 1, BIG, NUM_SYNTAX, 0 },
		{ "10,3", 4, 1, BIG, NUM_GROUPING, 0 },      /* a decimal comma is not 103 */
		{ "1,00", 0, 0, BIG, NUM_GROUPING, 0 },
		{ "1,0000", 0, 0, BIG, NUM_GROUPING, 0 },
		{ "1234,567", 0, 0, BIG, NUM_GROUPING, 0 },
		{ ",100", 0, 0, BIG, NUM_SYNTAX, 0 },
		{ "100,", 0, 0, BIG, NUM_GROUPING, 0 },
		{ "1,,000", 0, 0, BIG, NUM_GROUPING, 0 },
		{ "1.000,5", 4, 0, BIG, NUM_GROUPING, 0 },
		{ "１２", 0, 0, BIG, NUM_SYNTAX, 0 },          /* full-width digits */
		{ "0", 4, 1, BIG, NUM_TOO_SMALL, 0 },
		{ "0.00001", 4, 1, BIG, NUM_PLACES, 0 },
		{ "0.00000", 4, 1, BIG, NUM_TOO_SMALL, 0 },
		{ "100,001", 0, 0, 100000, NUM_TOO_LARGE, 0 },
		{ "1200.0001", 4, 1, 12000000, NUM_TOO_LARGE, 0 },
		{ "18446744073709551616", 0, 0, BIG, NUM_TOO_LARGE, 0 },
		{ "99999999999999999999", 0, 0, BIG, NUM_TOO_LARGE, 0 },
		{ "1844674407370955.1616", 4, 0, BIG, NUM_TOO_LARGE, 0 },
		/* around the fast path's limit of 19 scaled digits */
		{ "999999999999999", 4, 0, BIG, NUM_OK, 9999999999999990000u },
		{ "99999999999999.9999", 4, 0, BIG, NUM_OK, 999999999999999999u },
		{ "1844674407370955.1615", 4, 0, BIG, NUM_OK, UINT64_MAX },
		{ "1234567890123456", 4, 0, BIG, NUM_OK, 12345678901234560000u },
		{ "12345678901234567", 4, 0, BIG, NUM_TOO_LARGE, 0 },
		{ "9999999999999999999", 0, 0, BIG, NUM_OK, 9999999999999999999u },
		{ "1.5", 0, 0, BIG, NUM_PLACES, 0 },
		{ "12.", 4, 0, BIG, NUM_SYNTAX, 0 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		uint64_t v = 424242;
		enum num_status st = num_parse_fixed(rows[i].text, strlen(rows[i].text),
		                                     rows[i].places, rows[i].min, rows[i].max, &v);
		CHECK_INT(i, st, rows[i].want);
		CHECK_INT(i, v, rows[i].want == NUM_OK ? rows[i].value : 424242);  /* untouched on error */
	}
}

/* The length is respected: bytes past LEN are never read. */
static void
test_parse_len(void **state)
{
	uint64_t v = 0;
	(void)state;
	assert_int_equal(num_parse_fixed("2567", 3, 0, 0, BIG, &v), NUM_OK);
	assert_int_equal(v, 256);
	assert_int_equal(num_parse_fixed("10.3x", 4, 4, 1, BIG, &v), NUM_OK);
	assert_int_equal(v, 103000);
	assert_int_equal(num_parse_fixed("", 0, 0, 0, BIG, &v), NUM_EMPTY);
}

static void
test_format(void **state)
{
	static const struct {
		uint64_t v;
		const char *plain, *grouped, *korean;
	} rows[] = {
		{ 0, "0", "0", "0" },
		{ 7, "7", "7", "7" },
		{ 999, "999", "999", "999" },
		{ 1000, "1000", "1,000", "1,000" },
		{ 9999, "9999", "9,999", "9,999" },
		{ 10000, "10000", "10,000", "1만" },
		{ 6600000, "6600000", "6,600,000", "660만" },
		{ 100000000, "100000000", "100,000,000", "1억" },
		{ 100000001, "100000001", "100,000,001", "1억 1" },
		{ 889263158, "889263158", "889,263,158", "8억 8,926만 3,158" },
		{ 800336842, "800336842", "800,336,842", "8억 33만 6,842" },
		{ 16896000000, "16896000000", "16,896,000,000", "168억 9,600만" },
		{ 1000000000000, "1000000000000", "1,000,000,000,000", "1조" },
		{ 1200000000000000000, "1200000000000000000", "1,200,000,000,000,000,000", "120경" },
		{ UINT64_MAX, "18446744073709551615", "18,446,744,073,709,551,615",
		  "1,844경 6,744조 737억 955만 1,615" },
	};
	char buf[NUM_BUF];
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		CHECK_INT(i, num_fmt_uint(buf, rows[i].v), strlen(rows[i].plain));
		CHECK_STR(i, buf, rows[i].plain);
		CHECK_INT(i, num_fmt_grouped(buf, rows[i].v), strlen(rows[i].grouped));
		CHECK_STR(i, buf, rows[i].grouped);
		CHECK_INT(i, num_fmt_korean(buf, rows[i].v), strlen(rows[i].korean));
		CHECK_STR(i, buf, rows[i].korean);
	}
}

/* The reference: grouped digits as snprintf and a loop write them, three from the right. */
static void
ref_grouped(char *buf, uint64_t v)
{
	char d[32];
	int n = snprintf(d, sizeof d, "%llu", (unsigned long long)v), k = 0;
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf[k++] = ',';
		buf[k++] = d[i];
	}
	buf[k] = '\0';
}

/* The reference: Korean units by division, largest first, zero groups left out. */
static void
ref_korean(char *buf, uint64_t v)
{
	static const uint64_t unit[] = { 10000000000000000ULL, 1000000000000ULL, 100000000ULL, 10000ULL, 1 };
	static const char *const word[] = { "경", "조", "억", "만", "" };
	char part[32];
	buf[0] = '\0';
	if (v == 0)
		strcpy(buf, "0");
	for (int i = 0; i < 5; i++) {
		uint64_t p = v / unit[i];
		v %= unit[i];
		if (p == 0)
			continue;
		if (buf[0] != '\0')
			strcat(buf, " ");
		ref_grouped(part, p);
		strcat(buf, part);
		strcat(buf, word[i]);
	}
}

/*
 * num_fmt_grouped() and num_fmt_korean() print from one digit string;
 * they must agree with the references on every power of ten and its
 * neighbours, on groups of zeros in every place, and on many other values.
 */
static void
test_format_grouped_korean(void **state)
{
	(void)state;
	char got[NUM_BUF], want[4 * NUM_BUF];
	uint64_t x = 88172645463325252ULL;      /* xorshift64: the same values every run */
	for (long i = 0; i < 400000; i++) {
		uint64_t v;
		if (i < 20 * 9 * 3) {           /* d * 10^k - 1, d * 10^k, d * 10^k + 1 */
			uint64_t p = 1;
			for (long k = 0; k < (i / 27) % 20; k++)
				p *= 10;
			v = p * (uint64_t)(1 + (i / 3) % 9) + (uint64_t)(i % 3) - 1;
		} else if (i < 100000) {        /* groups of four with zeros among them */
			v = (uint64_t)(i % 10) * 1000000000000ULL + (uint64_t)(i / 10 % 10) * 100000000ULL +
			    (uint64_t)(i / 100 % 100) * 10000ULL + (uint64_t)(i / 10000 % 10);
		} else {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			v = x >> (i % 64);
		}
		size_t n = num_fmt_grouped(got, v);
		ref_grouped(want, v);
		if (strcmp(got, want) != 0 || n != strlen(want))
			fail_msg("grouped %llu: '%s', want '%s'", (unsigned long long)v, got, want);
		n = num_fmt_korean(got, v);
		ref_korean(want, v);
		if (strcmp(got, want) != 0 || n != strlen(want))
			fail_msg("korean %llu: '%s', want '%s'", (unsigned long long)v, got, want);
		/* Both at once: the same two texts. */
		char grouped[NUM_BUF], korean[NUM_BUF], g2[NUM_BUF];
		size_t klen, glen = num_fmt_amount(grouped, korean, &klen, v);
		num_fmt_grouped(g2, v);
		if (strcmp(grouped, g2) != 0 || glen != strlen(g2) || strcmp(korean, want) != 0 ||
		    klen != strlen(want))
			fail_msg("amount %llu: '%s' '%s'", (unsigned long long)v, grouped, korean);
		/* The length without the text. */
		if (num_grouped_len(v) != glen)
			fail_msg("grouped length %llu: %zu, want %zu", (unsigned long long)v,
			         num_grouped_len(v), glen);
	}
}

/*
 * num_grouped_len() guesses the digits from the bits: every power of two
 * and its neighbours, where the guess changes, against num_fmt_grouped()
 * (the guess is right all through a number of bits when it is at both its
 * ends, since the digits only grow); and exact rows at the powers of ten,
 * where the guess is corrected.
 */
static void
test_grouped_len(void **state)
{
	static const struct {
		uint64_t v;
		size_t len;
	} rows[] = {
		{ 0, 1 }, { 1, 1 }, { 9, 1 }, { 10, 2 }, { 99, 2 }, { 100, 3 }, { 999, 3 },
		{ 1000, 5 }, { 9999, 5 }, { 10000, 6 }, { 999999, 7 }, { 1000000, 9 },
		{ 16896000000, 14 }, { 999999999999999999ull, 23 }, { 1000000000000000000ull, 25 },
		{ 9999999999999999999ull, 25 }, { 10000000000000000000ull, 26 }, { UINT64_MAX, 26 },
	};
	char buf[NUM_BUF];
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		CHECK_INT(i, num_grouped_len(rows[i].v), rows[i].len);
	for (int b = 0; b < 64; b++) {
		uint64_t p = (uint64_t)1 << b;
		uint64_t near[] = { p - 1, p, p + 1 };
		for (int k = 0; k < 3; k++)
			if (num_grouped_len(near[k]) != num_fmt_grouped(buf, near[k]))
				fail_msg("grouped length %llu: %zu, want %zu", (unsigned long long)near[k],
				         num_grouped_len(near[k]), num_fmt_grouped(buf, near[k]));
	}
}

/* The in-place check of one amount V (see test_amount_in_place()); ROW names it. */
static void
check_amount_in_place(size_t row, uint64_t v)
{
	char line[3 * NUM_BUF], want_g[NUM_BUF], want_k[4 * NUM_BUF];
	size_t g = num_grouped_len(v), klen;
	char *korean = line + g + 1 + 5;        /* past the grouped text's NUL and a gap */
	ref_grouped(want_g, v);
	ref_korean(want_k, v);
	memset(line, '#', sizeof line);
	CHECK_INT(row, num_fmt_amount(line, korean, &klen, v), strlen(want_g));
	CHECK_INT(row, klen, strlen(want_k));
	CHECK_STR(row, line, want_g);
	CHECK_STR(row, korean, want_k);
	for (size_t k = 0; k < sizeof line; k++) {
		bool text = k <= g || (k >= g + 6 && k <= g + 6 + klen);
		if (!text && line[k] != '#')
			fail_msg("amount %llu: byte %zu written", (unsigned long long)v, k);
	}
}

/*
 * num_fmt_amount() writes nothing but its two texts and their NULs, so
 * that a table can print both straight into its line: every byte around
 * them keeps what it held, for amounts of every length (d * 10^k and its
 * neighbours), groups of four with every count of zeros in front in every
 * place, around 2^64 / 10^8, where it takes twenty digits instead of
 * twelve, and at the ends.
 */
static void
test_amount_in_place(void **state)
{
	static const uint64_t rows[] = {
		0, 1, 12, 123, 1234, 10000, 10001, 100000, 6600000, 100000000, 100000001, 800336842,
		889263158, 16896000000, 36194400000, 1000000000000, 1000000000001, 10000000000000000ull,
		1200000000000000000ull, UINT64_MAX / 100000000 - 1, UINT64_MAX / 100000000,
		UINT64_MAX / 100000000 + 1, UINT64_MAX - 1, UINT64_MAX,
	};
	static const uint64_t groups[] = { 0, 1, 9, 10, 99, 100, 999, 1000, 1001, 9999 };
	enum { NG = sizeof groups / sizeof groups[0] };
	size_t row = 0;
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		check_amount_in_place(row++, rows[i]);
	for (uint64_t p = 1;; p *= 10) {
		for (uint64_t d = 1; d <= 9 && p <= UINT64_MAX / d; d++)
			for (int delta = -1; delta <= 1; delta++)
				check_amount_in_place(row++, p * d + (uint64_t)(int64_t)delta);
		if (p > UINT64_MAX / 10)
			break;
	}
	/* Five groups of four, each one of GROUPS (the top one at most 1843, to stay below 2^64). */
	for (size_t k = 0; k < NG * NG * NG * NG * NG; k++) {
		uint64_t v = 0;
		for (size_t j = 0, q = k; j < 5; j++, q /= NG)
			v = v * 10000 + (j == 0 && groups[q % NG] > 1843 ? 1843 : groups[q % NG]);
		check_amount_in_place(row++, v);
	}
}

static void
test_format_fixed(void **state)
{
	static const struct {
		uint64_t v;
		unsigned places;
		const char *text;
	} rows[] = {
		{ 0, 4, "0" },
		{ 100000, 4, "10" },
		{ 103000, 4, "10.3" },
		{ 98333, 4, "9.8333" },
		{ 1, 4, "0.0001" },
		{ 10, 4, "0.001" },
		{ 125000, 4, "12.5" },
		{ 50000, 4, "5" },
		{ 12000000, 4, "1200" },
		{ 42, 0, "42" },
		{ 5, 1, "0.5" },
	};
	char buf[NUM_BUF];
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		CHECK_INT(i, num_fmt_fixed(buf, rows[i].v, rows[i].places), strlen(rows[i].text));
		CHECK_STR(i, buf, rows[i].text);
	}
}

/*
 * num_fmt_fixed() for every PLACES a uint64_t allows, over values around
 * every power of ten and then some: what printf gives for V / 10^PLACES,
 * a point and the PLACES digits of V % 10^PLACES, trailing zeros dropped
 * (with the point when nothing is left of the fraction).
 */
static void
test_format_fixed_places(void **state)
{
	uint64_t values[200];
	size_t n = 0;
	uint64_t x = 0x9E3779B97F4A7C15ull;
	(void)state;
	for (uint64_t p = 1; ; p *= 10) {
		uint64_t around[] = { p - 1, p, p + 1, 5 * p, 9 * p + (p - 1) };
		for (size_t i = 0; i < sizeof around / sizeof around[0]; i++)
			values[n++] = around[i];
		if (p > UINT64_MAX / 10)
			break;
	}
	values[n++] = UINT64_MAX;
	values[n++] = 10000000000000000000ull + 5;
	while (n < sizeof values / sizeof values[0]) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		values[n++] = x >> (x % 64);
	}
	for (unsigned places = 0; places <= 19; places++) {
		uint64_t scale = 1;
		for (unsigned k = 0; k < places; k++)
			scale *= 10;
		for (size_t i = 0; i < n; i++) {
			char buf[NUM_BUF], want[NUM_BUF + 24];
			uint64_t v = values[i];
			int len = snprintf(want, sizeof want, "%llu", (unsigned long long)(v / scale));
			if (places > 0) {
				len += snprintf(want + len, sizeof want - (size_t)len, ".%0*llu", (int)places,
				                (unsigned long long)(v % scale));
				while (want[len - 1] == '0')
					want[--len] = '\0';
				if (want[len - 1] == '.')
					want[--len] = '\0';
			}
			CHECK_INT(places * 1000 + i, num_fmt_fixed(buf, v, places), len);
			CHECK_STR(places * 1000 + i, buf, want);
		}
	}
}

/* Around every power of ten, the digits match printf's. */
static void
test_format_boundaries(void **state)
{
	char buf[NUM_BUF], want[NUM_BUF];
	(void)state;
	for (uint64_t p = 1; ; p *= 10) {
		uint64_t around[] = { p - 1, p, p + 1, 2 * p - 1, 9 * p + (p - 1) };
		for (size_t i = 0; i < sizeof around / sizeof around[0]; i++) {
			snprintf(want, sizeof want, "%llu", (unsigned long long)around[i]);
			assert_int_equal(num_fmt_uint(buf, around[i]), strlen(want));
			assert_string_equal(buf, want);
		}
		if (p > UINT64_MAX / 10)
			break;
	}
	assert_int_equal(num_fmt_uint(buf, UINT64_MAX), 20);
	assert_string_equal(buf, "18446744073709551615");
}

/* The reference: digits by repeated division by ten, written from the right. */
static size_t
ref_uint(char *buf, uint64_t v)
{
	char d[24];
	size_t n = 0;
	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	for (size_t i = 0; i < n; i++)
		buf[i] = d[n - 1 - i];
	buf[n] = '\0';
	return n;
}

/*
 * num_fmt_uint() against the reference for V: the same digits, the same
 * length, a NUL after them and nothing written past it.  And the writers'
 * num_put_digits() (inline here, whichever way num.o was built): the same
 * digits, its end after them, and nothing written past that but a NUL.
 */
static void
check_uint(uint64_t v)
{
	char got[NUM_BUF], want[24];
	memset(got, 0x7f, sizeof got);
	size_t n = num_fmt_uint(got, v), len = ref_uint(want, v);
	if (n != len || memcmp(got, want, len + 1) != 0)
		fail_msg("%llu: '%.*s' (%zu), want '%s'", (unsigned long long)v, (int)n, got, n, want);
	for (size_t i = len + 1; i < sizeof got; i++)
		if (got[i] != 0x7f)
			fail_msg("%llu: byte %zu written past the NUL", (unsigned long long)v, i);
	memset(got, 0x7f, sizeof got);
	n = (size_t)(num_put_digits(got, v) - got);
	if (n != len || memcmp(got, want, len) != 0)
		fail_msg("%llu: num_put_digits '%.*s' (%zu), want '%s'", (unsigned long long)v, (int)n, got, n, want);
	for (size_t i = len; i < sizeof got; i++)
		if (got[i] != 0x7f && (i > len || got[i] != '\0'))
			fail_msg("%llu: num_put_digits wrote byte %zu, past the digits", (unsigned long long)v, i);
}

/* Each way num_fmt_uint() takes, and both sides of where it changes ways. */
static void
test_format_uint(void **state)
{
	static const struct {
		uint64_t v;
		const char *text;
	} rows[] = {
		{ 0, "0" },
		{ 9, "9" },
		{ 10, "10" },
		{ 99, "99" },
		{ 100, "100" },
		{ 999, "999" },
		{ 1000, "1000" },
		{ 9999, "9999" },                               /* the last of up to four digits */
		{ 10000, "10000" },                             /* the first of 10^4 and a fraction */
		{ 10001, "10001" },
		{ 457, "457" },
		{ 6600000, "6600000" },
		{ 99999999, "99999999" },
		{ 100000000, "100000000" },                     /* the first of 10^8 and a fraction */
		{ 100000001, "100000001" },
		{ 517062858, "517062858" },                     /* the five amounts of a batch record */
		{ 5170628572, "5170628572" },
		{ 36194400000, "36194400000" },
		{ 4653565714, "4653565714" },
		{ 41365028572, "41365028572" },
		{ 99999999999, "99999999999" },
		{ 100000000000, "100000000000" },
		{ 184467440736, "184467440736" },
		{ 184467440737, "184467440737" },               /* UINT64_MAX / 10^8: the last by a fraction */
		{ 184467440738, "184467440738" },               /* the first split by a division */
		{ 999999999999, "999999999999" },
		{ 1000000000000, "1000000000000" },
		{ 10000000000000000, "10000000000000000" },
		{ 18446744073709551, "18446744073709551" },
		{ 1844674407370955161, "1844674407370955161" },
		{ 10000000000000000000u, "10000000000000000000" },
		{ UINT64_MAX - 1, "18446744073709551614" },
		{ UINT64_MAX, "18446744073709551615" },
	};
	char buf[NUM_BUF];
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		CHECK_INT(i, num_fmt_uint(buf, rows[i].v), strlen(rows[i].text));
		CHECK_STR(i, buf, rows[i].text);
	}
}

/*
 * num_fmt_uint() against the plain reference: every value up to a million,
 * every power of ten and of two and their neighbours, and three million
 * values spread over every length (a xorshift64 value shifted right by 0
 * to 63 bits, the same values every run).
 */
static void
test_format_uint_reference(void **state)
{
	(void)state;
	for (uint64_t v = 0; v <= 1000000; v++)
		check_uint(v);
	for (uint64_t p = 1; ; p *= 10) {
		check_uint(p - 1);
		check_uint(p);
		check_uint(p + 1);
		if (p > UINT64_MAX / 10)
			break;
	}
	for (int k = 0; k < 64; k++) {
		uint64_t p = (uint64_t)1 << k;
		check_uint(p - 1);
		check_uint(p);
		check_uint(p + 1);
	}
	check_uint(UINT64_MAX);
	for (uint64_t v = UINT64_MAX / 100000000 - 2; v <= UINT64_MAX / 100000000 + 2; v++)
		check_uint(v);              /* where the way by a fraction ends */
	uint64_t x = 0x2545F4914F6CDD1Dull;
	for (long i = 0; i < 3000000; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		check_uint(x >> (x >> 58));
	}
}

/* Whatever is printed parses back to the same value. */
static void
test_round_trip(void **state)
{
	char buf[NUM_BUF];
	uint64_t x = 0x9E3779B97F4A7C15ull, v;
	(void)state;
	for (int i = 0; i < 10000; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		uint64_t want = x >> (x % 64);
		num_fmt_grouped(buf, want);
		assert_int_equal(num_parse_fixed(buf, strlen(buf), 0, 0, BIG, &v), NUM_OK);
		assert_int_equal(v, want);
		want %= 100000000000000ull;
		num_fmt_fixed(buf, want, 4);
		assert_int_equal(num_parse_fixed(buf, strlen(buf), 4, 0, BIG, &v), NUM_OK);
		assert_int_equal(v, want);
	}
}

/* Amounts of won, plain or in Korean units (--cash, --in-kind). */
static void
test_parse_won(void **state)
{
	static const struct {
		const char *in;
		enum num_status st;
		uint64_t v;
	} rows[] = {
		{ "300000000", NUM_OK, 300000000 }, { "300,000,000", NUM_OK, 300000000 },
		{ "3억", NUM_OK, 300000000 }, { " 3억 ", NUM_OK, 300000000 }, { "3 억", NUM_OK, 300000000 },
		{ "12억", NUM_OK, 1200000000 }, { "1억 2,000만", NUM_OK, 120000000 },
		{ "1억5000만", NUM_OK, 150000000 }, { "1억5000만원", NUM_OK, 150000000 },
		{ "5000만", NUM_OK, 50000000 }, { "1.5억", NUM_OK, 150000000 },
		{ "168억 9,600만", NUM_OK, 16896000000 }, { "8억 8,926만 3,158", NUM_OK, 889263158 },
		{ "8억 8,926만 3,158원", NUM_OK, 889263158 }, { "1조 2억", NUM_OK, 1000200000000 },
		{ "0", NUM_OK, 0 }, { "0원", NUM_OK, 0 }, { "1.2345만", NUM_OK, 12345 },
		{ "", NUM_EMPTY, 0 }, { "원", NUM_EMPTY, 0 }, { "  ", NUM_EMPTY, 0 },
		{ "-1억", NUM_NEGATIVE, 0 }, { "-5", NUM_NEGATIVE, 0 },
		{ "5만 3억", NUM_SYNTAX, 0 },           /* units largest first */
		{ "3억 3억", NUM_SYNTAX, 0 }, { "1억 10000만", NUM_SYNTAX, 0 }, { "1만 10000", NUM_SYNTAX, 0 },
		{ "1억 9999만 9999", NUM_OK, 199999999 }, { "12000만", NUM_OK, 120000000 }, { "5 3억", NUM_SYNTAX, 0 }, { "억", NUM_SYNTAX, 0 },
		{ "3억x", NUM_SYNTAX, 0 }, { "3x", NUM_SYNTAX, 0 }, { "3e8", NUM_SYNTAX, 0 },
		{ "1.5", NUM_PLACES, 0 },               /* half a won */
		{ "1.23456만", NUM_PLACES, 0 }, { "10,00만", NUM_GROUPING, 0 },
		{ "18446744073709551616", NUM_TOO_LARGE, 0 }, { "1844경", NUM_OK, 18440000000000000000ull },
		{ "1845경", NUM_TOO_LARGE, 0 }, { "1844경 6745조", NUM_TOO_LARGE, 0 }, { "1경 1", NUM_OK, 10000000000000001ull },
		{ "20000000조", NUM_TOO_LARGE, 0 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		uint64_t v = 77;
		enum num_status st = num_parse_won(rows[i].in, strlen(rows[i].in), UINT64_MAX, &v);
		if (st != rows[i].st)
			fail_msg("row %zu '%s': status %d, want %d", i, rows[i].in, st, rows[i].st);
		if (st == NUM_OK && v != rows[i].v)
			fail_msg("row %zu '%s': %llu, want %llu", i, rows[i].in, (unsigned long long)v,
			         (unsigned long long)rows[i].v);
		if (st != NUM_OK && v != 77)
			fail_msg("row %zu '%s': written on failure", i, rows[i].in);
	}
	uint64_t v;
	assert_int_equal(num_parse_won("3억", strlen("3억"), 299999999, &v), NUM_TOO_LARGE);
	assert_int_equal(num_parse_won("3억", strlen("3억"), 300000000, &v), NUM_OK);
	/* Every amount printed in Korean units reads back as itself. */
	static const uint64_t back[] = { 0, 1, 9999, 10000, 10001, 99999999, 100000000, 889263158,
	                                 16896000000, 1000000000000, 1234567890123456789ull };
	for (size_t i = 0; i < sizeof back / sizeof back[0]; i++) {
		char buf[NUM_BUF];
		size_t n = num_fmt_korean(buf, back[i]);
		assert_int_equal(num_parse_won(buf, n, UINT64_MAX, &v), NUM_OK);
		assert_true(v == back[i]);
	}
}

static void
test_strerror(void **state)
{
	(void)state;
	assert_string_equal(num_strerror(NUM_SYNTAX), "not a number");
	assert_string_equal(num_strerror(NUM_PLACES), "too many decimal places");
	assert_string_equal(num_strerror(NUM_STATUS_COUNT), "unknown number error");
	for (int s = 0; s < NUM_STATUS_COUNT; s++)
		assert_non_null(num_strerror((enum num_status)s));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_len),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_grouped_korean),
		cmocka_unit_test(test_grouped_len),
		cmocka_unit_test(test_amount_in_place),
		cmocka_unit_test(test_format_fixed),
		cmocka_unit_test(test_format_fixed_places),
		cmocka_unit_test(test_format_boundaries),
		cmocka_unit_test(test_format_uint),
		cmocka_unit_test(test_format_uint_reference),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_parse_won),
		cmocka_unit_test(test_strerror),
	};
	return cmocka_run_group_tests_name("num", tests, NULL, NULL);
}
