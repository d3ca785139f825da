/*
 * test_field.c - text to scenario values: aliases, limits, messages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "check.h"
#include "field.h"
#include "num.h"

static void
test_parse(void **state)
{
	/* VALUE is what lands in the scenario field; REASON NULL means accepted. */
	static const struct {
		enum field_id id;
		const char *text;
		const char *reason;
		uint64_t value;
	} rows[] = {
		{ FIELD_SIZE, "large", NULL, RULES_LARGE },
		{ FIELD_SIZE, "대기업", NULL, RULES_LARGE },
		{ FIELD_SIZE, "mid", NULL, RULES_MID },
		{ FIELD_SIZE, "중견", NULL, RULES_MID },
		{ FIELD_SIZE, "중견기업", NULL, RULES_MID },
		{ FIELD_SIZE, "sme", NULL, RULES_SME },
		{ FIELD_SIZE, "중소", NULL, RULES_SME },
		{ FIELD_SIZE, "중소기업", NULL, RULES_SME },
		{ FIELD_SIZE, "  SME ", NULL, RULES_SME },
		{ FIELD_SIZE, "Large", NULL, RULES_LARGE },
		{ FIELD_SIZE, " 중소기업\t", NULL, RULES_SME },
		{ FIELD_SIZE, "huge", "unknown company size", 0 },
		{ FIELD_SIZE, "", "unknown company size", 0 },
		{ FIELD_SIZE, "sm", "unknown company size", 0 },
		{ FIELD_SIZE, "smes", "unknown company size", 0 },
		{ FIELD_SIZE, "s me", "unknown company size", 0 },
		{ FIELD_SIZE, "university", "unknown company size", 0 },     /* a type, but no company */
		{ FIELD_SIZE, "비영리", "unknown company size", 0 },
		{ FIELD_TYPE, "university", NULL, RULES_UNIVERSITY },
		{ FIELD_TYPE, "Non-Profit", NULL, RULES_NONPROFIT },
		{ FIELD_TYPE, "sme", NULL, RULES_SME },
		{ FIELD_TYPE, "school", "unknown institution type", 0 },
		{ FIELD_LICENSE, "commercial", NULL, RULES_COMMERCIAL },
		{ FIELD_LICENSE, "상업용", NULL, RULES_COMMERCIAL },
		{ FIELD_LICENSE, "research", NULL, RULES_RESEARCH },
		{ FIELD_LICENSE, "연구용", NULL, RULES_RESEARCH },
		{ FIELD_LICENSE, "closed", NULL, RULES_CLOSED },
		{ FIELD_LICENSE, "none", NULL, RULES_CLOSED },
		{ FIELD_LICENSE, "NONE", NULL, RULES_CLOSED },
		{ FIELD_LICENSE, "비공개", NULL, RULES_CLOSED },
		{ FIELD_LICENSE, " Research ", NULL, RULES_RESEARCH },
		{ FIELD_LICENSE, "maybe", "unknown open-source mode", 0 },
		{ FIELD_LICENSE, "open", "unknown open-source mode", 0 },
		{ FIELD_GPUS, "0", NULL, 0 },
		{ FIELD_GPUS, "256", NULL, 256 },
		{ FIELD_GPUS, "100,000", NULL, 100000 },
		{ FIELD_GPUS, "100001", "too large", 0 },
		{ FIELD_GPUS, "-1", "negative", 0 },
		{ FIELD_GPUS, "abc", "not a number", 0 },
		{ FIELD_GPUS, "2.5", "too many decimal places", 0 },
		{ FIELD_GPUS, "", "empty", 0 },
		{ FIELD_GPUS, "99999999999999999999", "too large", 0 },
		{ FIELD_MONTHS, "10", NULL, 100000 },
		{ FIELD_MONTHS, "10.3", NULL, 103000 },
		{ FIELD_MONTHS, "0.0001", NULL, 1 },
		{ FIELD_MONTHS, "1,200", NULL, 12000000 },
		{ FIELD_MONTHS, "1200.0001", "too large", 0 },
		{ FIELD_MONTHS, "0", "too small", 0 },
		{ FIELD_MONTHS, "1.23456", "too many decimal places", 0 },
		{ FIELD_MONTHS, "10,3", "misplaced thousands separator", 0 },
		{ FIELD_UNIT_PRICE, "6,600,000", NULL, 6600000 },
		{ FIELD_UNIT_PRICE, "1", NULL, 1 },
		{ FIELD_UNIT_PRICE, "10,000,000,000", NULL, 10000000000 },
		{ FIELD_UNIT_PRICE, "10000000001", "too large", 0 },
		{ FIELD_UNIT_PRICE, "0", "too small", 0 },
		{ FIELD_UNIT_PRICE, "6600000.5", "too many decimal places", 0 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct rules_scenario fresh = { .type = 9, .license = 9, .gpus = 9, .months = 9, .unit_price = 9 };
		struct rules_scenario sc = fresh;
		const char *reason = field_parse(rows[i].id, rows[i].text, strlen(rows[i].text), &sc);
		uint64_t got = 0, unchanged = 9;
		switch (rows[i].id) {
		case FIELD_SIZE:
		case FIELD_TYPE:       got = (uint64_t)sc.type; break;
		case FIELD_LICENSE:    got = (uint64_t)sc.license; break;
		case FIELD_GPUS:       got = sc.gpus; break;
		case FIELD_MONTHS:     got = sc.months; break;
		case FIELD_UNIT_PRICE: got = sc.unit_price; break;
		default:               fail();
		}
		if (rows[i].reason == NULL) {
			if (reason != NULL)
				fail_msg("row %zu: '%s' refused: %s", i, rows[i].text, reason);
			CHECK_INT(i, got, rows[i].value);
		} else {
			CHECK_STR(i, reason, rows[i].reason);
			CHECK_INT(i, got, unchanged);
		}
	}
}

