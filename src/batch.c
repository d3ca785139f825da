/*
 * batch.c - the batch reader.  See batch.h.
 *
 * Data flow: fread() a chunk -> (iconv from CP949) -> cut at each LF, so
 * the physical line where every record starts is known -> a plain line is
 * split at its commas in place (split_line), any other goes through
 * csv_parse(), whose on_field() copies each field into the record buffer
 * -> on_fields() handles the header or a scenario -> the writer, cell by
 * cell.
 */
#include "batch.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "num.h"
#include "table.h"

#define CHUNK      65536
#define FIELD_MAX  (1024 * 1024)  /* a longer field stops the file: see bounded_realloc */
#define MSG_MAX    1024
#define WARN_MAX   3              /* warnings of one kind a file names by line */

/* Where an output column comes from: an input column, or a computed one. */
struct source {
	int input;             /* input column, or -1 for COMPUTED */
	enum out_col computed; /* with input == -1, or when the input column is replaced */
	bool replaced;         /* an input column whose values are computed */
	size_t run;            /* computed: this and the next RUN-1 are COMPUTED, +1, +2, ... */
	size_t inputs;         /* input: this and the next INPUTS-1 are input columns INPUT, +1, ... */
};

struct batch {
	struct batch_options opt;
	struct out_writer writer;
	FILE *out;
	struct csv_parser csv;
	iconv_t cd;                   /* CP949 -> UTF-8, or (iconv_t)-1 */
	char in[CHUNK];               /* bytes as read */
	char utf8[2 * CHUNK];         /* CP949 converted: 2 bytes become at most 3 */

	/* The file being read. */
	const char *name;
	unsigned long line;           /* physical line being fed, from 1 */
	unsigned long record_line;    /* line where the current record started */
	bool at_record_start;
	bool header_read;             /* this file's header has been handled */
	bool file_done;               /* stop reading this file */
	enum batch_status status;     /* worst outcome of this file */

	/* libcsv's record being assembled: fields back to back, each NUL-terminated. */
	char *text;
	size_t text_len, text_cap;
	size_t *starts;               /* offset of each field in TEXT */
	bool csv_idle;                /* libcsv holds no part of a record */
	unsigned long records_ended;  /* on_record() calls, to tell when libcsv finished one */

	/* The record being handled: its fields, in TEXT or straight in the input. */
	struct span { const char *p; size_t n; } *fields;
	size_t nfields, fields_cap;
	bool utf8_checked;            /* the whole line was valid UTF-8 */
	bool plain;                   /* split_line's fields: no comma, quote, CR or LF in them */
	unsigned long warned[2];      /* records of this file warned about, by kind */

	/* The columns, fixed by the first file's header. */
	bool layout_ready;
	size_t ncols;                 /* fields in each record */
	char *header;                 /* first header's cells, NUL-separated */
	int field_col[FIELD_COUNT];   /* input column of each field, or -1 */
	int from_col, to_col;         /* the period as dates instead of months, or -1 */
	enum out_col first_computed;  /* months with dates, else unit_price_krw */
	struct source *sources;       /* the output columns written */
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

static const char *
field_text(const struct batch *b, size_t i, size_t *len)
{
	*len = b->fields[i].n;
	return b->fields[i].p;
}

/* Room for one more field; false (and out of memory noted) when there is none. */
static bool
grow_fields(struct batch *b)
{
	if (b->nfields < b->fields_cap)
		return true;
	size_t cap = b->fields_cap ? 2 * b->fields_cap : 16;
	size_t *starts = realloc(b->starts, cap * sizeof *starts);
	if (starts != NULL)
		b->starts = starts;
	struct span *fields = realloc(b->fields, cap * sizeof *fields);
	if (fields != NULL)
		b->fields = fields;
	if (starts == NULL || fields == NULL) {
		worsen(b, BATCH_NOMEM);
		return false;
	}
	b->fields_cap = cap;
	return true;
}

static bool
is_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

/* Whether S is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF). */
static bool
utf8_valid(const unsigned char *s, size_t len)
{
	size_t i = 0;
	for (uint64_t word; i + 8 <= len; i += 8) {   /* most text is ASCII: eight bytes at a time */
		memcpy(&word, s + i, 8);
		if (word & 0x8080808080808080ull)
			break;
	}
	while (i < len) {
		unsigned char c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t n;
		unsigned char lo = 0x80, hi = 0xBF;
		if (c >= 0xC2 && c <= 0xDF) n = 1;
		else if (c == 0xE0) n = 2, lo = 0xA0;
		else if (c >= 0xE1 && c <= 0xEC) n = 2;
		else if (c == 0xED) n = 2, hi = 0x9F;
		else if (c >= 0xEE && c <= 0xEF) n = 2;
		else if (c == 0xF0) n = 3, lo = 0x90;
		else if (c >= 0xF1 && c <= 0xF3) n = 3;
		else if (c == 0xF4) n = 3, hi = 0x8F;
		else return false;
		if (len - i <= n)
			return false;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return false;
		for (size_t k = 2; k <= n; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
		i += n + 1;
	}
	return true;
}

/* Whether S reads as CP949: ASCII, and double-byte characters with a valid lead and trail. */
static bool
looks_cp949(const unsigned char *s, size_t len)
{
	bool any = false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < 0x80)
			continue;
		if (s[i] < 0x81 || s[i] > 0xFE || i + 1 == len)
			return false;
		unsigned char t = s[++i];
		if (!((t >= 0x41 && t <= 0x5A) || (t >= 0x61 && t <= 0x7A) || (t >= 0x81 && t <= 0xFE)))
			return false;
		any = true;
	}
	return any;
}

