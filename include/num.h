/*
 * num.h - exact numbers: parse decimal text into scaled integers and print
 * integers back as text, plain, grouped with thousands separators, as exact
 * decimals, or in Korean units (경, 조, 억, 만).
 *
 * Nothing here uses floating point.  A decimal with up to PLACES fractional
 * digits is held as an integer scaled by 10^PLACES: "10.3" with PLACES 4 is
 * 103000.  All functions are pure and thread-safe.
 */
#ifndef KAI_NUM_H
#define KAI_NUM_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Why a text is not an acceptable number.  num_strerror() has the words. */
enum num_status {
	NUM_OK,
	NUM_EMPTY,        /* nothing but spaces */
	NUM_SYNTAX,       /* not a plain decimal number */
	NUM_NEGATIVE,     /* a leading '-' */
	NUM_GROUPING,     /* a thousands separator out of place: "1,00", "10,3" */
	NUM_PLACES,       /* a non-zero digit past the allowed decimal places */
	NUM_TOO_SMALL,    /* below the given minimum */
	NUM_TOO_LARGE,    /* above the given maximum */
	NUM_STATUS_COUNT
};

/* Short reason for STATUS, e.g. "not a number"; never NULL. */
const char *num_strerror(enum num_status status);

/*
 * Parses the LEN bytes at S as a non-negative decimal with at most PLACES
 * (0 to 9) fractional digits and stores it, scaled by 10^PLACES, in *OUT.
 *
 * Accepted: surrounding spaces and tabs; ASCII digits; commas as thousands
 * separators in the integer part, in groups of exactly three ("6,600,000");
 * a '.' followed by at least one digit.  Trailing zeros past PLACES are exact
 * and accepted ("10.30000" is 10.3).  Everything else is rejected: signs,
 * exponents, "10.", ".5", "1,00", "10,3" (a decimal comma must not become
 * 103).  The value must lie in [MIN, MAX], both in scaled units.
 *
 *   num_parse_fixed(" 6,600,000 ", 11, 0, 1, 10000000000, &v) -> NUM_OK, v = 6600000
 *   num_parse_fixed("10.3", 4, 4, 1, 12000000, &v)           -> NUM_OK, v = 103000
 *   num_parse_fixed("1.23456", 7, 4, 1, 12000000, &v)        -> NUM_PLACES
 *
 * *OUT is written only on NUM_OK.
 */
enum num_status num_parse_fixed(const char *s, size_t len, unsigned places,
                                uint64_t min, uint64_t max, uint64_t *out);

/*
 * Parses the LEN bytes at S as an amount of whole won, at most MAX: plain
 * ("300000000", "300,000,000") or in Korean units (경, 조, 억, 만) largest
 * first, as num_fmt_korean() writes them, each part
 * as num_parse_fixed() reads it, with decimals only as far as the amount
 * stays whole ("1.5억"); spaces between parts and a final 원 are allowed:
 *   "3억" -> 300000000   "1억 2,000만" -> 120000000   "1억5000만원" -> 150000000
 *   "12억 3,456" -> 1200003456   "5만 3억" -> NUM_SYNTAX   "-1억" -> NUM_NEGATIVE
 */
enum num_status num_parse_won(const char *s, size_t len, uint64_t max, uint64_t *out);

/* Big enough for any uint64_t in any of the formats below, with its NUL. */
#define NUM_BUF 64

/*
 * Each printer writes V into BUF (at least NUM_BUF bytes), NUL-terminated,
 * and returns the length without the NUL.
 */
size_t num_fmt_uint(char *buf, uint64_t v);                   /* 16896000000 */
size_t num_fmt_grouped(char *buf, uint64_t v);                /* 16,896,000,000 */
size_t num_fmt_fixed(char *buf, uint64_t v, unsigned places); /* 103000,4 -> 10.3; 100000,4 -> 10 */
/*
 * Korean units, largest first, zero groups left out, each group grouped with
 * commas; the caller adds the unit word (원):
 *   16896000000 -> "168억 9,600만"   889263158 -> "8억 8,926만 3,158"
 *   100000000   -> "1억"             0         -> "0"
 */
size_t num_fmt_korean(char *buf, uint64_t v);
/*
 * Both of the above from one conversion to digits, as a table prints an
 * amount: grouped into GROUPED (returns its length), Korean into KOREAN
 * (its length in *KOREAN_LEN); each at least NUM_BUF bytes.  Nothing is
 * written but the two texts and their NULs, so both may go straight into
 * one line: GROUPED, a few bytes, then KOREAN past the grouped text's NUL
 * (num_grouped_len() says where that is).
 */
size_t num_fmt_amount(char *grouped, char *korean, size_t *korean_len, uint64_t v);

/* The length num_fmt_grouped() gives V, without printing it: 16896000000 -> 14. */
size_t num_grouped_len(uint64_t v);

/*
 * num_fmt_uint() inline and without its NUL, for a writer that prints
 * many numbers a record (output.c's columns) and puts a separator after
 * each: the same printer, which num.c's num_fmt_uint() calls.  What it is
 * made of follows; nothing else is to use it.
 */
static inline char *num_put_digits(char *buf, uint64_t v);

/* "00" .. "99": two digits per table look-up. */
extern const char num_pairs[];

/* num_put_digits() for V above 2^64 / 10^8, out of line: rare, and it saves registers. */
size_t num_twelve_or_more(char *buf, uint64_t v);

