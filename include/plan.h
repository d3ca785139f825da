/*
 * plan.h - planning from a budget: whether a scenario's figures fit what a
 * team can put in (cash, and in kind), and the largest GPUs, months or end
 * date that fit.
 *
 * A plan fits when cash >= the cash minimum and cash + in kind >= the
 * private share.  Every figure grows with the GPUs, the months and the end
 * date (the calendar's months never shrink as the end moves on), so the
 * values that fit are a prefix of the steps, and a binary search over the
 * steps, computing each with rules_compute() itself, finds the largest
 * exactly: no closed form that could drift from the rounding rules.
 *
 * Pure: no I/O, no allocation.
 */
#ifndef KAI_PLAN_H
#define KAI_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "calendar.h"
#include "rules.h"

/*
 * The largest cash or in-kind budget, in won: 1,000조, past any budget of
 * the programme, and small enough that sums and spares never overflow.
 */
#define PLAN_BUDGET_MAX 1000000000000000ull

struct plan_budget {
	uint64_t cash;      /* 현금: what the team can pay in cash */
	uint64_t in_kind;   /* 현물: what it can put in kind (staff cost, owned assets) */
};

/* What is solved for, one step at a time. */
enum plan_var {
	PLAN_GPUS,          /* whole GPUs, from 0 */
	PLAN_MONTHS,        /* months in 1/10,000, from 0.0001 */
	PLAN_END,           /* the end date, a day at a time from the start (a one-day period) */
};

/* What stops the next step, or that there is none. */
enum plan_limit {
	PLAN_FITS,          /* (a plain check) the figures fit */
	PLAN_CASH,          /* the cash minimum would pass the cash */
	PLAN_TOTAL,         /* the private share would pass cash and in kind together */
	PLAN_CAP,           /* (a solve) the largest value allowed fits */
	PLAN_NOTHING,       /* (a solve) not even the smallest step fits */
};

struct plan_problem {
	enum plan_var var;
	struct rules_scenario base;   /* the scenario but for the variable */
	uint64_t cap;                 /* GPUS: most GPUs; MONTHS: most months in 1/10,000 */
	struct cal_date from, last;   /* END: the start, and the latest end allowed */
	struct plan_budget budget;
};

/* One value of the variable with its figures. */
struct plan_point {
	struct rules_scenario sc;
	struct rules_result res;
	struct cal_date end;          /* END: the end date */
};

struct plan_answer {
	bool found;                   /* some value fits: BEST is the largest */
	struct plan_point best;
	struct plan_point next;       /* one step past BEST, or the smallest step when !FOUND */
	enum plan_limit limit;        /* what NEXT breaks; PLAN_CAP (NEXT unset); PLAN_NOTHING (!FOUND) */
};

/* What RES breaks of B: PLAN_FITS, or PLAN_CASH before PLAN_TOTAL when both. */
enum plan_limit plan_check(const struct rules_result *res, const struct plan_budget *b);

/* "fits", "cash", "total", "cap". */
const char *plan_limit_name(enum plan_limit limit);

/* cash - cash minimum, and cash + in kind - private share: negative when short. */
int64_t plan_cash_spare(const struct rules_result *res, const struct plan_budget *b);
int64_t plan_spare(const struct rules_result *res, const struct plan_budget *b);

/*
 * Solves P with RATES into *A: the largest value of P->var, up to its cap,
 * whose figures fit the budget.  Returns RULES_OK, or the status of a
 * computation that failed (RULES_E_OVERFLOW for figures past 64 bits).
 */
enum rules_status plan_solve(const struct rules_rates *rates, const struct plan_problem *p,
                             struct plan_answer *a);

#endif
