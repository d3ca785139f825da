/*
 * test_rules.c - the cost computation against exact expected values.
 * Expected amounts were computed independently with Python's Fraction
 * (exact rationals, floor/ceil as in SPEC §3), not by this code.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "check.h"
#include "programme.h"
#include "rules.h"

#define P 6600000u
#define M(x) ((uint64_t)(x) * RULES_MONTHS_SCALE)   /* whole months */

static const struct {
	enum rules_type size;
	enum rules_license license;
	enum rules_basis basis;
	uint64_t gpus, months, price;
	int64_t gov, private_share, cash_min, in_kind_max, total;
} cases[] = {
#define T RULES_BASIS_TOTAL
#define S RULES_BASIS_SUBSIDY
	/* All nine combinations, share of the total (the default). */
	{ RULES_LARGE, RULES_COMMERCIAL, T, 256, M(10), P, 16896000000, 1877333334, 281600001, 1595733333, 18773333334 },
	{ RULES_MID,   RULES_COMMERCIAL, T, 256, M(10), P, 16896000000, 1078468086, 140200852, 938267234, 17974468086 },
	{ RULES_SME,   RULES_COMMERCIAL, T, 256, M(10), P, 16896000000, 889263158, 88926316, 800336842, 17785263158 },
	{ RULES_LARGE, RULES_RESEARCH,   T, 256, M(10), P, 16896000000, 5632000000, 844800000, 4787200000, 22528000000 },
	{ RULES_MID,   RULES_RESEARCH,   T, 256, M(10), P, 16896000000, 2981647059, 387614118, 2594032941, 19877647059 },
	{ RULES_SME,   RULES_RESEARCH,   T, 256, M(10), P, 16896000000, 2413714286, 241371429, 2172342857, 19309714286 },
	{ RULES_LARGE, RULES_CLOSED,     T, 256, M(10), P, 16896000000, 16896000000, 2534400000, 14361600000, 33792000000 },
	{ RULES_MID,   RULES_CLOSED,     T, 256, M(10), P, 16896000000, 7241142858, 941348572, 6299794286, 24137142858 },
	/* The exact private share is a whole number (gov / 3): no rounding. */
	{ RULES_SME,   RULES_CLOSED,     T, 256, M(10), P, 16896000000, 5632000000, 563200000, 5068800000, 22528000000 },
	/* All nine, share of the government support. */
	{ RULES_LARGE, RULES_COMMERCIAL, S, 256, M(10), P, 16896000000, 1689600000, 253440000, 1436160000, 18585600000 },
	{ RULES_MID,   RULES_COMMERCIAL, S, 256, M(10), P, 16896000000, 1013760000, 131788800, 881971200, 17909760000 },
	{ RULES_SME,   RULES_COMMERCIAL, S, 256, M(10), P, 16896000000, 844800000, 84480000, 760320000, 17740800000 },
	{ RULES_LARGE, RULES_RESEARCH,   S, 256, M(10), P, 16896000000, 4224000000, 633600000, 3590400000, 21120000000 },
	{ RULES_MID,   RULES_RESEARCH,   S, 256, M(10), P, 16896000000, 2534400000, 329472000, 2204928000, 19430400000 },
	{ RULES_SME,   RULES_RESEARCH,   S, 256, M(10), P, 16896000000, 2112000000, 211200000, 1900800000, 19008000000 },
	{ RULES_LARGE, RULES_CLOSED,     S, 256, M(10), P, 16896000000, 8448000000, 1267200000, 7180800000, 25344000000 },
	{ RULES_MID,   RULES_CLOSED,     S, 256, M(10), P, 16896000000, 5068800000, 658944000, 4409856000, 21964800000 },
	{ RULES_SME,   RULES_CLOSED,     S, 256, M(10), P, 16896000000, 4224000000, 422400000, 3801600000, 21120000000 },
	/* SPEC §3 worked examples: 12.5% exactly, decimal months, one GPU. */
	{ RULES_SME,   RULES_RESEARCH,   T, 256, 103000, P, 17402880000, 2486125715, 248612572, 2237513143, 19889005715 },
	{ RULES_MID,   RULES_RESEARCH,   T, 1, M(1), P, 6600000, 1164706, 151412, 1013294, 7764706 },
	/* The team declines the GPUs. */
	{ RULES_SME,   RULES_COMMERCIAL, T, 0, M(10), P, 0, 0, 0, 0, 0 },
	{ RULES_LARGE, RULES_CLOSED,     T, 0, RULES_MONTHS_MAX, RULES_UNIT_PRICE_MAX, 0, 0, 0, 0, 0 },
	/* The largest accepted inputs compute exactly. */
	{ RULES_LARGE, RULES_CLOSED,     T, RULES_GPUS_MAX, RULES_MONTHS_MAX, RULES_UNIT_PRICE_MAX,
	  1200000000000000000, 1200000000000000000, 180000000000000000, 1020000000000000000, 2400000000000000000 },
	{ RULES_SME,   RULES_RESEARCH,   T, RULES_GPUS_MAX, RULES_MONTHS_MAX, RULES_UNIT_PRICE_MAX,
	  1200000000000000000, 171428571428571429, 17142857142857143, 154285714285714286, 1371428571428571429 },
	{ RULES_MID,   RULES_COMMERCIAL, S, RULES_GPUS_MAX, RULES_MONTHS_MAX, RULES_UNIT_PRICE_MAX,
	  1200000000000000000, 72000000000000000, 9360000000000000, 62640000000000000, 1272000000000000000 },
	/* Rounding at the smallest month: support down, shares up. */
	{ RULES_MID,   RULES_RESEARCH,   T, 1, 1, P, 660, 117, 16, 101, 777 },
	{ RULES_SME,   RULES_COMMERCIAL, T, 3, 3333, 7, 6, 1, 1, 0, 7 },
	{ RULES_LARGE, RULES_COMMERCIAL, T, 1, 1, 1, 0, 0, 0, 0, 0 },
	{ RULES_MID,   RULES_CLOSED,     T, 13, 77777, 999, 101008, 43290, 5628, 37662, 144298 },
#undef T
#undef S
};

