/*
 * field.c - input fields: aliases, limits and refusal messages.  See field.h.
 */
#include "field.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "i18n.h"

static const char *const field_names[FIELD_COUNT] = {
	"size", "license", "gpus", "months", "unit_price", "type",
};

static const struct field_alias header_aliases[] = {
	FIELD_ALIAS("size", FIELD_SIZE),       FIELD_ALIAS("기업규모", FIELD_SIZE),
	FIELD_ALIAS("license", FIELD_LICENSE), FIELD_ALIAS("공개방식", FIELD_LICENSE),
	FIELD_ALIAS("gpus", FIELD_GPUS),       FIELD_ALIAS("gpu수", FIELD_GPUS),
	FIELD_ALIAS("months", FIELD_MONTHS),   FIELD_ALIAS("개월수", FIELD_MONTHS),
	FIELD_ALIAS("협약개월수", FIELD_MONTHS),
	FIELD_ALIAS("unitprice", FIELD_UNIT_PRICE), FIELD_ALIAS("단가", FIELD_UNIT_PRICE),
	FIELD_ALIAS("unitpricekrw", FIELD_UNIT_PRICE),   /* kai-cost's own output column */
	FIELD_ALIAS_END,
};

/* Institution types: companies by size (what --size takes), then the non-profit kinds. */
static const struct field_alias type_aliases[] = {
	FIELD_ALIAS("large", RULES_LARGE), FIELD_ALIAS("대기업", RULES_LARGE),
	FIELD_ALIAS("mid", RULES_MID),     FIELD_ALIAS("중견", RULES_MID),     FIELD_ALIAS("중견기업", RULES_MID),
	FIELD_ALIAS("sme", RULES_SME),     FIELD_ALIAS("중소", RULES_SME),     FIELD_ALIAS("중소기업", RULES_SME),
	FIELD_ALIAS("university", RULES_UNIVERSITY), FIELD_ALIAS("대학", RULES_UNIVERSITY),
	FIELD_ALIAS("대학교", RULES_UNIVERSITY),
	FIELD_ALIAS("institute", RULES_INSTITUTE), FIELD_ALIAS("연구기관", RULES_INSTITUTE),
	FIELD_ALIAS("출연연", RULES_INSTITUTE),
	FIELD_ALIAS("nonprofit", RULES_NONPROFIT), FIELD_ALIAS("non-profit", RULES_NONPROFIT),
	FIELD_ALIAS("비영리", RULES_NONPROFIT), FIELD_ALIAS("비영리기관", RULES_NONPROFIT),
	FIELD_ALIAS_END,
};

static const struct field_alias license_aliases[] = {
	FIELD_ALIAS("commercial", RULES_COMMERCIAL), FIELD_ALIAS("상업용", RULES_COMMERCIAL),
	FIELD_ALIAS("research", RULES_RESEARCH),     FIELD_ALIAS("연구용", RULES_RESEARCH),
	FIELD_ALIAS("closed", RULES_CLOSED),         FIELD_ALIAS("none", RULES_CLOSED), FIELD_ALIAS("비공개", RULES_CLOSED),
	FIELD_ALIAS_END,
};

/* How each numeric field is read: decimal places and the accepted range. */
static const struct {
	unsigned places;
	uint64_t min, max;
} field_limits[FIELD_COUNT] = {
	[FIELD_GPUS]       = { 0, 0, RULES_GPUS_MAX },
	[FIELD_MONTHS]     = { RULES_MONTHS_PLACES, 1, RULES_MONTHS_MAX },
	[FIELD_UNIT_PRICE] = { 0, 1, RULES_UNIT_PRICE_MAX },
};

static const char *const field_expectations[FIELD_COUNT] = {
	[FIELD_SIZE]       = N_("large, mid or sme (대기업, 중견기업, 중소기업)"),
	[FIELD_LICENSE]    = N_("commercial, research or closed (상업용, 연구용, 비공개)"),
	[FIELD_GPUS]       = N_("a whole number of GPUs from 0 to 100,000"),
	[FIELD_MONTHS]     = N_("a number of months above 0 and at most 1,200, with at most 4 decimal places"),
	[FIELD_UNIT_PRICE] = N_("whole won per GPU-month from 1 to 10,000,000,000"),
	[FIELD_TYPE]       = N_("large, mid, sme, university, institute or nonprofit "
	                        "(대기업, 중견기업, 중소기업, 대학, 연구기관, 비영리)"),
};

