/*
 * scenario.c - one scenario, --compare and --stages.  See scenario.h.
 */
#include "scenario.h"

#include <string.h>

#include "i18n.h"
#include "num.h"
#include "table.h"

/* The one machine writer of a run: 64 KB, so not on the stack. */
static struct out_writer writer;

/* The budget columns, in order. */
static const enum out_col budget_cols[] = {
	OUT_BUDGET_CASH, OUT_BUDGET_IN_KIND, OUT_CASH_SPARE, OUT_SPARE, OUT_LIMITED_BY,
};
#define NBUDGET (sizeof budget_cols / sizeof budget_cols[0])

bool
scenario_columns(const char *fields, bool dates, bool budget, enum out_col *cols, size_t *ncols,
                 char *msg, size_t n)
{
	const char *names[OUT_SCENARIO_COLS + 2 + NBUDGET];
	enum out_col all[OUT_SCENARIO_COLS + 2 + NBUDGET];
	size_t picked[OUT_SCENARIO_COLS + 2 + NBUDGET], k = 0;

	for (int c = 0; c < OUT_SCENARIO_COLS; c++) {
		all[k++] = (enum out_col)c;
		if (c == OUT_MONTHS && dates) {         /* the period exactly: it reads back the same */
			all[k++] = OUT_FROM;
			all[k++] = OUT_TO;
		}
	}
	for (size_t i = 0; budget && i < NBUDGET; i++)
		all[k++] = budget_cols[i];
	for (size_t i = 0; i < k; i++)
		names[i] = out_col_name(all[i]);
	if (fields == NULL) {
		memcpy(cols, all, k * sizeof *cols);
		*ncols = k;
		return true;
	}
	if (!out_fields(fields, names, k, picked, ncols, msg, n))
		return false;
	for (size_t i = 0; i < *ncols; i++)
		cols[i] = all[picked[i]];
	return true;
}

const char *
scenario_plan(const struct rules_result *res, const struct plan_budget *money,
              const enum plan_limit *limit, struct out_plan *plan)
{
	*plan = (struct out_plan){
		.cash = (int64_t)money->cash, .in_kind = (int64_t)money->in_kind,
		.cash_spare = plan_cash_spare(res, money), .spare = plan_spare(res, money),
	};
	enum plan_limit broken = plan_check(res, money);
	return limit != NULL ? plan_limit_name(*limit) : broken == PLAN_FITS ? "" : plan_limit_name(broken);
}

/* The period's dates into REC's from and to, written into FROM and TO, when dates gave it. */
static void
set_dates(struct out_record *rec, const struct scenario_options *opt, char from[11], char to[11])
{
	if (opt->dates) {
		rec->text[OUT_FROM] = cal_format(from, opt->from);
		rec->text[OUT_TO] = cal_format(to, opt->to);
	}
}

/* Writes one scenario and its result as a record, with STAGE first if not NULL. */
static void
write_record(struct out_writer *w, const struct scenario_options *opt, const char *stage,
             const struct rules_scenario *sc, const struct rules_result *res, enum out_derive derive)
{
	struct out_record rec = { .sc = sc, .res = res, .derive = { .kind = derive } };
	struct out_plan plan;
	char from[11], to[11];
	set_dates(&rec, opt, from, to);
	if (opt->budget) {              /* a fit check */
		rec.plan = &plan;
		rec.text[OUT_LIMITED_BY] = scenario_plan(res, &opt->money, NULL, &plan);
	}
	out_row_begin(w);
	if (stage != NULL) {
		rec.text[OUT_STAGE] = stage;
		out_col(w, OUT_STAGE, &rec);
	}
	out_cols(w, opt->cols, opt->ncols, &rec);
	out_row_end(w);
}

/*
 * Why SC could not be computed, into MSG: an amount past 64 bits comes of
 * the inputs and the rules table's rates (data), anything else is a bug.
 */
static enum rules_status
failed(enum rules_status st, const struct rs_pick *pick, const struct rules_scenario *sc,
       char *msg, size_t n)
{
	if (st != RULES_E_OVERFLOW)
		snprintf(msg, n, _("internal error: %s"), rules_strerror(st));
	else
		scenario_failure(msg, n, &pick->rates, sc, st);
	return st;
}