/*
 * Digits by fixed-point fractions (James Anhalt's method) instead of a
 * division per pair: for N < 2^64 / 10^K, the 128-bit product of N and
 * 2^64 / 10^K rounded up is N / 10^K in 64.64 fixed point.  Its high half is
 * the quotient, and its low half a fraction whose decimal digits are those of
 * N % 10^K: each multiplication of the fraction by 100 carries the next two
 * into the high half.
 *
 * Why every digit comes out exact: the multiplier is 2^64 / 10^K + E with
 * 0 < E <= 1, so for N = Q * 10^K + R the product is
 * Q * 2^64 + R * 2^64 / 10^K + N * E.  R is at most 10^K - 1, which leaves
 * 2^64 / 10^K of room below the next integer, and the error N * E is less
 * than that because N < 2^64 / 10^K: the high half is Q.  Each later
 * multiplication by 100 makes the room for the next pair and the error both
 * 100 times larger, so the same bound keeps every pair exact.
 */
#define NUM_ABOVE_1E4 (UINT64_MAX / 10000 + 1)          /* 2^64 / 10^4, rounded up */
#define NUM_ABOVE_1E8 (UINT64_MAX / 100000000 + 1)      /* 2^64 / 10^8, rounded up */

/*
 * A * B in 128 bits: returns the high half and leaves the low half in *LOW.
 * On x86-64 one MUL instruction: GCC 12 moves a 128-bit product's halves
 * through two spare registers (two more instructions a digit pair, some
 * 40 a batch record), which the instruction's fixed registers avoid.
 * KAI_NO_ASM takes the unsigned __int128 way that other 64-bit machines
 * take, KAI_PORTABLE the plain C way of compilers without 128-bit
 * integers; tests/test_num.c checks all three against snprintf()
 * (test_num, test_num_int128, test_num_portable).
 */
static inline uint64_t
num_mul_wide(uint64_t a, uint64_t b, uint64_t *low)
{
#if defined(__x86_64__) && defined(__GNUC__) && !defined(KAI_PORTABLE) && !defined(KAI_NO_ASM)
	uint64_t high;
	__asm__("mulq %3" : "=a"(*low), "=d"(high) : "a"(a), "rm"(b) : "cc");
	return high;
#elif defined(__SIZEOF_INT128__) && !defined(KAI_PORTABLE)
	unsigned __int128 p = (unsigned __int128)a * b;
	*low = (uint64_t)p;
	return (uint64_t)(p >> 64);
#else
	/* By 32-bit halves, as on paper; the middle sum has room for its carries. */
	uint64_t al = a & 0xffffffff, ah = a >> 32, bl = b & 0xffffffff, bh = b >> 32;
	uint64_t ll = al * bl, lh = al * bh, hl = ah * bl;
	uint64_t mid = (ll >> 32) + (lh & 0xffffffff) + (hl & 0xffffffff);
	*low = mid << 32 | (ll & 0xffffffff);
	return ah * bh + (lh >> 32) + (hl >> 32) + (mid >> 32);
#endif
}

/* The next two digits of the fraction *F / 2^64 at P; *F keeps the rest. */
static inline void
num_next_pair(char *p, uint64_t *f)
{
	memcpy(p, num_pairs + 2 * num_mul_wide(*f, 100, f), 2);
}

/* The eight digits of the fraction F / 2^64 at P. */
static inline void
num_eight_digits(char *p, uint64_t f)
{
	num_next_pair(p, &f);
	num_next_pair(p + 2, &f);
	num_next_pair(p + 4, &f);
	num_next_pair(p + 6, &f);
}

/* X, below 10^4, as one to four digits at P; returns the end. */
static inline char *
num_upto_four(char *p, unsigned x)
{
	if (x < 10) {
		*p = (char)('0' + x);
		return p + 1;
	}
	if (x < 100) {
		memcpy(p, num_pairs + 2 * x, 2);
		return p + 2;
	}
	unsigned high = x / 100, low = x - 100 * high;
	if (x < 1000)
		*p++ = (char)('0' + high);
	else
		memcpy(p, num_pairs + 2 * high, 2), p += 2;
	memcpy(p, num_pairs + 2 * low, 2);
	return p + 2;
}

/*
 * The digits of V at BUF; returns their end, where a NUL may have been
 * written.
 */
static inline __attribute__((always_inline)) char *
num_put_digits(char *buf, uint64_t v)
{
	/*
	 * The digits above the last eight (or four) as one to four digits,
	 * then those from the fraction (see NUM_ABOVE_1E4): one multiplication
	 * a pair and no loop.  Each way keeps to the bound: V up to
	 * UINT64_MAX / 10^8 is below 2^64 / 10^8 and leaves V / 10^8 below
	 * 1845; V below 10^8 is far below 2^64 / 10^4.  Nine to eleven digits
	 * come first: a batch prints five such amounts a record.
	 */
	char *p;
	uint64_t f;
	if (v >= 100000000 && v <= UINT64_MAX / 100000000) {
		p = num_upto_four(buf, (unsigned)num_mul_wide(v, NUM_ABOVE_1E8, &f));
		num_eight_digits(p, f);
		return p + 8;
	}
	if (v >= 10000 && v < 100000000) {
		p = num_upto_four(buf, (unsigned)num_mul_wide(v, NUM_ABOVE_1E4, &f));
		num_next_pair(p, &f);
		num_next_pair(p + 2, &f);
		return p + 4;
	}
	if (v < 10000)
		return num_upto_four(buf, (unsigned)v);
	return buf + num_twelve_or_more(buf, v);
}

#endif
