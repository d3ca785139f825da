/*
 * rules.c - the programme's rates and the cost computation.  See rules.h;
 * docs/rules.md gives every value's source and the rounding decisions.
 */
#include "rules.h"

#include <stdbool.h>

#include "i18n.h"

__extension__ typedef unsigned __int128 u128;

static const char *const rules_messages[RULES_STATUS_COUNT] = {
	[RULES_OK]           = "ok",
	[RULES_E_TYPE]       = N_("unknown institution type"),
	[RULES_E_LICENSE]    = N_("unknown open-source mode"),
	[RULES_E_BASIS]      = N_("unknown cost basis"),
	[RULES_E_GPUS]       = N_("GPU count out of range"),
	[RULES_E_MONTHS]     = N_("agreement months out of range"),
	[RULES_E_UNIT_PRICE] = N_("unit price out of range"),
	[RULES_E_RATE]       = N_("rate out of range"),
	[RULES_E_OVERFLOW]   = N_("amount too large to compute exactly"),
};

const char *
rules_strerror(enum rules_status status)
{
	if ((unsigned)status >= RULES_STATUS_COUNT)
		return _("unknown rules error");
	return _(rules_messages[status]);
}

static const struct {
	const char *name, *korean;
} types[RULES_TYPE_COUNT] = {
#define RULES_TYPE_ROW(id, name, korean, company) [RULES_##id] = { name, korean },
	RULES_TYPES(RULES_TYPE_ROW)
#undef RULES_TYPE_ROW
};
static const char *const license_names[RULES_LICENSE_COUNT] = { "commercial", "research", "closed" };
static const char *const license_korean[RULES_LICENSE_COUNT] = {
	"상업용 오픈소스", "연구용 오픈소스", "비공개",
};
static const char *const basis_names[RULES_BASIS_COUNT] = { "total", "subsidy" };

const char *rules_type_name(enum rules_type t) { return (unsigned)t < RULES_TYPE_COUNT ? types[t].name : "?"; }
const char *rules_type_korean(enum rules_type t) { return (unsigned)t < RULES_TYPE_COUNT ? types[t].korean : "?"; }
const char *rules_license_name(enum rules_license l) { return (unsigned)l < RULES_LICENSE_COUNT ? license_names[l] : "?"; }
const char *rules_license_korean(enum rules_license l) { return (unsigned)l < RULES_LICENSE_COUNT ? license_korean[l] : "?"; }
const char *rules_basis_name(enum rules_basis b) { return (unsigned)b < RULES_BASIS_COUNT ? basis_names[b] : "?"; }

/*
 * N / D.  The divisors nearly every record has, months in ten-thousandths
 * and rates in millionths, are spelled out, so that the compiler divides
 * by them with a multiplication instead of a divide instruction: a batch
 * divides three times a record.
 */
static inline uint64_t
divide(uint64_t n, uint64_t d)
{
	if (d == RULES_MONTHS_SCALE)
		return n / RULES_MONTHS_SCALE;
	if (d == RULES_PPM)
		return n / RULES_PPM;
	return n / d;
}

struct rules_divisor
rules_divisor(uint64_t d)
{
	unsigned l = 0;
	while ((1ull << l) < d)
		l++;
	u128 m = (((u128)1 << (63 + l)) + d - 1) / d;   /* below 2^64, as 2^(L-1) < D */
	return (struct rules_divisor){ .d = d, .m = (uint64_t)m, .shift = l - 1 };
}

void
rules_prepare(struct rules_rates *rates)
{
	for (int l = 0; l < RULES_LICENSE_COUNT; l++) {
		for (int t = 0; t < RULES_TYPE_COUNT; t++) {
			uint32_t self = rates->self_ppm[l][t];
			/* 1 - r of 1 ppm or none (a rate refused) is left to division. */
			rates->rest[l][t] = self < RULES_PPM - 1 ? rules_divisor(RULES_PPM - self)
			                                         : (struct rules_divisor){ 0, 0, 0 };
		}
	}
}

/*
 * What amounts() in its narrow form gives when a product passes 64 bits:
 * rules_compute() then computes again in the wide form.  Never returned.
 */
#define NEEDS_WIDE RULES_STATUS_COUNT

