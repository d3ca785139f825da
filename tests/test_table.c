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

/*
 * The amounts of the next record, when not NULL: it gives them to R (drawn
 * by draw()), as compare() calls it.
 */
static void (*amounts_of)(struct rec *r, uint64_t *x);

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
		if (amounts_of != NULL)
			amounts_of(&r, &x);
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

/* Every row of a scenario, as batch.c shows them. */
static const enum out_col scenario[] = {
	OUT_SIZE, OUT_LICENSE, OUT_GPUS, OUT_MONTHS, OUT_UNIT_PRICE, OUT_GOV, OUT_SELF_RATE,
	OUT_PRIVATE, OUT_CASH_RATE, OUT_CASH_MIN, OUT_IN_KIND, OUT_TOTAL,
};

static void
test_templates(void **state)
{
	/* The scenario's rows; with the budget's; in other orders, a row twice. */
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
 * The amounts the batch writer keeps by value (table_amount_slot()): each
 * digit count, the largest kept (999,999,999,999) and the smallest not
 * (1조), and for each of them another that takes its slot; in a pool of
 * few, so that records find them kept, find the slot empty or another's,
 * and take it from an earlier record's amount or their own.
 */
enum { POOL = 2 * (1 + 2 * 14 + 2) };     /* each with its slot's other: 0, 14 digit counts, two more */
static int64_t pool[POOL];
static size_t pooled;

/* Adds V to the pool, and the next value above V that takes its slot. */
static void
pool_add(int64_t v)
{
	int64_t other = v + 1;
	while (table_amount_slot((uint64_t)other) != table_amount_slot((uint64_t)v))
		other++;
	pool[pooled++] = v;
	pool[pooled++] = other;
}

/* A record's five amounts from the pool; often an amount and the one of its slot together, either first. */
static void
pool_amounts(struct rec *r, uint64_t *x)
{
	int64_t a[5];
	for (int k = 0; k < 5; k++)
		a[k] = pool[next(x) % pooled];
	if (next(x) % 2) {
		size_t p = next(x) % (pooled / 2) * 2, flip = next(x) % 2;
		a[next(x) % 5] = pool[p + flip];
		a[next(x) % 5] = pool[p + 1 - flip];
	}
	r->res.gov = a[0], r->res.private_share = a[1], r->res.cash_min = a[2];
	r->res.in_kind_max = a[3], r->res.total = a[4];
}

static void
test_kept_amounts(void **state)
{
	static const enum out_col budget[] = {
		OUT_GOV, OUT_CASH_SPARE, OUT_TOTAL, OUT_BUDGET_CASH, OUT_PRIVATE, OUT_SPARE, OUT_CASH_MIN,
	};
	(void)state;

	pooled = 0;
	pool_add(0);
	for (int64_t v = 9; v <= 99999999999999; v = v * 10 + 9)     /* each digit count, the next one up */
		pool_add(v), pool_add(v + 1);
	pool_add(999999999999 - 1);     /* one below the largest kept: its slot's other may be 1조 or more */
	pool_add(16896000000);
	assert_int_equal(pooled, POOL);
	amounts_of = pool_amounts;
	for (uint64_t seed = 1; seed <= 4; seed++) {
		compare("kept amounts", scenario, sizeof scenario / sizeof scenario[0], seed * 0x9E3779B97F4A7C15u,
		        3000, false);
		compare("kept amounts, budget", budget, sizeof budget / sizeof budget[0], seed * 0x9E3779B97F4A7C15u,
		        3000, true);
	}
	amounts_of = NULL;
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
		cmocka_unit_test(test_kept_amounts),
		cmocka_unit_test(test_put),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