const char *
field_name(enum field_id id)
{
	return (unsigned)id < FIELD_COUNT ? field_names[id] : "?";
}

const char *
field_expected(enum field_id id)
{
	return (unsigned)id < FIELD_COUNT ? _(field_expectations[id]) : "?";
}

const char *
field_expected_msgid(enum field_id id)
{
	return (unsigned)id < FIELD_COUNT ? field_expectations[id] : "?";
}

static char
ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

bool
field_unguard(const char **s, size_t *len)
{
	static const char guarded[] = "=+-@\t\r";
	if (*len < 2 || (*s)[0] != '\'' || (*s)[1] == '\0' || strchr(guarded, (*s)[1]) == NULL)
		return false;
	(*s)++, (*len)--;
	return true;
}

/* Whether the character at I of the LEN bytes at S is a jamo from LO to HI; its code point into *CP. */
static bool
jamo_at(const char *s, size_t len, size_t i, uint32_t lo, uint32_t hi, uint32_t *cp)
{
	if (i >= len || field_utf8_length(s + i, len - i) != 3)
		return false;
	*cp = field_utf8_code(s + i, 3);
	return *cp >= lo && *cp <= hi;
}

/*
 * CP, the character just before *I, composed with the jamo that follow it
 * at *I (moved past them): Hangul written as separate jamo (NFD, as macOS
 * writes names: ᄀ ᅵ ᆸ) is the syllable they spell (NFC: 깁).
 */
static uint32_t
compose_jamo(const char *s, size_t len, size_t *i, uint32_t cp)
{
	uint32_t next;
	if (cp >= 0x1100 && cp <= 0x1112 && jamo_at(s, len, *i, 0x1161, 0x1175, &next)) {
		cp = 0xAC00 + ((cp - 0x1100) * 21 + (next - 0x1161)) * 28;   /* leading + vowel */
		*i += 3;
	}
	if (cp >= 0xAC00 && cp <= 0xD7A3 && (cp - 0xAC00) % 28 == 0 && jamo_at(s, len, *i, 0x11A8, 0x11C2, &next)) {
		cp += next - 0x11A7;                                          /* + final */
		*i += 3;
	}
	return cp;
}

/* The LEN bytes at S with NFD Hangul composed, into OUT (room for LEN: composing only shortens); its length. */
static size_t
compose_hangul(const char *s, size_t len, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		size_t n = field_utf8_length(s + i, len - i);
		if (n != 3) {
			n = n > 0 ? n : 1;
			memcpy(out + o, s + i, n);
			o += n, i += n;
			continue;
		}
		uint32_t cp = field_utf8_code(s + i, 3);
		i += 3;
		cp = compose_jamo(s, len, &i, cp);
		out[o++] = (char)(0xE0 | cp >> 12);
		out[o++] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[o++] = (char)(0x80 | (cp & 0x3F));
	}
	return o;
}

/* Whether the LEN bytes at S hold a Hangul jamo (U+1100 .. U+11FF: E1 84 80 .. E1 87 BF). */
static bool
has_jamo(const char *s, size_t len)
{
	for (const char *p = s; (p = memchr(p, '\xE1', (size_t)(s + len - p))) != NULL && p + 1 < s + len; p++)
		if ((unsigned char)p[1] >= 0x84 && (unsigned char)p[1] <= 0x87)
			return true;
	return false;
}

void
field_trim_word(const char **s, size_t *len)
{
	field_unguard(s, len);
	while (*len > 0 && (**s == ' ' || **s == '\t'))
		(*s)++, (*len)--;
	while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		(*len)--;
}

