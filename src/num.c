/*
 * num.c - exact decimal parsing and integer printing.  See num.h.
 */
#include "num.h"

#include <stdbool.h>
#include <string.h>

#include "i18n.h"

static const char *const num_messages[NUM_STATUS_COUNT] = {
	[NUM_OK]        = "ok",
	[NUM_EMPTY]     = N_("empty"),
	[NUM_SYNTAX]    = N_("not a number"),
	[NUM_NEGATIVE]  = N_("negative"),
	[NUM_GROUPING]  = N_("misplaced thousands separator"),
	[NUM_PLACES]    = N_("too many decimal places"),
	[NUM_TOO_SMALL] = N_("too small"),
	[NUM_TOO_LARGE] = N_("too large"),
};

const char *
num_strerror(enum num_status status)
{
	if ((unsigned)status >= NUM_STATUS_COUNT)
		return _("unknown number error");
	return _(num_messages[status]);
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t';
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Appends digit D to *V; false when the result would not fit. */
static bool
push_digit(uint64_t *v, unsigned d)
{
	return !__builtin_mul_overflow(*v, 10, v) && !__builtin_add_overflow(*v, d, v);
}

enum num_status
num_parse_fixed(const char *s, size_t len, unsigned places,
                uint64_t min, uint64_t max, uint64_t *out)
{
	const char *p = s, *end = s + len;
	uint64_t v = 0;
	bool overflow = false;

	/*
	 * The common case first: plain digits and at most PLACES decimals, no
	 * spaces or separators, and at most 19 digits once scaled, so that no
	 * overflow is possible.
	 */
	if (len > 0 && len + places <= 19 && is_digit(s[0])) {
		size_t i = 0, frac = 0;
		while (i < len && is_digit(s[i]))
			v = v * 10 + (unsigned)(s[i++] - '0');
		if (i + 1 < len && s[i] == '.') {
			for (i++; i < len && is_digit(s[i]) && frac < places; i++, frac++)
				v = v * 10 + (unsigned)(s[i] - '0');
		}
		if (i == len) {
			for (; frac < places; frac++)
				v *= 10;
			if (v > max)
				return NUM_TOO_LARGE;
			if (v < min)
				return NUM_TOO_SMALL;
			*out = v;
			return NUM_OK;
		}
		v = 0;
	}

	while (p < end && is_space(*p))
		p++;
	while (end > p && is_space(end[-1]))
		end--;
	if (p == end)
		return NUM_EMPTY;
	if (*p == '-' && end - p > 1 && is_digit(p[1]))
		return NUM_NEGATIVE;

	/*
	 * Integer part: digits, optionally in comma groups.  The first group
	 * has 1 to 3 digits once a comma appears; every later group exactly 3.
	 */
	size_t group = 0;            /* digits in the current group */
	bool grouped = false;        /* a comma has been seen */
	if (!is_digit(*p))
		return NUM_SYNTAX;
	for (; p < end && *p != '.'; p++) {
		if (*p == ',') {
			if (group == 0 || (grouped ? group != 3 : group > 3))
				return NUM_GROUPING;
			grouped = true;
			group = 0;
		} else if (is_digit(*p)) {
			group++;
			overflow |= !push_digit(&v, (unsigned)(*p - '0'));
		} else {
			return NUM_SYNTAX;
		}
	}
	if (grouped && group != 3)
		return NUM_GROUPING;

	/* Fraction: at least one digit; digits past PLACES must be zeros. */
	unsigned seen = 0;
	if (p < end) {
		p++;                         /* the '.' */
		if (p == end)
			return NUM_SYNTAX;
		bool excess = false;
		for (; p < end; p++) {
			if (*p == ',')
				return NUM_GROUPING;
			if (!is_digit(*p))
				return NUM_SYNTAX;
			if (seen < places)
				overflow |= !push_digit(&v, (unsigned)(*p - '0'));
			else if (*p != '0')
				excess = true;
			seen++;
		}
		if (excess)
			return NUM_PLACES;
	}
	for (; seen < places; seen++)
		overflow |= !push_digit(&v, 0);

	if (overflow || v > max)
		return NUM_TOO_LARGE;
	if (v < min)
		return NUM_TOO_SMALL;
	*out = v;
	return NUM_OK;
}

/* Korean units of won, largest first. */
static const struct {
	const char *word;       /* UTF-8 */
	size_t len;
	uint64_t value;
} korean_units[] = {
	{ "경", sizeof "경" - 1, 10000000000000000ull },
	{ "조", sizeof "조" - 1, 1000000000000ull },
	{ "억", sizeof "억" - 1, 100000000ull },
	{ "만", sizeof "만" - 1, 10000ull },
};

enum num_status
num_parse_won(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	const char *p = s, *end = s + len;
	uint64_t total = 0, below = UINT64_MAX;     /* units must come largest first */
	bool any = false;

	while (p < end && is_space(*p))
		p++;
	while (end > p && is_space(end[-1]))
		end--;
	if (end - p >= (long)(sizeof "원" - 1) && memcmp(end - (sizeof "원" - 1), "원", sizeof "원" - 1) == 0)
		end -= sizeof "원" - 1;
	while (end > p && is_space(end[-1]))
		end--;
	if (p == end)
		return NUM_EMPTY;
	if (*p == '-')
		return NUM_NEGATIVE;
	while (p < end) {
		/* A number (separators and, before a unit, decimals) up to a unit or the end. */
		const char *q = p;
		while (q < end && (is_digit(*q) || *q == ',' || *q == '.'))
			q++;
		if (q == p)
			return NUM_SYNTAX;
		const char *num_end = q;
		while (q < end && is_space(*q))
			q++;
		uint64_t unit = 1;
		for (size_t u = 0; u < sizeof korean_units / sizeof korean_units[0]; u++) {
			if ((size_t)(end - q) >= korean_units[u].len &&
			    memcmp(q, korean_units[u].word, korean_units[u].len) == 0) {
				unit = korean_units[u].value;
				q += korean_units[u].len;
				break;
			}
		}
		if (unit >= below || (unit == 1 && q != end))
			return NUM_SYNTAX;      /* units out of order, or a bare number before more */
		uint64_t room = below;  /* a part after a larger unit is less than one of it */
		below = unit;
		/* Decimals only as far as they stay whole won: 1.5억, not 1.5만5. */
		unsigned places = 0;
		for (uint64_t u = unit; u >= 10 && places < 9; u /= 10)
			places++;
		uint64_t v, scale = 1;
		enum num_status st = num_parse_fixed(p, (size_t)(num_end - p), places, 0, UINT64_MAX, &v);
		if (st != NUM_OK)
			return st == NUM_EMPTY ? NUM_SYNTAX : st;
		for (unsigned k = 0; k < places; k++)
			scale *= 10;
		uint64_t part;
		if (__builtin_mul_overflow(v, unit / scale, &part))
			return NUM_TOO_LARGE;
		if (any && part >= room)
			return NUM_SYNTAX;      /* 1억 10000만: a part as large as the unit before it */
		if (__builtin_add_overflow(total, part, &total))
			return NUM_TOO_LARGE;
		any = true;
		p = q;
		while (p < end && is_space(*p))
			p++;
	}
	if (!any)
		return NUM_SYNTAX;
	if (total > max)
		return NUM_TOO_LARGE;
	*out = total;
	return NUM_OK;
}

/* "00" .. "99": two digits per table look-up (see num.h). */
const char num_pairs[] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

/*
 * V above 2^64 / 10^8, twelve digits or more: the digits of V / 10^8, then
 * the eight of V % 10^8, whose quotient by 10^8 is 0, so that its product
 * fits in 64 bits and is all fraction.  Out of line (see num_put_digits()).
 */
size_t
num_twelve_or_more(char *buf, uint64_t v)
{
	size_t n = num_fmt_uint(buf, v / 100000000);
	num_eight_digits(buf + n, v % 100000000 * NUM_ABOVE_1E8);
	buf[n + 8] = '\0';
	return n + 8;
}

size_t
num_fmt_uint(char *buf, uint64_t v)
{
	char *end = num_put_digits(buf, v);
	*end = '\0';
	return (size_t)(end - buf);
}

/* 10^K for K up to 19, the most a uint64_t has digits for but one. */
static const uint64_t powers_of_ten[20] = {
	1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull, 100000000ull,
	1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull, 10000000000000ull,
	100000000000000ull, 1000000000000000ull, 10000000000000000ull, 100000000000000000ull,
	1000000000000000000ull, 10000000000000000000ull,
};

/* How many decimal digits V has; 0 has one. */
static inline size_t
digits_of(uint64_t v)
{
	/*
	 * The digits from the bits: a number of B bits (2^(B-1) <= V < 2^B)
	 * has B * log10(2) digits, give or take one; 1233 / 4096 is log10(2)
	 * closely enough for every B up to 64 that K below is the digits less
	 * one or the digits themselves, and the power of ten tells which.
	 */
	uint64_t x = v | 1;             /* as many digits as V, and some bits for clz */
	unsigned bits = 64 - (unsigned)__builtin_clzll(x);
	unsigned k = bits * 1233 >> 12;
	return k + (x >= powers_of_ten[k]);
}

size_t
num_grouped_len(uint64_t v)
{
	size_t n = digits_of(v);
	return n + (n - 1) / 3;
}

/*
 * The digits for grouped and Korean amounts: V with zeros in front, in
 * whole groups of four, as Korean units count them: twelve digits (억, 만
 * and the rest) for V up to 2^64 / 10^8, the bound of the fraction after
 * the first four, which holds every amount of a batch; twenty, all a
 * uint64_t can have, for the rest.
 */
#define PADDED_MAX 20

/* X, below 10^4, as four digits at P, zeros in front. */
static inline void
four_digits(char *p, unsigned x)
{
	unsigned high = x / 100;
	memcpy(p, num_pairs + 2 * high, 2);
	memcpy(p + 2, num_pairs + 2 * (x - 100 * high), 2);
}

/* V's digits as above at P (room for PADDED_MAX and a NUL), NUL-terminated; returns how many. */
static inline size_t
padded_digits(char *p, uint64_t v)
{
	uint64_t f;
	if (v <= UINT64_MAX / 100000000) {
		four_digits(p, (unsigned)num_mul_wide(v, NUM_ABOVE_1E8, &f));   /* below 1845 */
		num_eight_digits(p + 4, f);
		p[12] = '\0';
		return 12;
	}
	uint64_t q = v / 100000000;     /* from above 2^64 / 10^8 down to 2^64 / 10^16 */
	four_digits(p, (unsigned)(q / 100000000));
	num_eight_digits(p + 4, q % 100000000 * NUM_ABOVE_1E8);
	num_eight_digits(p + 12, v % 100000000 * NUM_ABOVE_1E8);
	p[20] = '\0';
	return 20;
}

/*
 * The N decimal digits at D, at most 20, grouped by threes with commas,
 * into BUF; the byte after them is read (a NUL, or the next digit) and not
 * written.
 */
static inline size_t
grouped_from(char *buf, const char *d, size_t n)
{
	if (n <= 3) {
		buf[0] = d[0];
		if (n > 1)
			buf[1] = d[1];
		if (n > 2)
			buf[2] = d[2];
		buf[n] = '\0';
		return n;
	}
	/*
	 * The first group of one to three digits, then ",ddd" for each of the
	 * K others, left to right, each at its place from the end (a switch
	 * falling through, not a loop); every copy of four bytes, one move.
	 * What a copy takes too many (the first group's, which may be
	 * shorter, and the byte after each group's three digits: the next
	 * digit or the NUL) the next comma, or the NUL, writes over.
	 */
	size_t k = (n - 1) * 11 >> 5;   /* (n - 1) / 3 for n up to 20 */
	char *end = buf + n + k;
	const char *last = d + n;
	memcpy(buf, d, 4);
	switch (k) {
	case 6: end[-24] = ','; memcpy(end - 23, last - 18, 4); /* fall through */
	case 5: end[-20] = ','; memcpy(end - 19, last - 15, 4); /* fall through */
	case 4: end[-16] = ','; memcpy(end - 15, last - 12, 4); /* fall through */
	case 3: end[-12] = ','; memcpy(end - 11, last - 9, 4);  /* fall through */
	case 2: end[-8] = ',';  memcpy(end - 7, last - 6, 4);   /* fall through */
	default: end[-4] = ','; memcpy(end - 3, last - 3, 4);
	}
	*end = '\0';
	return n + k;
}

size_t
num_fmt_grouped(char *buf, uint64_t v)
{
	char d[PADDED_MAX + 1];
	if (v < 1000)                   /* no comma: a count of GPUs */
		return num_fmt_uint(buf, v);
	size_t n = digits_of(v);
	return grouped_from(buf, d + padded_digits(d, v) - n, n);
}

/* Whether the group of four digits at S is all zeros: one compare of four bytes. */
static inline bool
zero_group(const char *s)
{
	return memcmp(s, "0000", 4) == 0;
}

/*
 * The group of four digits at S, not all zeros, at P in Korean units: its
 * zeros in front left out, a comma after the first of four, then UNIT, its
 * unit and a space (four bytes).  Returns the end.  What a copy of four
 * digits takes too many, up to three past the group's, the unit writes over.
 */
static inline char *
korean_group(char *p, const char *s, const char unit[4])
{
	if (s[0] != '0') {
		p[0] = s[0];
		p[1] = ',';
		memcpy(p + 2, s + 1, 4);
		p += 5;
	} else {
		size_t zeros = s[1] != '0' ? 1 : s[2] != '0' ? 2 : 3;
		memcpy(p, s + zeros, 4);
		p += 4 - zeros;
	}
	memcpy(p, unit, 4);
	return p + 4;
}

/*
 * The same for the last group, which has no unit: copied byte for byte,
 * to write nothing past the text, and NUL-terminated.
 */
static inline char *
korean_last(char *p, const char *s)
{
	size_t zeros = s[0] != '0' ? 0 : s[1] != '0' ? 1 : s[2] != '0' ? 2 : 3;
	if (zeros == 0) {               /* "d," then the other three, as after one zero */
		p[0] = s[0];
		p[1] = ',';
		p += 2;
		zeros = 1;
	}
	p[0] = s[zeros];
	if (zeros < 3)
		p[1] = s[zeros + 1];
	if (zeros < 2)
		p[2] = s[zeros + 2];
	p += 4 - zeros;
	*p = '\0';
	return p;
}

/*
 * V, above 0, in Korean units into BUF, from its PADDED digits at D (see
 * padded_digits()): group by group of four, largest first, those of zeros
 * left out, each followed by its unit and a space; the last space, when
 * the last group is left out, becomes the NUL.  Straight code, a group at
 * a time with its unit, for the twelve digits of nearly every amount.
 */
static inline __attribute__((always_inline)) size_t
korean_from(char *buf, const char *d, size_t padded)
{
	char *p = buf;
	if (padded == 20) {
		if (!zero_group(d))
			p = korean_group(p, d, "경 ");
		if (!zero_group(d + 4))
			p = korean_group(p, d + 4, "조 ");
		d += 8;
	}
	if (!zero_group(d))
		p = korean_group(p, d, "억 ");
	if (!zero_group(d + 4))
		p = korean_group(p, d + 4, "만 ");
	if (!zero_group(d + 8))
		return (size_t)(korean_last(p, d + 8) - buf);
	p[-1] = '\0';                  /* the space after the last unit */
	return (size_t)(p - 1 - buf);
}

size_t
num_fmt_korean(char *buf, uint64_t v)
{
	char d[PADDED_MAX + 1];
	if (v == 0)
		return num_fmt_uint(buf, 0);
	return korean_from(buf, d, padded_digits(d, v));
}

size_t
num_fmt_fixed(char *buf, uint64_t v, unsigned places)
{
	/*
	 * The digits of V, at least PLACES + 1 of them, then the point put in
	 * before the last PLACES and the fraction's trailing zeros dropped: no
	 * division by 10^PLACES, which would be by a number not known here.
	 */
	size_t n = num_fmt_uint(buf, v);
	if (places == 0)
		return n;
	if (n <= places) {              /* 0.0001: zeros before the digits */
		size_t zeros = places + 1 - n;
		memmove(buf + zeros, buf, n);
		memset(buf, '0', zeros);
		n += zeros;
	}
	size_t whole = n - places, frac = places;
	while (frac > 0 && buf[whole + frac - 1] == '0')
		frac--;
	if (frac > 0) {
		memmove(buf + whole + 1, buf + whole, frac);
		buf[whole] = '.';
		whole += 1 + frac;
	}
	buf[whole] = '\0';
	return whole;
}

size_t
num_fmt_amount(char *grouped, char *korean, size_t *korean_len, uint64_t v)
{
	char d[PADDED_MAX + 1];
	size_t padded = padded_digits(d, v), n = digits_of(v);
	*korean_len = v == 0 ? num_fmt_uint(korean, 0) : korean_from(korean, d, padded);
	return grouped_from(grouped, d + padded - n, n);
}
