/*
 * test_calendar.c - dates, and months in a period counted exactly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "calendar.h"
#include "check.h"

static void
test_parse(void **state)
{
	static const struct {
		const char *text;
		bool ok;
		int y, m, d;
	} rows[] = {
		{ "2025-11-01", true, 2025, 11, 1 },
		{ " 2026-09-09 ", true, 2026, 9, 9 },
		{ "2024-02-29", true, 2024, 2, 29 },          /* leap year */
		{ "2000-02-29", true, 2000, 2, 29 },          /* divisible by 400 */
		{ "1900-01-01", true, 1900, 1, 1 },
		{ "9999-12-31", true, 9999, 12, 31 },
		{ "2025-02-29", false, 0, 0, 0 },
		{ "1900-02-29", false, 0, 0, 0 },             /* divisible by 100 */
		{ "2026-04-31", false, 0, 0, 0 },
		{ "2026-13-01", false, 0, 0, 0 },
		{ "2026-00-10", false, 0, 0, 0 },
		{ "2026-01-00", false, 0, 0, 0 },
		{ "1899-12-31", false, 0, 0, 0 },
		{ "2026-2-3", false, 0, 0, 0 },
		{ "20260203", false, 0, 0, 0 },
		{ "2026/02/03", false, 0, 0, 0 },
		{ "2026-02-03x", false, 0, 0, 0 },
		{ "", false, 0, 0, 0 },
		{ "2026-0a-03", false, 0, 0, 0 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct cal_date d = { 0, 0, 0 };
		CHECK_INT(i, cal_parse(rows[i].text, strlen(rows[i].text), &d), rows[i].ok);
		CHECK_INT(i, d.year, rows[i].y);
		CHECK_INT(i, d.month, rows[i].m);
		CHECK_INT(i, d.day, rows[i].d);
	}
	char buf[11];
	assert_string_equal(cal_format(buf, (struct cal_date){ 2026, 9, 9 }), "2026-09-09");
}

static void
test_serial(void **state)
{
	(void)state;
	assert_int_equal(cal_serial((struct cal_date){ 1900, 1, 1 }), 0);
	assert_int_equal(cal_serial((struct cal_date){ 1900, 3, 1 }), 59);     /* 1900 is not leap */
	assert_int_equal(cal_serial((struct cal_date){ 1901, 1, 1 }), 365);
	/* 2025-11-01 .. 2026-09-09 is 313 days apart */
	assert_int_equal(cal_serial((struct cal_date){ 2026, 9, 9 }) - cal_serial((struct cal_date){ 2025, 11, 1 }), 312);
	/* every day is one more than the day before, across months, years and leap days */
	struct cal_date d = { 1999, 12, 1 };
	long prev = cal_serial(d);
	for (int i = 0; i < 4000; i++) {
		d = cal_next_day(d);
		assert_int_equal(cal_serial(d), prev + 1);
		assert_true(d.day >= 1 && d.day <= cal_days_in_month(d.year, d.month));
		prev++;
	}
	assert_int_equal(d.year, 2010);
}

static void
test_months(void **state)
{
	static const struct {
		const char *from, *to;
		uint64_t num, den;
	} rows[] = {
		{ "2025-11-01", "2026-09-09", 103, 10 },      /* the programme: 10.3 */
		{ "2025-11-15", "2026-09-09", 59, 6 },        /* 9.8333... */
		{ "2025-11-01", "2026-03-31", 5, 1 },         /* stage 1 */
		{ "2026-04-01", "2026-09-09", 53, 10 },       /* stage 2: 5 + 9/30 */
		{ "2026-01-01", "2026-01-31", 1, 1 },
		{ "2026-01-01", "2026-01-01", 1, 31 },
		{ "2026-02-01", "2026-02-14", 1, 2 },         /* 14 of 28 days */
		{ "2024-02-01", "2024-02-14", 14, 29 },       /* 14 of 29 days in a leap year */
		{ "2024-02-15", "2024-03-15", 900, 899 },     /* 15/29 + 15/31 */
		{ "2025-12-31", "2026-01-01", 2, 31 },        /* 1/31 + 1/31 */
		{ "2026-01-31", "2026-03-01", 33, 31 },       /* 1/31 + February + 1/31 */
		{ "2025-01-01", "2025-12-31", 12, 1 },
		{ "1900-01-01", "1999-12-31", 1200, 1 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct cal_date from, to;
		struct cal_months m;
		assert_true(cal_parse(rows[i].from, 10, &from));
		assert_true(cal_parse(rows[i].to, 10, &to));
		CHECK_INT(i, cal_months(from, to, &m), true);
		CHECK_INT(i, m.num, rows[i].num);
		CHECK_INT(i, m.den, rows[i].den);
	}
	struct cal_months m;
	assert_false(cal_months((struct cal_date){ 2026, 9, 9 }, (struct cal_date){ 2026, 9, 8 }, &m));
}

/* cal_add_days agrees with stepping a day at a time; months grow with the end date. */
static void
test_add_days(void **state)
{
	(void)state;
	struct cal_date start = { 2023, 12, 25 };
	for (int k = 0; k < 800; k++, start = cal_next_day(start)) {
		struct cal_date d = start;
		for (long n = 0; n <= 800; n++, d = cal_next_day(d)) {
			struct cal_date got = cal_add_days(start, n);
			if (got.year != d.year || got.month != d.month || got.day != d.day)
				fail_msg("%d-%d-%d + %ld", start.year, start.month, start.day, n);
		}
	}
	/* The months of FROM .. END never shrink as END moves on: --solve end searches on that. */
	struct cal_date from = { 2024, 1, 1 };
	for (int k = 0; k < 800; k++, from = cal_next_day(from)) {
		struct cal_months prev = { 0, 1 }, m;
		struct cal_date end = from;
		for (int n = 0; n < 800; n++, end = cal_next_day(end)) {
			assert_true(cal_months(from, end, &m));
			if ((unsigned __int128)m.num * prev.den < (unsigned __int128)prev.num * m.den)
				fail_msg("months shrink: %d-%d-%d .. %d-%d-%d", from.year, from.month, from.day,
				         end.year, end.month, end.day);
			prev = m;
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_days),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_serial),
		cmocka_unit_test(test_months),
	};
	return cmocka_run_group_tests_name("calendar", tests, NULL, NULL);
}
