/*
 * test_table.c - the batch table writer (table_batch_new() and the rest)
 * against table_scenario(), record by record, on records no input file
 * gives: rates that change under one size and license, unit prices and
 * bases that come and go, amounts at every width and at the limits, budgets
 * below 0, every size and license, in several row orders; and
 * table_batch_put() of every length at every place in its buffer.
 * test_batch compares the two writers on what the batch reader gives.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "table.h"

/* The bytes written to FP, malloc'd, their number in *LEN; FP is closed. */
static char *
contents(FILE *fp, size_t *len)
{
	assert_int_equal(fflush(fp), 0);
	long n = ftell(fp);
	assert_true(n >= 0);
	char *text = malloc((size_t)n + 1);
	assert_non_null(text);
	rewind(fp);
	assert_int_equal(fread(text, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*len = (size_t)n;
	return text;
}

/* Fails naming WHAT and the first byte where the N bytes at GOT and the M at WANT differ. */
static void
same_bytes(const char *what, const char *got, size_t n, const char *want, size_t m)
{
	size_t at = 0;
	while (at < n && at < m && got[at] == want[at])
		at++;
	if (at == n && at == m)
		return;
	size_t from = at > 200 ? at - 200 : 0;
	fail_msg("%s: differs at byte %zu of %zu (want %zu):\n%.300s\nwant\n%.300s", what, at, n, m,
	         got + from, want + from);
}

/* A deterministic pseudo-random number (xorshift), so a failure comes back the same. */
static uint64_t
next(uint64_t *x)
{
	*x ^= *x << 13, *x ^= *x >> 7, *x ^= *x << 17;
	return *x;
}

#define PICK(x, a) ((a)[next(x) % (sizeof (a) / sizeof (a)[0])])

/*
 * Records for the two writers: each the scenario, result, budget and
 * texts of one record, drawn from few values, so that templates are both
 * found again and made again.
 */
struct rec {
	struct rules_scenario sc;
	struct rules_result res;
	struct out_plan plan;
	struct out_record out;
};

static void
draw(struct rec *r, uint64_t *x, bool budget)
{
	/* Each width of amount, around 1만 (below it no Korean form), zero groups, and the limit. */
	static const int64_t amounts[] = {
		0, 1, 9999, 10000, 10001, 99999999, 100000000, 100000001, 1000000000000, 16896000000,
		123456789012345678, INT64_MAX,
	};
	static const int64_t budgets[] = { 0, 1, -1, 9999, -10000, 100000001, -123456789012, INT64_MAX, INT64_MIN + 1 };
	static const uint32_t rates[] = { 0, 1, 50000, 125000, 999999, 1000000, UINT32_MAX };
	static const uint64_t prices[] = { 1, 9999, 10000, 6600000, 10000000000ull, UINT64_MAX };
	static const uint64_t gpus[] = { 0, 1, 7, 999, 1000, 100000 };
	static const uint64_t months[][2] = { { 1, 1 }, { 103, 10 }, { 1, 10000 }, { 59, 6 }, { 1200, 1 } };
	static const char *const texts[] = { "", "x", "a record's own words, longer than a run of sixty-four bytes...",
	                                     "가람 법률 AI 00001" };

	memset(r, 0, sizeof *r);
	r->sc.type = (enum rules_type)(next(x) % RULES_TYPE_COUNT);
	r->sc.license = (enum rules_license)(next(x) % RULES_LICENSE_COUNT);
	r->sc.basis = next(x) % 4 == 0 ? RULES_BASIS_SUBSIDY : RULES_BASIS_TOTAL;
	r->sc.gpus = PICK(x, gpus);
	size_t m = next(x) % (sizeof months / sizeof months[0]);
	r->sc.months = months[m][0], r->sc.months_den = months[m][1];
	r->sc.unit_price = next(x) % 3 ? 6600000 : PICK(x, prices);
	r->res.self_ppm = next(x) % 3 ? 125000 : PICK(x, rates);
	r->res.cash_ppm = next(x) % 3 ? 100000 : PICK(x, rates);
	r->res.gov = PICK(x, amounts);
	r->res.private_share = PICK(x, amounts);
	r->res.cash_min = PICK(x, amounts);
	r->res.in_kind_max = PICK(x, amounts);
	r->res.total = PICK(x, amounts);
	r->plan = (struct out_plan){ PICK(x, budgets), PICK(x, budgets), PICK(x, budgets), PICK(x, budgets),
	                             PICK(x, budgets), PICK(x, budgets) };
	r->out = (struct out_record){ .sc = &r->sc, .res = &r->res, .plan = budget && next(x) % 4 ? &r->plan : NULL };
	for (int c = 0; c < OUT_COL_COUNT; c++)
		if (next(x) % 2)
			r->out.text[c] = PICK(x, texts);
}

/* RECORDS records of seed SEED through both writers, with the N rows COLS: the same bytes. */
static void
compare(const char *what, const enum out_col *cols, size_t n, uint64_t seed, size_t records, bool budget)
{
	FILE *fast = tmpfile(), *plain = tmpfile();
	assert_non_null(fast);
	assert_non_null(plain);
	struct table_batch *t = table_batch_new(fast, cols, n);
	assert_non_null(t);
	uint64_t x = seed;
	char head[64];
	for (size_t k = 0; k < records; k++) {
		struct rec r;
		draw(&r, &x, budget);
		/* The first line as batch.c writes it: table_batch_scenario() ends it. */
		int len = snprintf(head, sizeof head, "%sfile.csv:%zu", k > 0 ? "\n" : "", k + 2);
		table_batch_put(t, head, (size_t)len);
		table_batch_scenario(t, &r.out);
		fprintf(plain, "%s\n", head);
		table_scenario(plain, &r.out, cols, n);
	}
	table_batch_flush(t);
	table_batch_free(t);
	size_t flen, plen;
	char *f = contents(fast, &flen), *p = contents(plain, &plen);
	same_bytes(what, f, flen, p, plen);
	free(f);
	free(p);
}

static void
test_templates(void **state)
{
	/* Every row of a scenario, as batch.c shows them; with the budget's; in other orders, a row twice. */
	static const enum out_col scenario[] = {
		OUT_SIZE, OUT_LICENSE, OUT_GPUS, OUT_MONTHS, OUT_UNIT_PRICE, OUT_GOV, OUT_SELF_RATE,
		OUT_PRIVATE, OUT_CASH_RATE, OUT_CASH_MIN, OUT_IN_KIND, OUT_TOTAL,
	};
	static const enum out_col budget[] = {
		OUT_SIZE, OUT_LICENSE, OUT_GPUS, OUT_MONTHS, OUT_UNIT_PRICE, OUT_GOV, OUT_SELF_RATE,
		OUT_PRIVATE, OUT_CASH_RATE, OUT_CASH_MIN, OUT_IN_KIND, OUT_TOTAL,
		OUT_BUDGET_CASH, OUT_BUDGET_IN_KIND, OUT_CASH_SPARE, OUT_SPARE, OUT_LIMITED_BY,
	};
	static const enum out_col kept_first[] = {
		OUT_UNIT_PRICE, OUT_SELF_RATE, OUT_CASH_RATE, OUT_LICENSE, OUT_SIZE, OUT_NAME, OUT_TOTAL,
		OUT_UNIT_PRICE, OUT_CASH_SPARE, OUT_MONTHS, OUT_GPUS,
	};
	static const enum out_col kept_last[] = { OUT_GOV, OUT_TEAM, OUT_MONTHS, OUT_SIZE, OUT_SELF_RATE };
	static const enum out_col none_kept[] = { OUT_SPARE, OUT_GPUS, OUT_NAME, OUT_CASH_MIN };
	static const enum out_col only_kept[] = { OUT_CASH_RATE, OUT_UNIT_PRICE, OUT_SIZE };
	static const struct {
		const char *what;
		const enum out_col *cols;
		size_t n;
	} sets[] = {
		{ "scenario", scenario, sizeof scenario / sizeof scenario[0] },
		{ "budget", budget, sizeof budget / sizeof budget[0] },
		{ "kept first", kept_first, sizeof kept_first / sizeof kept_first[0] },
		{ "kept last", kept_last, sizeof kept_last / sizeof kept_last[0] },
		{ "none kept", none_kept, sizeof none_kept / sizeof none_kept[0] },
		{ "only kept", only_kept, sizeof only_kept / sizeof only_kept[0] },
	};
	(void)state;

	for (int narrow = 0; narrow <= 1; narrow++) {
		/* The note on declined GPUs folded on a narrow terminal, as table_scenario() folds it. */
		if (narrow)
			assert_int_equal(setenv("COLUMNS", "40", 1), 0);
		else
			unsetenv("COLUMNS");
		for (size_t s = 0; s < sizeof sets / sizeof sets[0]; s++)
			for (uint64_t seed = 1; seed <= 4; seed++)
				compare(sets[s].what, sets[s].cols, sets[s].n, seed * 0x9E3779B97F4A7C15u,
				        1500, s == 1 || s == 2 || s == 4);
	}
	unsetenv("COLUMNS");
}

/*
 * table_batch_put() of every length from 0 to past a run, from every place
 * near the end of the writer's 64 KiB buffer (so that some are written out
 * first), and of more than the buffer holds: the bytes arrive in order.
 */
static void
test_put(void **state)
{
	static const enum out_col cols[] = { OUT_GPUS };
	enum { BUF = 1 << 16, MOST = 200 };
	char text[BUF + MOST + 1];
	(void)state;

	for (size_t i = 0; i < sizeof text; i++)
		text[i] = (char)('!' + i % 89);
	for (size_t fill = BUF - 2 * MOST; fill <= BUF; fill += 37) {
		FILE *fp = tmpfile();
		assert_non_null(fp);
		struct table_batch *t = table_batch_new(fp, cols, 1);
		assert_non_null(t);
		char *want = malloc(fill + MOST * MOST + sizeof text);
		assert_non_null(want);
		size_t wlen = 0;
		table_batch_put(t, text, fill);
		memcpy(want, text, fill), wlen += fill;
		for (size_t len = 0; len <= MOST; len++) {
			const char *s = text + len % 7;     /* texts at every alignment */
			table_batch_put(t, s, len);
			memcpy(want + wlen, s, len), wlen += len;
		}
		table_batch_put(t, text, sizeof text);
		memcpy(want + wlen, text, sizeof text), wlen += sizeof text;
		table_batch_flush(t);
		table_batch_free(t);
		size_t glen;
		char *got = contents(fp, &glen);
		same_bytes("table_batch_put", got, glen, want, wlen);
		free(got);
		free(want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_templates),
		cmocka_unit_test(test_put),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