static void
test_headers(void **state)
{
	static const struct {
		const char *text;
		int id;           /* -1: not an input field */
	} rows[] = {
		{ "size", FIELD_SIZE }, { "SIZE", FIELD_SIZE }, { " Size ", FIELD_SIZE },
		{ "기업규모", FIELD_SIZE },
		{ "license", FIELD_LICENSE }, { "공개방식", FIELD_LICENSE },
		{ "gpus", FIELD_GPUS }, { "GPU수", FIELD_GPUS }, { "gpu수", FIELD_GPUS },
		{ "months", FIELD_MONTHS }, { "개월수", FIELD_MONTHS },
		{ "unit_price", FIELD_UNIT_PRICE }, { "단가", FIELD_UNIT_PRICE },
		/* What people type: spaces, '_' and '-' do not count, nor do letters' case. */
		{ "GPU 수", FIELD_GPUS }, { "협약 개월 수", FIELD_MONTHS }, { "개월 수", FIELD_MONTHS },
		{ "Unit-Price", FIELD_UNIT_PRICE }, { "unit price", FIELD_UNIT_PRICE },
		{ "기업 규모", FIELD_SIZE }, { "공개 방식", FIELD_LICENSE },
		/* kai-cost's own output and table labels read back. */
		{ "unit_price_krw", FIELD_UNIT_PRICE },
		{ "company size (기업규모)", FIELD_SIZE }, { "open-source mode (공개방식)", FIELD_LICENSE },
		{ "GPUs (GPU 수)", FIELD_GPUS }, { "months (협약 개월 수)", FIELD_MONTHS },
		{ "unit price (단가)", FIELD_UNIT_PRICE }, { " months (개월수) ", FIELD_MONTHS },
		{ "name", -1 }, { "gpu", -1 }, { "", -1 }, { "gov_subsidy_krw", -1 },
		{ "(months)", -1 }, { "x (y (months))", -1 }, { "months (", -1 }, { "month s x", -1 },
		{ "size (gpus)", FIELD_SIZE },
		/* A byte-order mark inside a name (a second one, from files joined by hand). */
		{ "\xEF\xBB\xBFsize", FIELD_SIZE }, { "gp\xEF\xBB\xBFus", FIELD_GPUS }, { "\xEF\xBB", -1 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		enum field_id id = FIELD_COUNT;
		bool found = field_from_header(rows[i].text, strlen(rows[i].text), &id);
		CHECK_INT(i, found, rows[i].id >= 0);
		if (found)
			CHECK_INT(i, id, rows[i].id);
	}
	assert_string_equal(field_name(FIELD_UNIT_PRICE), "unit_price");
	assert_string_equal(field_name(FIELD_GPUS), "gpus");
}

static void
test_message(void **state)
{
	char buf[512];
	(void)state;
	assert_string_equal(field_message(buf, sizeof buf, "--gpus", FIELD_GPUS, "-1", 2, "negative"),
	                    "--gpus '-1': negative; expected a whole number of GPUs from 0 to 100,000");
	assert_string_equal(field_message(buf, sizeof buf, "size", FIELD_SIZE, "huge", 4,
	                                  "unknown company size"),
	                    "size 'huge': unknown company size; expected large, mid or sme "
	                    "(대기업, 중견기업, 중소기업)");
	/* control characters are shown escaped: the message stays one line */
	assert_string_equal(field_message(buf, sizeof buf, "months", FIELD_MONTHS, "1\n2", 3,
	                                  "not a number"),
	                    "months '1\\x0a2': not a number; expected a number of months above 0 "
	                    "and at most 1,200, with at most 4 decimal places");
	/* a long value is cut, at a character boundary, and says so */
	char longv[200];
	memset(longv, 'x', sizeof longv);
	memcpy(longv + 63, "가", 3);     /* a 3-byte character straddling byte 64 */
	field_message(buf, sizeof buf, "size", FIELD_SIZE, longv, sizeof longv, "unknown company size");
	char want[256] = "size '";
	memset(want + 6, 'x', 63);
	strcpy(want + 69, "...': unknown company size; expected large, mid or sme (대기업, 중견기업, 중소기업)");
	assert_string_equal(buf, want);
	/* a small buffer is cut, never overrun */
	char small[8];
	field_message(small, sizeof small, "--gpus", FIELD_GPUS, "-1", 2, "negative");
	assert_string_equal(small, "--gpus ");
}

static void
test_lookup(void **state)
{
	static const struct field_alias table[] = { FIELD_ALIAS("csv", 1), FIELD_ALIAS("json", 2), FIELD_ALIAS_END };
	int v = 0;
	(void)state;
	assert_true(field_lookup(table, "JSON", 4, &v));
	assert_int_equal(v, 2);
	assert_true(field_lookup(table, " csv ", 5, &v));
	assert_int_equal(v, 1);
	assert_false(field_lookup(table, "xml", 3, &v));
	assert_false(field_lookup(table, "cs", 2, &v));
	assert_int_equal(v, 1);

	assert_true(field_same_name(" Total_Cost_KRW\t", 16, "total_cost_krw", 14));
	assert_true(field_same_name("기업규모", strlen("기업규모"), " 기업규모 ", strlen(" 기업규모 ")));
	assert_false(field_same_name("name", 4, "names", 5));
	assert_true(field_same_name("a b", 3, "ab", 2));
	assert_true(field_same_name("Total Cost-KRW", 14, "total_cost_krw", 14));
	assert_false(field_same_name("total.cost", 10, "totalcost", 9));
	assert_true(field_same_name("  ", 2, "", 0));
	assert_true(field_same_name("_-", 2, "", 0));
	assert_false(field_same_name("a", 1, "", 0));
	/* The quote --excel puts before = + - @ tab CR is not part of a name or a word. */
	assert_true(field_same_name("'\tlicense", 9, "license", 7));
	assert_true(field_lookup(table, "'\tcsv", 5, &v));
	assert_int_equal(v, 1);
	assert_false(field_lookup(table, "'csv", 4, &v));      /* a quote before a letter is text */
	static const struct { const char *in; const char *out; bool dropped; } guards[] = {
		{ "'-A", "-A", true }, { "'=1+1", "=1+1", true }, { "'+", "+", true }, { "'@x", "@x", true },
		{ "'\t", "\t", true }, { "'\r", "\r", true }, { "'", "'", false }, { "'a", "'a", false },
		{ "''-A", "''-A", false }, { "-A", "-A", false }, { "", "", false },
	};
	for (size_t i = 0; i < sizeof guards / sizeof guards[0]; i++) {
		const char *s = guards[i].in;
		size_t n = strlen(s);
		CHECK_INT(i, field_unguard(&s, &n), guards[i].dropped);
		CHECK_INT(i, n, strlen(guards[i].out));
		CHECK_INT(i, memcmp(s, guards[i].out, n), 0);
	}
}

/*
 * The hash index of field_lookup() against field_lookup_scan(), the plain
 * walk, on every name of a table in many spellings and on near misses:
 * both must find the same alias, or both nothing.
 */
static void
test_lookup_index(void **state)
{
	(void)state;
	static const struct field_alias table[] = {
		FIELD_ALIAS("large", 1), FIELD_ALIAS("대기업", 1), FIELD_ALIAS("mid", 2),
		FIELD_ALIAS("중견기업", 2), FIELD_ALIAS("sme", 3), FIELD_ALIAS("중소", 3),
		FIELD_ALIAS("중소기업", 3), FIELD_ALIAS("non-profit", 4), FIELD_ALIAS("a", 5),
		FIELD_ALIAS("exactly16bytes!!", 6), FIELD_ALIAS("seventeen bytes!!", 7),
		FIELD_ALIAS("z@[`{", 8), FIELD_ALIAS("", 9),
		FIELD_ALIAS_END,
	};
	/* More names than the index holds: walked, and still the same answers. */
	static const struct field_alias big[] = {
#define A(n) FIELD_ALIAS("w" #n, n)
		A(0), A(1), A(2), A(3), A(4), A(5), A(6), A(7), A(8), A(9), A(10), A(11),
		A(12), A(13), A(14), A(15), A(16), A(17), A(18), A(19), A(20), A(21), A(22),
		A(23), A(24), A(25), A(26), A(27), A(28), A(29), A(30), A(31), A(32), A(33),
#undef A
		FIELD_ALIAS_END,
	};
	static const char *const cells[] = {
		"large", "LARGE", "Large", " large", "large\t", "'large", "'-large", "larg", "largee",
		"대기업", " 대기업 ", "중견기업", "중소", "중소기업", "\xe1\x84\x8c\xe1\x85\xae\xe1\x86\xbc\xe1\x84\x89\xe1\x85\xa9",
		"SME", "sMe", "sme ", "s me", "Non-Profit", "NON-PROFIT", "nonprofit", "A", "a", "b",
		"exactly16bytes!!", "EXACTLY16BYTES!!", "exactly16bytes!", "exactly16bytes!!!",
		"seventeen bytes!!", "SEVENTEEN BYTES!!", "Z@[`{", "z@[`{", "Z`[`{", "z@{`{", "",
		" ", "'", "w0", "W33", "w34", "W 1", "\xc3\x89", "\xff", "lar\xc7\x65",
	};
	/* A name of 17 bytes, or 34 names: both walked (test_lookup_keys compares an indexed table). */
	assert_false(field_indexed(table));
	assert_false(field_indexed(big));
	for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
		size_t len = strlen(cells[i]);
		for (int t = 0; t < 2; t++) {
			const struct field_alias *tb = t == 0 ? table : big;
			int fast = -1, plain = -1;
			bool found = field_lookup(tb, cells[i], len, &fast);
			CHECK_INT(i, found, field_lookup_scan(tb, cells[i], len, &plain));
			CHECK_INT(i, fast, plain);
		}
	}
	/* A few answers spelled out, so that the two cannot agree on being wrong. */
	int v = 0;
	assert_true(field_lookup(table, "LaRgE", 5, &v));
	assert_int_equal(v, 1);
	assert_true(field_lookup(table, "중소기업", strlen("중소기업"), &v));
	assert_int_equal(v, 3);
	assert_true(field_lookup(table, "SEVENTEEN BYTES!!", 17, &v));
	assert_int_equal(v, 7);
	assert_false(field_lookup(table, "Z`[`{", 5, &v));
	assert_false(field_lookup(table, "sme\0", 4, &v));          /* a NUL is no padding */
	assert_false(field_lookup_scan(table, "sme\0", 4, &v));
	assert_true(field_lookup(big, "W33", 3, &v));
	assert_int_equal(v, 33);
}