/* Whether the LEN bytes at S, in any case, are A's name (in lower case already). */
static bool
alias_is(const struct field_alias *a, const char *s, size_t len)
{
	if (a->len != len)
		return false;
	size_t i = 0;
	while (i < len && ascii_lower(s[i]) == a->name[i])
		i++;
	return i == len;
}

bool
field_lookup_scan(const struct field_alias *table, const char *s, size_t len, int *value)
{
	field_trim_word(&s, &len);
	for (const struct field_alias *a = table; a->name != NULL; a++) {
		if (alias_is(a, s, len)) {
			*value = a->value;
			return true;
		}
	}
	/* Hangul as separate jamo (macOS, some Mac spreadsheets): the syllables they spell. */
	char nfc[64];
	if (len <= sizeof nfc && has_jamo(s, len)) {
		size_t n = compose_hangul(s, len, nfc);
		return n < len && field_lookup_scan(table, nfc, n, value);
	}
	return false;
}

/*
 * Alias tables indexed by hash, so that a batch's size and license cells
 * are found without walking the table.  A name of up to WORD_MAX bytes is
 * keyed by its length and two 64-bit words that between them hold every
 * byte: its first and last eight bytes (overlapping) when it has eight or
 * more, its first and last four when it has four to seven, and its first,
 * middle and last byte below that.  The words are loaded from inside the
 * cell, with no copy and no call, and two names of one length are the same
 * exactly when their words are.  The index keeps each name's key in its
 * slot; a cell is looked for first as it is (nearly every cell is a name
 * as the table writes it), then with its ASCII capitals made small, eight
 * bytes at a time (lower8()), which is how the names are written.
 *
 * Each table's index is made on its first lookup: one slot a name, placed
 * by a multiplicative hash whose multiplier is tried until no two names
 * share a slot, so that a lookup reads one slot and compares two words.
 * With four slots a name, a try parts 32 names about once in 70 and 18
 * names (the types) more than once in 4, so INDEX_TRIES fails a table of
 * 32 names less than once in a million.  A table with a longer name, more
 * than INDEX_SLOTS / 4 names or no such multiplier, or past INDEX_TABLES
 * tables, is walked instead.  kai-cost is single-threaded, and the tables
 * are static: an index, once made, never changes.
 */
#define INDEX_BITS   7
#define INDEX_SLOTS  (1u << INDEX_BITS)
#define INDEX_TRIES  1024
#define INDEX_TABLES 16
#define WORD_MAX     16

/* A name's key: see above.  LEN 0 marks an empty slot (a cell looked up by key is never empty). */
struct alias_key {
	uint64_t head, tail;
	uint32_t len;
	int value;              /* in a slot: the alias's value */
};

static struct alias_index {
	const struct field_alias *table;
	uint64_t mult;                         /* the hash's multiplier: no two names share a slot */
	struct alias_key slot[INDEX_SLOTS];
} indexes[INDEX_TABLES];

/* The key of the LEN bytes at S, 1 to WORD_MAX of them, as they are. */
static inline struct alias_key
key_of(const char *s, size_t len)
{
	struct alias_key k = { 0, 0, (uint32_t)len, 0 };
	if (len >= 8) {
		memcpy(&k.head, s, 8);
		memcpy(&k.tail, s + len - 8, 8);
	} else if (len >= 4) {
		uint32_t head, tail;
		memcpy(&head, s, 4);
		memcpy(&tail, s + len - 4, 4);
		k.head = head, k.tail = tail;
	} else {
		k.head = (uint64_t)(unsigned char)s[0] | (uint64_t)(unsigned char)s[len / 2] << 8 |
		         (uint64_t)(unsigned char)s[len - 1] << 16;
	}
	return k;
}

/* W with its ASCII capitals made small, eight bytes at once; bytes past ASCII are left alone. */
static inline uint64_t
lower8(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
	uint64_t low7 = w & ~highs;                       /* each byte below 0x80: no carries */
	uint64_t from_a = low7 + ones * (0x80 - 'A');     /* 0x80 set where the byte is 'A' or past */
	uint64_t past_z = low7 + ones * (0x80 - 'Z' - 1); /* 0x80 set where the byte is past 'Z' */
	uint64_t capital = from_a & ~past_z & ~w & highs;
	return w | capital >> 2;                          /* 0x80 >> 2 is 0x20: 'A' + 0x20 is 'a' */
}

