/*
 * batch.c - the batch reader.  See batch.h.
 *
 * Data flow: the CSV record reader (csvread.c) hands over each record with
 * its line -> on_record() takes the file's header (fixing the columns from
 * the first file's) or a scenario -> the scenario is computed and written,
 * cell by cell, through the column table (output.h).
 */
#include "batch.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "i18n.h"
#include "num.h"
#include "scenario.h"
#include "table.h"

#define MSG_MAX    1024
#define WARN_MAX   3              /* warnings of one kind a file names by line */

/* Where an output column comes from: an input column, or a computed one. */
struct source {
	int input;             /* input column, or -1 for COMPUTED */
	bool replaced;         /* an input column whose values are computed */
	const char *title;     /* a table's input column on each record's first line: "  NAME: " */
	size_t title_len;
};

/*
 * A run of output columns written in one go (a record's, not a table's):
 * neighbouring computed columns in one call, neighbouring input columns
 * copied at once.  Made with the columns, so that a record only walks them.
 */
struct step {
	bool computed;
	size_t at;             /* computed: the first output column's place in COMPUTED; else its input column */
	size_t count;          /* columns in the run */
};

struct batch {
	struct batch_options opt;
	struct out_writer writer;
	/*
	 * The record on_scenario() hands the writer, made once: the scenario
	 * and figures B's own SC and RES, its text empty, no budget.  Clearing
	 * some 300 bytes a record cost a twentieth of the batch, and the usual
	 * record changes none of it: a budget or a stage changes its parts for
	 * the one write (on_scenario_more()).
	 */
	struct out_record record;
	struct rules_scenario sc;     /* the record being read */
	struct rules_result res;      /* its figures */
	FILE *out;
	struct csvr *reader;

	/* The file being read. */
	const char *name;
	size_t name_len;
	/*
	 * "\nNAME:" and room for a line number after it: a table record's
	 * start, put whole (from the name for the first record written).
	 */
	char *lead;
	bool header_read;             /* this file's header has been handled */
	bool file_done;               /* stop reading this file */
	enum batch_status status;     /* worst outcome of this file */
	unsigned long warned[2];      /* records of this file warned about, by kind */

	/* The columns, fixed by the first file's header. */
	bool layout_ready;
	size_t ncols;                 /* fields in each record */
	char *header;                 /* first header's cells, NUL-separated */
	size_t *header_at;            /* where each cell starts in HEADER */
	int field_col[FIELD_COUNT];   /* input column of each field, or -1 */
	int from_col, to_col;         /* the period as dates, or -1 */
	int stage_col;                /* which stage of the dates' period, or -1 */
	int cash_col, in_kind_col;    /* the budget, or -1 */
	struct cell_read {            /* the fields each record's cells give, in the order read */
		enum field_id field;
		field_parser *parse;  /* the field's own parser, chosen once: field_parser_of() */
		int col;
		bool blank_ok;        /* a blank cell keeps the default (the price) or is what --solve finds */
	} reads[FIELD_COUNT];
	size_t nreads;
	bool usual;                   /* READS starts with size, license, gpus, months: field_parse_usual() */
	bool budget;                  /* either is there: the budget columns are written */
	bool more_reads;              /* a budget, --solve, dates or a stage: more than the cells of READS */
	struct source *sources;       /* the output columns written */
	struct step *steps;           /* the same as runs */
	size_t nsteps;
	bool inputs_then_computed;    /* STEPS: a run of input columns, then the computed: write_record() */
	enum out_col *computed;       /* for each output column that is computed, which */
	const char **names;           /* their names */
	int *ids;                     /* what each writes: an enum out_col, or -1 when passed through */
	size_t nout;
	enum out_col rows[OUT_COL_COUNT];  /* a table's rows below each record's first line */
	size_t nrows;
	size_t *titled;               /* the output columns on its first line, after the record's place */
	size_t ntitled;
	struct table_batch *table;    /* a table's fast writer, or NULL: table_scenario() */
	char *titles;                 /* for it: the text of the SOURCES' TITLE */
};

/* ---- small helpers ---- */

