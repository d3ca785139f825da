/*
 * test_plan.c - the budget solver: the worked examples (computed
 * independently, exact), and for every size x mode x basis, thousands of
 * generated budgets checked against rules_compute() itself: the answer
 * fits, the next step does not, and for GPUs a plain scan from 0 agrees.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "check.h"
#include "plan.h"
#include "programme.h"

static struct rules_scenario
scenario(enum rules_type type, enum rules_license license, uint64_t gpus, uint64_t months_e4)
{
	return (struct rules_scenario){ .type = type, .license = license, .basis = RULES_BASIS_TOTAL,
	                                .gpus = gpus, .months = months_e4, .months_den = RULES_MONTHS_SCALE,
	                                .unit_price = PROGRAMME_UNIT_PRICE };
}

/* The worked examples, sme research at 6,600,000 won unless said. */
static void
test_worked(void **state)
{
	static const struct {
		enum rules_type type;
		enum rules_license license;
		enum plan_var var;
		uint64_t gpus, months, cash, in_kind;
		uint64_t answer;                /* GPUs, or months in 1/10,000 */
		enum plan_limit limit;
		int64_t private_share, cash_min, next_private, next_cash_min;
	} rows[] = {
		{ RULES_SME, RULES_RESEARCH, PLAN_GPUS, 0, 103000, 300000000, 1200000000, 154, PLAN_TOTAL,
		  1495560000, 149556000, 1505271429, -1 },
		{ RULES_SME, RULES_RESEARCH, PLAN_GPUS, 0, 103000, 150000000, 3000000000, 154, PLAN_CASH,
		  1495560000, 149556000, -1, 150527143 },
		{ RULES_SME, RULES_RESEARCH, PLAN_MONTHS, 256, 103000, 150000000, 3000000000, 62144, PLAN_CASH,
		  -1, 149997861, -1, 150000275 },
		{ RULES_MID, RULES_COMMERCIAL, PLAN_GPUS, 0, 103000, 100000000, 500000000, 138, PLAN_CASH + 99,
		  -1, -1, -1, -1 },
		{ RULES_LARGE, RULES_CLOSED, PLAN_GPUS, 0, 103000, 1000000000, 5000000000, 88, PLAN_CASH + 99,
		  -1, -1, -1, -1 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct plan_problem p = {
			.var = rows[i].var, .base = scenario(rows[i].type, rows[i].license, rows[i].gpus, rows[i].months),
			.cap = rows[i].var == PLAN_GPUS ? 256 : rows[i].months,
			.budget = { rows[i].cash, rows[i].in_kind },
		};
		struct plan_answer a;
		assert_int_equal(plan_solve(&programme_rates, &p, &a), RULES_OK);
		CHECK_INT(i, a.found, true);
		CHECK_INT(i, rows[i].var == PLAN_GPUS ? a.best.sc.gpus : a.best.sc.months, rows[i].answer);
		if (rows[i].limit <= PLAN_CAP)
			CHECK_INT(i, a.limit, rows[i].limit);
		if (rows[i].private_share >= 0)
			CHECK_INT(i, a.best.res.private_share, rows[i].private_share);
		if (rows[i].cash_min >= 0)
			CHECK_INT(i, a.best.res.cash_min, rows[i].cash_min);
		if (rows[i].next_private >= 0)
			CHECK_INT(i, a.next.res.private_share, rows[i].next_private);
		if (rows[i].next_cash_min >= 0)
			CHECK_INT(i, a.next.res.cash_min, rows[i].next_cash_min);
	}

	/* --solve end: 256 GPUs from 2025-11-01, at most to 2026-09-09. */
	struct plan_problem p = {
		.var = PLAN_END, .base = scenario(RULES_SME, RULES_RESEARCH, 256, 0),
		.from = { 2025, 11, 1 }, .last = { 2026, 9, 9 }, .budget = { 150000000, 3000000000 },
	};
	struct plan_answer a;
	assert_int_equal(plan_solve(&programme_rates, &p, &a), RULES_OK);
	assert_true(a.found);
	assert_int_equal(a.best.end.year, 2026);
	assert_int_equal(a.best.end.month, 5);
	assert_int_equal(a.best.end.day, 6);
	assert_int_equal(a.best.sc.months, 192);
	assert_int_equal(a.best.sc.months_den, 31);
	assert_int_equal(a.best.res.gov, 10464619354);
	assert_int_equal(a.best.res.private_share, 1494945622);
	assert_int_equal(a.best.res.cash_min, 149494563);
	assert_int_equal(a.next.res.cash_min, 150273180);
	assert_int_equal(a.next.end.day, 7);
	assert_int_equal(a.limit, PLAN_CASH);
}

/* A small deterministic generator: the same budgets every run. */
static uint64_t
next_random(uint64_t *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	return *s >> 17;
}

/* Whether the point at GPUS / MONTHS fits B, by rules_compute alone. */
static bool
fits_at(const struct rules_scenario *base, enum plan_var var, uint64_t k, const struct plan_budget *b,
        struct rules_result *res)
{
	struct rules_scenario sc = *base;
	if (var == PLAN_GPUS)
		sc.gpus = k;
	else
		sc.months = k, sc.months_den = RULES_MONTHS_SCALE;
	assert_int_equal(rules_compute(&programme_rates, &sc, res), RULES_OK);
	return res->cash_min <= (int64_t)b->cash && res->private_share <= (int64_t)(b->cash + b->in_kind);
}

/*
 * Every size x mode x basis, GPUs and months, over generated budgets:
 * random ones, ones exactly at the figures of a random step (which must
 * then fit), a won below them (which must not), zero, and past the cap.
 */
static void
test_property(void **state)
{
	(void)state;
	uint64_t seed = 2026;
	size_t checked = 0;
	for (int basis = 0; basis < 2; basis++)
	for (int t = 0; t < RULES_COMPANY_COUNT; t++)
	for (int l = 0; l < RULES_LICENSE_COUNT; l++)
	for (int v = 0; v < 2; v++)
	for (int n = 0; n < 120; n++) {
		enum plan_var var = v == 0 ? PLAN_GPUS : PLAN_MONTHS;
		struct plan_problem p = {
			.var = var, .base = scenario((enum rules_type)t, (enum rules_license)l, 256, 103000),
			.cap = var == PLAN_GPUS ? 256 : 103000,
		};
		p.base.basis = (enum rules_basis)basis;
		struct rules_result at;
		uint64_t k = 1 + next_random(&seed) % p.cap, kind = n % 6;
		fits_at(&p.base, var, k, &(struct plan_budget){ 0, 0 }, &at);
		switch (kind) {
		case 0:         /* anything up to 40억 */
			p.budget = (struct plan_budget){ next_random(&seed) % 4000000000u,
			                                  next_random(&seed) % 4000000000u };
			break;
		case 1:         /* exactly the figures of step K: K fits */
			p.budget = (struct plan_budget){ (uint64_t)at.cash_min,
			                                  (uint64_t)(at.private_share - at.cash_min) };
			break;
		case 2:         /* a won short of K's cash minimum */
			p.budget = (struct plan_budget){ (uint64_t)at.cash_min - (at.cash_min > 0),
			                                  (uint64_t)at.private_share };
			break;
		case 3:         /* a won short of K's private share */
			p.budget = (struct plan_budget){ (uint64_t)at.cash_min,
			                                  (uint64_t)(at.private_share - at.cash_min) - (at.private_share > at.cash_min) };
			break;
		case 4:
			p.budget = (struct plan_budget){ 0, 0 };
			break;
		default:        /* more than the cap needs */
			p.budget = (struct plan_budget){ UINT64_MAX / 4, UINT64_MAX / 4 };
			break;
		}
		struct plan_answer a;
		struct rules_result r;
		assert_int_equal(plan_solve(&programme_rates, &p, &a), RULES_OK);
		uint64_t lo = var == PLAN_MONTHS ? 1 : 0;
		uint64_t got = var == PLAN_GPUS ? a.best.sc.gpus : a.best.sc.months;
		if (!a.found) {
			assert_false(fits_at(&p.base, var, lo, &p.budget, &r));
		} else {
			if (!fits_at(&p.base, var, got, &p.budget, &r))
				fail_msg("answer %llu does not fit", (unsigned long long)got);
			if (a.limit == PLAN_CAP) {
				assert_true(got == p.cap);
			} else {
				if (fits_at(&p.base, var, got + 1, &p.budget, &r))
					fail_msg("answer %llu, but %llu fits too", (unsigned long long)got,
					         (unsigned long long)got + 1);
				assert_true(a.limit == plan_check(&r, &p.budget));
				assert_true(a.next.res.private_share == r.private_share);
			}
		}
		if (kind == 1 && (!a.found || got < k))
			fail_msg("budget exactly at step %llu: answer %llu", (unsigned long long)k,
			         (unsigned long long)got);
		if ((kind == 2 && at.cash_min > 0) || (kind == 3 && at.private_share > at.cash_min))
			if (a.found && got >= k)
				fail_msg("a won short of step %llu: answer %llu", (unsigned long long)k,
				         (unsigned long long)got);
		if (kind == 4 && var == PLAN_GPUS && !a.found)
			fail_msg("zero budget: 0 GPUs always fit");
		/* GPUs: a plain scan from 0 finds the same largest. */
		if (var == PLAN_GPUS) {
			uint64_t scan = 0;
			for (uint64_t g = 0; g <= p.cap && fits_at(&p.base, var, g, &p.budget, &r); g++)
				scan = g;
			CHECK_INT(checked, got, scan);
		}
		checked++;
	}
	assert_true(checked == 2 * RULES_COMPANY_COUNT * RULES_LICENSE_COUNT * 2 * 120);
}

/* The end date: the answer fits and the day after does not; nothing fits; the cap fits. */
static void
test_end(void **state)
{
	(void)state;
	uint64_t seed = 7;
	for (int n = 0; n < 400; n++) {
		struct plan_problem p = {
			.var = PLAN_END, .base = scenario((enum rules_type)(n % 3), (enum rules_license)(n / 3 % 3), 1 + next_random(&seed) % 256, 0),
			.from = cal_add_days((struct cal_date){ 2025, 11, 1 }, (long)(next_random(&seed) % 200)),
			.last = { 2026, 9, 9 },
			.budget = { next_random(&seed) % 400000000u, next_random(&seed) % 4000000000u },
		};
		struct plan_answer a;
		assert_int_equal(plan_solve(&programme_rates, &p, &a), RULES_OK);
		if (!a.found) {
			assert_int_equal(cal_serial(a.next.end), cal_serial(p.from));
			assert_true(plan_check(&a.next.res, &p.budget) != PLAN_FITS);
			assert_int_equal(a.limit, PLAN_NOTHING);
			continue;
		}
		assert_true(plan_check(&a.best.res, &p.budget) == PLAN_FITS);
		if (a.limit == PLAN_CAP) {
			assert_int_equal(cal_serial(a.best.end), cal_serial(p.last));
		} else {
			assert_int_equal(cal_serial(a.next.end), cal_serial(a.best.end) + 1);
			assert_true(plan_check(&a.next.res, &p.budget) == a.limit);
			assert_true(a.limit != PLAN_FITS);
		}
	}
}

static void
test_check(void **state)
{
	(void)state;
	struct rules_result r = { .private_share = 100, .cash_min = 10 };
	static const struct {
		uint64_t cash, in_kind;
		enum plan_limit limit;
		int64_t cash_spare, spare;
	} rows[] = {
		{ 10, 90, PLAN_FITS, 0, 0 }, { 9, 91, PLAN_CASH, -1, 0 }, { 10, 89, PLAN_TOTAL, 0, -1 },
		{ 9, 0, PLAN_CASH, -1, -91 }, { 100, 0, PLAN_FITS, 90, 0 }, { 0, 0, PLAN_CASH, -10, -100 },
		{ UINT64_MAX, UINT64_MAX, PLAN_FITS, INT64_MAX, INT64_MAX },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct plan_budget b = { rows[i].cash, rows[i].in_kind };
		CHECK_INT(i, plan_check(&r, &b), rows[i].limit);
		CHECK_INT(i, plan_cash_spare(&r, &b), rows[i].cash_spare);
		CHECK_INT(i, plan_spare(&r, &b), rows[i].spare);
	}
	assert_string_equal(plan_limit_name(PLAN_CASH), "cash");
	assert_string_equal(plan_limit_name(PLAN_TOTAL), "total");
	assert_string_equal(plan_limit_name(PLAN_CAP), "cap");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_worked),
		cmocka_unit_test(test_property),
		cmocka_unit_test(test_end),
	};
	return cmocka_run_group_tests_name("plan", tests, NULL, NULL);
}