/*
 * K's slot with multiplier MULT.  Two different keys share a slot only for
 * some multipliers, never for all, since HEAD is multiplied before TAIL
 * and LEN come in: so a multiplier that parts a table's names is found.
 */
static inline size_t
slot_of(uint64_t mult, const struct alias_key *k)
{
	return (size_t)((((k->head * mult) ^ k->tail) + k->len) * mult >> (64 - INDEX_BITS));
}

static inline bool
same_key(const struct alias_key *a, const struct alias_key *b)
{
	return a->len == b->len && a->head == b->head && a->tail == b->tail;
}

/* The N names of TABLE into X's slots with multiplier MULT; false when two share a slot. */
static bool
place_names(struct alias_index *x, const struct field_alias *table, size_t n, uint64_t mult)
{
	memset(x->slot, 0, sizeof x->slot);
	for (size_t i = 0; i < n; i++) {
		if (table[i].len == 0)
			continue;               /* an empty cell is never looked for by key */
		struct alias_key k = key_of(table[i].name, table[i].len);
		/*
		 * A name with a capital is never found (cells are compared in
		 * lower case), and a name written twice is found as its first.
		 * One the walk would not find as written, or only past the quote
		 * or spaces it drops (a first byte of ' or one up to a space, a
		 * last byte up to a space), is left to the walk: so a cell found
		 * by its key is always found the same by the walk.
		 */
		const unsigned char first = (unsigned char)table[i].name[0];
		const unsigned char last = (unsigned char)table[i].name[table[i].len - 1];
		if (lower8(k.head) != k.head || lower8(k.tail) != k.tail || first <= ' ' || first == '\'' ||
		    last <= ' ')
			continue;
		struct alias_key *e = &x->slot[slot_of(mult, &k)];
		if (e->len != 0 && same_key(e, &k))
			continue;
		if (e->len != 0)
			return false;
		k.value = table[i].value;
		*e = k;
	}
	return true;
}

/*
 * TABLE's index, made if need be; NULL when TABLE is walked instead.  The
 * indexes are looked for from a place the table's address picks, so that
 * a batch's two tables are each found at the first look.
 */
static const struct alias_index *
index_of(const struct field_alias *table)
{
	size_t k = (size_t)((uintptr_t)table / sizeof *table) % INDEX_TABLES, tries = 0;
	while (tries < INDEX_TABLES && indexes[k].table != NULL && indexes[k].table != table)
		k = (k + 1) % INDEX_TABLES, tries++;
	if (tries == INDEX_TABLES)
		return NULL;
	struct alias_index *x = &indexes[k];
	if (x->table == table)
		return x->mult != 0 ? x : NULL;
	size_t n = 0;
	while (table[n].name != NULL)
		if (++n > INDEX_SLOTS / 4 || table[n - 1].len > WORD_MAX)
			return NULL;
	x->table = table;               /* from now on found, with or without a multiplier */
	x->mult = 0;
	uint64_t mult = 0x9E3779B97F4A7C15ull;
	for (int t = 0; t < INDEX_TRIES; t++, mult += 0x9E3779B97F4A7C16ull) {   /* odd multipliers */
		if (place_names(x, table, n, mult)) {
			x->mult = mult;
			return x;
		}
	}
	return NULL;
}

/* The slot of X that holds the LEN bytes at S as they are, or NULL: the usual cell, found with no call. */
static inline __attribute__((always_inline)) const struct alias_key *
index_hit(const struct alias_index *x, const char *s, size_t len)
{
	if (x == NULL || len - 1 >= WORD_MAX)
		return NULL;
	struct alias_key k = key_of(s, len);
	const struct alias_key *e = &x->slot[slot_of(x->mult, &k)];
	return same_key(e, &k) ? e : NULL;
}

