/*
 * rules.h - the programme's cost rules: rates as data, and the pure
 * computation of government support, private contribution, cash minimum,
 * in-kind maximum and total cost for one scenario.
 *
 * Money is whole won in int64_t.  Rates are exact: parts per million, so
 * 12.5% is 125000 ppm.  Months are an exact fraction: 10.3 months from the
 * command line is 103000/10000, 2025-11-15..2026-09-09 is 59/6.  Nothing here prints, exits, allocates or writes a
 * global; every function returns a status or a value.
 */
#ifndef KAI_RULES_H
#define KAI_RULES_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Institution types (기관유형), each defined once in RULES_TYPES: its enum
 * name, its canonical word, its Korean term and whether it is a company.
 * Companies come first, by size: they are what --size and --compare take.
 * Adding a type is one line here plus its rows in data/rules.csv (the rules
 * table must give every type a rate for every open-source mode).
 */
#define RULES_TYPES(X) \
	X(LARGE,      "large",      "대기업",   true)  \
	X(MID,        "mid",        "중견기업", true)  \
	X(SME,        "sme",        "중소기업", true)  \
	X(UNIVERSITY, "university", "대학",     false) \
	X(INSTITUTE,  "institute",  "연구기관", false) \
	X(NONPROFIT,  "nonprofit",  "비영리기관", false)

#define RULES_TYPE_ENUM(id, name, korean, company) RULES_##id,
enum rules_type { RULES_TYPES(RULES_TYPE_ENUM) RULES_TYPE_COUNT };
#undef RULES_TYPE_ENUM

/* Companies by size are the first types: large, mid, sme. */
#define RULES_COMPANY_COUNT 3

enum rules_license { RULES_COMMERCIAL, RULES_RESEARCH, RULES_CLOSED, RULES_LICENSE_COUNT };

/*
 * What the self-burden rate is a share of.  TOTAL (the default): of the whole
 * project cost, as in the national R&D rules, so private = gov * r / (1 - r).
 * SUBSIDY: of the government support, private = gov * r.
 */
enum rules_basis { RULES_BASIS_TOTAL, RULES_BASIS_SUBSIDY, RULES_BASIS_COUNT };

#define RULES_PPM            1000000u       /* 100% in parts per million */
#define RULES_MONTHS_SCALE   10000u         /* decimal months: 4 places */
#define RULES_MONTHS_PLACES  4
#define RULES_PCT_PLACES     4              /* ppm is a percentage with 4 decimals */

/* Limits: generous for any real budget, and together they cannot overflow. */
#define RULES_GPUS_MAX        100000u                 /* GPUs */
#define RULES_MONTHS_MAX      (1200u * RULES_MONTHS_SCALE) /* 1,200 months, in 1/10000 */
#define RULES_MONTHS_DEN_MAX  RULES_MONTHS_SCALE          /* largest months denominator */
#define RULES_UNIT_PRICE_MAX  10000000000ull          /* won per GPU-month */

/*
 * Division by D, fixed before a run, as a multiplication: for every N
 * below 2^63, N / D is the high 64 bits of N * M shifted right by SHIFT
 * (Granlund and Montgomery, "Division by invariant integers using
 * multiplication", 1994, theorem 4.2: M = ceil(2^(63+L) / D) with 2^L >= D,
 * so M < 2^64, and SHIFT = L - 1).  D 0: none, the caller divides.
 */
struct rules_divisor {
	uint64_t d, m;
	unsigned shift;
};

/* The divisor D (2 .. 2^32) as rules_quotient() uses it. */
struct rules_divisor rules_divisor(uint64_t d);

/* N / V->d for N below 2^63, by V's multiplier. */
static inline uint64_t
rules_quotient(const struct rules_divisor *v, uint64_t n)
{
	__extension__ typedef unsigned __int128 wide;
	return (uint64_t)((wide)n * v->m >> 64) >> v->shift;
}

/*
 * The rate table: self-burden rate by mode and type, cash minimum by type.
 * The programme's values live in data/rules.csv (see ruleset.h).
 */
struct rules_rates {
	uint32_t self_ppm[RULES_LICENSE_COUNT][RULES_TYPE_COUNT];
	uint32_t cash_ppm[RULES_TYPE_COUNT];
	/*
	 * 1 - r of each self rate in ppm, the divisor of a private share on
	 * the total basis, as rules_prepare() made it from SELF_PPM.  One
	 * whose D is not 1 - r now (never made, or the rate changed since) is
	 * not used: rules_compute() divides instead.
	 */
	struct rules_divisor rest[RULES_LICENSE_COUNT][RULES_TYPE_COUNT];
};