static void
test_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct rules_scenario sc = {
			.type = cases[i].size, .license = cases[i].license, .basis = cases[i].basis,
			.gpus = cases[i].gpus, .months = cases[i].months, .months_den = RULES_MONTHS_SCALE,
			.unit_price = cases[i].price,
		};
		struct rules_result r;
		CHECK_INT(i, rules_compute(&programme_rates, &sc, &r), RULES_OK);
		CHECK_INT(i, r.gov, cases[i].gov);
		CHECK_INT(i, r.private_share, cases[i].private_share);
		CHECK_INT(i, r.cash_min, cases[i].cash_min);
		CHECK_INT(i, r.in_kind_max, cases[i].in_kind_max);
		CHECK_INT(i, r.total, cases[i].total);
	}
}

static void
test_rates(void **state)
{
	static const uint32_t self[RULES_LICENSE_COUNT][RULES_COMPANY_COUNT] = {
		{ 100000, 60000, 50000 }, { 250000, 150000, 125000 }, { 500000, 300000, 250000 },
	};
	static const uint32_t cash[RULES_COMPANY_COUNT] = { 150000, 130000, 100000 };
	(void)state;
	for (int l = 0; l < RULES_LICENSE_COUNT; l++) {
		for (int s = 0; s < RULES_COMPANY_COUNT; s++) {
			struct rules_scenario sc = { .type = s, .license = l, .gpus = 1,
			                             .months = 1, .months_den = 1, .unit_price = 1 };
			struct rules_result r;
			assert_int_equal(rules_compute(&programme_rates, &sc, &r), RULES_OK);
			assert_int_equal(r.self_ppm, self[l][s]);
			assert_int_equal(r.cash_ppm, cash[s]);
		}
	}
}