/* Field_lookup() with TABLE's index X (NULL: walk TABLE). */
static bool
index_find(const struct alias_index *x, const struct field_alias *table, const char *s, size_t len,
           int *value)
{
	const struct alias_key *e = index_hit(x, s, len);
	if (e == NULL) {
		/* The quote of --excel, spaces, tabs, long text: the plain path sees to those. */
		if (x == NULL || len - 1 >= WORD_MAX || (unsigned char)s[0] <= ' ' || s[0] == '\'' ||
		    (unsigned char)s[len - 1] <= ' ')
			return field_lookup_scan(table, s, len, value);
		struct alias_key k = key_of(s, len);
		k.head = lower8(k.head), k.tail = lower8(k.tail);   /* in any case */
		e = &x->slot[slot_of(x->mult, &k)];
		if (!same_key(e, &k))
			return has_jamo(s, len) && field_lookup_scan(table, s, len, value);   /* NFD Hangul */
	}
	*value = e->value;
	return true;
}

bool
field_indexed(const struct field_alias *table)
{
	return index_of(table) != NULL;
}

bool
field_lookup(const struct field_alias *table, const char *s, size_t len, int *value)
{
	return index_find(index_of(table), table, s, len, value);
}

const char *
field_months_beside(const char *s, size_t len, const struct rules_scenario *dated, bool *agree)
{
	uint64_t v;
	enum num_status st = num_parse_fixed(s, len, RULES_MONTHS_PLACES, 0, RULES_MONTHS_MAX, &v);
	*agree = st == NUM_OK && v == rules_months_e4(dated);
	return st == NUM_OK ? NULL : num_strerror(st);
}

/* Bytes a column name is compared without: what people type differently. */
static bool
ignored_in_name(char c)
{
	return c == ' ' || c == '\t' || c == '_' || c == '-';
}

/*
 * The next character of a name that counts, from *I of the LEN bytes at S,
 * as a code point (ASCII lower-cased); -1 at the end.  A byte-order mark
 * inside a name (U+FEFF, as files joined by hand carry) counts no more than
 * a space.  Hangul written as separate jamo (NFD, as macOS writes file
 * names and some Mac spreadsheets headers: ᄀ ᅵ ᆸ) is the syllable they
 * spell (NFC, 깁), so 기업규모 matches however it was normalised.  A byte
 * that is not UTF-8 is itself, above every code point.
 */
static long
next_name_char(const char *s, size_t len, size_t *i)
{
	while (*i < len && (ignored_in_name(s[*i]) ||
	                    (len - *i >= 3 && memcmp(s + *i, "\xEF\xBB\xBF", 3) == 0)))
		*i += ignored_in_name(s[*i]) ? 1 : 3;
	if (*i >= len)
		return -1;
	size_t n = field_utf8_length(s + *i, len - *i);
	if (n == 0)
		return 0x110000L + (unsigned char)s[(*i)++];
	uint32_t cp = field_utf8_code(s + *i, n);
	*i += n;
	if (n == 1)
		return (unsigned char)ascii_lower((char)cp);
	cp = compose_jamo(s, len, i, cp);
	return (long)cp;
}

bool
field_wide(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
	       (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6);
}

size_t
field_display_width(const char *s, size_t len)
{
	size_t width = 0;
	for (size_t i = 0; i < len;) {
		size_t n = field_utf8_length(s + i, len - i);
		if (n == 0)
			n = 1;              /* not UTF-8: one column, as a terminal shows a stray byte */
		width += n > 1 && field_wide(field_utf8_code(s + i, n)) ? 2 : 1;
		i += n;
	}
	return width;
}

bool
field_same_name(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j = 0;
	field_unguard(&a, &alen);
	field_unguard(&b, &blen);
	for (;;) {
		long ca = next_name_char(a, alen, &i), cb = next_name_char(b, blen, &j);
		if (ca != cb)
			return false;
		if (ca < 0)
			return true;
	}
}

/* A hash of the name at S that field_same_name() names agree on. */
static uint64_t
name_hash(const char *s, size_t len)
{
	uint64_t h = FIELD_HASH_START;
	size_t i = 0;
	field_unguard(&s, &len);
	for (long c; (c = next_name_char(s, len, &i)) >= 0;)
		h = field_hash_add(h, (uint64_t)c);
	return h;
}