/*
 * Makes RATES' divisors from its self rates, once they are known: then
 * rules_compute() multiplies where it would divide by a rate (a divide
 * instruction takes some tens of cycles, a batch one a record).
 */
void rules_prepare(struct rules_rates *rates);

struct rules_scenario {
	enum rules_type type;   /* institution type; a company's size */
	enum rules_license license;
	enum rules_basis basis;
	uint64_t gpus;         /* 0 .. RULES_GPUS_MAX; 0 declines the GPUs */
	uint64_t months;       /* months = MONTHS / MONTHS_DEN, above 0 and at most 1,200 */
	uint64_t months_den;   /* 1 .. RULES_MONTHS_DEN_MAX */
	uint64_t unit_price;   /* 1 .. RULES_UNIT_PRICE_MAX, won per GPU-month */
};

struct rules_result {
	uint32_t self_ppm;     /* self-burden rate used */
	uint32_t cash_ppm;     /* minimum cash share used */
	int64_t gov;           /* 정부지원금: floor(gpus * unit_price * months) */
	int64_t private_share; /* 민간부담금: rounded up */
	int64_t cash_min;      /* 현금 minimum: ceil(private_share * cash rate) */
	int64_t in_kind_max;   /* 현물 maximum: private_share - cash_min */
	int64_t total;         /* 총 사업비: gov + private_share */
};

enum rules_status {
	RULES_OK,
	RULES_E_TYPE,
	RULES_E_LICENSE,
	RULES_E_BASIS,
	RULES_E_GPUS,
	RULES_E_MONTHS,
	RULES_E_UNIT_PRICE,
	RULES_E_RATE,
	RULES_E_OVERFLOW,
	RULES_STATUS_COUNT
};

/* What STATUS means, one short sentence; never NULL. */
const char *rules_strerror(enum rules_status status);

/*
 * Computes SC with RATES into *RES (SPEC §3):
 *   gov         = floor(gpus * unit_price * months)
 *   private     = ceil(gov * r / (1 - r))   basis total
 *               = ceil(gov * r)             basis subsidy
 *   cash_min    = ceil(private * c)
 *   in_kind_max = private - cash_min
 *   total       = gov + private
 * With 0 GPUs every amount is 0 (the rates are still filled in).
 * Returns RULES_OK, or the first thing wrong with SC or RATES, in which case
 * *RES is unspecified.  Any intermediate that would not fit is reported as
 * RULES_E_OVERFLOW, never wrapped.
 */
enum rules_status rules_compute(const struct rules_rates *rates,
                                const struct rules_scenario *sc,
                                struct rules_result *res);

/*
 * The months of SC in ten-thousandths, rounded half up, as the months
 * column shows them: 103000/10000 -> 103000, 59/6 -> 98333 (9.8333).
 */
uint64_t rules_months_e4(const struct rules_scenario *sc);

/*
 * Splits TOTAL, the result of SC, at a part of its period: PART_NUM /
 * PART_DEN months out of SC's, at most all of them.  *FIRST is that part
 * computed on its own with the usual rounding; *REST is TOTAL minus *FIRST,
 * amount by amount, so that the two always add up to TOTAL exactly and any
 * rounding difference falls in the rest (never below zero).  A part of no
 * months is all zeros.
 */
enum rules_status rules_split(const struct rules_rates *rates, const struct rules_scenario *sc,
                              uint64_t part_num, uint64_t part_den,
                              const struct rules_result *total,
                              struct rules_result *first, struct rules_result *rest);

/* Canonical English word ("sme", "commercial", "total") and Korean term. */
const char *rules_type_name(enum rules_type type);
const char *rules_type_korean(enum rules_type type);
/*
 * Whether TYPE is a company (large, mid, sme), whose size --size names.
 * Inline, from a mask of RULES_TYPES' last column: a batch asks once a record.
 */
#define RULES_COMPANY_BIT(id, name, korean, company) | ((company) ? 1u << RULES_##id : 0u)
static inline bool
rules_type_company(enum rules_type type)
{
	return (unsigned)type < RULES_TYPE_COUNT && ((0u RULES_TYPES(RULES_COMPANY_BIT)) >> type & 1u);
}
#undef RULES_COMPANY_BIT
const char *rules_license_name(enum rules_license license);
const char *rules_license_korean(enum rules_license license);
const char *rules_basis_name(enum rules_basis basis);

#endif