/* Field_lookup() and field_lookup_scan() on CELL (LEN bytes) of TABLE: the same answer. */
static void
same_lookup(const struct field_alias *table, const char *cell, size_t len)
{
	int fast = -1, plain = -1;
	bool found = field_lookup(table, cell, len, &fast);
	if (found != field_lookup_scan(table, cell, len, &plain) || fast != plain)
		fail_msg("'%.*s' (%zu bytes): index %d %d, walk %d", (int)len, cell, len, found, fast, plain);
}

/*
 * The index's keys (first and last four or eight bytes, or first, middle
 * and last byte) against the walk, for names of every length the index
 * keeps, 1 to 16 bytes, ASCII and Hangul: each name, and each name with
 * any one byte changed (case, neighbours, the high bit), cut or lengthened
 * at either end; every string of up to three bytes from an alphabet of
 * the names' letters and their neighbours around the capitals.  A name
 * with a capital, or a space, tab or quote the walk drops (never found by
 * the walk), and a name given twice (found as the first) are kept out of
 * the index as the walk would have them.
 */
static void
test_lookup_keys(void **state)
{
	(void)state;
	static const struct field_alias table[] = {
		FIELD_ALIAS("a", 1), FIELD_ALIAS("b", 2), FIELD_ALIAS("ab", 3), FIELD_ALIAS("ba", 4),
		FIELD_ALIAS("aba", 5), FIELD_ALIAS("abb", 6), FIELD_ALIAS("z@[", 7), FIELD_ALIAS("abcd", 8),
		FIELD_ALIAS("abcde", 9), FIELD_ALIAS("abcdef", 10), FIELD_ALIAS("abcdefg", 11),
		FIELD_ALIAS("abcdefgh", 12), FIELD_ALIAS("abcdefghi", 13), FIELD_ALIAS("abcdefghijklmno", 14),
		FIELD_ALIAS("abcdefghijklmnop", 15), FIELD_ALIAS("중", 16), FIELD_ALIAS("중소", 17),
		FIELD_ALIAS("중소기업", 18), FIELD_ALIAS("x중소y", 19), FIELD_ALIAS("non-profit", 20),
		FIELD_ALIAS("Capital", 21), FIELD_ALIAS("ab", 22), FIELD_ALIAS("1", 23), FIELD_ALIAS("12", 24),
		FIELD_ALIAS("bbbbbbbbbbbbbbbb", 25), FIELD_ALIAS("aaaa", 26), FIELD_ALIAS("aaaaaaaaa", 27),
		/* names the walk never finds as written: it drops spaces, tabs and --excel's quote */
		FIELD_ALIAS(" lead", 28), FIELD_ALIAS("trail\t", 29), FIELD_ALIAS("'-x", 30),
		FIELD_ALIAS_END,
	};
	char cell[24];
	assert_true(field_indexed(table));
	for (const struct field_alias *a = table; a->name != NULL; a++) {
		size_t n = a->len;
		same_lookup(table, a->name, n);
		for (size_t i = 0; i < n; i++) {
			static const unsigned char changes[] = { 0x20, 0x01, 0x80, 0x40, 0x60, 0xFF };
			for (size_t c = 0; c < sizeof changes; c++) {
				memcpy(cell, a->name, n);
				cell[i] = (char)((unsigned char)cell[i] ^ changes[c]);
				same_lookup(table, cell, n);
				memcpy(cell, a->name, n);
				cell[i] = (char)((unsigned char)cell[i] + changes[c]);
				same_lookup(table, cell, n);
			}
		}
		same_lookup(table, a->name + 1, n - 1);
		same_lookup(table, a->name, n - 1);
		for (int end = 0; end < 2; end++) {
			static const char more[] = "aA \t'x\xEA";
			for (const char *m = more; *m != '\0'; m++) {
				cell[0] = *m;
				memcpy(cell + 1, a->name, n);
				if (end)
					memmove(cell, cell + 1, n), cell[n] = *m;
				same_lookup(table, cell, n + 1);
			}
		}
	}
	static const char alphabet[] = "abABzZ@[`{12 '\xEC";
	size_t k = sizeof alphabet - 1;
	for (size_t len = 1, total = k; len <= 3; len++, total *= k) {
		for (size_t x = 0; x < total; x++) {
			size_t y = x;
			for (size_t i = 0; i < len; i++, y /= k)
				cell[i] = alphabet[y % k];
			same_lookup(table, cell, len);
		}
	}
	/* One letter repeated: the same words at several lengths (aaaa and aaaaa, 8 to 16 a's). */
	for (const char *c = "aAbB"; *c != '\0'; c++) {
		for (size_t len = 1; len <= 17; len++) {
			memset(cell, *c, len);
			same_lookup(table, cell, len);
		}
	}
	/* Spelled out, so that the two cannot agree on being wrong. */
	int v = 0;
	assert_true(field_lookup(table, "ABCDEFGHIJKLMNOP", 16, &v));
	assert_int_equal(v, 15);
	assert_true(field_lookup(table, "ab", 2, &v));
	assert_int_equal(v, 3);
	assert_false(field_lookup(table, "Capital", 7, &v));
	assert_false(field_lookup(table, "abcdefghijklmnoo", 16, &v));
	assert_true(field_lookup(table, "X중소Y", strlen("X중소Y"), &v));
	assert_int_equal(v, 19);
}

