/*
 * calendar.c - dates and periods.  See calendar.h.
 */
#include "calendar.h"


bool
cal_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int
cal_days_in_month(int year, int month)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (month < 1 || month > 12)
		return 0;
	return days[month - 1] + (month == 2 && cal_leap(year));
}

/* The N ASCII digits at S as a number, or -1. */
static int
digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool
cal_parse(const char *s, size_t len, struct cal_date *d)
{
	while (len > 0 && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len != 10 || s[4] != '-' || s[7] != '-')
		return false;
	struct cal_date t = { digits(s, 4), digits(s + 5, 2), digits(s + 8, 2) };
	if (t.year < 1900 || t.month < 1 || t.month > 12 || t.day < 1 ||
	    t.day > cal_days_in_month(t.year, t.month))
		return false;
	*d = t;
	return true;
}

char *
cal_format(char *buf, struct cal_date d)
{
	/* Digit by digit: the fields of a valid date always fit. */
	unsigned y = (unsigned)d.year % 10000, m = (unsigned)d.month % 100, day = (unsigned)d.day % 100;
	const unsigned parts[] = { y / 1000, y / 100 % 10, y / 10 % 10, y % 10, 10, m / 10, m % 10, 10,
	                           day / 10, day % 10 };
	for (int i = 0; i < 10; i++)
		buf[i] = parts[i] == 10 ? '-' : (char)('0' + parts[i]);
	buf[10] = '\0';
	return buf;
}

/* Leap years from year 1 to Y - 1. */
static long
leaps_before(int y)
{
	long p = y - 1;
	return p / 4 - p / 100 + p / 400;
}

long
cal_serial(struct cal_date d)
{
	static const int before_month[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
	long days = 365L * (d.year - 1900) + leaps_before(d.year) - leaps_before(1900);
	days += before_month[d.month - 1] + (d.month > 2 && cal_leap(d.year));
	return days + d.day - 1;
}

struct cal_date
cal_next_day(struct cal_date d)
{
	if (++d.day > cal_days_in_month(d.year, d.month)) {
		d.day = 1;
		if (++d.month > 12) {
			d.month = 1;
			d.year++;
		}
	}
	return d;
}

struct cal_date
cal_add_days(struct cal_date d, long days)
{
	/* To the 1st of the next month while a month's rest fits, then day by day. */
	while (days >= 31) {
		int left = cal_days_in_month(d.year, d.month) - d.day + 1;   /* to the 1st of next month */
		days -= left;
		d.day = 1;
		if (++d.month > 12)
			d.month = 1, d.year++;
	}
	while (days-- > 0)
		d = cal_next_day(d);
	return d;
}

static uint64_t
gcd(uint64_t a, uint64_t b)
{
	while (b != 0) {
		uint64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

bool
cal_months(struct cal_date from, struct cal_date to, struct cal_months *m)
{
	if (cal_serial(to) < cal_serial(from))
		return false;
	uint64_t num, den;
	if (from.year == to.year && from.month == to.month) {
		/* One month: its days over its length (a whole month is 1). */
		num = (uint64_t)(to.day - from.day + 1);
		den = (uint64_t)cal_days_in_month(from.year, from.month);
	} else {
		/* The rest of the first month, the whole months between, the start of the last. */
		uint64_t d1 = (uint64_t)cal_days_in_month(from.year, from.month);
		uint64_t d2 = (uint64_t)cal_days_in_month(to.year, to.month);
		uint64_t first = d1 - (uint64_t)from.day + 1, last = (uint64_t)to.day;
		uint64_t between = (uint64_t)((to.year - from.year) * 12 + (to.month - from.month) - 1);
		num = between * d1 * d2 + first * d2 + last * d1;
		den = d1 * d2;
	}
	uint64_t g = gcd(num, den);
	m->num = num / g;
	m->den = den / g;
	return true;
}