bool
field_name_lookup(const struct field_alias *table, const char *s, size_t len, int *value)
{
	for (const struct field_alias *a = table; a->name != NULL; a++) {
		if (field_same_name(a->name, a->len, s, len)) {
			*value = a->value;
			return true;
		}
	}
	/* "A (B)", the way kai-cost's tables label a column: either part names it. */
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	const char *open = len > 0 && s[len - 1] == ')' ? memchr(s, '(', len) : NULL;
	if (open == NULL || open == s)
		return false;
	const char *inner = open + 1;
	size_t inner_len = (size_t)(s + len - 1 - inner);
	if (memchr(inner, '(', inner_len) != NULL)
		return false;
	return field_name_lookup(table, s, (size_t)(open - s), value) ||
	       field_name_lookup(table, inner, inner_len, value);
}

bool
field_from_header(const char *s, size_t len, enum field_id *id)
{
	int v;
	if (!field_name_lookup(header_aliases, s, len, &v))
		return false;
	*id = (enum field_id)v;
	return true;
}

int
field_duplicate(const struct field_text *names, size_t n, size_t *first, size_t *second)
{
	size_t cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	size_t *slot = malloc(cap * sizeof *slot);      /* index + 1 of the name there, or 0 */
	if (slot == NULL)
		return -1;
	memset(slot, 0, cap * sizeof *slot);
	int found = 0;
	for (size_t i = 0; i < n && !found; i++) {
		size_t h = (size_t)name_hash(names[i].p, names[i].n) & (cap - 1);
		for (; slot[h] != 0; h = (h + 1) & (cap - 1)) {
			const struct field_text *o = &names[slot[h] - 1];
			if (field_same_name(o->p, o->n, names[i].p, names[i].n)) {
				*first = slot[h] - 1;
				*second = i;
				found = 1;
				break;
			}
		}
		slot[h] = i + 1;
	}
	free(slot);
	return found;
}

/*
 * The LEN bytes at S as a number with PLACES decimal places when they are
 * written the common way: 1 to 9 digits, then maybe a point and 1 to
 * PLACES digits.  False for anything else (spaces, grouping commas, more
 * places, a sign, ...), which num_parse_fixed() reads or refuses: a batch
 * reads two numbers a record, nearly all of them "256" or "10.3".  Inlined
 * with each field's PLACES, so that its loops are that field's.
 */
static inline __attribute__((always_inline)) bool
quick_number(const char *s, size_t len, unsigned places, uint64_t *out)
{
	static const uint32_t scale[RULES_MONTHS_PLACES + 1] = { 1, 10, 100, 1000, 10000 };
	size_t i = 0, n = len < 9 ? len : 9;
	uint64_t v = 0, d;
	for (; i < n && (d = (uint64_t)(unsigned char)s[i] - '0') <= 9; i++)
		v = v * 10 + d;
	if (i == 0)
		return false;
	size_t frac = 0;
	if (places > 0 && i < len && s[i] == '.') {
		size_t first = ++i, last = len - first < places ? len : first + places;
		for (; i < last && (d = (uint64_t)(unsigned char)s[i] - '0') <= 9; i++)
			v = v * 10 + d;
		frac = i - first;
		if (frac == 0)
			return false;
	}
	if (i != len)
		return false;
	*out = v * scale[places - frac];
	return true;
}

/* Field ID's number V into *SC. */
static inline __attribute__((always_inline)) void
set_number(enum field_id id, uint64_t v, struct rules_scenario *sc)
{
	switch (id) {
	case FIELD_GPUS:
		sc->gpus = v;
		break;
	case FIELD_MONTHS:
		sc->months = v, sc->months_den = RULES_MONTHS_SCALE;
		break;
	default:
		sc->unit_price = v;
		break;
	}
}