/*
 * Field_parse() of size, type and license words found by their index
 * against the walk: a cell with a space before it is always walked
 * (field_lookup_scan() trims it), so it gives the plain answer.  Every
 * alias of SPEC §4, in other cases, and with any one byte changed, cut or
 * lengthened; both must set the same value or give the same reason.
 */
static void
test_words_indexed(void **state)
{
	(void)state;
	static const char *const words[] = {
		"large", "대기업", "mid", "중견", "중견기업", "sme", "중소", "중소기업", "university", "대학",
		"대학교", "institute", "연구기관", "출연연", "nonprofit", "non-profit", "비영리", "비영리기관",
		"commercial", "상업용", "research", "연구용", "closed", "none", "비공개",
		"LARGE", "Mid", "sMe", "NonProfit", "NON-PROFIT", "Closed", "NONE", "x", "",
	};
	static const enum field_id ids[] = { FIELD_SIZE, FIELD_TYPE, FIELD_LICENSE };
	char cell[40], spaced[41];
	size_t compared = 0;
	for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
		size_t n = strlen(words[w]);
		for (size_t v = 0; v <= 3 * n + 2; v++) {
			/* v 0: the word; then each byte flipped in case, bumped, or dropped; then one more byte */
			size_t len = n;
			memcpy(cell, words[w], n);
			if (v > 0 && v <= n)
				cell[v - 1] ^= 0x20;
			else if (v > n && v <= 2 * n)
				cell[v - n - 1]++;
			else if (v > 2 * n && v <= 3 * n)
				memmove(cell + v - 2 * n - 1, cell + v - 2 * n, n - (v - 2 * n)), len--;
			else if (v > 3 * n)
				cell[len++] = v == 3 * n + 1 ? 's' : '\xEA';
			spaced[0] = ' ';
			memcpy(spaced + 1, cell, len);
			for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
				struct rules_scenario fast = { .type = (enum rules_type)99, .license = (enum rules_license)99 };
				struct rules_scenario plain = fast;
				const char *a = field_parse(ids[i], cell, len, &fast);
				const char *b = field_parse(ids[i], spaced, len + 1, &plain);
				if ((a == NULL) != (b == NULL) || (a != NULL && strcmp(a, b) != 0) ||
				    fast.type != plain.type || fast.license != plain.license)
					fail_msg("field %d, '%.*s': %s %d %d, walked %s %d %d", (int)ids[i], (int)len, cell,
					         a ? a : "ok", fast.type, fast.license, b ? b : "ok", plain.type, plain.license);
				compared++;
			}
		}
	}
	assert_true(compared > 1000);
}