/*
 * *OUT = ceil(A * B / D): RULES_OK, or RULES_E_OVERFLOW when the quotient
 * does not fit.  INV, when not NULL and made for D, divides by
 * multiplying.  A product past 64 bits is NEEDS_WIDE, unless WIDE: a
 * 128-bit product holds any int64 times any uint32.
 */
static inline __attribute__((always_inline)) enum rules_status
mul_div_ceil(uint64_t a, uint64_t b, uint64_t d, const struct rules_divisor *inv, int64_t *out, bool wide)
{
	uint64_t small;
	if (__builtin_mul_overflow(a, b, &small)) {
		if (!wide)
			return NEEDS_WIDE;
		u128 p = (u128)a * b;
		u128 q = p / d + (p % d != 0);
		if (q > INT64_MAX)
			return RULES_E_OVERFLOW;
		*out = (int64_t)q;
		return RULES_OK;
	}
	/* The usual case, in 64 bits. */
	uint64_t q = inv != NULL && inv->d == d && small <= INT64_MAX ? rules_quotient(inv, small)
	           : divide(small, d);
	q += q * d != small;                      /* rounded up */
	if (q > INT64_MAX)
		return RULES_E_OVERFLOW;
	*out = (int64_t)q;
	return RULES_OK;
}

/*
 * What rules_compute() takes, one condition for each status it gives when
 * the condition fails (failure() names the first); unsigned, so that one
 * comparison checks both ends of a range.
 */
static inline bool type_ok(const struct rules_scenario *sc) { return (unsigned)sc->type < RULES_TYPE_COUNT; }
static inline bool license_ok(const struct rules_scenario *sc) { return (unsigned)sc->license < RULES_LICENSE_COUNT; }
static inline bool basis_ok(const struct rules_scenario *sc) { return (unsigned)sc->basis < RULES_BASIS_COUNT; }
static inline bool gpus_ok(const struct rules_scenario *sc) { return sc->gpus <= RULES_GPUS_MAX; }
static inline bool
months_ok(const struct rules_scenario *sc)
{
	/* 1 <= den <= DEN_MAX, then 1 <= months <= 1200 * den */
	return sc->months_den - 1 < RULES_MONTHS_DEN_MAX && sc->months - 1 < 1200 * sc->months_den;
}
static inline bool price_ok(const struct rules_scenario *sc) { return sc->unit_price - 1 < RULES_UNIT_PRICE_MAX; }
/* A share of the total must stay below 100%, or 1 - r divides by zero.  Needs type_ok() and license_ok(). */
static inline bool
rates_ok(const struct rules_rates *rates, const struct rules_scenario *sc)
{
	return rates->self_ppm[sc->license][sc->type] < RULES_PPM && rates->cash_ppm[sc->type] <= RULES_PPM;
}

/* The first thing wrong when SC or its rates are not what rules_compute() takes (out of line: rare). */
static __attribute__((noinline)) enum rules_status
failure(const struct rules_scenario *sc)
{
	if (!type_ok(sc))
		return RULES_E_TYPE;
	if (!license_ok(sc))
		return RULES_E_LICENSE;
	if (!basis_ok(sc))
		return RULES_E_BASIS;
	if (!gpus_ok(sc))
		return RULES_E_GPUS;
	if (!months_ok(sc))
		return RULES_E_MONTHS;
	if (!price_ok(sc))
		return RULES_E_UNIT_PRICE;
	return RULES_E_RATE;            /* the scenario is fine: its rates are not */
}

/*
 * The amounts of SC into *RES, whose rates are filled in and whose GPUs are
 * not 0: in 64 bits, or NEEDS_WIDE when a product passes them, unless
 * WIDE, which computes such a product in 128 bits.  Inlined in both forms,
 * so that the narrow one, every record's, keeps nothing across a call.
 */