char *
scenario_failure(char *msg, size_t n, const struct rules_rates *rates, const struct rules_scenario *sc,
                 enum rules_status st)
{
	char gpus[NUM_BUF], months[NUM_BUF], price[NUM_BUF], rate[NUM_BUF];
	struct rules_scenario e4 = *sc;
	num_fmt_grouped(gpus, sc->gpus);
	num_fmt_fixed(months, rules_months_e4(&e4), RULES_MONTHS_PLACES);
	num_fmt_grouped(price, sc->unit_price);
	num_fmt_fixed(rate, rates->self_ppm[sc->license][sc->type], RULES_PCT_PLACES);
	snprintf(msg, n, _("cannot compute %s GPUs x %s months x %s won at a self-burden rate of %s%% "
	         "(%s, %s): %s; expected smaller figures or a smaller rate in the rules table"),
	         gpus, months, price, rate, rules_type_name(sc->type), rules_license_name(sc->license),
	         rules_strerror(st));
	return msg;
}

static bool
compute(const struct rs_pick *pick, const struct rules_scenario *sc, struct rules_result *res,
        char *msg, size_t n, enum rules_status *status)
{
	enum rules_status st = rules_compute(&pick->rates, sc, res);
	if (st != RULES_OK)
		*status = failed(st, pick, sc, msg, n);
	return st == RULES_OK;
}

void
scenario_set_period(struct rules_scenario *sc, struct cal_date from, struct cal_date to)
{
	struct cal_months m = { 0, 1 };
	if (cal_serial(to) >= cal_serial(from))
		cal_months(from, to, &m);
	sc->months = m.num;
	sc->months_den = m.den;
}

void
scenario_stages(const struct rs_pick *pick, struct cal_date from, struct cal_date to,
                struct rules_scenario *first, struct rules_scenario *second,
                struct cal_date *end1, struct cal_date *start2)
{
	struct cal_date s2 = pick->stage2_start, s1_end = s2;

	/* The day before stage 2: step back from the 1st or within the month. */
	if (--s1_end.day == 0) {
		if (--s1_end.month == 0)
			s1_end.month = 12, s1_end.year--;
		s1_end.day = cal_days_in_month(s1_end.year, s1_end.month);
	}
	*end1 = cal_serial(to) < cal_serial(s1_end) ? to : s1_end;
	*start2 = cal_serial(from) > cal_serial(s2) ? from : s2;
	scenario_set_period(first, from, *end1);
	scenario_set_period(second, *start2, to);
}

enum rules_status
scenario_stage(const struct rs_pick *pick, const struct rules_scenario *sc, struct cal_date from,
               struct cal_date to, int stage, struct rules_scenario *part, struct rules_result *res)
{
	struct rules_result total, rest[2];
	struct rules_scenario parts[2] = { *sc, *sc };
	struct cal_date end1, start2;
	enum rules_status st = rules_compute(&pick->rates, sc, &total);
	if (st != RULES_OK || stage == 0) {
		*part = *sc;
		*res = total;
		return st;
	}
	scenario_stages(pick, from, to, &parts[0], &parts[1], &end1, &start2);
	st = rules_split(&pick->rates, sc, parts[0].months, parts[0].months_den, &total, &rest[0], &rest[1]);
	*part = parts[stage - 1];
	*res = rest[stage - 1];
	return st;
}

/*
 * --stages: stage 1 computed on its own, stage 2 the total less stage 1, so
 * that the two always add up to the whole period's figures.
 */
