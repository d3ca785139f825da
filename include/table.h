/*
 * table.h - the tables for people.  Their look is the project's choice and
 * not a parsing interface (SPEC §5): labels in English with the Korean term,
 * aligned by display width (Hangul takes two columns), amounts with
 * thousands separators and in Korean units (16,896,000,000원 (168억
 * 9,600만원)).  Writers only call stdio on the FILE they are given, and
 * learn the width they may take from it (table_width()).
 */
#ifndef KAI_TABLE_H
#define KAI_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "output.h"
#include "plan.h"
#include "rules.h"
#include "ruleset.h"
#include "team.h"

/*
 * The columns a table for people written to FP may take: $COLUMNS when it
 * is a number (1 to 10,000), else the terminal's when FP is one (80 when
 * the terminal does not say), else 0: no limit, for a pipe or a file.
 * --compare and --stages take a narrower layout when the wide one is wider
 * than that, and --explain folds its lines to it.
 */
size_t table_width(FILE *fp);

/*
 * Writes the LEN bytes at S, one line of --help text without its newline,
 * then a newline, folded as argp folds help at RMARGIN, only measured in
 * display columns (Hangul takes two) instead of bytes: a line narrower than
 * RMARGIN stays whole, a longer one breaks at the last blank at or before
 * column RMARGIN and goes on INDENT spaces in; a word too long for a line
 * stands whole on a line of its own.
 */
void table_wrap_help(FILE *fp, const char *s, size_t len, size_t rmargin, size_t indent);

/*
 * The table for people: one line per column in COLS (N of them), aligned,
 * amounts with thousands separators and Korean units, and a note when the
 * team declines the GPUs.
 */
void table_scenario(FILE *fp, const struct out_record *rec, const enum out_col *cols, size_t n);

/*
 * table_scenario() for one batch record after another, byte for byte the
 * same, many times faster: what the records' tables share is worked out
 * once (the labels padded to their column, the words around the values
 * translated), and so is, for records of one size and license, all of
 * their text but for what is each record's own (the size and license
 * words, the unit price, the rates, with the words around them: a
 * template); the months' texts are kept by value, the amounts are printed
 * where they go in the line, and the records are gathered in a buffer and
 * written a block at a time (out_write_block()).
 *
 * table_batch_new() takes the N rows COLS every record shows, on FP; NULL
 * when memory is short or a translation is too long for what it keeps:
 * table_scenario() then does the same.  For each record, table_batch_put()
 * its first line without the newline, then table_batch_scenario() ends
 * that line and writes the rows and the note on declined GPUs.
 * table_batch_flush() hands what is gathered to FP.
 */
struct table_batch;
/*
 * A table_batch keeps the text of amounts below 1조 by value, in
 * 2^TABLE_AMOUNT_BITS slots: amount V in slot table_amount_slot(V), the
 * later of two that take one slot in the earlier's place unless the
 * earlier was found again lately (test_table makes both).  The slot is the
 * top bits of V times 2^64 over the golden ratio (Fibonacci hashing), which
 * spreads amounts that are products of a few round factors (GPUs, months, a
 * unit price) over the slots.
 */
#define TABLE_AMOUNT_BITS 14

static inline size_t
table_amount_slot(uint64_t v)
{
	return (size_t)(v * 0x9E3779B97F4A7C15u >> (64 - TABLE_AMOUNT_BITS));
}
struct table_batch *table_batch_new(FILE *fp, const enum out_col *cols, size_t n);
void table_batch_put(struct table_batch *t, const char *s, size_t len);
void table_batch_scenario(struct table_batch *t, const struct out_record *rec);
/* Writes what T holds to its FILE: at the end, and before anything else writes there. */
void table_batch_flush(struct table_batch *t);
void table_batch_free(struct table_batch *t);

/*
 * The --compare matrix for people: open-source mode down, company size
 * across, private share and cash minimum with their rates.  BASE gives gpus,
 * months, price and basis; RES[license][size] are the nine results.  When
 * the matrices are wider than table_width(FP): one block per mode, its
 * sizes down, private share and cash minimum across.
 */
void table_compare(FILE *fp, const struct rules_scenario *base,
                       const struct rules_result res[RULES_LICENSE_COUNT][RULES_COMPANY_COUNT]);

/*
 * A budget solve's answer A to VAR in words, after its scenario's table:
 * "With 3억원 cash and 12억원 in kind: at most 154 GPUs; 155 would need a
 * private share of 15억 527만 1,429원, more than cash and in kind together
 * (15억원)."  CAP is the most GPUs or months allowed.
 */
void table_budget(FILE *fp, enum plan_var var, const struct plan_budget *money,
                  const struct plan_answer *a, uint64_t cap);

/*
 * How the plan P (cash and in kind) of member NAME falls short of its share
 * RES, one line each: cash short, private share short, more in kind than
 * the in-kind maximum; nothing when the plan covers it.
 */
void table_plan(FILE *fp, const char *name, const struct rules_result *res, const struct out_plan *p);

/* --compare --solve: what each size and mode can afford, as a matrix. */
void table_compare_budget(FILE *fp, const struct rules_scenario *base, enum plan_var var,
                          const struct plan_budget *money,
                          const struct plan_answer a[RULES_LICENSE_COUNT][RULES_COMPANY_COUNT]);

/* Where the values of an --explain came from. */
struct table_sources {
	const struct rs_pick *pick;     /* the rules values in force */
	const char *rules_name;         /* "built-in data/rules.csv" or the --rules file */
	bool price_given;               /* --unit-price overrode the rules */
	const char *period;             /* "2025-11-01 to 2026-09-09", or NULL for --months */
};

/*
 * The --explain part of the table: each value used with its effective date,
 * line and source, then every step of the computation with its exact
 * intermediate value; lines wider than table_width(FP) folded, continuation
 * lines indented.
 */
void table_explain(FILE *fp, const struct rules_scenario *sc, const struct rules_result *res,
                       const struct table_sources *ex);

/*
 * The --stages table: stage 1, stage 2 and the whole period side by side,
 * headed by LABELS; SC and RES hold the three in that order.  When that is
 * wider than table_width(FP): the three one under the other, each headed
 * by its label.
 */
void table_stages(FILE *fp, const struct rules_scenario sc[3], const struct rules_result res[3],
                      const char *const labels[3]);

/* A consortium team, for table_team(). */
struct table_team {
	const char *name;
	const struct out_record *members;     /* N records: name, role, type ... */
	const struct team_member *info;       /* N: each one's role and type */
	size_t n;
	const struct out_record *total;       /* the sums; its self rate is the effective one */
	const struct team_problem *problems;  /* the eligibility rules broken */
	size_t nproblems;
	bool checked;                         /* eligibility was checked at all */
};

/*
 * A team for people: a line on the team, a members table (Korean labels,
 * amounts right-aligned in 억/만 units) with a totals line, the team's
 * figures, its effective self-burden rate, and the eligibility verdict with
 * each broken rule in words.
 */
void table_team(FILE *fp, const struct table_team *t);

#endif
