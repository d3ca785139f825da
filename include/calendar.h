/*
 * calendar.h - dates and agreement periods: strict YYYY-MM-DD dates, and
 * the exact number of months in an inclusive period, whole calendar months
 * plus each partial month prorated by its own number of days.
 *
 *   2025-11-01 .. 2026-09-09  ->  10 + 9/30      = 103/10  months
 *   2025-11-15 .. 2026-09-09  ->  16/30 + 9 + 9/30 = 59/6  months
 *
 * Pure functions of their arguments; no time zone, no clock.
 */
#ifndef KAI_CALENDAR_H
#define KAI_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cal_date {
	int year;    /* 1900 .. 9999 */
	int month;   /* 1 .. 12 */
	int day;     /* 1 .. days in that month */
};

/* An exact number of months, NUM / DEN in lowest terms. */
struct cal_months {
	uint64_t num, den;
};

/*
 * Parses the LEN bytes at S, surrounding spaces allowed, as a real date in
 * the form YYYY-MM-DD (years 1900 to 9999).  Returns false for anything
 * else: 2026-2-3, 2026-02-30, 20260203.
 */
bool cal_parse(const char *s, size_t len, struct cal_date *d);

/* Writes D as YYYY-MM-DD into BUF (at least 11 bytes); returns BUF. */
char *cal_format(char *buf, struct cal_date d);

bool cal_leap(int year);
int cal_days_in_month(int year, int month);

/* Days since 1900-01-01: a total order on dates, and their distance. */
long cal_serial(struct cal_date d);

/* The day after D. */
struct cal_date cal_next_day(struct cal_date d);

/* The date DAYS (0 or more) days after D. */
struct cal_date cal_add_days(struct cal_date d, long days);

/*
 * The months in the inclusive period FROM .. TO, exactly: whole calendar
 * months count 1, a partial month its days over that month's days.
 * Returns false when TO is before FROM.
 */
bool cal_months(struct cal_date from, struct cal_date to, struct cal_months *m);

#endif