static inline __attribute__((always_inline)) enum rules_status
amounts(const struct rules_rates *rates, const struct rules_scenario *sc, struct rules_result *res,
        bool wide)
{
	/*
	 * Support is a ceiling: round down.  gpus * price * months can reach
	 * 1.2e22; 64 bits are enough for real budgets, and much faster.
	 */
	uint64_t product;
	if (!__builtin_mul_overflow(sc->gpus, sc->unit_price, &product) &&
	    !__builtin_mul_overflow(product, sc->months, &product)) {
		res->gov = (int64_t)divide(product, sc->months_den);
	} else if (!wide) {
		return NEEDS_WIDE;
	} else {
		u128 p = (u128)sc->gpus * sc->unit_price;   /* < 2^50: cannot overflow */
		if (__builtin_mul_overflow(p, (u128)sc->months, &p) || p / sc->months_den > INT64_MAX)
			return RULES_E_OVERFLOW;
		res->gov = (int64_t)(p / sc->months_den);
	}

	/* The private share and the cash share are minimums: round up. */
	bool total = sc->basis == RULES_BASIS_TOTAL;
	enum rules_status st = mul_div_ceil((uint64_t)res->gov, res->self_ppm,
	                                    total ? RULES_PPM - res->self_ppm : RULES_PPM,
	                                    total ? &rates->rest[sc->license][sc->type] : NULL,
	                                    &res->private_share, wide);
	if (st == RULES_OK)
		st = mul_div_ceil((uint64_t)res->private_share, res->cash_ppm, RULES_PPM, NULL, &res->cash_min, wide);
	if (st != RULES_OK)
		return st;
	if (__builtin_add_overflow(res->gov, res->private_share, &res->total))
		return RULES_E_OVERFLOW;
	res->in_kind_max = res->private_share - res->cash_min;
	return RULES_OK;
}

/* Amounts() in 128 bits where need be: out of line, for the few records that need it. */
static __attribute__((noinline)) enum rules_status
amounts_wide(const struct rules_rates *rates, const struct rules_scenario *sc, struct rules_result *res)
{
	return amounts(rates, sc, res, true);
}

enum rules_status
rules_compute(const struct rules_rates *rates, const struct rules_scenario *sc,
              struct rules_result *res)
{
	if (!(type_ok(sc) && license_ok(sc) && basis_ok(sc) && gpus_ok(sc) && months_ok(sc) && price_ok(sc) &&
	      rates_ok(rates, sc)))
		return failure(sc);

	uint32_t self = rates->self_ppm[sc->license][sc->type], cash = rates->cash_ppm[sc->type];
	if (sc->gpus == 0) {        /* the team declines the GPUs: nothing is owed */
		*res = (struct rules_result){ .self_ppm = self, .cash_ppm = cash };
		return RULES_OK;
	}
	res->self_ppm = self;       /* amounts() sets every other figure */
	res->cash_ppm = cash;
	enum rules_status st = amounts(rates, sc, res, false);
	return st == NEEDS_WIDE ? amounts_wide(rates, sc, res) : st;
}

enum rules_status
rules_split(const struct rules_rates *rates, const struct rules_scenario *sc,
            uint64_t part_num, uint64_t part_den, const struct rules_result *total,
            struct rules_result *first, struct rules_result *rest)
{
	/* The part must be no more than the whole: part_num/part_den <= months/months_den. */
	if (part_den == 0 || (u128)part_num * sc->months_den > (u128)sc->months * part_den)
		return RULES_E_MONTHS;
	if (part_num == 0) {
		*first = (struct rules_result){ .self_ppm = total->self_ppm, .cash_ppm = total->cash_ppm };
	} else {
		struct rules_scenario part = *sc;
		part.months = part_num;
		part.months_den = part_den;
		enum rules_status st = rules_compute(rates, &part, first);
		if (st != RULES_OK)
			return st;
	}
	*rest = (struct rules_result){
		.self_ppm = total->self_ppm,
		.cash_ppm = total->cash_ppm,
		.gov = total->gov - first->gov,
		.private_share = total->private_share - first->private_share,
		.cash_min = total->cash_min - first->cash_min,
		.in_kind_max = total->in_kind_max - first->in_kind_max,
		.total = total->total - first->total,
	};
	return RULES_OK;
}

uint64_t
rules_months_e4(const struct rules_scenario *sc)
{
	if (sc->months_den == RULES_MONTHS_SCALE)
		return sc->months;
	return (sc->months * 2 * RULES_MONTHS_SCALE + sc->months_den) / (2 * sc->months_den);
}
