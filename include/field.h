/*
 * field.h - where text becomes a scenario: the input fields (size, license,
 * gpus, months, unit_price), their aliases, their limits, and the words used
 * when a value is refused.  Shared by the command line and the batch reader
 * so that a value means the same thing, and is refused with the same words,
 * whether it comes from a flag or from a CSV cell.
 */
#ifndef KAI_FIELD_H
#define KAI_FIELD_H

#include <stdbool.h>
#include <stddef.h>

#include "csvread.h"
#include "rules.h"

/*
 * The input fields.  SIZE takes a company's size only (large, mid, sme);
 * TYPE takes any institution type (rules.h), for members and the rules table.
 */
enum field_id { FIELD_SIZE, FIELD_LICENSE, FIELD_GPUS, FIELD_MONTHS, FIELD_UNIT_PRICE, FIELD_TYPE,
                FIELD_COUNT };

/* Canonical header name: "size", "license", "gpus", "months", "unit_price", "type". */
const char *field_name(enum field_id id);

/*
 * Finds the field whose header name or Korean alias (기업규모, 공개방식,
 * GPU수, 개월수, 단가) is the LEN bytes at S, compared as
 * field_name_lookup() does.  Returns false when S names no input field.
 */
bool field_from_header(const char *s, size_t len, enum field_id *id);

/*
 * Parses the LEN bytes at S as field ID and stores the value in *SC.
 * Returns NULL on success, or a short reason ("not a number", "unknown
 * company size") on failure, leaving *SC unchanged.  Sizes and licenses
 * accept the English words and Korean aliases of SPEC §4, case-insensitive
 * after trimming spaces; numbers follow num_parse_fixed() within the limits
 * of rules.h.  The quote --excel writes before a cell that starts with
 * = + - @ tab or CR (field_unguard()) is dropped first, so that kai-cost
 * reads its own --excel output back.
 */
const char *field_parse(enum field_id id, const char *s, size_t len, struct rules_scenario *sc);

/*
 * The parser field_parse() calls for field ID (unknown IDs: one that says
 * so), for a caller that reads one field over and over (a batch's column
 * of cells): it chooses once, and each call goes straight to that field.
 */
typedef const char *field_parser(const char *s, size_t len, struct rules_scenario *sc);
field_parser *field_parser_of(enum field_id id);

/*
 * Reads the LEN bytes at S, a months cell beside the dates that give DATED
 * its months, and sets *AGREE to whether it holds exactly those months as
 * kai-cost writes them (rounded to 4 places; 0 allowed, for a stage with
 * none).  Returns the reason the cell is no number of months, or NULL.
 */
const char *field_months_beside(const char *s, size_t len, const struct rules_scenario *dated,
                                bool *agree);

/* What field ID expects, e.g. "a whole number of GPUs from 0 to 100,000". */
const char *field_expected(enum field_id id);
/* The same, untranslated (a msgid): for a caller that translates only when it reports. */
const char *field_expected_msgid(enum field_id id);

/*
 * Writes the one-line diagnostic  LABEL 'VALUE': REASON; expected EXPECTED
 * into BUF (N bytes, truncated with its NUL if need be).  VALUE is the LEN
 * bytes at S, shown with control characters escaped and cut to a readable
 * length so that the message stays one line.  Returns BUF.
 */
char *field_message(char *buf, size_t n, const char *label, enum field_id id,
                    const char *s, size_t len, const char *reason);
/*
 * The length of the UTF-8 character at S (LEN >= 1 bytes there), or 0 when
 * the bytes are not one: no overlongs, surrogates or values past U+10FFFF.
 * The one decoder of UTF-8 that input is checked with (csvread.h).
 */
static inline size_t
field_utf8_length(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n;
	unsigned char lo = 0x80, hi = 0xBF;
	if (s[0] < 0x80) return 1;
	else if (s[0] >= 0xC2 && s[0] <= 0xDF) n = 2;
	else if (s[0] == 0xE0) n = 3, lo = 0xA0;
	else if (s[0] >= 0xE1 && s[0] <= 0xEC) n = 3;
	else if (s[0] == 0xED) n = 3, hi = 0x9F;
	else if (s[0] >= 0xEE && s[0] <= 0xEF) n = 3;
	else if (s[0] == 0xF0) n = 4, lo = 0x90;
	else if (s[0] >= 0xF1 && s[0] <= 0xF3) n = 4;
	else if (s[0] == 0xF4) n = 4, hi = 0x8F;
	else return 0;
	if (len < n || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t k = 2; k < n; k++)
		if ((s[k] & 0xC0) != 0x80)
			return 0;
	return n;
}

/* The code point of the N bytes at S, a sequence field_utf8_length() accepted. */
static inline uint32_t
field_utf8_code(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t cp = n == 1 ? s[0] : s[0] & (0x7Fu >> n);   /* the lead byte's payload bits */
	for (size_t k = 1; k < n; k++)
		cp = cp << 6 | (s[k] & 0x3F);
	return cp;
}