/*
 * field_parse() reads common numbers ("256", "10.3") itself and leaves the
 * rest to num_parse_fixed(): the two must agree on every text, accepted or
 * not.  Every string of up to five characters from digits, point, comma,
 * space, sign and a letter, and some longer ones, for each numeric field.
 */
static void
test_quick_numbers(void **state)
{
	(void)state;
	static const struct {
		enum field_id id;
		unsigned places;
		uint64_t min, max;
	} fields[] = {
		{ FIELD_GPUS, 0, 0, RULES_GPUS_MAX },
		{ FIELD_MONTHS, RULES_MONTHS_PLACES, 1, RULES_MONTHS_MAX },
		{ FIELD_UNIT_PRICE, 0, 1, RULES_UNIT_PRICE_MAX },
	};
	static const char alphabet[] = "0159., -a";
	static const char *const longer[] = {
		"100000", "100001", "999999999", "1000000000", "10000000000", "10000000001",
		"6600000", "6,600,000", "1200", "1200.0001", "1199.9999", "10.30000", "10.3000",
		"0.0001", "0.00001", "0000000001", "00000000000000000001", "12345678901234567890",
		"18446744073709551616", "1.", ".5", "1..2", "1.2.3", "٣", "１",
	};
	size_t n = sizeof alphabet - 1, count = 0;
	char buf[8];
	for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
		for (size_t total = 1, len = 0; len <= 5; len++, total *= n) {
			for (size_t k = 0; k < total; k++) {
				size_t x = k;
				for (size_t i = 0; i < len; i++, x /= n)
					buf[i] = alphabet[x % n];
				struct rules_scenario sc = { 0 };
				uint64_t v = 0;
				enum num_status st = num_parse_fixed(buf, len, fields[f].places, fields[f].min,
				                                     fields[f].max, &v);
				const char *reason = field_parse(fields[f].id, buf, len, &sc);
				uint64_t got = fields[f].id == FIELD_GPUS ? sc.gpus
				             : fields[f].id == FIELD_MONTHS ? sc.months : sc.unit_price;
				if ((reason == NULL) != (st == NUM_OK) || (st == NUM_OK && got != v) ||
				    (st != NUM_OK && strcmp(reason, num_strerror(st)) != 0))
					fail_msg("field %zu, '%.*s': %s %llu, want %s %llu", f, (int)len, buf,
					         reason ? reason : "ok", (unsigned long long)got,
					         st == NUM_OK ? "ok" : num_strerror(st), (unsigned long long)v);
				count++;
			}
		}
		for (size_t k = 0; k < sizeof longer / sizeof longer[0]; k++) {
			struct rules_scenario sc = { 0 };
			uint64_t v = 0;
			size_t len = strlen(longer[k]);
			enum num_status st = num_parse_fixed(longer[k], len, fields[f].places, fields[f].min,
			                                     fields[f].max, &v);
			const char *reason = field_parse(fields[f].id, longer[k], len, &sc);
			uint64_t got = fields[f].id == FIELD_GPUS ? sc.gpus
			             : fields[f].id == FIELD_MONTHS ? sc.months : sc.unit_price;
			CHECK_INT(k, reason == NULL, st == NUM_OK);
			if (st == NUM_OK)
				CHECK_INT(k, got, v);
			else
				CHECK_STR(k, reason, num_strerror(st));
		}
	}
	assert_true(count > 3 * 60000);
	/* Spelled out, so that the two cannot agree on being wrong. */
	struct rules_scenario sc = { 0 };
	assert_null(field_parse(FIELD_MONTHS, "10.3", 4, &sc));
	assert_int_equal(sc.months, 103000);
	assert_int_equal(sc.months_den, RULES_MONTHS_SCALE);
	assert_null(field_parse(FIELD_GPUS, "256", 3, &sc));
	assert_int_equal(sc.gpus, 256);
	assert_non_null(field_parse(FIELD_GPUS, "100001", 6, &sc));
	assert_int_equal(sc.gpus, 256);
	/* The quote --excel writes before a cell starting with a tab is not part of the number. */
	assert_null(field_parse(FIELD_MONTHS, "'\t12", 4, &sc));
	assert_int_equal(sc.months, 120000);
	assert_string_equal(field_parse(FIELD_GPUS, "'5", 2, &sc), "not a number");
}