/* Parse_number() for what quick_number() leaves: out of line, so that the usual number needs no stack. */
static __attribute__((noinline)) const char *
parse_number_slow(enum field_id id, const char *s, size_t len, struct rules_scenario *sc)
{
	uint64_t v;
	field_unguard(&s, &len);        /* --excel wrote "\t1" as "'\t1" */
	enum num_status st = num_parse_fixed(s, len, field_limits[id].places,
	                                     field_limits[id].min, field_limits[id].max, &v);
	if (st != NUM_OK)
		return num_strerror(st);
	set_number(id, v, sc);
	return NULL;
}

/*
 * The LEN bytes at S as field ID's number into *SC when quick_number()
 * reads them and they are in range; false for anything else, which
 * parse_number_slow() reads or refuses.
 */
static inline __attribute__((always_inline)) bool
number_quick(enum field_id id, const char *s, size_t len, struct rules_scenario *sc)
{
	uint64_t v;
	if (!quick_number(s, len, field_limits[id].places, &v) || v < field_limits[id].min ||
	    v > field_limits[id].max)
		return false;
	set_number(id, v, sc);
	return true;
}

/* The LEN bytes at S as field ID's number into *SC: NULL, or why they are none. */
static inline __attribute__((always_inline)) const char *
parse_number(enum field_id id, const char *s, size_t len, struct rules_scenario *sc)
{
	return number_quick(id, s, len, sc) ? NULL : parse_number_slow(id, s, len, sc);
}

/* The parsers of field_parser_of(), one a field: see field_parse(). */

/* One of field.c's own tables of words, with its index once made (index_of() finds it at a cost). */
struct word_table {
	const struct field_alias *table;
	const struct alias_index *index;
};
static struct word_table type_words = { type_aliases, NULL }, license_words = { license_aliases, NULL };

/* Why a cell is no word of field ID. */
static const char *
word_refused(enum field_id id)
{
	switch (id) {
	case FIELD_SIZE:
		return _("unknown company size");
	case FIELD_TYPE:
		return _("unknown institution type");
	default:
		return _("unknown open-source mode");
	}
}

/* Whether NAME, a word of field ID's table, is one of its values: a size is a company's. */
static inline __attribute__((always_inline)) bool
word_fits(enum field_id id, int name)
{
	return id != FIELD_SIZE || rules_type_company((enum rules_type)name);
}

/* The word of value NAME as field ID (size, type or license), one that word_fits(), into *SC. */
static inline __attribute__((always_inline)) void
set_word(enum field_id id, int name, struct rules_scenario *sc)
{
	if (id == FIELD_LICENSE)
		sc->license = (enum rules_license)name;
	else
		sc->type = (enum rules_type)name;
}

/* Parse_word() for a cell that is no word as written: in any case, by the walk, or refused. */
static __attribute__((noinline)) const char *
parse_word_slow(enum field_id id, struct word_table *w, const char *s, size_t len,
                struct rules_scenario *sc)
{
	int name;
	if (w->index == NULL)
		w->index = index_of(w->table);
	if (!index_find(w->index, w->table, s, len, &name) || !word_fits(id, name))
		return word_refused(id);
	set_word(id, name, sc);
	return NULL;
}

/*
 * The LEN bytes at S as a word of field ID from W's table into *SC when
 * they are one as written and fit the field, found inline with no call
 * (a batch reads two a record); false for anything else, which
 * parse_word_slow() reads or refuses.
 */
static inline __attribute__((always_inline)) bool
word_quick(enum field_id id, const struct word_table *w, const char *s, size_t len,
           struct rules_scenario *sc)
{
	const struct alias_key *e = index_hit(w->index, s, len);
	if (e == NULL || !word_fits(id, e->value))
		return false;
	set_word(id, e->value, sc);
	return true;
}

/* The LEN bytes at S as a word of field ID from W's table into *SC: NULL, or why it is refused. */
static inline __attribute__((always_inline)) const char *
parse_word(enum field_id id, struct word_table *w, const char *s, size_t len, struct rules_scenario *sc)
{
	return word_quick(id, w, s, len, sc) ? NULL : parse_word_slow(id, w, s, len, sc);
}

static const char *
parse_size(const char *s, size_t len, struct rules_scenario *sc)
{
	return parse_word(FIELD_SIZE, &type_words, s, len, sc);
}

