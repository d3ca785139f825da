/*
 * scenario.h - the one-scenario engine: one scenario from the command
 * line, --compare's nine, or --stages' split, computed and written as
 * machine records or tables for people; and the stage periods, which
 * consortium runs share.
 *
 * It writes only to the FILE it is given and never prints a diagnostic or
 * exits: a problem comes back as a status with its words in a buffer.
 */
#ifndef KAI_SCENARIO_H
#define KAI_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "calendar.h"
#include "output.h"
#include "plan.h"
#include "rules.h"
#include "ruleset.h"

struct scenario_options {
	struct sheet *sheet;        /* a report format: the records go here (sheet.h) */
	enum out_format format;
	const enum out_col *cols;   /* the columns written, in order (--fields) */
	size_t ncols;
	bool no_header, excel;
	bool header_ko;             /* --header=ko: Korean column names in csv, tsv and xlsx */
	bool compare;               /* all nine size x license combinations */
	bool stages;                /* split the period FROM .. TO at stage 2 */
	bool explain;               /* the table's sources and arithmetic */
	bool dates;                 /* the period is FROM .. TO, not months */
	struct cal_date from, to;
	const struct rs_pick *pick; /* the rules values in force */
	const char *rules_name;     /* for --explain */
	bool price_given;           /* --unit-price overrode the rules table */
	bool budget;                /* --cash/--in-kind: the budget columns, a fit check */
	struct plan_budget money;
	bool solve;                 /* --solve: the largest value of VAR that fits MONEY */
	enum plan_var var;
	uint64_t cap;               /* PLAN_GPUS: most GPUs; PLAN_MONTHS: most months in 1/10,000 */
	struct cal_date last;       /* PLAN_END: the latest end (FROM is the start) */
};

/*
 * The columns of one scenario's records into COLS (room for
 * OUT_COL_COUNT) and *NCOLS: size .. total_cost_krw, with from and to after
 * months when DATES give the period, so that the output reads back to the
 * same amounts, and with a BUDGET (--cash, --in-kind) the budget columns
 * budget_cash_krw .. limited_by after total_cost_krw; FIELDS (--fields, or
 * NULL for all) picks among them.  Returns false with the reason in MSG (N
 * bytes).  With --stages the records' from and to are the whole period's,
 * and the stage column says which part of it a record is.
 */
bool scenario_columns(const char *fields, bool dates, bool budget, enum out_col *cols,
                      size_t *ncols, char *msg, size_t n);

/*
 * A budget's figures for RES into *PLAN, and what LIMITED_BY says: with a
 * solve's answer LIMIT (cash, total, cap), else "" when RES fits and what
 * it breaks when not.
 */
const char *scenario_plan(const struct rules_result *res, const struct plan_budget *money,
                          const enum plan_limit *limit, struct out_plan *plan);

/*
 * Computes SC (with OPT->compare, for every company size and license) and
 * writes it to OUT.  Returns RULES_OK, or why a computation failed with the
 * reason in MSG (N bytes): RULES_E_OVERFLOW when an amount would pass 64
 * bits (the inputs with the rules table's rates: a data error); anything
 * else is an internal error, since the inputs were checked.
 */
enum rules_status scenario_run(const struct scenario_options *opt, const struct rules_scenario *sc,
                  FILE *out, char *msg, size_t n);

/* The months of the inclusive period FROM .. TO into SC (0 when TO is before FROM). */
void scenario_set_period(struct rules_scenario *sc, struct cal_date from, struct cal_date to);

/*
 * The two stages of the period FROM .. TO: stage 1 up to the day before
 * PICK's stage 2 starts, stage 2 from then.  FIRST and SECOND get the part
 * of the period in each (months 0 when none), and *END1 / *START2 their
 * boundary dates.
 */
void scenario_stages(const struct rs_pick *pick, struct cal_date from, struct cal_date to,
                     struct rules_scenario *first, struct rules_scenario *second,
                     struct cal_date *end1, struct cal_date *start2);

/*
 * Stage STAGE (0: the whole period, 1 or 2) of SC, whose months are those
 * of FROM .. TO, exactly as --stages computes it: its scenario (its months)
 * into *PART and its result into *RES.
 */
enum rules_status scenario_stage(const struct rs_pick *pick, const struct rules_scenario *sc,
                                 struct cal_date from, struct cal_date to, int stage,
                                 struct rules_scenario *part, struct rules_result *res);

/*
 * Why SC could not be computed with RATES (ST from rules_compute), as one
 * line naming the inputs and the rate, into MSG (N bytes).  Returns MSG.
 */
char *scenario_failure(char *msg, size_t n, const struct rules_rates *rates,
                       const struct rules_scenario *sc, enum rules_status st);

/*
 * The most --solve may reach for VAR (PLAN_GPUS or PLAN_MONTHS): the rules
 * table's GPUs per team, or the programme's months rounded down to
 * 1/10,000; VALUE instead when GIVEN and smaller.
 */
uint64_t scenario_cap(const struct rs_pick *pick, enum plan_var var, bool given, uint64_t value);

/*
 * The record of A, the answer to problem P, into *REC with its budget
 * figures in *PLAN: the answer, or the smallest step when nothing fits;
 * for PLAN_END also its from and to, written into FROM and TO.
 */
void scenario_answer(const struct plan_problem *p, const struct plan_answer *a,
                     struct out_record *rec, struct out_plan *plan, char from[11], char to[11]);

#endif