/*
 * field_parse_usual() against field_parse() field by field, for every mix
 * of good, odd and bad cells (every alias, any case, blank, spaced, quoted
 * by --excel, each digit count, the limits and one past them), in columns
 * in order and shuffled: what it accepts, field_parse() must accept with
 * the same scenario; and when every cell is written the usual way (a word
 * as its table spells it, plain digits), it must accept exactly what
 * field_parse() accepts.  The rest it leaves to field_parse().
 */
struct usual_cell {
	const char *text;
	bool usual;               /* written the usual way */
};

static void
test_parse_usual(void **state)
{
	(void)state;
	static const struct usual_cell sizes[] = {
		{ "large", 1 }, { "대기업", 1 }, { "mid", 1 }, { "중견", 1 }, { "중견기업", 1 }, { "sme", 1 },
		{ "중소", 1 }, { "중소기업", 1 }, { "university", 1 }, { "대학", 1 }, { "nonprofit", 1 },
		{ "x", 1 }, { "", 1 }, { "중소기업x", 1 }, { "smes", 1 },
		{ "SME", 0 }, { "Large", 0 }, { " mid", 0 }, { "sme ", 0 }, { "'sme", 0 },
	};
	static const struct usual_cell licenses[] = {
		{ "commercial", 1 }, { "상업용", 1 }, { "research", 1 }, { "연구용", 1 }, { "closed", 1 },
		{ "none", 1 }, { "비공개", 1 }, { "x", 1 }, { "", 1 }, { "commercial1", 1 },
		{ "COMMERCIAL", 0 }, { "None", 0 }, { " research", 0 }, { "'closed", 0 },
	};
	static const struct usual_cell gpus[] = {
		{ "0", 1 }, { "1", 1 }, { "9", 1 }, { "10", 1 }, { "99", 1 }, { "256", 1 }, { "1000", 1 },
		{ "99999", 1 }, { "100000", 1 }, { "100001", 1 }, { "000256", 1 }, { "999999999", 1 }, { "", 1 },
		{ "x", 1 }, { "-1", 1 }, { "1e3", 1 },
		{ "1,000", 0 }, { " 5", 0 }, { "5 ", 0 }, { "'5", 0 }, { "+1", 0 }, { "5.0", 0 }, { "0000000001", 0 },
		{ "4294967296", 0 }, { "18446744073709551616", 0 },
	};
	static const struct usual_cell months[] = {
		{ "0", 1 }, { "0.0001", 1 }, { "1", 1 }, { "9", 1 }, { "10", 1 }, { "10.3", 1 }, { "10.30", 1 },
		{ "10.3000", 1 }, { "12", 1 }, { "1200", 1 }, { "1200.0001", 1 }, { "1199.9999", 1 }, { "1201", 1 },
		{ "", 1 }, { "x", 1 }, { "-1", 1 },
		{ "0.00001", 0 }, { "10.30000", 0 }, { "1.", 0 }, { ".5", 0 }, { "'\t12", 0 }, { " 10", 0 },
		{ "10 ", 0 }, { "1,200", 0 },
	};
	static const struct usual_cell *const cells[FIELD_USUAL] = { sizes, licenses, gpus, months };
	static const size_t counts[FIELD_USUAL] = {
		sizeof sizes / sizeof sizes[0], sizeof licenses / sizeof licenses[0],
		sizeof gpus / sizeof gpus[0], sizeof months / sizeof months[0],
	};
	/* Where each field's cell is in the record: in order, and shuffled among other columns. */
	static const int layouts[][FIELD_USUAL] = { { 0, 1, 2, 3 }, { 5, 3, 0, 2 } };
	const struct rules_scenario start = {
		.type = (enum rules_type)99, .license = (enum rules_license)99, .gpus = 7, .months = 7,
		.months_den = 7, .unit_price = 7,
	};
	size_t compared = 0, accepted = 0, left = 0;
	size_t at[FIELD_USUAL] = { 0 };
	for (;;) {
		for (size_t l = 0; l < sizeof layouts / sizeof layouts[0]; l++) {
			struct csvr_field fields[6] = { { "x", 1 }, { "x", 1 }, { "x", 1 }, { "x", 1 }, { "x", 1 }, { "x", 1 } };
			struct rules_scenario plain = start, fast = start;
			bool all = true, usual = true;
			for (int f = 0; f < FIELD_USUAL; f++) {
				const struct usual_cell *c = &cells[f][at[f]];
				fields[layouts[l][f]] = (struct csvr_field){ c->text, strlen(c->text) };
				all = all && field_parse((enum field_id)f, c->text, strlen(c->text), &plain) == NULL;
				usual = usual && c->usual;
			}
			bool got = field_parse_usual(fields, layouts[l], &fast);
			bool same = fast.type == plain.type && fast.license == plain.license && fast.gpus == plain.gpus &&
			            fast.months == plain.months && fast.months_den == plain.months_den &&
			            fast.unit_price == plain.unit_price && fast.basis == plain.basis;
			if ((got && (!all || !same)) || (usual && got != all))
				fail_msg("'%s' '%s' '%s' '%s' in layout %zu: %d, one by one %d", sizes[at[0]].text,
				         licenses[at[1]].text, gpus[at[2]].text, months[at[3]].text, l, got, all);
			compared++;
			accepted += got;
			left += all && !got;
		}
		size_t f = 0;               /* the next mix, like an odometer */
		while (f < FIELD_USUAL && ++at[f] == counts[f])
			at[f++] = 0;
		if (f == FIELD_USUAL)
			break;
	}
	assert_int_equal(compared, 2 * counts[0] * counts[1] * counts[2] * counts[3]);
	assert_true(accepted > 1000 && left > 1000);
	/* Spelled out, so that the two cannot agree on being wrong. */
	struct csvr_field one[4] = { { "sme", 3 }, { "research", 8 }, { "256", 3 }, { "10.3", 4 } };
	struct rules_scenario sc = start;
	assert_true(field_parse_usual(one, layouts[0], &sc));
	assert_int_equal(sc.type, RULES_SME);
	assert_int_equal(sc.license, RULES_RESEARCH);
	assert_int_equal(sc.gpus, 256);
	assert_int_equal(sc.months, 103000);
	assert_int_equal(sc.months_den, RULES_MONTHS_SCALE);
	assert_int_equal(sc.unit_price, 7);
}

