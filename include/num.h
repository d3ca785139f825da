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

#endif