/* Whether CP is wide: two terminal columns, about one em: Hangul and the other CJK scripts. */
bool field_wide(uint32_t cp);

/*
 * Terminal columns taken by the LEN bytes at S: Hangul and other CJK take
 * two, everything else one; a byte that is not UTF-8 counts as one.  The
 * one measure of width for tables, Markdown and workbook columns.
 */
size_t field_display_width(const char *s, size_t len);

/* FNV-1a, the hash of kai-cost's name tables: start with FIELD_HASH_START, add each byte or character. */
#define FIELD_HASH_START 14695981039346656037ull
static inline uint64_t
field_hash_add(uint64_t h, uint64_t c)
{
	return (h ^ c) * 1099511628211ull;
}

/* Longest value quoted in a message, in bytes; longer ones end in "...". */
#define FIELD_SHOWN_MAX 64
/* Room for a value so shown: every byte escaped as \xNN, then "...". */
#define FIELD_SHOWN_SIZE (FIELD_SHOWN_MAX * 4 + 4)

/*
 * The LEN bytes at S as a message shows a value, into SHOWN: control bytes
 * and bytes that are not UTF-8 escaped as \xNN, cut at FIELD_SHOWN_MAX
 * bytes with "...".  Returns SHOWN.
 */
char *field_show(char shown[FIELD_SHOWN_SIZE], const char *s, size_t len);

/* The same for any value: EXPECTED says what would have been accepted. */
char *field_describe(char *buf, size_t n, const char *label, const char *s, size_t len,
                     const char *reason, const char *expected);

/*
 * Whether the ALEN bytes at A and the BLEN bytes at B are the same column
 * name: equal once spaces, tabs, '_' and '-' are left out, ASCII letters
 * in either case ("GPU 수" is "gpu수", "Total-Cost KRW" is "total_cost_krw").
 */
bool field_same_name(const char *a, size_t alen, const char *b, size_t blen);

/* Some text: a column name in a header. */
struct field_text {
	const char *p;
	size_t n;
};

/*
 * The four fields every batch record gives, size, license, gpus and months
 * (those before FIELD_UNIT_PRICE), from the cells FIELDS[COLS[FIELD_SIZE]]
 * .. FIELDS[COLS[FIELD_MONTHS]] of a CSV record into *SC in one call that
 * calls nothing: a batch reads them every record, and four calls through
 * field_parser_of()'s pointers cost more than the reading.  True when all
 * four are written the usual way (a word as its table spells it, a plain
 * number) and field_parse() accepts each, with the same values.  False for
 * anything else, leaving *SC partly set: the caller then reads the cells
 * one by one with field_parse(), which reads the rest or says why not.
 */
#define FIELD_USUAL FIELD_UNIT_PRICE
bool field_parse_usual(const struct csvr_field *fields, const int cols[FIELD_USUAL],
                       struct rules_scenario *sc);

/*
 * Finds two of the N NAMES that are the same name (field_same_name), in
 * linear time.  Returns 1 with their indexes in *FIRST < *SECOND, 0 when
 * all differ, -1 without memory.
 */
int field_duplicate(const struct field_text *names, size_t n, size_t *first, size_t *second);

/*
 * Drops from the LEN bytes at *S the quote that --excel puts before text
 * starting with = + - @ tab or CR (Excel's own mark of text): "'-A" is
 * "-A", so kai-cost reads its own --excel output as it wrote it.  Names
 * and words are compared without it.  Returns whether there was one.
 */
bool field_unguard(const char **s, size_t *len);

/*
 * The LEN bytes at *S as a word or a name is read: without --excel's quote
 * (field_unguard()) and the spaces and tabs around it.
 */
void field_trim_word(const char **s, size_t *len);

/* Like field_from_header for any alias table: used for enum-valued options. */
struct field_alias {
	const char *name;
	size_t len;             /* strlen(name): compared first */
	int value;
};
#define FIELD_ALIAS(name, value) { name, sizeof name - 1, value }
#define FIELD_ALIAS_END { NULL, 0, 0 }
/*
 * Finds the LEN bytes at S (trimmed, ASCII case-insensitive, --excel's quote
 * dropped, separate Hangul jamo composed) in the NULL-terminated TABLE,
 * whose names are in lower case; false when absent.  A static TABLE is
 * indexed by hash on its first lookup (a batch looks up two words a
 * record); field_lookup_scan() is the plain path, walking the table, that
 * the tests compare it with.
 */
bool field_lookup(const struct field_alias *table, const char *s, size_t len, int *value);
bool field_lookup_scan(const struct field_alias *table, const char *s, size_t len, int *value);
/* Whether field_lookup() looks in TABLE by its index: the tests see that what they compare is there. */
bool field_indexed(const struct field_alias *table);

/*
 * The same for a column name in a header, compared as field_same_name()
 * does; a label of the form "A (B)", as kai-cost's own tables write them
 * ("months (협약 개월 수)"), is found by A or by B.
 */
bool field_name_lookup(const struct field_alias *table, const char *s, size_t len, int *value);

#endif
