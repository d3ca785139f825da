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
 * are found without walking the table: first as written (exact_slot()),
 * then in any case.  A name of up to 16 bytes is held
 * as two 64-bit words, zero past its end, ASCII letters in lower case: a
 * cell is lower-cased eight bytes at a time, and hashed and compared as
 * two words.  Each table's index is made on its first lookup: open
 * addressing over INDEX_SLOTS slots, each the position of an alias plus
 * one (0: empty).  A table with a longer name or more than half as many
 * names as slots, or past INDEX_TABLES tables, is walked instead.
 * kai-cost is single-threaded, and the tables are static: an index, once
 * made, never changes.
 */
#define INDEX_SLOTS  64
#define INDEX_TABLES 16
#define WORD_MAX     16

struct word16 {
	uint64_t w[2];
	size_t len;
};

static struct alias_index {
	const struct field_alias *table;
	struct word16 name[INDEX_SLOTS / 2];   /* each alias's name, by its position */
	unsigned char slot[INDEX_SLOTS];       /* by word16_slot() */
	unsigned char exact[INDEX_SLOTS];      /* by exact_slot(): names as written, lower case */
} indexes[INDEX_TABLES];

/*
 * Where the LEN bytes at S are looked for as they are, byte for byte: most
 * cells are an alias exactly as the table writes it ("sme", "중소기업"),
 * found so by their length and first and last bytes without folding case.
 */
static inline size_t
exact_slot(const char *s, size_t len)
{
	return (len * 31 + (unsigned char)s[0] * 7 + (unsigned char)s[len - 1]) % INDEX_SLOTS;
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

/* The LEN bytes at S as a word16 in *W; false when they are more than WORD_MAX. */
static bool
word16_of(const char *s, size_t len, struct word16 *w)
{
	char b[WORD_MAX] = { 0 };
	if (len > WORD_MAX)
		return false;
	memcpy(b, s, len);
	memcpy(w->w, b, WORD_MAX);
	w->w[0] = lower8(w->w[0]);
	w->w[1] = lower8(w->w[1]);
	w->len = len;
	return true;
}

static size_t
word16_slot(const struct word16 *w)
{
	uint64_t h = (w->w[0] * 0x9E3779B97F4A7C15ull) ^ (w->w[1] + w->len) * 0xC2B2AE3D27D4EB4Full;
	return (size_t)(h >> 32) % INDEX_SLOTS;
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
		return x;
	size_t n = 0;
	while (table[n].name != NULL)
		if (++n > INDEX_SLOTS / 2 || table[n - 1].len > WORD_MAX)
			return NULL;
	memset(x, 0, sizeof *x);
	for (size_t i = 0; i < n; i++) {
		word16_of(table[i].name, table[i].len, &x->name[i]);
		size_t h = word16_slot(&x->name[i]);
		while (x->slot[h] != 0)
			h = (h + 1) % INDEX_SLOTS;
		x->slot[h] = (unsigned char)(i + 1);
		if (table[i].len == 0)
			continue;               /* an empty cell is never looked for as it is */
		h = exact_slot(table[i].name, table[i].len);
		while (x->exact[h] != 0)
			h = (h + 1) % INDEX_SLOTS;
		x->exact[h] = (unsigned char)(i + 1);
	}
	x->table = table;
	return x;
}

bool
field_lookup(const struct field_alias *table, const char *s, size_t len, int *value)
{
	const struct alias_index *x = index_of(table);
	struct word16 w;
	/* The quote of --excel, spaces, tabs, long text: the plain path sees to those. */
	if (x == NULL || len == 0 || (unsigned char)s[0] <= ' ' || s[0] == '\'' ||
	    (unsigned char)s[len - 1] <= ' ')
		return field_lookup_scan(table, s, len, value);
	for (size_t h = exact_slot(s, len); x->exact[h] != 0; h = (h + 1) % INDEX_SLOTS) {
		const struct field_alias *a = &table[x->exact[h] - 1];
		if (a->len == len && memcmp(a->name, s, len) == 0) {
			*value = a->value;
			return true;
		}
	}
	if (!word16_of(s, len, &w))
		return field_lookup_scan(table, s, len, value);
	for (size_t h = word16_slot(&w); x->slot[h] != 0; h = (h + 1) % INDEX_SLOTS) {
		const struct word16 *name = &x->name[x->slot[h] - 1];
		if (name->len == w.len && name->w[0] == w.w[0] && name->w[1] == w.w[1]) {
			*value = table[x->slot[h] - 1].value;
			return true;
		}
	}
	return has_jamo(s, len) && field_lookup_scan(table, s, len, value);   /* NFD Hangul */
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
 * reads two numbers a record, nearly all of them "256" or "10.3".
 */
static bool
quick_number(const char *s, size_t len, unsigned places, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;
	while (i < len && i < 9 && s[i] >= '0' && s[i] <= '9')
		v = v * 10 + (uint64_t)(s[i++] - '0');
	if (i == 0)
		return false;
	unsigned frac = 0;
	if (i < len && s[i] == '.' && places > 0) {
		for (i++; i < len && frac < places && s[i] >= '0' && s[i] <= '9'; i++, frac++)
			v = v * 10 + (uint64_t)(s[i] - '0');
		if (frac == 0)
			return false;
	}
	if (i != len)
		return false;
	for (; frac < places; frac++)
		v *= 10;
	*out = v;
	return true;
}

const char *
field_parse(enum field_id id, const char *s, size_t len, struct rules_scenario *sc)
{
	int name;
	uint64_t v;
	enum num_status st;

	switch (id) {
	case FIELD_SIZE:
		if (!field_lookup(type_aliases, s, len, &name) || !rules_type_company((enum rules_type)name))
			return _("unknown company size");
		sc->type = (enum rules_type)name;
		return NULL;
	case FIELD_TYPE:
		if (!field_lookup(type_aliases, s, len, &name))
			return _("unknown institution type");
		sc->type = (enum rules_type)name;
		return NULL;
	case FIELD_LICENSE:
		if (!field_lookup(license_aliases, s, len, &name))
			return _("unknown open-source mode");
		sc->license = (enum rules_license)name;
		return NULL;
	case FIELD_GPUS:
	case FIELD_MONTHS:
	case FIELD_UNIT_PRICE:
		if (!quick_number(s, len, field_limits[id].places, &v) ||
		    v < field_limits[id].min || v > field_limits[id].max) {
			field_unguard(&s, &len);        /* --excel wrote "\t1" as "'\t1" */
			st = num_parse_fixed(s, len, field_limits[id].places,
			                     field_limits[id].min, field_limits[id].max, &v);
			if (st != NUM_OK)
				return num_strerror(st);
		}
		if (id == FIELD_GPUS)
			sc->gpus = v;
		else if (id == FIELD_MONTHS)
			sc->months = v, sc->months_den = RULES_MONTHS_SCALE;
		else
			sc->unit_price = v;
		return NULL;
	case FIELD_COUNT:
		break;
	}
	return _("unknown field");
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
