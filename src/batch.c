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
#include "num.h"
#include "table.h"

#define MSG_MAX    1024
#define WARN_MAX   3              /* warnings of one kind a file names by line */

/* Where an output column comes from: an input column, or a computed one. */
struct source {
	int input;             /* input column, or -1 for COMPUTED */
	bool replaced;         /* an input column whose values are computed */
	size_t run;            /* computed: this and the next RUN-1 columns are computed */
	size_t inputs;         /* input: this and the next INPUTS-1 are input columns INPUT, +1, ... */
};

struct batch {
	struct batch_options opt;
	struct out_writer writer;
	FILE *out;
	struct csvr *reader;

	/* The file being read. */
	const char *name;
	bool header_read;             /* this file's header has been handled */
	bool file_done;               /* stop reading this file */
	enum batch_status status;     /* worst outcome of this file */
	unsigned long warned[2];      /* records of this file warned about, by kind */

	/* The columns, fixed by the first file's header. */
	bool layout_ready;
	size_t ncols;                 /* fields in each record */
	char *header;                 /* first header's cells, NUL-separated */
	int field_col[FIELD_COUNT];   /* input column of each field, or -1 */
	int from_col, to_col;         /* the period as dates instead of months, or -1 */
	struct source *sources;       /* the output columns written */
	enum out_col *computed;       /* for each output column that is computed, which */
	const char **names;           /* their names */
	size_t nout;
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

/* The message for a cell that is not UTF-8; COLUMN NULL for the header. */
static void
report_encoding(struct batch *b, unsigned long line, const char *column, const struct csvr_field *f)
{
	report(b, line, "%s%s%s: invalid UTF-8%s", column ? "column '" : "", column ? column : "header",
	       column ? "'" : "", csvr_utf8_hint(b->opt.encoding, f->p, f->n));
}

/* ---- the header ---- */

static char *
header_cell(const struct batch *b, size_t i)
{
	char *p = b->header;
	while (i-- > 0)
		p += strlen(p) + 1;
	return p;
}

/* Header names of the period's dates, for files that give them instead of months. */
static const struct field_alias date_columns[] = {
	FIELD_ALIAS("from", 0), FIELD_ALIAS("시작일", 0), FIELD_ALIAS("to", 1), FIELD_ALIAS("종료일", 1),
	FIELD_ALIAS_END,
};

/* Finds which input column holds each field and the dates.  False after reporting. */
static bool
find_fields(struct batch *b, const struct csvr_record *rec)
{
	for (int f = 0; f < FIELD_COUNT; f++)
		b->field_col[f] = -1;
	b->from_col = b->to_col = -1;
	for (size_t i = 0; i < rec->n; i++) {
		const char *s = rec->fields[i].p;
		size_t len = rec->fields[i].n;
		enum field_id id;
		int which;
		if (field_lookup(date_columns, s, len, &which)) {
			int *col = which == 0 ? &b->from_col : &b->to_col;
			if (*col >= 0) {
				report(b, rec->line, "two '%s' columns; expected one", which ? "to" : "from");
				return false;
			}
			*col = (int)i;
			continue;
		}
		if (!field_from_header(s, len, &id))
			continue;
		if (b->field_col[id] >= 0) {
			const struct csvr_field *other = &rec->fields[b->field_col[id]];
			report(b, rec->line, "columns '%.*s' and '%.*s' both give %s; expected one",
			       (int)other->n, other->p, (int)len, s, field_name(id));
			return false;
		}
		b->field_col[id] = (int)i;
	}
	/* The period: a months column, or from and to. */
	bool dates = b->from_col >= 0 || b->to_col >= 0;
	if (dates && b->field_col[FIELD_MONTHS] >= 0) {
		report(b, rec->line, "columns for months and for from/to both give the period; "
		       "expected one or the other");
		return false;
	}
	if (dates && (b->from_col < 0 || b->to_col < 0)) {
		report(b, rec->line, "a '%s' column without a '%s' column; expected both",
		       b->from_col >= 0 ? "from" : "to", b->from_col >= 0 ? "to" : "from");
		return false;
	}
	for (int f = 0; f <= FIELD_MONTHS; f++) {
		if (b->field_col[f] < 0 && !(f == FIELD_MONTHS && dates)) {
			report(b, rec->line, "no %s column; expected the columns size, license, "
			       "gpus and months (or 기업규모, 공개방식, GPU수, 개월수)", field_name((enum field_id)f));
			return false;
		}
	}
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
	/* Computed: months (when dates give the period) or unit_price_krw, to total_cost_krw. */
	enum out_col first = b->from_col >= 0 ? OUT_MONTHS : OUT_UNIT_PRICE;
	size_t most = n + OUT_SCENARIO_COLS;

	/* Keep the header: its cells name the output columns and check later files. */
	size_t header_len = 0;
	for (size_t i = 0; i < n; i++)
		header_len += rec->fields[i].n + 1;
	b->header = malloc(header_len);
	struct source *all = calloc(most, sizeof *all);
	enum out_col *all_computed = calloc(most, sizeof *all_computed);
	const char **all_names = calloc(most, sizeof *all_names);
	size_t *picked = calloc(most, sizeof *picked);
	b->sources = calloc(most, sizeof *b->sources);
	b->computed = calloc(most, sizeof *b->computed);
	b->names = calloc(most, sizeof *b->names);
	bool ok = b->header && all && all_computed && all_names && picked && b->sources &&
	          b->computed && b->names;
	if (!ok) {
		worsen(b, BATCH_NOMEM);
		goto out;
	}
	for (size_t i = 0, at = 0; i < n; at += rec->fields[i].n + 1, i++) {
		memcpy(b->header + at, rec->fields[i].p, rec->fields[i].n);
		b->header[at + rec->fields[i].n] = '\0';
	}
	b->ncols = n;

	/* Input columns in order; one named like a computed column is replaced in place. */
	bool present[OUT_SCENARIO_COLS] = { false };
	size_t nall = 0;
	for (size_t i = 0; i < n; i++) {
		const char *s = header_cell(b, i);
		all[nall] = (struct source){ .input = (int)i };
		for (int c = first; c < OUT_SCENARIO_COLS; c++) {
			const char *cn = out_col_name((enum out_col)c);
			if (!present[c] && field_same_name(s, strlen(s), cn, strlen(cn))) {
				all[nall] = (struct source){ .input = (int)i, .replaced = true };
				all_computed[nall] = (enum out_col)c;
				present[c] = true;
				break;
			}
		}
		all_names[nall++] = s;
	}
	for (int c = first; c < OUT_SCENARIO_COLS; c++) {
		if (!present[c]) {
			all[nall] = (struct source){ .input = -1 };
			all_computed[nall] = (enum out_col)c;
			all_names[nall++] = out_col_name((enum out_col)c);
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
	}
	b->nout = npicked;
	/* Neighbouring computed columns are written in one call, neighbouring inputs copied at once. */
	for (size_t i = b->nout; i-- > 0;) {
		struct source *src = &b->sources[i];
		bool computed = src->input < 0 || src->replaced;
		const struct source *next = i + 1 < b->nout ? &b->sources[i + 1] : NULL;
		src->run = !computed ? 0 : next != NULL && next->run > 0 ? next->run + 1 : 1;
		src->inputs = computed ? 0
		            : next != NULL && next->inputs > 0 && next->input == src->input + 1 ? next->inputs + 1
		            : 1;
	}
	b->writer.names = b->names;
	b->writer.ncols = b->nout;
	b->layout_ready = true;
	if (b->opt.format != OUT_TABLE)
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
	if (rec->bad_utf8 >= 0) {
		report_encoding(b, rec->line, NULL, &rec->fields[rec->bad_utf8]);
		return false;
	}
	if (!b->layout_ready)
		return setup_layout(b, rec);

	/* A later file: its header must be the first file's. */
	bool same = rec->n == b->ncols;
	for (size_t i = 0; same && i < rec->n; i++) {
		const char *h = header_cell(b, i);
		same = field_same_name(rec->fields[i].p, rec->fields[i].n, h, strlen(h));
	}
	if (!same) {
		char first[MSG_MAX / 2];
		size_t k = 0;
		first[0] = '\0';
		for (size_t i = 0; i < b->ncols && k < sizeof first; i++)
			k += (size_t)snprintf(first + k, sizeof first - k, "%s%s", i ? ", " : "",
			                      header_cell(b, i));
		report(b, rec->line, "header differs from the first file's; expected the columns %s",
		       first);
		return false;
	}
	return true;
}

/* ---- records ---- */

/*
 * Writes the table form of one record: where it came from and its other
 * input columns on one line, then the amounts.  Without --fields that is
 * every computed row; with it, the chosen columns only.
 */
static void
write_table(struct batch *b, const struct csvr_record *rec, const struct out_record *out)
{
	enum out_col rows[OUT_SCENARIO_COLS];
	size_t nrows = 0;

	if (b->writer.started)
		putc('\n', b->out);
	b->writer.started = true;
	fprintf(b->out, "%s:%lu", b->name, rec->line);
	if (b->opt.fields == NULL)
		for (int c = 0; c < OUT_SCENARIO_COLS; c++)
			rows[nrows++] = (enum out_col)c;
	for (size_t i = 0; i < b->nout; i++) {
		const struct source *src = &b->sources[i];
		bool is_field = false;
		for (int f = 0; f < FIELD_COUNT; f++)
			is_field |= b->field_col[f] == src->input;
		if (src->input < 0 || src->replaced) {
			if (b->opt.fields != NULL)
				rows[nrows++] = b->computed[i];
		} else if (!is_field || b->opt.fields != NULL) {
			const struct csvr_field *f = &rec->fields[src->input];
			fprintf(b->out, "  %s: %.*s", b->names[i], (int)f->n, f->p);
		}
	}
	putc('\n', b->out);
	table_scenario(b->out, out, rows, nrows);
}

/*
 * Warns about a record that breaks no rule but looks wrong for the
 * programme.  The first WARN_MAX of each kind in a file name their line;
 * the rest are counted, and batch_file() gives the count at the end, so a
 * large file does not bury its errors under a warning a line.
 */
static void
warn(struct batch *b, unsigned long line, const struct rules_scenario *sc,
     const struct cal_date *period)
{
	unsigned kinds = ruleset_check(b->opt.pick, sc, period, period ? period + 1 : NULL);
	for (int k = 0; k < 2 && kinds != 0; k++) {
		unsigned kind = k == 0 ? RS_WARN_GPUS : RS_WARN_PERIOD;
		if (!(kinds & kind))
			continue;
		if (++b->warned[k] > WARN_MAX)
			continue;
		char msg[RS_WARNING_MAX];
		ruleset_warning(msg, sizeof msg, kind, b->opt.pick, sc, period, period ? period + 1 : NULL);
		report(b, line, "%s", msg);
	}
}

/*
 * Reads the record's from and to cells into PERIOD and its months into SC.
 * False after reporting a bad record.
 */
static bool
read_period(struct batch *b, const struct csvr_record *rec, struct rules_scenario *sc,
            struct cal_date period[2])
{
	const int cols[2] = { b->from_col, b->to_col };

	for (int k = 0; k < 2; k++) {
		const struct csvr_field *f = &rec->fields[cols[k]];
		if (!cal_parse(f->p, f->n, &period[k])) {
			report(b, rec->line, "%s '%.*s': %s; expected a real date YYYY-MM-DD",
			       header_cell(b, (size_t)cols[k]), (int)f->n, f->p,
			       csvr_blank(f->p, f->n) ? "missing value" : "not a date");
			bad_record(b);
			return false;
		}
	}
	struct cal_months m;
	bool in_order = cal_months(period[0], period[1], &m);
	if (!in_order || m.num > 1200 * m.den) {
		char from[11], to[11];
		report(b, rec->line, "the period %s to %s: %s; expected an end on or after the "
		       "start, at most 1,200 months later", cal_format(from, period[0]),
		       cal_format(to, period[1]), in_order ? "too long" : "ends before it starts");
		bad_record(b);
		return false;
	}
	sc->months = m.num;
	sc->months_den = m.den;
	return true;
}

static void
on_scenario(struct batch *b, const struct csvr_record *rec)
{
	struct rules_scenario sc = b->opt.defaults;
	struct rules_result res;

	if (rec->n != b->ncols) {
		report(b, rec->line, "%zu fields; expected %zu as in the header", rec->n, b->ncols);
		bad_record(b);
		return;
	}
	if (rec->bad_utf8 >= 0) {
		report_encoding(b, rec->line, header_cell(b, (size_t)rec->bad_utf8),
		                &rec->fields[rec->bad_utf8]);
		bad_record(b);
		return;
	}
	for (int f = 0; f < FIELD_COUNT; f++) {
		int col = b->field_col[f];
		if (col < 0)
			continue;
		const char *s = rec->fields[col].p, *reason;
		size_t len = rec->fields[col].n;
		if (csvr_blank(s, len))
			reason = f == FIELD_UNIT_PRICE ? NULL : "missing value";  /* blank price: the default */
		else
			reason = field_parse((enum field_id)f, s, len, &sc);
		if (reason != NULL) {
			char msg[MSG_MAX];
			field_message(msg, sizeof msg, header_cell(b, (size_t)col), (enum field_id)f, s, len, reason);
			report(b, rec->line, "%s", msg);
			bad_record(b);
			return;
		}
	}
	struct cal_date period[2];
	if (b->from_col >= 0 && !read_period(b, rec, &sc, period))
		return;
	enum rules_status st = rules_compute(b->opt.rates, &sc, &res);
	if (st != RULES_OK) {
		report(b, rec->line, "cannot compute: %s", rules_strerror(st));
		bad_record(b);
		return;
	}
	if (b->opt.pick != NULL)
		warn(b, rec->line, &sc, b->from_col >= 0 ? period : NULL);

	struct out_record out = { .sc = &sc, .res = &res };
	if (b->opt.format == OUT_TABLE) {
		write_table(b, rec, &out);
		return;
	}
	out_row_begin(&b->writer);
	for (size_t i = 0; i < b->nout; i++) {
		const struct source *src = &b->sources[i];
		if (src->run > 0) {
			out_cols(&b->writer, &b->computed[i], src->run, &out);
			i += src->run - 1;
			continue;
		}
		const struct csvr_field *f = &rec->fields[src->input];
		if (rec->plain && src->inputs > 1 && b->opt.format == OUT_CSV && !b->opt.excel) {
			/* Neighbours in a plain line: copy them with their commas, as they came. */
			const struct csvr_field *last = &rec->fields[src->input + src->inputs - 1];
			out_csv_run(&b->writer, f->p, (size_t)(last->p + last->n - f->p), src->inputs);
			i += src->inputs - 1;
		} else if (rec->plain) {
			out_text_plain(&b->writer, f->p, f->n);
		} else {
			out_text(&b->writer, f->p, f->n);
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
	b->writer = (struct out_writer){ .fp = out, .format = opt->format,
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
	free(b->sources);
	free(b->computed);
	free(b->names);
	free(b);
}

enum batch_status
batch_file(struct batch *b, FILE *in, const char *name)
{
	b->name = name;
	b->header_read = false;
	b->file_done = false;
	b->status = BATCH_OK;
	b->warned[0] = b->warned[1] = 0;

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
		report(b, 0, "no header; expected a first line naming the columns size, license, "
		       "gpus and months");
		bad_file(b);
	}
	static const char *const what[2] = {
		"with more GPUs than each selected team receives",
		"with a period outside the programme",
	};
	for (int k = 0; k < 2; k++)
		if (b->warned[k] > WARN_MAX)
			report(b, 0, "warning: %lu more records %s", b->warned[k] - WARN_MAX, what[k]);
	out_flush(&b->writer);
	return b->status;
}