static const char *
parse_type(const char *s, size_t len, struct rules_scenario *sc)
{
	return parse_word(FIELD_TYPE, &type_words, s, len, sc);
}

static const char *
parse_license(const char *s, size_t len, struct rules_scenario *sc)
{
	return parse_word(FIELD_LICENSE, &license_words, s, len, sc);
}

static const char *
parse_gpus(const char *s, size_t len, struct rules_scenario *sc)
{
	return parse_number(FIELD_GPUS, s, len, sc);
}

static const char *
parse_months(const char *s, size_t len, struct rules_scenario *sc)
{
	return parse_number(FIELD_MONTHS, s, len, sc);
}

static const char *
parse_unit_price(const char *s, size_t len, struct rules_scenario *sc)
{
	return parse_number(FIELD_UNIT_PRICE, s, len, sc);
}

static const char *
parse_unknown(const char *s, size_t len, struct rules_scenario *sc)
{
	(void)s, (void)len, (void)sc;
	return _("unknown field");
}

field_parser *
field_parser_of(enum field_id id)
{
	static field_parser *const parsers[FIELD_COUNT] = {
		[FIELD_SIZE] = parse_size, [FIELD_LICENSE] = parse_license, [FIELD_GPUS] = parse_gpus,
		[FIELD_MONTHS] = parse_months, [FIELD_UNIT_PRICE] = parse_unit_price, [FIELD_TYPE] = parse_type,
	};
	return (unsigned)id < FIELD_COUNT ? parsers[id] : parse_unknown;
}

const char *
field_parse(enum field_id id, const char *s, size_t len, struct rules_scenario *sc)
{
	return field_parser_of(id)(s, len, sc);
}

bool
field_parse_usual(const struct csvr_field *fields, const int cols[FIELD_USUAL], struct rules_scenario *sc)
{
	const struct csvr_field *size = &fields[cols[FIELD_SIZE]], *license = &fields[cols[FIELD_LICENSE]];
	const struct csvr_field *gpus = &fields[cols[FIELD_GPUS]], *months = &fields[cols[FIELD_MONTHS]];
	return word_quick(FIELD_SIZE, &type_words, size->p, size->n, sc) &&
	       word_quick(FIELD_LICENSE, &license_words, license->p, license->n, sc) &&
	       number_quick(FIELD_GPUS, gpus->p, gpus->n, sc) && number_quick(FIELD_MONTHS, months->p, months->n, sc);
}


char *
field_message(char *buf, size_t n, const char *label, enum field_id id,
              const char *s, size_t len, const char *reason)
{
	return field_describe(buf, n, label, s, len, reason, field_expected(id));
}

char *
field_describe(char *buf, size_t n, const char *label, const char *s, size_t len,
               const char *reason, const char *expected)
{
	char shown[FIELD_SHOWN_SIZE];
	/* TRANSLATORS: the option or column, the value as given, what is wrong with it, what is expected. */
	snprintf(buf, n, _("%s '%s': %s; expected %s"), label, field_show(shown, s, len), reason, expected);
	return buf;
}

char *
field_show(char shown[FIELD_SHOWN_SIZE], const char *s, size_t len)
{
	size_t k = 0, upto = len;

	if (upto > FIELD_SHOWN_MAX) {         /* cut at a character boundary, not inside UTF-8 */
		upto = FIELD_SHOWN_MAX;
		while (upto > 0 && ((unsigned char)s[upto] & 0xC0) == 0x80)
			upto--;
	}
	for (size_t i = 0; i < upto;) {
		unsigned char c = (unsigned char)s[i];
		size_t n = field_utf8_length(s + i, upto - i);
		if (c < 0x20 || c == 0x7f || n == 0) {
			k += (size_t)snprintf(shown + k, FIELD_SHOWN_SIZE - k, "\\x%02x", c);
			i++;
		} else {
			memcpy(shown + k, s + i, n);
			k += n;
			i += n;
		}
	}
	if (upto < len)
		k += (size_t)snprintf(shown + k, FIELD_SHOWN_SIZE - k, "...");
	shown[k] = '\0';
	return shown;
}