/* Every limit: the largest value passes, the next one is refused. */
static void
test_rejections(void **state)
{
	static const struct {
		int size, license, basis;
		uint64_t gpus, months, price;
		enum rules_status want;
	} rows[] = {
		{ 0, 0, 0, RULES_GPUS_MAX + 1, M(1), P, RULES_E_GPUS },
		{ 0, 0, 0, UINT64_MAX, M(1), P, RULES_E_GPUS },
		{ 0, 0, 0, 1, 0, P, RULES_E_MONTHS },
		{ 0, 0, 0, 1, RULES_MONTHS_MAX + 1, P, RULES_E_MONTHS },
		{ 0, 0, 0, 1, M(1), 0, RULES_E_UNIT_PRICE },
		{ 0, 0, 0, 1, M(1), RULES_UNIT_PRICE_MAX + 1, RULES_E_UNIT_PRICE },
		{ RULES_TYPE_COUNT, 0, 0, 1, M(1), P, RULES_E_TYPE },
		{ -1, 0, 0, 1, M(1), P, RULES_E_TYPE },
		{ 0, 3, 0, 1, M(1), P, RULES_E_LICENSE },
		{ 0, 0, 2, 1, M(1), P, RULES_E_BASIS },
		/* the same rejections hold when the team declines the GPUs */
		{ 0, 0, 0, 0, 0, P, RULES_E_MONTHS },
		{ 0, 0, 0, 0, M(1), 0, RULES_E_UNIT_PRICE },
	};
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct rules_scenario sc = {
			.type = (enum rules_type)rows[i].size, .license = (enum rules_license)rows[i].license,
			.basis = (enum rules_basis)rows[i].basis, .gpus = rows[i].gpus,
			.months = rows[i].months, .months_den = RULES_MONTHS_SCALE, .unit_price = rows[i].price,
		};
		struct rules_result r;
		CHECK_INT(i, rules_compute(&programme_rates, &sc, &r), rows[i].want);
	}
}

