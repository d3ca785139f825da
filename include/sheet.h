/*
 * sheet.h - a run's records kept whole, for the report formats that need
 * all of them before they write anything: the workbook (xlsx.h), the chart
 * (svg.h) and the Markdown table (md.h).
 *
 * The machine writer (output.h) fills a sheet cell by cell when its format
 * is a report; the run's kind, title and rules are set by the caller.  Each
 * cell keeps what the csv writer would have written (its out_cell), and
 * each record its scenario, result, budget and derivation, from which the
 * workbook builds its formulas.
 *
 * Memory grows with the records: at most SHEET_ROWS_MAX are kept, past
 * which the sheet is FULL and drops nothing silently: the caller refuses
 * the run.  Pure: nothing here prints or exits.
 */
#ifndef KAI_SHEET_H
#define KAI_SHEET_H

#include <stdbool.h>
#include <stddef.h>

#include "output.h"
#include "rules.h"
#include "ruleset.h"

/* The most records a report holds: Excel's rows are 1,048,576, a report is read by people. */
#define SHEET_ROWS_MAX 100000u

/* How writing a report went. */
enum sheet_status {
	SHEET_OK,
	SHEET_TOO_MANY,   /* more records than the report can show: a usage error */
	SHEET_FAILED,     /* the report could not be made: an I/O error */
};

/* What the run was, for the chart's words and which records it shows. */
enum sheet_kind { SHEET_ONE, SHEET_COMPARE, SHEET_STAGES, SHEET_BATCH, SHEET_MEMBERS };

struct sheet_row {
	size_t first;                 /* its NCOLS cells start here: see sheet_cell() */
	bool figures;                 /* a column of the record's figures was written: SC, RES hold them */
	struct rules_scenario sc;
	struct rules_result res;
	bool planned;                 /* PLAN holds the record's budget figures */
	struct out_plan plan;
	struct out_derivation derive;
};

struct sheet {
	/* Set by the caller before the run. */
	enum sheet_kind kind;
	const struct rs_pick *pick;   /* the rules values in force: the workbook's rates sheet */
	const char *title;            /* what was run, in words, or NULL */

	/* Filled by the writer. */
	size_t ncols;
	char **names;                 /* NCOLS column names, as the csv header has them */
	int *col;                     /* NCOLS: the enum out_col a column writes, -1 for text passed through */
	struct sheet_row *rows;
	size_t nrows;
	bool nomem;                   /* memory ran out: the sheet is incomplete */
	bool full;                    /* more than SHEET_ROWS_MAX records came: the sheet is incomplete */
	bool teams;                   /* the team column holds more than one team */

	/* Private. */
	size_t rows_cap, ncells, cells_cap, cell;
	struct out_cell *cellv;
	const char *first_team;       /* the first record's team, kept */
	struct sheet_text *text;
};

/* An empty sheet of KIND, or NULL without memory. */
struct sheet *sheet_new(enum sheet_kind kind, const struct rs_pick *pick, const char *title);
void sheet_free(struct sheet *s);

/*
 * The writer's calls: the header's NCOLS NAMES and the column IDS (as in
 * struct out_writer; NULL: all passed through) once, then each record's
 * cells in order.
 */
void sheet_header(struct sheet *s, const char *const *names, const int *ids, size_t ncols);
void sheet_row_begin(struct sheet *s);
void sheet_text(struct sheet *s, const char *text, size_t len);
void sheet_number(struct sheet *s, uint64_t value, unsigned places);
void sheet_col(struct sheet *s, enum out_col col, const struct out_record *rec);
void sheet_row_end(struct sheet *s);

/* Cell COL of record ROW: text or number, as the csv writer would have written it. */
static inline const struct out_cell *
sheet_cell(const struct sheet *s, size_t row, size_t col)
{
	return &s->cellv[s->rows[row].first + col];
}

/* The column that writes COL, or -1 when none does. */
int sheet_find(const struct sheet *s, enum out_col col);

/*
 * Whether record ROW is one of the chart's bars: a record with figures that
 * is not a team's total; with --stages, the two stages of one scenario and
 * each member's whole period.
 */
bool sheet_bar(const struct sheet *s, size_t row);

/*
 * The bar's name for people, into BUF (N bytes): the option (중소기업
 * 상업용), the stage, the member (with its team when the sheet has several),
 * or a batch record's first column.  Returns BUF.
 */
char *sheet_label(const struct sheet *s, size_t row, char *buf, size_t n);

#endif