static enum rules_status
run_stages(const struct scenario_options *opt, const struct rules_scenario *sc,
           const struct rules_result *total, FILE *out, char *msg, size_t n)
{
	struct rules_scenario part[3] = { *sc, *sc, *sc };
	struct rules_result res[3];
	struct cal_date end1, start2;
	char from[11], to[11], labels[2][64];

	scenario_stages(opt->pick, opt->from, opt->to, &part[0], &part[1], &end1, &start2);
	enum rules_status st = rules_split(&opt->pick->rates, sc, part[0].months, part[0].months_den,
	                                   total, &res[0], &res[1]);
	if (st != RULES_OK)
		return failed(st, opt->pick, sc, msg, n);
	res[2] = *total;
	if (part[0].months > 0)
		snprintf(labels[0], sizeof labels[0], _("stage 1: %s to %s"), cal_format(from, opt->from),
		         cal_format(to, end1));
	else
		snprintf(labels[0], sizeof labels[0], "%s", _("stage 1: none"));
	if (part[1].months > 0)
		snprintf(labels[1], sizeof labels[1], _("stage 2: %s to %s"), cal_format(from, start2),
		         cal_format(to, opt->to));
	else
		snprintf(labels[1], sizeof labels[1], "%s", _("stage 2: none"));
	if (opt->format == OUT_TABLE) {
		const char *const heads[3] = { labels[0], labels[1], _("total") };
		table_stages(out, part, res, heads);
		return RULES_OK;
	}
	static const char *const names[3] = { "1", "2", "total" };
	for (int k = 0; k < 3; k++)   /* stage 2 is what the total leaves of stage 1 */
		write_record(&writer, opt, names[k], &part[k], &res[k], k == 1 ? OUT_REST : OUT_OWN);
	return RULES_OK;
}

/* The problem of solving SC's OPT->var within OPT->money. */
static struct plan_problem
problem(const struct scenario_options *opt, const struct rules_scenario *sc)
{
	return (struct plan_problem){
		.var = opt->var, .base = *sc, .cap = opt->cap, .from = opt->from, .last = opt->last,
		.budget = opt->money,
	};
}

uint64_t
scenario_cap(const struct rs_pick *pick, enum plan_var var, bool given, uint64_t value)
{
	uint64_t cap = var == PLAN_GPUS ? pick->gpus_per_team
	             : pick->programme_months.num * RULES_MONTHS_SCALE / pick->programme_months.den;
	return given && value < cap ? value : cap;
}

void
scenario_answer(const struct plan_problem *p, const struct plan_answer *a,
                struct out_record *rec, struct out_plan *plan, char from[11], char to[11])
{
	const struct plan_point *pt = a->found ? &a->best : &a->next;
	*rec = (struct out_record){ .sc = &pt->sc, .res = &pt->res, .plan = plan };
	rec->text[OUT_LIMITED_BY] = scenario_plan(&pt->res, &p->budget, &a->limit, plan);
	if (p->var == PLAN_END) {
		rec->text[OUT_FROM] = cal_format(from, p->from);
		rec->text[OUT_TO] = cal_format(to, pt->end);
	}
}

/* Writes the answer A to problem P as a record, or its table and words. */
static void
write_answer(struct out_writer *w, const struct scenario_options *opt, const struct plan_problem *p,
             const struct plan_answer *a)
{
	struct out_record rec;
	struct out_plan plan;
	char from[11], to[11];
	scenario_answer(p, a, &rec, &plan, from, to);
	if (opt->format == OUT_TABLE) {
		table_scenario(w->fp, &rec, opt->cols, opt->ncols);
		table_budget(w->fp, opt->var, &opt->money, a, opt->cap);
		return;
	}
	out_row_begin(w);
	out_cols(w, opt->cols, opt->ncols, &rec);
	out_row_end(w);
}

/* --solve: the largest GPUs, months or end date that fit the budget, for one scenario or nine. */
static enum rules_status
run_solve(const struct scenario_options *opt, const struct rules_scenario *sc, FILE *out,
          char *msg, size_t n)
{
	const char *names[OUT_COL_COUNT];
	int ids[OUT_COL_COUNT];
	for (size_t i = 0; i < opt->ncols; i++) {
		names[i] = out_col_header(opt->cols[i], opt->header_ko);
		ids[i] = (int)opt->cols[i];
	}
	writer = (struct out_writer){
		.fp = out, .format = opt->format, .sheet = opt->sheet, .names = names, .ids = ids, .ncols = opt->ncols,
		.no_header = opt->no_header, .excel = opt->excel,
	};
	struct plan_answer a[RULES_LICENSE_COUNT][RULES_COMPANY_COUNT];
	struct plan_problem p[RULES_LICENSE_COUNT * RULES_COMPANY_COUNT];
	int kinds = opt->compare ? RULES_LICENSE_COUNT * RULES_COMPANY_COUNT : 1;
	for (int k = 0; k < kinds; k++) {
		struct rules_scenario each = *sc;
		if (opt->compare) {
			each.license = (enum rules_license)(k / RULES_COMPANY_COUNT);
			each.type = (enum rules_type)(k % RULES_COMPANY_COUNT);
		}
		p[k] = problem(opt, &each);
		struct plan_answer *ans = &a[k / RULES_COMPANY_COUNT][k % RULES_COMPANY_COUNT];
		enum rules_status st = plan_solve(&opt->pick->rates, &p[k], ans);
		if (st != RULES_OK)
			return failed(st, opt->pick, &each, msg, n);
	}
	if (opt->compare && opt->format == OUT_TABLE) {
		table_compare_budget(out, sc, opt->var, &opt->money, a);
		return RULES_OK;
	}
	for (int k = 0; k < kinds; k++)
		write_answer(&writer, opt, &p[k], &a[k / RULES_COMPANY_COUNT][k % RULES_COMPANY_COUNT]);
	out_flush(&writer);
	return RULES_OK;
}