/* The message for a cell that is not UTF-8. */
static void
report_encoding(struct batch *b, const char *column, const char *s, size_t len)
{
	report(b, b->record_line, "%s%s%s: invalid UTF-8%s", column ? "column '" : "",
	       column ? column : "header", column ? "'" : "",
	       b->opt.encoding == BATCH_UTF8 && looks_cp949((const unsigned char *)s, len)
	       ? "; the bytes look like CP949 (Korean Excel): try --encoding=cp949"
	       : "; expected a file saved as UTF-8");
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

/* "a, b, c": the names of N columns, for a message. */
static void
list_names(char *buf, size_t n, const char **names, size_t count)
{
	size_t k = 0;
	buf[0] = '\0';
	for (size_t j = 0; j < count && k < n; j++)
		k += (size_t)snprintf(buf + k, n - k, "%s%s", j ? ", " : "", names[j]);
}

/*
 * Narrows the output to the --fields list, matched against ALL_NAMES (the
 * full output columns) trimmed and case-insensitively.  False after
 * reporting a name that matches no column or is listed twice.
 */
static bool
select_fields(struct batch *b, const struct source *all, const char **all_names, size_t nall)
{
	const char *p = b->opt.fields;

	b->nout = 0;
	for (;;) {
		const char *comma = strchr(p, ','), *end = comma ? comma : p + strlen(p);
		int len = (int)(end - p);
		size_t i = 0;
		while (i < nall && !field_same_name(all_names[i], strlen(all_names[i]), p, (size_t)len))
			i++;
		for (size_t j = 0; j < b->nout && i < nall; j++) {
			if (b->names[j] == all_names[i]) {
				report(b, 0, "--fields '%.*s': column listed twice; expected each "
				       "column at most once", len, p);
				return false;
			}
		}
		if (i == nall) {
			char list[MSG_MAX / 2];
			list_names(list, sizeof list, all_names, nall);
			report(b, 0, "--fields '%.*s': no such column; expected any of %s", len, p, list);
			return false;
		}
		b->sources[b->nout] = all[i];
		b->names[b->nout] = all_names[i];
		b->nout++;
		if (comma == NULL)
			return true;
		p = comma + 1;
	}
}

/* The most columns computed for a record: months (with dates) to total_cost_krw. */
#define NCOMPUTED      (OUT_COL_COUNT - OUT_MONTHS)

/* Header names of the period's dates, for files that give them instead of months. */
static const struct field_alias date_columns[] = {
	FIELD_ALIAS("from", 0), FIELD_ALIAS("시작일", 0), FIELD_ALIAS("to", 1), FIELD_ALIAS("종료일", 1),
	FIELD_ALIAS_END,
};

/*
 * Fixes the columns from the first file's header (the record now in the
 * buffer): which input column holds each field, which input columns are
 * replaced by computed ones, and what is written.  False after reporting.
 */
static bool
setup_layout(struct batch *b)
{
	size_t n = b->nfields, len;

	for (int f = 0; f < FIELD_COUNT; f++)
		b->field_col[f] = -1;
	b->from_col = b->to_col = -1;
	for (size_t i = 0; i < n; i++) {
		const char *s = field_text(b, i, &len);
		enum field_id id;
		int which;
		if (field_lookup(date_columns, s, len, &which)) {
			int *col = which == 0 ? &b->from_col : &b->to_col;
			if (*col >= 0) {
				report(b, b->record_line, "two '%s' columns; expected one", which ? "to" : "from");
				return false;
			}
			*col = (int)i;
			continue;
		}
		if (!field_from_header(s, len, &id))
			continue;
		if (b->field_col[id] >= 0) {
			size_t olen;
			const char *other = field_text(b, (size_t)b->field_col[id], &olen);
			report(b, b->record_line, "columns '%.*s' and '%.*s' both give %s; expected one",
			       (int)olen, other, (int)len, s, field_name(id));
			return false;
		}
		b->field_col[id] = (int)i;
	}
	/* The period: a months column, or from and to. */
	bool dates = b->from_col >= 0 || b->to_col >= 0;
	if (dates && b->field_col[FIELD_MONTHS] >= 0) {
		report(b, b->record_line, "columns for months and for from/to both give the period; "
		       "expected one or the other");
		return false;
	}
	if (dates && (b->from_col < 0 || b->to_col < 0)) {
		report(b, b->record_line, "a '%s' column without a '%s' column; expected both",
		       b->from_col >= 0 ? "from" : "to", b->from_col >= 0 ? "to" : "from");
		return false;
	}
	b->first_computed = dates ? OUT_MONTHS : OUT_UNIT_PRICE;
	for (int f = 0; f < FIELD_COUNT; f++) {
		if (f == FIELD_MONTHS && dates)
			continue;
		if (f != FIELD_UNIT_PRICE && b->field_col[f] < 0) {
			report(b, b->record_line, "no %s column; expected the columns size, license, "
			       "gpus and months (or 기업규모, 공개방식, GPU수, 개월수)", field_name((enum field_id)f));
			return false;
		}
	}

	/* Keep the header: its cells name the output columns and check later files. */
	size_t header_len = 0;
	for (size_t i = 0; i < n; i++)
		header_len += b->fields[i].n + 1;
	b->header = malloc(header_len);
	struct source *all = calloc(n + NCOMPUTED, sizeof *all);
	const char **all_names = calloc(n + NCOMPUTED, sizeof *all_names);
	b->sources = calloc(n + NCOMPUTED, sizeof *b->sources);
	b->names = calloc(n + NCOMPUTED, sizeof *b->names);
	if (!b->header || !all || !all_names || !b->sources || !b->names) {
		free(all);
		free(all_names);
		worsen(b, BATCH_NOMEM);
		return false;
	}
	for (size_t i = 0, at = 0; i < n; at += b->fields[i].n + 1, i++) {
		memcpy(b->header + at, b->fields[i].p, b->fields[i].n);
		b->header[at + b->fields[i].n] = '\0';
	}
	b->ncols = n;

	/* Input columns in order; one named like a computed column is replaced in place. */
	bool present[OUT_COL_COUNT] = { false };
	size_t nall = 0;
	for (size_t i = 0; i < n; i++) {
		const char *s = header_cell(b, i);
		all[nall] = (struct source){ .input = (int)i };
		for (int c = b->first_computed; c < OUT_COL_COUNT; c++) {
			const char *cn = out_col_name((enum out_col)c);
			if (!present[c] && field_same_name(s, strlen(s), cn, strlen(cn))) {
				all[nall] = (struct source){ .input = (int)i, .computed = (enum out_col)c, .replaced = true };
				present[c] = true;
				break;
			}
		}
		all_names[nall++] = s;
	}
	for (int c = b->first_computed; c < OUT_COL_COUNT; c++) {
		if (!present[c]) {
			all[nall] = (struct source){ .input = -1, .computed = (enum out_col)c };
			all_names[nall++] = out_col_name((enum out_col)c);
		}
	}

	bool ok = true;
	if (b->opt.fields != NULL) {
		ok = select_fields(b, all, all_names, nall);
		if (!ok)
			worsen(b, BATCH_USAGE);
	} else {
		memcpy(b->sources, all, nall * sizeof *all);
		memcpy(b->names, all_names, nall * sizeof *all_names);
		b->nout = nall;
	}
	free(all);
	free(all_names);
	/* Consecutive computed columns in their own order are written in one call. */
	for (size_t i = b->nout; i-- > 0;) {
		struct source *src = &b->sources[i];
		bool computed = src->input < 0 || src->replaced;
		const struct source *next = i + 1 < b->nout ? &b->sources[i + 1] : NULL;
		src->run = !computed ? 0
		         : next != NULL && next->run > 0 && next->computed == src->computed + 1 ? next->run + 1
		         : 1;
		src->inputs = computed ? 0
		            : next != NULL && next->inputs > 0 && next->input == src->input + 1 ? next->inputs + 1
		            : 1;
	}
	b->writer.names = b->names;
	b->writer.ncols = b->nout;
	b->layout_ready = ok;
	if (ok && b->opt.format != OUT_TABLE)
		out_begin(&b->writer);     /* the header goes out even if no record follows */
	return ok;
}

/* Handles a file's header record.  False after reporting why the file cannot be read. */
static bool
on_header(struct batch *b)
{
	size_t len;

	for (size_t i = 0; i < b->nfields; i++) {
		const char *s = field_text(b, i, &len);
		if (!utf8_valid((const unsigned char *)s, len)) {
			report_encoding(b, NULL, s, len);
			return false;
		}
	}
	if (!b->layout_ready)
		return setup_layout(b);

	/* A later file: its header must be the first file's. */
	bool same = b->nfields == b->ncols;
	for (size_t i = 0; same && i < b->nfields; i++) {
		const char *s = field_text(b, i, &len), *h = header_cell(b, i);
		same = field_same_name(s, len, h, strlen(h));
	}
	if (!same) {
		char first[MSG_MAX / 2];
		const char *cells[b->ncols];
		for (size_t i = 0; i < b->ncols; i++)
			cells[i] = header_cell(b, i);
		list_names(first, sizeof first, cells, b->ncols);
		report(b, b->record_line, "header differs from the first file's; expected the columns %s",
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
write_table(struct batch *b, const struct rules_scenario *sc, const struct rules_result *res)
{
	enum out_col rows[OUT_COL_COUNT];
	size_t nrows = 0, len;

	if (b->writer.started)
		putc('\n', b->out);
	b->writer.started = true;
	fprintf(b->out, "%s:%lu", b->name, b->record_line);
	if (b->opt.fields == NULL)
		for (int c = 0; c < OUT_COL_COUNT; c++)
			rows[nrows++] = (enum out_col)c;
	for (size_t i = 0; i < b->nout; i++) {
		const struct source *src = &b->sources[i];
		bool is_field = false;
		for (int f = 0; f < FIELD_COUNT; f++)
			is_field |= b->field_col[f] == src->input;
		if (src->input < 0 || src->replaced) {
			if (b->opt.fields != NULL)
				rows[nrows++] = src->computed;
		} else if (!is_field || b->opt.fields != NULL) {
			const char *s = field_text(b, (size_t)src->input, &len);
			fprintf(b->out, "  %s: %.*s", b->names[i], (int)len, s);
		}
	}
	putc('\n', b->out);
	table_scenario(b->out, sc, res, rows, nrows);
}

/*
 * Warns about a record that breaks no rule but looks wrong for the
 * programme.  The first WARN_MAX of each kind in a file name their line;
 * the rest are counted, and batch_file() gives the count at the end, so a
 * large file does not bury its errors under a warning a line.
 */
static void
warn(struct batch *b, const struct rules_scenario *sc, const struct cal_date *period)
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
		report(b, b->record_line, "%s", msg);
	}
}

/*
 * Reads the record's from and to cells into PERIOD and its months into SC.
 * False after reporting a bad record.
 */
static bool
read_period(struct batch *b, struct rules_scenario *sc, struct cal_date period[2])
{
	const int cols[2] = { b->from_col, b->to_col };
	size_t len;

	for (int k = 0; k < 2; k++) {
		const char *s = field_text(b, (size_t)cols[k], &len);
		if (!cal_parse(s, len, &period[k])) {
			report(b, b->record_line, "%s '%.*s': %s; expected a real date YYYY-MM-DD",
			       header_cell(b, (size_t)cols[k]), (int)len, s,
			       is_blank(s, len) ? "missing value" : "not a date");
			bad_record(b);
			return false;
		}
	}
	struct cal_months m;
	bool in_order = cal_months(period[0], period[1], &m);
	if (!in_order || m.num > 1200 * m.den) {
		char from[11], to[11];
		report(b, b->record_line, "the period %s to %s: %s; expected an end on or after the "
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
on_scenario(struct batch *b)
{
	struct rules_scenario sc = b->opt.defaults;
	struct rules_result res;
	size_t len;
	const char *s;

	if (b->nfields == 1 && is_blank(b->fields[0].p, b->fields[0].n))
		return;                                 /* a blank line */
	if (b->nfields != b->ncols) {
		report(b, b->record_line, "%zu fields; expected %zu as in the header", b->nfields, b->ncols);
		bad_record(b);
		return;
	}
	for (size_t i = 0; i < b->nfields && !b->utf8_checked; i++) {
		s = field_text(b, i, &len);
		if (!utf8_valid((const unsigned char *)s, len)) {
			report_encoding(b, header_cell(b, i), s, len);
			bad_record(b);
			return;
		}
	}
	for (int f = 0; f < FIELD_COUNT; f++) {
		int col = b->field_col[f];
		if (col < 0)
			continue;
		s = field_text(b, (size_t)col, &len);
		const char *reason;
		if (is_blank(s, len))
			reason = f == FIELD_UNIT_PRICE ? NULL : "missing value";  /* blank price: the default */
		else
			reason = field_parse((enum field_id)f, s, len, &sc);
		if (reason != NULL) {
			char msg[MSG_MAX];
			field_message(msg, sizeof msg, header_cell(b, (size_t)col), (enum field_id)f, s, len, reason);
			report(b, b->record_line, "%s", msg);
			bad_record(b);
			return;
		}
	}
	struct cal_date period[2];
	if (b->from_col >= 0 && !read_period(b, &sc, period))
		return;
	enum rules_status st = rules_compute(b->opt.rates, &sc, &res);
	if (st != RULES_OK) {
		report(b, b->record_line, "cannot compute: %s", rules_strerror(st));
		bad_record(b);
		return;
	}
	if (b->opt.pick != NULL)
		warn(b, &sc, b->from_col >= 0 ? period : NULL);

	if (b->opt.format == OUT_TABLE) {
		write_table(b, &sc, &res);
		return;
	}
	out_row_begin(&b->writer);
	for (size_t i = 0; i < b->nout; i++) {
		const struct source *src = &b->sources[i];
		if (src->run > 0) {
			out_cols(&b->writer, src->computed, src->run, &sc, &res);
			i += src->run - 1;
			continue;
		}
		s = field_text(b, (size_t)src->input, &len);
		if (b->plain && src->inputs > 1 && b->opt.format == OUT_CSV && !b->opt.excel) {
			/* Neighbours in a plain line: copy them with their commas, as they came. */
			const struct span *last = &b->fields[src->input + src->inputs - 1];
			out_csv_run(&b->writer, s, (size_t)(last->p + last->n - s), src->inputs);
			i += src->inputs - 1;
		} else if (b->plain) {
			out_text_plain(&b->writer, s, len);
		} else {
			out_text(&b->writer, s, len);
		}
	}
	out_row_end(&b->writer);
}

/* A whole record is in FIELDS: the file's header, or a scenario. */
static void
on_fields(struct batch *b)
{
	if (b->file_done)
		return;
	if (!b->header_read) {
		b->header_read = true;
		if (!on_header(b))
			bad_file(b);
	} else {
		on_scenario(b);
	}
}

/* libcsv: the end of a field.  Copies it, with a NUL, into the record buffer. */
static void
on_field(void *data, size_t len, void *ctx)
{
	struct batch *b = ctx;

	if (b->file_done || !grow_fields(b))
		return;
	if (b->text_cap - b->text_len < len + 1) {
		size_t cap = b->text_cap ? b->text_cap : 256;
		while (cap - b->text_len < len + 1)
			cap *= 2;
		char *p = realloc(b->text, cap);
		if (p == NULL) {
			worsen(b, BATCH_NOMEM);
			return;
		}
		b->text = p;
		b->text_cap = cap;
	}
	b->starts[b->nfields++] = b->text_len;
	memcpy(b->text + b->text_len, data, len);
	b->text_len += len;
	b->text[b->text_len++] = '\0';
}

/* libcsv: the end of a record.  TEXT stopped moving: point the fields into it. */
static void
on_record(int c, void *ctx)
{
	struct batch *b = ctx;
	(void)c;

	for (size_t i = 0; i < b->nfields; i++) {
		size_t end = i + 1 < b->nfields ? b->starts[i + 1] - 1 : b->text_len - 1;
		b->fields[i] = (struct span){ b->text + b->starts[i], end - b->starts[i] };
	}
	on_fields(b);
	b->nfields = 0;
	b->text_len = 0;
	b->at_record_start = true;
	b->records_ended++;
}

/*
 * Handles the line [P, NL) without libcsv when that cannot change its
 * meaning: libcsv holds no part of a record, and the line has no double
 * quote and no CR except one right before the LF.  Such a line is one
 * record whose fields lie between its commas, exactly as RFC 4180 and
 * libcsv read it, and needs no copy.  Most scenario files are all such
 * lines.  Returns false, having done nothing, for any other line.
 */
static bool
split_line(struct batch *b, const char *p, const char *nl)
{
	const char *end = nl > p && nl[-1] == '\r' ? nl - 1 : nl;
	size_t len = (size_t)(end - p);

	if (!b->csv_idle || b->opt.libcsv_only ||
	    memchr(p, '"', len) != NULL || memchr(p, '\r', len) != NULL)
		return false;
	if (len == 0)
		return true;                        /* a blank line: libcsv skips it too */
	b->nfields = 0;
	for (const char *q = p;; ) {
		const char *comma = memchr(q, ',', (size_t)(end - q));
		const char *stop = comma ? comma : end;
		if (!grow_fields(b))
			return true;                    /* out of memory: the file is done */
		b->fields[b->nfields++] = (struct span){ q, (size_t)(stop - q) };
		if (comma == NULL)
			break;
		q = comma + 1;
	}

	/* One check for the whole line instead of one a field. */
	b->record_line = b->line;
	b->utf8_checked = b->header_read && utf8_valid((const unsigned char *)p, len);
	b->plain = true;
	on_fields(b);
	b->utf8_checked = b->plain = false;
	b->nfields = 0;
	return true;
}

/* ---- reading ---- */

/* libcsv grows its field buffer with this: a field past FIELD_MAX fails as CSV_ENOMEM. */
static void *
bounded_realloc(void *p, size_t n)
{
	return n > FIELD_MAX + 1 ? NULL : realloc(p, n);
}

/* No spaces are special: every byte of a field is kept as it was. */
static int
no_spaces(unsigned char c)
{
	(void)c;
	return 0;
}

static void
report_parse_error(struct batch *b, int err)
{
	if (err == CSV_EPARSE)
		report(b, b->record_line, "malformed CSV: a quote inside an unquoted field or text "
		       "after a closing quote; expected RFC 4180 quoting");
	else
		report(b, b->record_line, "a field longer than %d bytes; expected a CSV of scenarios",
		       FIELD_MAX);
	bad_file(b);
}

/*
 * Pushes N bytes of UTF-8 through, one physical line at a time, so that the
 * line where each record starts is known.  Plain lines are split here
 * (split_line); the rest go through libcsv.
 */
static void
feed(struct batch *b, const char *p, size_t n)
{
	const char *end = p + n;

	while (p < end && !b->file_done) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl + 1 : end;
		if (nl != NULL && split_line(b, p, nl)) {
			b->line++;
			p = stop;
			continue;
		}
		if (b->at_record_start) {
			for (const char *q = p; q < stop; q++) {
				if (*q != '\r' && *q != '\n') {
					b->record_line = b->line;
					b->at_record_start = false;
					break;
				}
			}
		}
		size_t len = (size_t)(stop - p);
		unsigned long ended = b->records_ended;
		bool was_idle = b->csv_idle, has_content = false, bare_cr = false;
		for (const char *q = p; q < stop; q++) {
			has_content |= *q != '\r' && *q != '\n';
			bare_cr |= *q == '\r' && (q + 1 == stop || q[1] != '\n');
		}
		if (csv_parse(&b->csv, p, len, on_field, on_record, b) != len) {
			report_parse_error(b, csv_error(&b->csv));
			return;
		}
		/*
		 * libcsv is idle again after a whole line with no bare CR in which a
		 * record ended: the only terminators in it are its final CR LF or LF.
		 */
		b->csv_idle = nl != NULL && !bare_cr &&
		              (b->records_ended != ended || (was_idle && !has_content));
		if (nl)
			b->line++;
		p = stop;
	}
}

/* Converts and feeds N bytes of CP949; returns how many were consumed. */
static size_t
feed_cp949(struct batch *b, char *in, size_t n, bool at_eof)
{
	char *out = b->utf8;
	char *ip = in;
	size_t ileft = n;

	while (ileft > 0 && !b->file_done) {
		char *op = out;
		size_t oleft = sizeof b->utf8;
		size_t r = iconv(b->cd, &ip, &ileft, &op, &oleft);
		int err = errno;
		feed(b, out, (size_t)(op - out));
		if (r != (size_t)-1 || err == E2BIG)
			continue;
		if (err == EINVAL && !at_eof)
			break;                  /* a character split by the chunk: keep it for the next */
		if (b->at_record_start)
			b->record_line = b->line;
		report(b, b->line, "invalid CP949 byte 0x%02X; expected a file saved as CP949 (EUC-KR)",
		       (unsigned char)*ip);
		bad_file(b);
	}
	return (size_t)(ip - in);
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
	b->cd = (iconv_t)-1;
	if (opt->encoding == BATCH_CP949) {
		b->cd = iconv_open("UTF-8", "CP949");
		if (b->cd == (iconv_t)-1) {
			free(b);
			return NULL;
		}
	}
	return b;
}

void
batch_free(struct batch *b)
{
	if (b == NULL)
		return;
	if (b->cd != (iconv_t)-1)
		iconv_close(b->cd);
	free(b->text);
	free(b->starts);
	free(b->fields);
	free(b->header);
	free(b->sources);
	free(b->names);
	free(b);
}

enum batch_status
batch_file(struct batch *b, FILE *in, const char *name)
{
	char *buf = b->in;
	size_t keep = 0, n, chunk = b->opt.chunk > 0 && b->opt.chunk < CHUNK ? b->opt.chunk : CHUNK;
	bool bom_checked = false;

	b->name = name;
	b->line = 1;
	b->record_line = 1;
	b->at_record_start = true;
	b->header_read = false;
	b->file_done = false;
	b->status = BATCH_OK;
	b->nfields = b->text_len = 0;
	b->csv_idle = true;
	b->warned[0] = b->warned[1] = 0;
	if (b->cd != (iconv_t)-1)
		iconv(b->cd, NULL, NULL, NULL, NULL);
	if (csv_init(&b->csv, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return BATCH_NOMEM;
	csv_set_space_func(&b->csv, no_spaces);
	csv_set_realloc_func(&b->csv, bounded_realloc);
	csv_set_blk_size(&b->csv, 4096);

	while (!b->file_done && (n = fread(buf + keep, 1, chunk < CHUNK - keep ? chunk : CHUNK - keep, in)) > 0) {
		char *p = buf;
		n += keep;
		keep = 0;
		if (!bom_checked) {
			if (n < 3 && !feof(in)) {
				keep = n;           /* a byte-order mark needs three bytes to be seen */
				continue;
			}
			bom_checked = true;
			if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
				if (b->cd != (iconv_t)-1) {
					report(b, 1, "the file starts with a UTF-8 byte-order mark; expected "
					       "CP949 (drop --encoding=cp949 for UTF-8 files)");
					bad_file(b);
					break;
				}
				p += 3, n -= 3;
			}
		}
		if (b->cd == (iconv_t)-1) {
			feed(b, p, n);
			continue;
		}
		size_t used = feed_cp949(b, p, n, false);
		keep = n - used;
		memmove(buf, p + used, keep);
	}
	if (!b->file_done && keep > 0) {    /* a short file, or a CP949 character cut by the end */
		if (b->cd == (iconv_t)-1)
			feed(b, buf, keep);
		else
			feed_cp949(b, buf, keep, true);
	}
	if (ferror(in)) {
		report(b, 0, "read error: %s", strerror(errno));
		worsen(b, BATCH_READ_ERROR);
	}
	if (!b->file_done && csv_fini(&b->csv, on_field, on_record, b) != 0) {
		report(b, b->record_line, "unterminated quoted field; expected a closing '\"'");
		bad_file(b);
	}
	if (!b->file_done && !b->header_read) {
		report(b, 0, "no header; expected a first line naming the columns size, license, "
		       "gpus and months");
		bad_file(b);
	}
	csv_free(&b->csv);
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