static void
report(struct batch *b, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
report(struct batch *b, unsigned long line, const char *fmt, ...)
{
	char msg[MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	b->opt.report(b->opt.ctx, b->name, line, msg);
}

static void
worsen(struct batch *b, enum batch_status st)
{
	if (st > b->status)
		b->status = st;
	if (st >= BATCH_STOP)
		b->file_done = true;
}

/* A bad record: remembered, and the end of everything under --strict. */
static void
bad_record(struct batch *b)
{
	worsen(b, b->opt.strict ? BATCH_STOP : BATCH_INVALID);
}

/* A file that cannot be read further: stop it, and everything under --strict. */
static void
bad_file(struct batch *b)
{
	bad_record(b);
	b->file_done = true;
}

/* The message for a record REC that csvread marked bad, in column COLUMN (NULL: the header). */
static void
report_bad(struct batch *b, const struct csvr_record *rec, const char *column)
{
	char msg[MSG_MAX];
	report(b, rec->line, "%s", csvr_bad_message(msg, sizeof msg, rec, b->opt.encoding, column,
	                                            column == NULL));
}

/* ---- the header ---- */

static char *
header_cell(const struct batch *b, size_t i)
{
	return b->header + b->header_at[i];
}

/*
 * The reserved column names besides the fields: the period's dates, and
 * which stage of that period a record is (kai-cost's own --stages output).
 */
enum { COL_FROM, COL_TO, COL_STAGE, COL_CASH, COL_IN_KIND };
static const struct field_alias reserved_columns[] = {
	FIELD_ALIAS("from", COL_FROM), FIELD_ALIAS("시작일", COL_FROM),
	FIELD_ALIAS("to", COL_TO), FIELD_ALIAS("종료일", COL_TO),
	FIELD_ALIAS("stage", COL_STAGE), FIELD_ALIAS("단계", COL_STAGE),
	FIELD_ALIAS("budget_cash", COL_CASH), FIELD_ALIAS("현금예산", COL_CASH),
	FIELD_ALIAS("budget_cash_krw", COL_CASH),
	FIELD_ALIAS("budget_in_kind", COL_IN_KIND), FIELD_ALIAS("현물예산", COL_IN_KIND),
	FIELD_ALIAS("budget_in_kind_krw", COL_IN_KIND),
	FIELD_ALIAS_END,
};
static const char *const reserved_words[] = {
	[COL_FROM] = N_("start date"), [COL_TO] = N_("end date"), [COL_STAGE] = N_("stage"),
	[COL_CASH] = N_("cash budget"), [COL_IN_KIND] = N_("in-kind budget"),
};

/* Refuses a header REC that names a column twice.  False after reporting. */
static bool
check_unique(struct batch *b, const struct csvr_record *rec)
{
	char msg[MSG_MAX];
	int dup = csvr_duplicate(rec, msg, sizeof msg);
	if (dup < 0)
		worsen(b, BATCH_NOMEM);
	else if (dup > 0)
		report(b, rec->line, "%s", msg);
	return dup == 0;
}

/* Finds which input column holds each field, the dates and the stage.  False after reporting. */
static bool
find_fields(struct batch *b, const struct csvr_record *rec)
{
	for (int f = 0; f < FIELD_COUNT; f++)
		b->field_col[f] = -1;
	b->from_col = b->to_col = b->stage_col = b->cash_col = b->in_kind_col = -1;
	if (!check_unique(b, rec))
		return false;
	for (size_t i = 0; i < rec->n; i++) {
		const char *s = rec->fields[i].p;
		size_t len = rec->fields[i].n;
		enum field_id id;
		int which;
		if (field_name_lookup(reserved_columns, s, len, &which)) {
			int *const cols[] = {
				[COL_FROM] = &b->from_col, [COL_TO] = &b->to_col, [COL_STAGE] = &b->stage_col,
				[COL_CASH] = &b->cash_col, [COL_IN_KIND] = &b->in_kind_col,
			};
			int *col = cols[which];
			if (*col >= 0) {
				char first[FIELD_SHOWN_SIZE], second[FIELD_SHOWN_SIZE];
				report(b, rec->line, _("columns '%s' and '%s' both give the %s; expected one"),
				       field_show(first, rec->fields[*col].p, rec->fields[*col].n),
				       field_show(second, s, len), _(reserved_words[which]));
				return false;
			}
			*col = (int)i;
			continue;
		}
		if (!field_from_header(s, len, &id))
			continue;
		/*
		 * kai-cost's own unit_price_krw is read as the price, unless a
		 * unit_price column gives it: then that one is the input, and
		 * unit_price_krw is recomputed from it like every output column.
		 * With --header=ko the output's 단가 is that column too.
		 */
		if (id == FIELD_UNIT_PRICE && b->field_col[id] >= 0) {
			const struct csvr_field *other = &rec->fields[b->field_col[id]];
			bool krw = out_col_is(OUT_UNIT_PRICE, s, len, b->opt.header_ko);
			if (krw != out_col_is(OUT_UNIT_PRICE, other->p, other->n, b->opt.header_ko)) {
				if (!krw)
					b->field_col[id] = (int)i;
				continue;
			}
		}
		if (b->field_col[id] >= 0) {
			char first[FIELD_SHOWN_SIZE], second[FIELD_SHOWN_SIZE];
			const struct csvr_field *other = &rec->fields[b->field_col[id]];
			report(b, rec->line, _("columns '%s' and '%s' both give %s; expected one"),
			       field_show(first, other->p, other->n), field_show(second, s, len), field_name(id));
			return false;
		}
		b->field_col[id] = (int)i;
	}
	/* The period: a months column, or from and to (and then months, if given, must agree). */
	bool dates = b->from_col >= 0 || b->to_col >= 0;
	bool solve_end = b->opt.solve && b->opt.var == PLAN_END;
	if (dates && (b->from_col < 0 || b->to_col < 0) && !solve_end) {
		report(b, rec->line, _("a '%s' column without a '%s' column; expected both"),
		       b->from_col >= 0 ? "from" : "to", b->from_col >= 0 ? "to" : "from");
		return false;
	}
	if (b->stage_col >= 0 && b->opt.pick == NULL) {
		report(b, rec->line, _("a 'stage' column, but no rules table for the stage dates; expected "
		       "no stage column"));
		return false;
	}
	if (b->stage_col >= 0 && !dates) {
		report(b, rec->line, _("a 'stage' column without 'from' and 'to' columns; expected the "
		       "period's dates with it (a stage is a part of them)"));
		return false;
	}
	b->budget = b->cash_col >= 0 || b->in_kind_col >= 0;
	if (b->opt.solve && !b->budget) {
		report(b, rec->line, _("no budget_cash or budget_in_kind column; expected the budget to "
		       "solve within (or 현금예산, 현물예산)"));
		return false;
	}
	if (b->opt.solve && b->opt.pick == NULL) {
		report(b, rec->line, _("no rules table for the caps of --solve"));
		return false;
	}
	if (b->opt.solve && b->opt.var == PLAN_MONTHS && dates) {
		report(b, rec->line, _("--solve months finds the months; expected no from or to column"));
		return false;
	}
	bool solved[FIELD_COUNT] = {
		[FIELD_GPUS] = b->opt.solve && b->opt.var == PLAN_GPUS,
		[FIELD_MONTHS] = dates || (b->opt.solve && b->opt.var != PLAN_GPUS),
	};
	if (solve_end && b->stage_col >= 0) {
		report(b, rec->line, _("--solve end finds the end; expected no stage column"));
		return false;
	}
	for (int f = 0; f <= FIELD_MONTHS; f++) {
		if (b->field_col[f] < 0 && !solved[f]) {
			report(b, rec->line, _("no %s column; expected the columns size, license, "
			       "gpus and months (or 기업규모, 공개방식, GPU수, 개월수)"), field_name((enum field_id)f));
			return false;
		}
	}
	b->more_reads = b->budget || b->opt.solve || b->from_col >= 0 || b->stage_col >= 0;
	b->nreads = 0;
	for (int f = 0; f < FIELD_COUNT; f++) {
		if (b->field_col[f] < 0 || (f == FIELD_MONTHS && (b->from_col >= 0 || solve_end)))
			continue;               /* months beside dates: read_period(); or what --solve end finds */
		b->reads[b->nreads++] = (struct cell_read){
			.field = (enum field_id)f, .parse = field_parser_of((enum field_id)f), .col = b->field_col[f],
			.blank_ok = f == FIELD_UNIT_PRICE || (b->opt.solve && ((f == FIELD_GPUS && b->opt.var == PLAN_GPUS) ||
			                                      (f == FIELD_MONTHS && b->opt.var == PLAN_MONTHS))),
		};
	}
	/* READS is in the order of the fields, so the usual four come first when all are read. */
	b->usual = b->nreads >= FIELD_USUAL;
	for (size_t k = 0; b->usual && k < FIELD_USUAL; k++)
		b->usual = b->reads[k].field == (enum field_id)k;
	return true;
}

/*
 * The table form's layout: a record's first line says where it came from
 * and gives its other input columns, then come its rows.  Without --fields
 * the rows are every computed column; with it, the chosen columns only.
 */
static bool
setup_table(struct batch *b)
{
	b->nrows = b->ntitled = 0;
	if ((b->titled = calloc(b->nout + 1, sizeof *b->titled)) == NULL) {
		worsen(b, BATCH_NOMEM);
		return false;
	}
	if (b->opt.fields == NULL) {
		for (int c = 0; c < OUT_SCENARIO_COLS; c++)
			b->rows[b->nrows++] = (enum out_col)c;
		for (int c = OUT_BUDGET_CASH; b->budget && c <= OUT_LIMITED_BY; c++)
			b->rows[b->nrows++] = (enum out_col)c;
	}
	for (size_t i = 0; i < b->nout; i++) {
		const struct source *src = &b->sources[i];
		bool is_field = false;
		for (int f = 0; f < FIELD_COUNT; f++)
			is_field |= b->field_col[f] == src->input;
		if (src->input < 0 || src->replaced) {
			if (b->opt.fields != NULL)
				b->rows[b->nrows++] = b->computed[i];
		} else if (!is_field || b->opt.fields != NULL) {
			b->titled[b->ntitled++] = i;
		}
	}
	if (b->opt.plain_table)
		return true;
	/* Without memory for the fast writer: record by record through stdio, as fast as that goes. */
	size_t len = 0;
	for (size_t k = 0; k < b->ntitled; k++)
		len += strlen(b->names[b->titled[k]]) + 4;
	if ((b->titles = malloc(len + 1)) == NULL)
		return true;
	char *d = b->titles;
	for (size_t k = 0; k < b->ntitled; k++) {
		struct source *src = &b->sources[b->titled[k]];
		src->title = d;
		d += sprintf(d, "  %s: ", b->names[b->titled[k]]);
		src->title_len = (size_t)(d - src->title);
	}
	b->table = table_batch_new(b->out, b->rows, b->nrows);
	return true;
}

/*
 * Fixes the columns from the first file's header REC: which input column
 * holds each field, which input columns are replaced by computed ones, and
 * what is written.  False after reporting.
 */
static bool
setup_layout(struct batch *b, const struct csvr_record *rec)
{
	size_t n = rec->n;

	if (!find_fields(b, rec))
		return false;
	/*
	 * Computed: what --solve finds, months when dates give the period,
	 * unit_price_krw .. total_cost_krw, and the budget columns.
	 */
	enum out_col comp[OUT_COL_COUNT];
	size_t ncomp = 0;
	bool solve_end = b->opt.solve && b->opt.var == PLAN_END;
	/* A report's formulas need the GPUs and months as numbers, not the text they came as. */
	bool for_report = out_is_report(b->opt.format);
	if ((b->opt.solve && b->opt.var == PLAN_GPUS) || for_report)
		comp[ncomp++] = OUT_GPUS;
	if (b->from_col >= 0 || (b->opt.solve && b->opt.var != PLAN_GPUS) || for_report)
		comp[ncomp++] = OUT_MONTHS;
	if (solve_end)
		comp[ncomp++] = OUT_FROM, comp[ncomp++] = OUT_TO;
	for (int c = OUT_UNIT_PRICE; c < OUT_SCENARIO_COLS; c++)
		comp[ncomp++] = (enum out_col)c;
	static const enum out_col budget_cols[] = {
		OUT_BUDGET_CASH, OUT_BUDGET_IN_KIND, OUT_CASH_SPARE, OUT_SPARE, OUT_LIMITED_BY,
	};
	for (size_t k = 0; b->budget && k < sizeof budget_cols / sizeof budget_cols[0]; k++)
		comp[ncomp++] = budget_cols[k];
	size_t most = n + ncomp;

	/* Keep the header: its cells name the output columns and check later files. */
	size_t header_len = 0;
	for (size_t i = 0; i < n; i++)
		header_len += rec->fields[i].n + 1;
	b->header = malloc(header_len);
	b->header_at = malloc(n * sizeof *b->header_at);
	struct source *all = calloc(most, sizeof *all);
	enum out_col *all_computed = calloc(most, sizeof *all_computed);
	const char **all_names = calloc(most, sizeof *all_names);
	size_t *picked = calloc(most, sizeof *picked);
	b->sources = calloc(most, sizeof *b->sources);
	b->computed = calloc(most, sizeof *b->computed);
	b->names = calloc(most, sizeof *b->names);
	b->ids = calloc(most, sizeof *b->ids);
	b->steps = calloc(most, sizeof *b->steps);
	bool ok = b->header && b->header_at && all && all_computed && all_names && picked &&
	          b->sources && b->computed && b->names && b->ids && b->steps;
	if (!ok) {
		worsen(b, BATCH_NOMEM);
		goto out;
	}
	for (size_t i = 0, at = 0; i < n; at += rec->fields[i].n + 1, i++) {
		b->header_at[i] = at;
		memcpy(b->header + at, rec->fields[i].p, rec->fields[i].n);
		b->header[at + rec->fields[i].n] = '\0';
	}
	b->ncols = n;

	/* Input columns in order; one named like a computed column is replaced in place. */
	bool present[OUT_COL_COUNT] = { false };
	size_t taken_by[OUT_COL_COUNT];       /* the input column that a present computed column replaced */
	size_t nall = 0;
	for (size_t i = 0; i < n; i++) {
		const char *s = header_cell(b, i);
		all[nall] = (struct source){ .input = (int)i };
		for (size_t k = 0; k < ncomp; k++) {
			enum out_col c = comp[k];
			/* The input column that holds a computed value, whatever its name. */
			int holder = c == OUT_MONTHS ? b->field_col[FIELD_MONTHS] : c == OUT_GPUS ? b->field_col[FIELD_GPUS]
			           : c == OUT_FROM ? b->from_col : c == OUT_TO ? b->to_col
			           : c == OUT_BUDGET_CASH ? b->cash_col : c == OUT_BUDGET_IN_KIND ? b->in_kind_col
			           /* a report's price is a number its formulas read: the input's column, as read */
			           : c == OUT_UNIT_PRICE && for_report && b->field_col[FIELD_UNIT_PRICE] >= 0
			           ? b->field_col[FIELD_UNIT_PRICE] : -2;
			/* Else one named like it, as the output names it (Korean with --header=ko). */
			if (!present[c] && ((int)i == holder ||
			                    (holder == -2 && out_col_is(c, s, rec->fields[i].n, b->opt.header_ko)))) {
				all[nall] = (struct source){ .input = (int)i, .replaced = true };
				all_computed[nall] = c;
				present[c] = true;
				taken_by[c] = i;
				break;
			}
			/*
			 * A second column named like one already replaced (gov_subsidy_krw and
			 * 정부지원금 under --header=ko): the output would name two columns alike.
			 */
			if (present[c] && holder == -2 && taken_by[c] != i &&
			    out_col_is(c, s, rec->fields[i].n, b->opt.header_ko)) {
				report(b, rec->line, _("columns '%s' and '%s' both name the output column %s; "
				       "expected one of them"), header_cell(b, taken_by[c]), s,
				       out_col_header(c, b->opt.header_ko));
				ok = false;
				goto out;
			}
		}
		all_names[nall++] = s;
	}
	for (size_t k = 0; k < ncomp; k++) {
		if (!present[comp[k]]) {
			all[nall] = (struct source){ .input = -1 };
			all_computed[nall] = comp[k];
			all_names[nall++] = out_col_header(comp[k], b->opt.header_ko);
		}
	}

	size_t npicked = nall;
	for (size_t i = 0; i < nall; i++)
		picked[i] = i;
	if (b->opt.fields != NULL) {
		char msg[MSG_MAX];
		ok = out_fields(b->opt.fields, all_names, nall, picked, &npicked, msg, sizeof msg);
		if (!ok) {
			report(b, 0, "%s", msg);
			worsen(b, BATCH_USAGE);
			goto out;
		}
	}
	for (size_t i = 0; i < npicked; i++) {
		b->sources[i] = all[picked[i]];
		b->computed[i] = all_computed[picked[i]];
		b->names[i] = all_names[picked[i]];
		b->ids[i] = all[picked[i]].input < 0 || all[picked[i]].replaced ? (int)all_computed[picked[i]] : -1;
	}
	b->nout = npicked;
	/* Neighbouring computed columns are written in one call, neighbouring inputs copied at once. */
	b->nsteps = 0;
	for (size_t i = 0; i < b->nout; i += b->steps[b->nsteps++].count) {
		const struct source *src = &b->sources[i];
		struct step st = { .computed = src->input < 0 || src->replaced, .count = 1 };
		st.at = st.computed ? i : (size_t)src->input;
		for (; i + st.count < b->nout; st.count++) {
			const struct source *next = &b->sources[i + st.count];
			bool computed = next->input < 0 || next->replaced;
			if (computed != st.computed || (!computed && (size_t)next->input != st.at + st.count))
				break;
		}
		b->steps[b->nsteps] = st;
	}
	b->inputs_then_computed = b->nsteps == 2 && !b->steps[0].computed && b->steps[0].count > 1 &&
	                          b->steps[1].computed;
	b->writer.names = b->names;
	b->writer.ids = b->ids;
	b->writer.ncols = b->nout;
	b->layout_ready = true;
	if (b->opt.format == OUT_TABLE)
		ok = setup_table(b);
	else
		out_begin(&b->writer);     /* the header goes out even if no record follows */
out:
	free(all);
	free(all_computed);
	free(all_names);
	free(picked);
	return ok;
}

/* Handles a file's header record.  False after reporting why the file cannot be read. */
static bool
on_header(struct batch *b, const struct csvr_record *rec)
{
	if (rec->bad != CSVR_GOOD) {
		report_bad(b, rec, NULL);
		return false;
	}
	if (!b->layout_ready)
		return setup_layout(b, rec);

	/* A later file: its header must be the first file's. */
	bool same = rec->n == b->ncols;
	for (size_t i = 0; same && i < rec->n; i++) {
		const char *h = header_cell(b, i);
		size_t hn = (i + 1 < b->ncols ? b->header_at[i + 1] : b->header_at[i] + strlen(h) + 1) -
		            b->header_at[i] - 1;
		same = field_same_name(rec->fields[i].p, rec->fields[i].n, h, hn);
	}
	if (!same) {
		char first[MSG_MAX / 2];
		size_t k = 0;
		first[0] = '\0';
		for (size_t i = 0; i < b->ncols && k < sizeof first; i++)
			k += (size_t)snprintf(first + k, sizeof first - k, "%s%s", i ? ", " : "",
			                      header_cell(b, i));
		report(b, rec->line, _("header differs from the first file's; expected the columns %s"),
		       first);
		return false;
	}
	return true;
}

/* ---- records ---- */

/* Writes the table form of one record REC, with its figures OUT, record by record through stdio. */
static void
write_table_plain(struct batch *b, const struct csvr_record *rec, const struct out_record *out)
{
	if (b->writer.started)
		putc('\n', b->out);
	b->writer.started = true;
	fprintf(b->out, "%s:%lu", b->name, rec->line);
	for (size_t k = 0; k < b->ntitled; k++) {
		const struct csvr_field *f = &rec->fields[b->sources[b->titled[k]].input];
		fprintf(b->out, "  %s: %.*s", b->names[b->titled[k]], (int)f->n, f->p);
	}
	putc('\n', b->out);
	table_scenario(b->out, out, b->rows, b->nrows);
}

/* The same as write_table_plain(), gathered for one write through the table's fast writer. */
static void
write_table(struct batch *b, const struct csvr_record *rec, const struct out_record *out)
{
	struct table_batch *t = b->table;

	if (t == NULL) {
		write_table_plain(b, rec, out);
		return;
	}
	size_t skip = b->writer.started ? 0 : 1;     /* the first record starts no new line */
	b->writer.started = true;
	size_t n = 2 + b->name_len + num_fmt_uint(b->lead + 2 + b->name_len, rec->line);
	table_batch_put(t, b->lead + skip, n - skip);
	for (size_t k = 0; k < b->ntitled; k++) {
		const struct source *src = &b->sources[b->titled[k]];
		const struct csvr_field *f = &rec->fields[src->input];
		table_batch_put(t, src->title, src->title_len);
		table_batch_put(t, f->p, f->n);     /* as %.*s: a good record holds no NUL (csvread.h) */
	}
	table_batch_scenario(t, out);   /* which ends that line */
}

/* Reports warning KIND (an RS_WARN_* bit) of the record at LINE: see warn(). */
static __attribute__((noinline)) void
say_warning(struct batch *b, unsigned long line, unsigned kind, const struct rules_scenario *sc,
            const struct cal_date *period)
{
	char msg[RS_WARNING_MAX];
	ruleset_warning(msg, sizeof msg, kind, b->opt.pick, sc, period, period ? period + 1 : NULL);
	report(b, line, "%s", msg);
}

/*
 * Warns about a record that breaks no rule but looks wrong for the
 * programme.  The first WARN_MAX of each kind in a file name their line;
 * the rest are counted, and batch_file() gives the count at the end, so a
 * large file does not bury its errors under a warning a line.  Inline: a
 * batch asks every record, and many have more GPUs than a team receives.
 */
static inline void
warn(struct batch *b, unsigned long line, const struct rules_scenario *sc,
     const struct cal_date *period)
{
	unsigned kinds = ruleset_check(b->opt.pick, sc, period, period ? period + 1 : NULL);
	if (kinds == 0)
		return;
	for (int k = 0; k < 2; k++) {
		unsigned kind = k == 0 ? RS_WARN_GPUS : RS_WARN_PERIOD;
		if ((kinds & kind) && ++b->warned[k] <= WARN_MAX)
			say_warning(b, line, kind, sc, period);
	}
}

/* Reports field F's cell in REC, refused for REASON, as a bad record. */
static void
bad_cell(struct batch *b, const struct csvr_record *rec, enum field_id f, const char *reason)
{
	char msg[MSG_MAX];
	const struct csvr_field *c = &rec->fields[b->field_col[f]];
	report(b, rec->line, "%s", field_message(msg, sizeof msg, header_cell(b, (size_t)b->field_col[f]),
	                                         f, c->p, c->n, reason));
	bad_record(b);
}

/*
 * Reads the record's period into SC: its from and to cells into PERIOD
 * (and *DATED true), or, when both are blank, its months.  False after
 * reporting a bad record.
 */
static bool
read_period(struct batch *b, const struct csvr_record *rec, struct rules_scenario *sc,
            struct cal_date period[2], bool *dated)
{
	const int cols[2] = { b->from_col, b->to_col };
	int months = b->field_col[FIELD_MONTHS];

	*dated = false;
	if (months >= 0 && csvr_blank(rec->fields[cols[0]].p, rec->fields[cols[0]].n) &&
	    csvr_blank(rec->fields[cols[1]].p, rec->fields[cols[1]].n)) {
		const struct csvr_field *f = &rec->fields[months];
		const char *reason = csvr_blank(f->p, f->n) ? _("missing value")
		                   : field_parse(FIELD_MONTHS, f->p, f->n, sc);
		if (reason != NULL)
			bad_cell(b, rec, FIELD_MONTHS, reason);
		return reason == NULL;
	}
	for (int k = 0; k < 2; k++) {
		const struct csvr_field *f = &rec->fields[cols[k]];
		if (!cal_parse(f->p, f->n, &period[k])) {
			report(b, rec->line, _("%s '%.*s': %s; expected a real date YYYY-MM-DD"),
			       header_cell(b, (size_t)cols[k]), (int)f->n, f->p,
			       csvr_blank(f->p, f->n) ? _("missing value") : _("not a date"));
			bad_record(b);
			return false;
		}
	}
	struct cal_months m;
	bool in_order = cal_months(period[0], period[1], &m);
	if (!in_order || m.num > 1200 * m.den) {
		char from[11], to[11];
		report(b, rec->line, in_order
		       ? _("the period %s to %s: too long; expected an end on or after the start, at most "
		           "1,200 months later")
		       : _("the period %s to %s: ends before it starts; expected an end on or after the "
		           "start, at most 1,200 months later"),
		       cal_format(from, period[0]), cal_format(to, period[1]));
		bad_record(b);
		return false;
	}
	sc->months = m.num;
	sc->months_den = m.den;
	*dated = true;
	return true;
}

/* Which stage of the period REC is: 0 the whole, 1 or 2.  -1 after reporting a bad record. */
static int
read_stage(struct batch *b, const struct csvr_record *rec, bool dated)
{
	static const struct field_alias stages[] = {
		FIELD_ALIAS("total", 0), FIELD_ALIAS("합계", 0), FIELD_ALIAS("1", 1), FIELD_ALIAS("2", 2),
		FIELD_ALIAS_END,
	};
	const struct csvr_field *f = &rec->fields[b->stage_col];
	int stage = 0;
	char msg[MSG_MAX];
	if (!csvr_blank(f->p, f->n) && !field_lookup(stages, f->p, f->n, &stage)) {
		report(b, rec->line, "%s", field_describe(msg, sizeof msg, header_cell(b, (size_t)b->stage_col),
		       f->p, f->n, _("unknown stage"), _("1, 2, total or a blank cell")));
		bad_record(b);
		return -1;
	}
	if (stage > 0 && !dated) {
		report(b, rec->line, "%s", field_describe(msg, sizeof msg, header_cell(b, (size_t)b->stage_col),
		       f->p, f->n, _("a stage of no dates"), _("the period's from and to with it")));
		bad_record(b);
		return -1;
	}
	return stage;
}

/*
 * A months cell beside the dates that gave the period must be their months,
 * as kai-cost writes them (rounded to 4 places), or blank; it is never
 * used instead of them.  False after reporting a bad record.
 */
static bool
check_months(struct batch *b, const struct csvr_record *rec, const struct rules_scenario *sc,
             const struct cal_date period[2], int stage)
{
	int col = b->field_col[FIELD_MONTHS];
	const struct csvr_field *f = &rec->fields[col];
	bool agree;
	if (csvr_blank(f->p, f->n))
		return true;
	const char *reason = field_months_beside(f->p, f->n, sc, &agree);
	if (reason != NULL) {
		bad_cell(b, rec, FIELD_MONTHS, reason);
		return false;
	}
	if (agree)
		return true;
	char shown[FIELD_SHOWN_SIZE], from[11], to[11], months[NUM_BUF];
	num_fmt_fixed(months, rules_months_e4(sc), RULES_MONTHS_PLACES);
	if (stage > 0)
		report(b, rec->line, _("%s '%s': stage %d of %s to %s gives %s months; expected the months "
		       "of the dates, or a blank cell"), header_cell(b, (size_t)col),
		       field_show(shown, f->p, f->n), stage, cal_format(from, period[0]),
		       cal_format(to, period[1]), months);
	else
		report(b, rec->line, _("%s '%s': %s to %s gives %s months; expected the months of the "
		       "dates, or a blank cell"), header_cell(b, (size_t)col), field_show(shown, f->p, f->n),
		       cal_format(from, period[0]), cal_format(to, period[1]), months);
	bad_record(b);
	return false;
}

static inline __attribute__((always_inline)) void write_record(struct batch *b, const struct csvr_record *rec, const struct out_record *out);

/*
 * The budget cells of REC into *MONEY, one blank cell for 0.  *GIVEN says
 * whether either was filled in: a record with both blank has no budget.
 * False after reporting a bad record.
 */
static bool
read_budget(struct batch *b, const struct csvr_record *rec, struct plan_budget *money, bool *given)
{
	const int cols[2] = { b->cash_col, b->in_kind_col };
	uint64_t *to[2] = { &money->cash, &money->in_kind };
	*given = false;
	for (int k = 0; k < 2; k++) {
		const struct csvr_field *f = cols[k] >= 0 ? &rec->fields[cols[k]] : NULL;
		enum num_status st;
		if (f == NULL || csvr_blank(f->p, f->n))
			continue;
		*given = true;
		if ((st = num_parse_won(f->p, f->n, PLAN_BUDGET_MAX, to[k])) != NUM_OK) {
			char msg[MSG_MAX];
			report(b, rec->line, "%s", field_describe(msg, sizeof msg, header_cell(b, (size_t)cols[k]),
			       f->p, f->n, num_strerror(st), _("an amount of won: 300000000, 300,000,000 or 3억, "
			       "at most 1,000조 (1,000,000,000,000,000) won")));
			bad_record(b);
			return false;
		}
	}
	if (!*given && b->opt.solve) {
		report(b, rec->line, _("no budget: the cells of %s are blank; expected a budget to solve within"),
		       b->cash_col >= 0 && b->in_kind_col >= 0 ? _("budget_cash and budget_in_kind")
		       : b->cash_col >= 0 ? "budget_cash" : "budget_in_kind");
		bad_record(b);
		return false;
	}
	return true;
}

/*
 * --solve for the record REC, whose other fields are in SC: the largest
 * GPUs, months or end date within MONEY, at most the record's own value
 * when it gives one, else the rules table's (GPUs per team, the programme).
 */
static void
solve_record(struct batch *b, const struct csvr_record *rec, struct rules_scenario *sc,
             const struct plan_budget *money)
{
	const struct rs_pick *pick = b->opt.pick;
	struct plan_problem p = { .var = b->opt.var, .budget = *money };
	int gpus = b->field_col[FIELD_GPUS], months = b->field_col[FIELD_MONTHS];
	char from[11], to[11];

	switch (b->opt.var) {
	case PLAN_GPUS:         /* the record's own GPUs or months when below the rules' caps */
	case PLAN_MONTHS: {
		int col = b->opt.var == PLAN_GPUS ? gpus : months;
		bool given = col >= 0 && !csvr_blank(rec->fields[col].p, rec->fields[col].n);
		p.cap = scenario_cap(pick, b->opt.var, given, b->opt.var == PLAN_GPUS ? sc->gpus : sc->months);
		break;
	}
	case PLAN_END:
		p.from = pick->programme_start;
		p.last = pick->programme_end;
		for (int k = 0; k < 2; k++) {
			int col = k == 0 ? b->from_col : b->to_col;
			const struct csvr_field *f = col >= 0 ? &rec->fields[col] : NULL;
			if (f == NULL || csvr_blank(f->p, f->n))
				continue;
			if (!cal_parse(f->p, f->n, k == 0 ? &p.from : &p.last)) {
				char msg[MSG_MAX];
				report(b, rec->line, "%s", field_describe(msg, sizeof msg, header_cell(b, (size_t)col),
				       f->p, f->n, _("not a date"), _("a real date YYYY-MM-DD, or a blank cell")));
				bad_record(b);
				return;
			}
		}
		if (cal_serial(p.last) > cal_serial(pick->programme_end))
			p.last = pick->programme_end;   /* at most the programme end */
		if (cal_serial(p.last) < cal_serial(p.from)) {
			report(b, rec->line, _("the period from %s to at most %s ends before it starts; expected a "
			       "start on or before the latest end (and the programme end)"),
			       cal_format(from, p.from), cal_format(to, p.last));
			bad_record(b);
			return;
		}
		break;
	}
	p.base = *sc;
	struct plan_answer a;
	enum rules_status st = plan_solve(b->opt.rates, &p, &a);
	if (st != RULES_OK) {
		char msg[MSG_MAX];
		report(b, rec->line, "%s", scenario_failure(msg, sizeof msg, b->opt.rates, sc, st));
		bad_record(b);
		return;
	}
	struct out_record out;
	struct out_plan plan;
	scenario_answer(&p, &a, &out, &plan, from, to);
	write_record(b, rec, &out);
}

/* Reports a record REC that csvread marked bad or that has the wrong number of fields. */
static void
bad_shape(struct batch *b, const struct csvr_record *rec)
{
	if (rec->bad == CSVR_BAD_WIDE)
		report_bad(b, rec, NULL);
	else if (rec->n != b->ncols)
		report(b, rec->line, _("%zu fields; expected %zu as in the header"), rec->n, b->ncols);
	else
		report_bad(b, rec, header_cell(b, rec->bad_field));
	bad_record(b);
}

/* Reports a record whose scenario SC the rules refuse with ST. */
static void
refused(struct batch *b, const struct csvr_record *rec, const struct rules_scenario *sc,
        enum rules_status st)
{
	char msg[MSG_MAX];
	report(b, rec->line, "%s", scenario_failure(msg, sizeof msg, b->opt.rates, sc, st));
	bad_record(b);
}

/*
 * The rest of a record with more than its cells of READS to read (a budget,
 * --solve, dates or a stage), whose cells are in B's scenario: out of
 * line, so that the usual record, all of whose figures B's record points
 * at already, walks none of it.
 */
static __attribute__((noinline)) void
on_scenario_more(struct batch *b, const struct csvr_record *rec)
{
	struct rules_scenario *sc = &b->sc;
	struct plan_budget money = { 0, 0 };
	bool budgeted = false;
	struct cal_date period[2];
	bool dated = false;
	int stage = 0;

	if (b->budget && !read_budget(b, rec, &money, &budgeted))
		return;
	if (b->opt.solve) {
		solve_record(b, rec, sc, &money);
		return;
	}
	if (b->from_col >= 0 && !read_period(b, rec, sc, period, &dated))
		return;
	if (b->stage_col >= 0 && (stage = read_stage(b, rec, dated)) < 0)
		return;
	/* The scenario written: SC itself, or the stage's part of it (copied only then). */
	struct rules_scenario part;
	const struct rules_scenario *used = sc;
	enum rules_status st;
	if (stage > 0) {
		part = *sc;
		used = &part;
		st = scenario_stage(b->opt.pick, sc, period[0], period[1], stage, &part, &b->res);
	} else {
		st = rules_compute(b->opt.rates, sc, &b->res);
	}
	if (st != RULES_OK) {
		refused(b, rec, used, st);
		return;
	}
	if (dated && b->field_col[FIELD_MONTHS] >= 0 && !check_months(b, rec, used, period, stage))
		return;
	if (b->opt.pick != NULL)
		warn(b, rec->line, sc, dated ? period : NULL);

	/* Stage 2 is the whole period less stage 1: no formula of this record's own gives it. */
	struct out_record *out = &b->record;
	struct out_plan plan;
	out->sc = used;
	out->derive = (struct out_derivation){ .kind = stage == 2 ? OUT_FIXED : OUT_OWN };
	/* A record with no budget leaves the budget columns blank. */
	out->plan = budgeted ? &plan : NULL;
	out->text[OUT_LIMITED_BY] = budgeted ? scenario_plan(&b->res, &money, NULL, &plan) : NULL;
	write_record(b, rec, out);
	/* Back to the usual record's (batch_new()). */
	out->sc = sc;
	out->derive = (struct out_derivation){ .kind = OUT_OWN };
	out->plan = NULL;
	out->text[OUT_LIMITED_BY] = NULL;
}

static void
on_scenario(struct batch *b, const struct csvr_record *rec)
{
	struct rules_scenario *sc = &b->sc;

	if (rec->bad != CSVR_GOOD || rec->n != b->ncols) {
		bad_shape(b, rec);
		return;
	}
	*sc = b->opt.defaults;
	const struct cell_read *r = b->reads, *end = r + b->nreads;
	if (b->usual) {
		if (field_parse_usual(rec->fields, b->field_col, sc))
			r += FIELD_USUAL;
		else
			*sc = b->opt.defaults;  /* one is refused, or blank: read one by one, as for other layouts */
	}
	for (; r < end; r++) {
		const struct csvr_field *c = &rec->fields[r->col];
		/* The parsers refuse every blank cell: only a refused one needs a look (test_batch). */
		const char *reason = r->parse(c->p, c->n, sc);
		if (reason != NULL && csvr_blank(c->p, c->n))
			reason = r->blank_ok ? NULL : _("missing value");
		if (reason != NULL) {
			bad_cell(b, rec, r->field, reason);
			return;
		}
	}
	if (b->more_reads) {
		on_scenario_more(b, rec);
		return;
	}
	/* The usual record: its figures, from the cells alone. */
	enum rules_status st = rules_compute(b->opt.rates, sc, &b->res);
	if (st != RULES_OK) {
		refused(b, rec, sc, st);
		return;
	}
	if (b->opt.pick != NULL)
		warn(b, rec->line, sc, NULL);
	write_record(b, rec, &b->record);
}

/*
 * Writes the record REC with its figures OUT, as a record or a table.
 * Inlined where it is called: every record's walk of its steps is short,
 * and a call with its saved registers cost a third of it.
 */
static inline __attribute__((always_inline)) void
write_record(struct batch *b, const struct csvr_record *rec, const struct out_record *out)
{
	if (b->opt.format == OUT_TABLE) {
		write_table(b, rec, out);
		return;
	}
	out_row_begin(&b->writer);
	if (b->inputs_then_computed && rec->plain) {
		/* The usual layout, the walk below unrolled: a third of its cost was walking (test_rows). */
		const struct step *in = &b->steps[0], *comp = &b->steps[1];
		const struct csvr_field *f = &rec->fields[in->at], *last = &f[in->count - 1];
		out_csv_run(&b->writer, f->p, (size_t)(last->p + last->n - f->p), in->count);
		out_cols(&b->writer, &b->computed[comp->at], comp->count, out);
		out_row_end(&b->writer);
		return;
	}
	for (const struct step *st = b->steps, *end = st + b->nsteps; st < end; st++) {
		if (st->computed) {
			out_cols(&b->writer, &b->computed[st->at], st->count, out);
			continue;
		}
		const struct csvr_field *f = &rec->fields[st->at];
		if (!rec->plain) {
			for (size_t k = 0; k < st->count; k++)
				out_text(&b->writer, f[k].p, f[k].n);
		} else if (st->count > 1) {
			/* Neighbours in a plain line: one run, copied with its commas in csv, quoted after keys in JSON. */
			const struct csvr_field *last = &f[st->count - 1];
			out_csv_run(&b->writer, f->p, (size_t)(last->p + last->n - f->p), st->count);
		} else {
			out_text_plain(&b->writer, f->p, f->n);
		}
	}
	out_row_end(&b->writer);
}

/* The reader: a whole record, the file's header or a scenario. */
static bool
on_record(void *ctx, const struct csvr_record *rec)
{
	struct batch *b = ctx;

	if (!b->header_read) {
		b->header_read = true;
		if (!on_header(b, rec))
			bad_file(b);
	} else {
		on_scenario(b, rec);
	}
	return !b->file_done;
}

/* The reader: a problem that stops the file. */
static void
on_error(void *ctx, unsigned long line, const char *msg)
{
	struct batch *b = ctx;
	b->opt.report(b->opt.ctx, b->name, line, msg);
}

struct batch *
batch_new(const struct batch_options *opt, FILE *out)
{
	struct batch *b = calloc(1, sizeof *b);
	if (b == NULL)
		return NULL;
	b->opt = *opt;
	b->out = out;
	b->record.sc = &b->sc;
	b->record.res = &b->res;
	b->record.derive = (struct out_derivation){ .kind = OUT_OWN };
	b->writer = (struct out_writer){ .fp = out, .format = opt->format, .sheet = opt->sheet,
	                                 .no_header = opt->no_header, .excel = opt->excel };
	struct csvr_options ropt = {
		.encoding = opt->encoding, .chunk = opt->chunk, .libcsv_only = opt->libcsv_only,
		.record = on_record, .error = on_error, .ctx = b,
	};
	b->reader = csvr_new(&ropt);
	if (b->reader == NULL) {
		free(b);
		return NULL;
	}
	return b;
}

void
batch_free(struct batch *b)
{
	if (b == NULL)
		return;
	csvr_free(b->reader);
	free(b->header);
	free(b->header_at);
	free(b->sources);
	free(b->computed);
	free(b->names);
	free(b->ids);
	free(b->steps);
	table_batch_free(b->table);
	free(b->titles);
	free(b->titled);
	free(b->lead);
	free(b);
}

enum batch_status
batch_file(struct batch *b, FILE *in, const char *name)
{
	b->name = name;
	b->name_len = strlen(name);
	char *lead = realloc(b->lead, b->name_len + 2 + NUM_BUF);
	if (lead == NULL)
		return BATCH_NOMEM;
	b->lead = lead;
	lead[0] = '\n';
	memcpy(lead + 1, name, b->name_len);
	lead[1 + b->name_len] = ':';
	b->header_read = false;
	b->file_done = false;
	b->status = BATCH_OK;
	b->warned[0] = b->warned[1] = 0;
	csvr_set_format(b->reader, csvr_format_of(b->opt.input, name));

	switch (csvr_file(b->reader, in)) {
	case CSVR_OK:
	case CSVR_STOPPED:
		break;
	case CSVR_MALFORMED:
		bad_file(b);
		break;
	case CSVR_READ_ERROR:
		worsen(b, BATCH_READ_ERROR);
		break;
	case CSVR_NOMEM:
		worsen(b, BATCH_NOMEM);
		break;
	}
	if (!b->file_done && !b->header_read) {
		report(b, 0, _("no header; expected a first line naming the columns size, license, "
		       "gpus and months"));
		bad_file(b);
	}
	static const char *const what[2] = {
		N_("warning: %lu more records with more GPUs than each selected team receives"),
		N_("warning: %lu more records with a period outside the programme"),
	};
	for (int k = 0; k < 2; k++)
		if (b->warned[k] > WARN_MAX)
			report(b, 0, gettext(what[k]), b->warned[k] - WARN_MAX);
	table_batch_flush(b->table);
	out_flush(&b->writer);
	return b->status;
}