enum rules_status
scenario_run(const struct scenario_options *opt, const struct rules_scenario *sc,
             FILE *out, char *msg, size_t n)
{
	enum rules_status status = RULES_OK;
	const char *names[OUT_COL_COUNT + 1];
	int ids[OUT_COL_COUNT + 1];
	if (opt->solve)
		return run_solve(opt, sc, out, msg, n);
	size_t k = 0;
	if (opt->stages)
		ids[k] = OUT_STAGE, names[k++] = out_col_header(OUT_STAGE, opt->header_ko);   /* which part */
	for (size_t i = 0; i < opt->ncols; i++)
		ids[k] = (int)opt->cols[i], names[k++] = out_col_header(opt->cols[i], opt->header_ko);
	writer = (struct out_writer){
		.fp = out, .format = opt->format, .sheet = opt->sheet, .names = names, .ids = ids, .ncols = k,
		.no_header = opt->no_header, .excel = opt->excel,
	};

	if (!opt->compare) {
		struct rules_result res;
		if (!compute(opt->pick, sc, &res, msg, n, &status))
			return status;
		if (opt->stages) {
			status = run_stages(opt, sc, &res, out, msg, n);
		} else if (opt->format == OUT_TABLE) {
			struct out_record rec = { .sc = sc, .res = &res };
			struct out_plan plan;
			char from[11], to[11];
			set_dates(&rec, opt, from, to);
			if (opt->budget) {
				rec.plan = &plan;
				rec.text[OUT_LIMITED_BY] = scenario_plan(&res, &opt->money, NULL, &plan);
			}
			table_scenario(out, &rec, opt->cols, opt->ncols);
		} else {
			write_record(&writer, opt, NULL, sc, &res, OUT_OWN);
		}
		if (status == RULES_OK && opt->explain) {
			char period[64], from[11], to[11];
			/* TRANSLATORS: a period from one date to another, both included. */
			snprintf(period, sizeof period, _("%s to %s"), cal_format(from, opt->from),
			         cal_format(to, opt->to));
			struct table_sources ex = {
				.pick = opt->pick, .rules_name = opt->rules_name,
				.price_given = opt->price_given, .period = opt->dates ? period : NULL,
			};
			table_explain(out, sc, &res, &ex);
		}
		out_flush(&writer);
		return status;
	}

	struct rules_result res[RULES_LICENSE_COUNT][RULES_COMPANY_COUNT];
	struct rules_scenario each[RULES_LICENSE_COUNT][RULES_COMPANY_COUNT];
	for (int l = 0; l < RULES_LICENSE_COUNT; l++) {
		for (int s = 0; s < RULES_COMPANY_COUNT; s++) {
			each[l][s] = *sc;
			each[l][s].license = (enum rules_license)l;
			each[l][s].type = (enum rules_type)s;
			if (!compute(opt->pick, &each[l][s], &res[l][s], msg, n, &status))
				return status;
		}
	}
	if (opt->format == OUT_TABLE) {
		table_compare(out, sc, res);
		return RULES_OK;
	}
	for (int l = 0; l < RULES_LICENSE_COUNT; l++)
		for (int s = 0; s < RULES_COMPANY_COUNT; s++)
			write_record(&writer, opt, NULL, &each[l][s], &res[l][s], OUT_OWN);
	out_flush(&writer);
	return RULES_OK;
}