/* field_duplicate: linear, and agrees with field_same_name. */
static void
test_duplicate(void **state)
{
	static const struct {
		const char *names[5];
		size_t n;
		int found;
		size_t first, second;
	} rows[] = {
		{ { "a", "b", "c" }, 3, 0, 0, 0 },
		{ { "a", "b", "a" }, 3, 1, 0, 2 },
		{ { "total_cost_krw", "Total Cost KRW" }, 2, 1, 0, 1 },
		{ { "x", "y", "GPU 수", "z", "gpu수" }, 5, 1, 2, 4 },
		{ { "", "b", " " }, 3, 1, 0, 2 },
		{ { "a" }, 1, 0, 0, 0 },
		{ { NULL }, 0, 0, 0, 0 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct field_text t[5];
		size_t a = 99, b = 99;
		for (size_t k = 0; k < rows[i].n; k++)
			t[k] = (struct field_text){ rows[i].names[k], strlen(rows[i].names[k]) };
		CHECK_INT(i, field_duplicate(t, rows[i].n, &a, &b), rows[i].found);
		if (rows[i].found) {
			CHECK_INT(i, a, rows[i].first);
			CHECK_INT(i, b, rows[i].second);
		}
	}

	/* 100,000 distinct names and then one repeat: found, and fast (a quadratic scan is not). */
	enum { N = 100000 };
	static char buf[N][8];
	static struct field_text many[N + 1];
	for (size_t k = 0; k < N; k++)
		many[k] = (struct field_text){ buf[k], (size_t)snprintf(buf[k], sizeof buf[k], "c%zu", k) };
	size_t a = 0, b = 0;
	assert_int_equal(field_duplicate(many, N, &a, &b), 0);
	many[N] = (struct field_text){ "C 77777", 7 };
	assert_int_equal(field_duplicate(many, N + 1, &a, &b), 1);
	assert_int_equal(a, 77777);
	assert_int_equal(b, N);
}

/* Messages show values on one line: control bytes and bytes that are not UTF-8 escaped. */
static void
test_show(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		const char *out;
	} rows[] = {
		{ "sme", 3, "sme" },
		{ "중소기업", 12, "중소기업" },
		{ "sm\xff", 3, "sm\\xff" },
		{ "a\nb", 3, "a\\x0ab" },
		{ "\xed\xa0\x80", 3, "\\xed\\xa0\\x80" },       /* a surrogate: not UTF-8 */
		{ "\xea\xb0", 2, "\\xea\\xb0" },                 /* a character cut short */
		{ "\xc0\xaf", 2, "\\xc0\\xaf" },                 /* overlong */
		{ "a\0b", 3, "a\\x00b" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char shown[FIELD_SHOWN_SIZE];
		field_show(shown, rows[i].in, rows[i].len);
		if (strcmp(shown, rows[i].out) != 0)
			fail_msg("row %zu: '%s', want '%s'", i, shown, rows[i].out);
	}
}

/* Display width: Hangul and other CJK two columns, anything else one, a stray byte one. */
static void
test_width(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		size_t width;
		uint32_t first;      /* the first character's code point, or U+FFFD when it is not UTF-8 */
	} rows[] = {
		{ "", 0, 0 },
		{ "sme", 3, 's' },
		{ "중소기업", 8, 0xC911 },
		{ "한빛 AI", 7, 0xD55C },
		{ "é", 1, 0xE9 },                    /* Latin: one column */
		{ "\xE3\x80\x80", 2, 0x3000 },        /* ideographic space */
		{ "\xEF\xBC\xA1", 2, 0xFF21 },        /* full-width A */
		{ "\xF0\x9F\x98\x80", 1, 0x1F600 },   /* an emoji: one, as this measure counts */
		{ "\xFF" "ab", 3, 0xFFFD },              /* a stray byte counts one */
		{ "\xED\xA0\x80", 3, 0xFFFD },        /* a surrogate is not UTF-8: three stray bytes */
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		size_t len = strlen(rows[i].s);
		CHECK_INT(i, field_display_width(rows[i].s, len), rows[i].width);
		if (len == 0)
			continue;
		size_t n = field_utf8_length(rows[i].s, len);
		CHECK_INT(i, n == 0 ? 0xFFFD : field_utf8_code(rows[i].s, n), rows[i].first);
	}
	CHECK_INT(0, field_wide(0xAC00), 1);     /* 가, the first syllable */
	CHECK_INT(1, field_wide(0xD7A3), 1);     /* 힣, the last */
	CHECK_INT(2, field_wide(0xD7A4), 0);
	CHECK_INT(3, field_wide('A'), 0);
}