/* Months as a calendar fraction: exact support, and the limits on both parts. */
static void
test_fraction_months(void **state)
{
	static const struct {
		uint64_t num, den;
		enum rules_status want;
		int64_t gov;
	} rows[] = {
		{ 103, 10, RULES_OK, 17402880000 },          /* 2025-11-01..2026-09-09 */
		{ 59, 6, RULES_OK, 16614400000 },            /* 2025-11-15..2026-09-09 */
		{ 900, 899, RULES_OK, 1691479421 },          /* 2024-02-15..03-15: floor(1,689,600,000 * 900/899) */
		{ 1, 31, RULES_OK, 54503225 },               /* one day of January */
		{ 1200, 1, RULES_OK, 2027520000000 },
		{ 1200 * 961, 961, RULES_OK, 2027520000000 },
		{ 1200 * 961 + 1, 961, RULES_E_MONTHS, 0 },
		{ 0, 7, RULES_E_MONTHS, 0 },
		{ 1, 0, RULES_E_MONTHS, 0 },
		{ 1, RULES_MONTHS_DEN_MAX + 1, RULES_E_MONTHS, 0 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct rules_scenario sc = { .type = RULES_SME, .license = RULES_RESEARCH, .gpus = 256,
		                             .months = rows[i].num, .months_den = rows[i].den,
		                             .unit_price = 6600000 };
		struct rules_result r;
		CHECK_INT(i, rules_compute(&programme_rates, &sc, &r), rows[i].want);
		if (rows[i].want == RULES_OK)
			CHECK_INT(i, r.gov, rows[i].gov);
	}
}

/* Stages: the first part on its own, the rest the difference; never negative. */
static void
test_split(void **state)
{
	struct rules_scenario sc = { .type = RULES_SME, .license = RULES_RESEARCH, .gpus = 256,
	                             .months = 103, .months_den = 10, .unit_price = 6600000 };
	struct rules_result total, first, rest;
	(void)state;

	assert_int_equal(rules_compute(&programme_rates, &sc, &total), RULES_OK);
	assert_int_equal(rules_split(&programme_rates, &sc, 5, 1, &total, &first, &rest), RULES_OK);
	/* stage 1, 2025-11-01..2026-03-31: 5 months, computed on its own */
	assert_int_equal(first.gov, 8448000000);
	assert_int_equal(first.private_share, 1206857143);
	assert_int_equal(first.cash_min, 120685715);
	assert_int_equal(first.in_kind_max, 1086171428);
	assert_int_equal(first.total, 9654857143);
	/* stage 2: the rest */
	assert_int_equal(rest.gov, 8954880000);
	assert_int_equal(rest.private_share, 1279268572);
	assert_int_equal(rest.cash_min, 127926857);
	assert_int_equal(rest.in_kind_max, 1151341715);
	assert_int_equal(rest.total, 10234148572);

	/* the ends: nothing in the first part, or everything */
	assert_int_equal(rules_split(&programme_rates, &sc, 0, 1, &total, &first, &rest), RULES_OK);
	assert_int_equal(first.total, 0);
	assert_int_equal(rest.total, total.total);
	assert_int_equal(rules_split(&programme_rates, &sc, 103, 10, &total, &first, &rest), RULES_OK);
	assert_int_equal(first.total, total.total);
	assert_int_equal(rest.gov, 0);
	assert_int_equal(rest.in_kind_max, 0);
	/* more than the whole, or no denominator */
	assert_int_equal(rules_split(&programme_rates, &sc, 1031, 100, &total, &first, &rest), RULES_E_MONTHS);
	assert_int_equal(rules_split(&programme_rates, &sc, 1, 0, &total, &first, &rest), RULES_E_MONTHS);

	/* Many splits: the parts add up exactly and none is negative. */
	uint64_t x = 0x2545F4914F6CDD1Dull;
	for (int i = 0; i < 5000; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		sc.type = (enum rules_type)(x % 3);
		sc.license = (enum rules_license)(x / 3 % 3);
		sc.basis = (enum rules_basis)(x / 9 % 2);
		sc.gpus = 1 + x / 18 % 1000;
		sc.unit_price = 1 + x / 18000 % 10000000;
		sc.months_den = 1 + x % 961;
		sc.months = 1 + x / 7 % (60 * sc.months_den);
		uint64_t part = x / 11 % (sc.months + 1);
		assert_int_equal(rules_compute(&programme_rates, &sc, &total), RULES_OK);
		assert_int_equal(rules_split(&programme_rates, &sc, part, sc.months_den, &total, &first, &rest),
		                 RULES_OK);
		assert_int_equal(first.gov + rest.gov, total.gov);
		assert_int_equal(first.private_share + rest.private_share, total.private_share);
		assert_int_equal(first.cash_min + rest.cash_min, total.cash_min);
		assert_int_equal(first.in_kind_max + rest.in_kind_max, total.in_kind_max);
		assert_int_equal(first.total + rest.total, total.total);
		assert_true(rest.gov >= 0 && rest.private_share >= 0 && rest.cash_min >= 0 &&
		            rest.in_kind_max >= 0 && rest.total >= 0);
	}
}

/* Rates that a future rules file might carry: bad ones and overflow. */
static void
test_custom_rates(void **state)
{
	struct rules_rates rates = programme_rates;
	struct rules_scenario sc = { .type = RULES_SME, .license = RULES_CLOSED, .gpus = RULES_GPUS_MAX,
	                             .months = RULES_MONTHS_MAX, .months_den = RULES_MONTHS_SCALE,
	                             .unit_price = RULES_UNIT_PRICE_MAX };
	struct rules_result r;
	(void)state;

	rates.self_ppm[RULES_CLOSED][RULES_SME] = RULES_PPM;         /* 1 - r = 0 */
	assert_int_equal(rules_compute(&rates, &sc, &r), RULES_E_RATE);
	rates.self_ppm[RULES_CLOSED][RULES_SME] = RULES_PPM - 1;     /* private = gov * 999999 */
	assert_int_equal(rules_compute(&rates, &sc, &r), RULES_E_OVERFLOW);
	sc.basis = RULES_BASIS_SUBSIDY;                              /* fits: ~gov */
	assert_int_equal(rules_compute(&rates, &sc, &r), RULES_OK);
	assert_int_equal(r.private_share, 1199998800000000000);
	rates.cash_ppm[RULES_SME] = RULES_PPM + 1;
	assert_int_equal(rules_compute(&rates, &sc, &r), RULES_E_RATE);
	rates.cash_ppm[RULES_SME] = RULES_PPM;                       /* all cash */
	assert_int_equal(rules_compute(&rates, &sc, &r), RULES_OK);
	assert_int_equal(r.cash_min, r.private_share);
	assert_int_equal(r.in_kind_max, 0);
	rates.self_ppm[RULES_CLOSED][RULES_SME] = 0;                 /* nothing owed */
	assert_int_equal(rules_compute(&rates, &sc, &r), RULES_OK);
	assert_int_equal(r.private_share, 0);
	assert_int_equal(r.total, r.gov);
}

/*
 * For many pseudo-random scenarios, each rounded amount is the tightest one:
 * gov is the largest whole won not above the exact support, the private
 * share and cash minimum the smallest not below the exact share.
 */
static void
test_rounding_is_tight(void **state)
{
	__extension__ typedef unsigned __int128 u128;
	uint64_t x = 88172645463325252ull;
	(void)state;
	for (int i = 0; i < 20000; i++) {
		uint64_t rnd[6];
		for (int k = 0; k < 6; k++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			rnd[k] = x;
		}
		struct rules_scenario sc = {
			.type = (enum rules_type)(rnd[0] % 3), .license = (enum rules_license)(rnd[1] % 3),
			.basis = (enum rules_basis)(rnd[2] % 2), .gpus = 1 + rnd[3] % RULES_GPUS_MAX,
			.months = 1 + rnd[4] % RULES_MONTHS_MAX, .months_den = RULES_MONTHS_SCALE,
			.unit_price = 1 + rnd[5] % RULES_UNIT_PRICE_MAX,
		};
		if (i % 2)   /* half of them small, where rounding matters most */
			sc.gpus %= 300, sc.months %= 130000, sc.months += 1, sc.unit_price %= 10000000, sc.unit_price += 1;
		struct rules_result r;
		if (i % 3 == 0) {        /* a third of them with calendar fractions */
			sc.months_den = 1 + rnd[0] % 961;
			sc.months = 1 + rnd[1] % (1200 * sc.months_den);
		}
		assert_int_equal(rules_compute(&programme_rates, &sc, &r), RULES_OK);
		u128 exact = (u128)sc.gpus * sc.unit_price * sc.months;  /* gov * den */
		assert_true((u128)r.gov * sc.months_den <= exact);
		assert_true((u128)(r.gov + 1) * sc.months_den > exact);

		u128 den = sc.basis == RULES_BASIS_TOTAL ? RULES_PPM - r.self_ppm : RULES_PPM;
		u128 want = (u128)r.gov * r.self_ppm;                   /* private * den >= want */
		assert_true((u128)r.private_share * den >= want);
		assert_true(r.private_share == 0 || (u128)(r.private_share - 1) * den < want);

		want = (u128)r.private_share * r.cash_ppm;
		assert_true((u128)r.cash_min * RULES_PPM >= want);
		assert_true(r.cash_min == 0 || (u128)(r.cash_min - 1) * RULES_PPM < want);
		assert_int_equal(r.in_kind_max + r.cash_min, r.private_share);
		assert_int_equal(r.total, r.gov + r.private_share);
	}
}

/*
 * rules_quotient() against the divide instruction for every divisor a
 * self rate gives on the total basis (1 - r: 2 to 1,000,000 ppm) and for
 * larger ones up to 2^32, at the edges where a multiplier would first go
 * wrong: around 0, around each of the first multiples, around the largest
 * multiples below 2^63 and at 2^63 - 1, plus a spread of others.
 */
static void
test_divisor(void **state)
{
	(void)state;
	const uint64_t top = INT64_MAX;                 /* rules_quotient() takes below 2^63 */
	uint64_t x = 0x9E3779B97F4A7C15ull;
	size_t checked = 0;
	for (uint64_t d = 2; d <= (1ull << 32); d = d < RULES_PPM ? d + 1 : d * 2 - (d & 1) + 1) {
		struct rules_divisor v = rules_divisor(d);
		uint64_t last = top - top % d;              /* the largest multiple of D in range */
		const uint64_t n[] = {
			0, 1, d - 1, d, d + 1, 2 * d - 1, 2 * d, 2 * d + 1,
			last - 1, last, top, last - d, last - d - 1, last - d + 1, top - 1,
			x >> 1, (x >> 1) / d * d, (x >> 1) / d * d - 1,
		};
		for (size_t i = 0; i < sizeof n / sizeof n[0]; i++) {
			if (n[i] > top)
				continue;
			if (rules_quotient(&v, n[i]) != n[i] / d)
				fail_msg("%llu / %llu: %llu, want %llu", (unsigned long long)n[i],
				         (unsigned long long)d, (unsigned long long)rules_quotient(&v, n[i]),
				         (unsigned long long)(n[i] / d));
			checked++;
		}
		x = x * 6364136223846793005ull + 1442695040888963407ull;
	}
	assert_true(checked > 17 * (size_t)RULES_PPM);
	/* Spelled out, so that the two cannot agree on being wrong. */
	struct rules_divisor v = rules_divisor(875000);
	assert_int_equal(rules_quotient(&v, 875000ull * 1234567), 1234567);
	assert_int_equal(rules_quotient(&v, 875000ull * 1234567 - 1), 1234566);
}

/*
 * Rates with their divisors made (rules_prepare()) give what they give
 * without (dividing): every programme rate and rates at the edges (0, 1
 * ppm, 12.5%, 50%, 1 - r of 2 and of 1 ppm), both bases, over GPUs,
 * prices and months from the least to the most.  A rate changed after
 * rules_prepare() is divided by, not multiplied by a stale divisor.
 */
static void
test_prepared(void **state)
{
	(void)state;
	static const uint32_t selfs[] = { 0, 1, 125000, 500000, 999998, 999999 };
	static const uint64_t gpus[] = { 0, 1, 7, 256, 457, RULES_GPUS_MAX };
	static const uint64_t prices[] = { 1, 999, PROGRAMME_UNIT_PRICE, RULES_UNIT_PRICE_MAX };
	static const uint64_t months[][2] = {
		{ 1, RULES_MONTHS_SCALE }, { 98333, RULES_MONTHS_SCALE }, { 103000, RULES_MONTHS_SCALE },
		{ RULES_MONTHS_MAX, RULES_MONTHS_SCALE }, { 59, 6 }, { 1, 1 }, { 1200, 1 }, { 1, 31 },
	};
	size_t compared = 0;
	for (size_t k = 0; k <= sizeof selfs / sizeof selfs[0]; k++) {
		struct rules_rates plain = programme_rates;     /* k: the programme's, then each edge rate */
		if (k > 0)
			for (int l = 0; l < RULES_LICENSE_COUNT; l++)
				for (int t = 0; t < RULES_TYPE_COUNT; t++)
					plain.self_ppm[l][t] = selfs[k - 1];
		struct rules_rates made = plain;
		rules_prepare(&made);
		for (int l = 0; l < RULES_LICENSE_COUNT; l++)
		for (int t = 0; t < RULES_TYPE_COUNT; t++)
		for (int b = 0; b < RULES_BASIS_COUNT; b++)
		for (size_t g = 0; g < sizeof gpus / sizeof gpus[0]; g++)
		for (size_t p = 0; p < sizeof prices / sizeof prices[0]; p++)
		for (size_t m = 0; m < sizeof months / sizeof months[0]; m++) {
			struct rules_scenario sc = {
				.type = (enum rules_type)t, .license = (enum rules_license)l,
				.basis = (enum rules_basis)b, .gpus = gpus[g], .unit_price = prices[p],
				.months = months[m][0], .months_den = months[m][1],
			};
			struct rules_result want, got;
			enum rules_status st = rules_compute(&plain, &sc, &want);
			assert_int_equal(rules_compute(&made, &sc, &got), st);
			if (st == RULES_OK)
				assert_memory_equal(&got, &want, sizeof got);
			compared++;
		}
	}
	assert_true(compared > 40000);
	/*
	 * gov * r of 2^63 or more is divided, not multiplied: here the
	 * multiplier for 1 - r = 984,209 ppm would give one less (2^63 is as
	 * far as it is exact).  gov * r = 12,877,097,664,393,333,423.
	 */
	struct rules_rates odd = programme_rates;
	odd.self_ppm[RULES_COMMERCIAL][RULES_LARGE] = 15791;
	rules_prepare(&odd);
	struct rules_scenario big = { .type = RULES_LARGE, .license = RULES_COMMERCIAL,
	                              .basis = RULES_BASIS_TOTAL, .gpus = 99999,
	                              .unit_price = 8154788447, .months = 1, .months_den = 1 };
	struct rules_result br;
	assert_int_equal(rules_compute(&odd, &big, &br), RULES_OK);
	assert_int_equal(br.private_share, 13083702409136);
	/* A stale divisor is not used: 12.5% made, then 50% in force. */
	struct rules_rates rates = programme_rates;
	rules_prepare(&rates);
	rates.self_ppm[RULES_RESEARCH][RULES_SME] = 500000;
	struct rules_scenario sc = { .type = RULES_SME, .license = RULES_RESEARCH, .basis = RULES_BASIS_TOTAL,
	                             .gpus = 1, .unit_price = 1000000, .months = 1, .months_den = 1 };
	struct rules_result r;
	assert_int_equal(rules_compute(&rates, &sc, &r), RULES_OK);
	assert_int_equal(r.private_share, 1000000);
}

/*
 * The edges of each range rules_compute() takes, and the first failure
 * named when several things are wrong (the order of rules.h's statuses).
 */
static void
test_edges(void **state)
{
	(void)state;
	const struct rules_scenario ok = { .type = RULES_SME, .license = RULES_RESEARCH, .gpus = 1,
	                                   .months = 1, .months_den = 1, .unit_price = 1 };
	struct rules_result r;
	static const struct {
		int field;          /* 0 gpus, 1 months, 2 months_den, 3 unit_price */
		uint64_t value;
		enum rules_status want;
	} rows[] = {
		{ 0, RULES_GPUS_MAX, RULES_OK }, { 0, RULES_GPUS_MAX + 1, RULES_E_GPUS },
		{ 1, 1200, RULES_OK }, { 1, 1201, RULES_E_MONTHS }, { 1, 0, RULES_E_MONTHS },
		{ 2, 0, RULES_E_MONTHS }, { 2, RULES_MONTHS_DEN_MAX + 1, RULES_E_MONTHS },
		{ 2, RULES_MONTHS_DEN_MAX, RULES_OK }, { 2, UINT64_MAX, RULES_E_MONTHS },
		{ 3, RULES_UNIT_PRICE_MAX, RULES_OK }, { 3, RULES_UNIT_PRICE_MAX + 1, RULES_E_UNIT_PRICE },
		{ 3, 0, RULES_E_UNIT_PRICE }, { 3, UINT64_MAX, RULES_E_UNIT_PRICE },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct rules_scenario sc = ok;
		uint64_t *f[] = { &sc.gpus, &sc.months, &sc.months_den, &sc.unit_price };
		*f[rows[i].field] = rows[i].value;
		CHECK_INT(i, rules_compute(&programme_rates, &sc, &r), rows[i].want);
	}
	/* Everything wrong at once: each status in turn as the ones before it are put right. */
	struct rules_scenario sc = { .type = RULES_TYPE_COUNT, .license = RULES_LICENSE_COUNT,
	                             .basis = RULES_BASIS_COUNT, .gpus = RULES_GPUS_MAX + 1 };
	struct rules_rates bad = programme_rates;
	bad.cash_ppm[RULES_SME] = RULES_PPM + 1;
	assert_int_equal(rules_compute(&bad, &sc, &r), RULES_E_TYPE);
	sc.type = RULES_SME;
	assert_int_equal(rules_compute(&bad, &sc, &r), RULES_E_LICENSE);
	sc.license = RULES_RESEARCH;
	assert_int_equal(rules_compute(&bad, &sc, &r), RULES_E_BASIS);
	sc.basis = RULES_BASIS_TOTAL;
	assert_int_equal(rules_compute(&bad, &sc, &r), RULES_E_GPUS);
	sc.gpus = 0;
	assert_int_equal(rules_compute(&bad, &sc, &r), RULES_E_MONTHS);
	sc.months = sc.months_den = 1;
	assert_int_equal(rules_compute(&bad, &sc, &r), RULES_E_UNIT_PRICE);
	sc.unit_price = 1;
	assert_int_equal(rules_compute(&bad, &sc, &r), RULES_E_RATE);
	bad.cash_ppm[RULES_SME] = RULES_PPM;
	assert_int_equal(rules_compute(&bad, &sc, &r), RULES_OK);
	bad.self_ppm[RULES_RESEARCH][RULES_SME] = RULES_PPM;
	assert_int_equal(rules_compute(&bad, &sc, &r), RULES_E_RATE);
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(rules_type_name(RULES_LARGE), "large");
	assert_string_equal(rules_type_name(RULES_MID), "mid");
	assert_string_equal(rules_type_name(RULES_SME), "sme");
	assert_string_equal(rules_type_korean(RULES_SME), "중소기업");
	assert_string_equal(rules_license_name(RULES_COMMERCIAL), "commercial");
	assert_string_equal(rules_license_name(RULES_RESEARCH), "research");
	assert_string_equal(rules_license_name(RULES_CLOSED), "closed");
	assert_string_equal(rules_license_korean(RULES_CLOSED), "비공개");
	assert_string_equal(rules_basis_name(RULES_BASIS_SUBSIDY), "subsidy");
	assert_string_equal(rules_type_name(RULES_UNIVERSITY), "university");
	assert_string_equal(rules_type_name(RULES_INSTITUTE), "institute");
	assert_string_equal(rules_type_name(RULES_NONPROFIT), "nonprofit");
	assert_string_equal(rules_type_korean(RULES_UNIVERSITY), "대학");
	assert_true(rules_type_company(RULES_LARGE) && rules_type_company(RULES_SME));
	assert_false(rules_type_company(RULES_UNIVERSITY) || rules_type_company(RULES_NONPROFIT));
	assert_false(rules_type_company(RULES_TYPE_COUNT));
	assert_string_equal(rules_type_name(RULES_TYPE_COUNT), "?");
	assert_string_equal(rules_strerror(RULES_E_OVERFLOW), "amount too large to compute exactly");
	assert_string_equal(rules_strerror(RULES_STATUS_COUNT), "unknown rules error");
	for (int s = 0; s < RULES_STATUS_COUNT; s++)
		assert_non_null(rules_strerror((enum rules_status)s));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_rates),
		cmocka_unit_test(test_rejections),
		cmocka_unit_test(test_fraction_months),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_custom_rates),
		cmocka_unit_test(test_divisor),
		cmocka_unit_test(test_prepared),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_rounding_is_tight),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
