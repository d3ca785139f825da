/*
 * plan.c - planning from a budget.  See plan.h.
 */
#include "plan.h"

static const char *const limit_names[] = {
	[PLAN_FITS] = "fits", [PLAN_CASH] = "cash", [PLAN_TOTAL] = "total", [PLAN_CAP] = "cap",
	[PLAN_NOTHING] = "nothing",
};

const char *
plan_limit_name(enum plan_limit limit)
{
	return (unsigned)limit < sizeof limit_names / sizeof limit_names[0] ? limit_names[limit] : "?";
}

/* Amounts are at most 2^63 - 1 each; their differences fit in 128 bits, then are clamped. */
static int64_t
clamp(__int128 v)
{
	return v > INT64_MAX ? INT64_MAX : v < INT64_MIN ? INT64_MIN : (int64_t)v;
}

int64_t
plan_cash_spare(const struct rules_result *res, const struct plan_budget *b)
{
	return clamp((__int128)b->cash - res->cash_min);
}

int64_t
plan_spare(const struct rules_result *res, const struct plan_budget *b)
{
	return clamp((__int128)b->cash + b->in_kind - res->private_share);
}

enum plan_limit
plan_check(const struct rules_result *res, const struct plan_budget *b)
{
	if (plan_cash_spare(res, b) < 0)
		return PLAN_CASH;
	if (plan_spare(res, b) < 0)
		return PLAN_TOTAL;
	return PLAN_FITS;
}

/* The point at step K of P: K GPUs, K/10,000 months, or K days after the start. */
static enum rules_status
point(const struct rules_rates *rates, const struct plan_problem *p, uint64_t k, struct plan_point *pt)
{
	pt->sc = p->base;
	switch (p->var) {
	case PLAN_GPUS:
		pt->sc.gpus = k;
		break;
	case PLAN_MONTHS:
		pt->sc.months = k;
		pt->sc.months_den = RULES_MONTHS_SCALE;
		break;
	case PLAN_END: {
		struct cal_months m;
		pt->end = cal_add_days(p->from, (long)k);
		cal_months(p->from, pt->end, &m);
		pt->sc.months = m.num;
		pt->sc.months_den = m.den;
		break;
	}
	}
	return rules_compute(rates, &pt->sc, &pt->res);
}

enum rules_status
plan_solve(const struct rules_rates *rates, const struct plan_problem *p, struct plan_answer *a)
{
	uint64_t lo = p->var == PLAN_MONTHS ? 1 : 0, hi;
	struct plan_point at;
	enum rules_status st;

	switch (p->var) {
	case PLAN_GPUS:   hi = p->cap; break;
	case PLAN_MONTHS: hi = p->cap; break;
	default:          hi = (uint64_t)(cal_serial(p->last) - cal_serial(p->from)); break;
	}
	*a = (struct plan_answer){ .found = false };
	if (hi < lo || (p->var == PLAN_END && cal_serial(p->last) < cal_serial(p->from)))
		hi = lo;                /* no room: the smallest step is all there is */

	/* The smallest step: if it does not fit, nothing does. */
	if ((st = point(rates, p, lo, &at)) != RULES_OK)
		return st;
	if (plan_check(&at.res, &p->budget) != PLAN_FITS) {
		a->next = at;
		a->limit = PLAN_NOTHING;
		return RULES_OK;
	}
	a->found = true;
	a->best = at;
	/* The cap: if it fits, it is the answer. */
	if ((st = point(rates, p, hi, &at)) != RULES_OK)
		return st;
	if (plan_check(&at.res, &p->budget) == PLAN_FITS) {
		a->best = at;
		a->limit = PLAN_CAP;
		return RULES_OK;
	}
	a->next = at;
	/* LO fits and HI does not: halve the gap until they are one step apart. */
	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;
		if ((st = point(rates, p, mid, &at)) != RULES_OK)
			return st;
		if (plan_check(&at.res, &p->budget) == PLAN_FITS) {
			lo = mid;
			a->best = at;
		} else {
			hi = mid;
			a->next = at;
		}
	}
	a->limit = plan_check(&a->next.res, &p->budget);
	return RULES_OK;
}