/* Hangul written as separate jamo (NFD, from macOS) is the syllables it spells, in names and words. */
static void
test_nfd(void **state)
{
	(void)state;
	/* 기업규모 and 중소기업 decomposed: leading consonant, vowel and, for 업, a final. */
	static const char nfd_size[] = "\u1100\u1175\u110B\u1165\u11B8\u1100\u1172\u1106\u1169";
	static const char nfd_sme[] = "\u110C\u116E\u11BC\u1109\u1169\u1100\u1175\u110B\u1165\u11B8";
	static const struct {
		const char *a, *b;
		bool same;
	} rows[] = {
		{ "기업규모", nfd_size, true },
		{ nfd_size, "기업 규모", true },
		{ "기업규모", "기업규", false },
		{ "\u1100\u1175", "기", true },              /* one syllable */
		{ "\u1100", "기", false },                     /* a lone leading consonant is not a syllable */
		{ "\uAE30\u11B8", "깁", true },               /* precomposed 기 + final ㅂ */
		{ "\u1100\u1175x", "기X", true },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		CHECK_INT(i, field_same_name(rows[i].a, strlen(rows[i].a), rows[i].b, strlen(rows[i].b)), rows[i].same);
	enum field_id id;
	assert_true(field_from_header(nfd_size, strlen(nfd_size), &id));
	CHECK_INT(0, id, FIELD_SIZE);
	struct rules_scenario sc = { 0 };
	assert_null(field_parse(FIELD_SIZE, nfd_sme, strlen(nfd_sme), &sc));
	CHECK_INT(1, sc.type, RULES_SME);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_message),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_lookup_index),
		cmocka_unit_test(test_lookup_keys),
		cmocka_unit_test(test_words_indexed),
		cmocka_unit_test(test_quick_numbers),
		cmocka_unit_test(test_parse_usual),
		cmocka_unit_test(test_duplicate),
		cmocka_unit_test(test_show),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_nfd),
	};
	return cmocka_run_group_tests_name("field", tests, NULL, NULL);
}
