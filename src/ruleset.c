/*
 * ruleset.c - the rules table: parsing, checking and picking.  See ruleset.h.
 */
#include "ruleset.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "field.h"
#include "i18n.h"
#include "num.h"

static const char *const param_names[RS_PARAM_COUNT] = {
	"self_rate_pct", "cash_rate_pct", "unit_price_krw", "gpus_per_team",
	"programme_start", "stage2_start", "programme_end",
};

/* What each parameter needs and accepts. */
static const struct {
	bool size, license;     /* whether it has a size, a license */
	bool date;              /* its value is a date */
	unsigned places;
	uint64_t min, max;
	const char *expected;
} params[RS_PARAM_COUNT] = {
	[RS_SELF_RATE]  = { true, true, false, 4, 0, 999999,
	                    N_("a percentage from 0 to under 100 with at most 4 decimal places") },
	[RS_CASH_RATE]  = { true, false, false, 4, 0, 1000000,
	                    N_("a percentage from 0 to 100 with at most 4 decimal places") },
	[RS_UNIT_PRICE] = { false, false, false, 0, 1, RULES_UNIT_PRICE_MAX,
	                    N_("whole won per GPU-month from 1 to 10,000,000,000") },
	[RS_GPUS_PER_TEAM] = { false, false, false, 0, 1, RULES_GPUS_MAX,
	                       N_("a whole number of GPUs from 1 to 100,000") },
	[RS_PROGRAMME_START] = { false, false, true, 0, 0, 0, N_("a date YYYY-MM-DD") },
	[RS_STAGE2_START]    = { false, false, true, 0, 0, 0, N_("a date YYYY-MM-DD") },
	[RS_PROGRAMME_END]   = { false, false, true, 0, 0, 0, N_("a date YYYY-MM-DD") },
};

enum { COL_PARAM, COL_SIZE, COL_LICENSE, COL_VALUE, COL_FROM, COL_TO, COL_SOURCE, NCOLS };
static const char *const col_names[NCOLS] = {
	"parameter", "size", "license", "value", "effective_from", "effective_to", "source",
};
/* The size column holds any institution type, so "type" names it too. */
static const char *const col_aliases[NCOLS] = { [COL_SIZE] = "type" };

const char *
ruleset_param_name(enum rs_param param)
{
	return (unsigned)param < RS_PARAM_COUNT ? param_names[param] : "?";
}

/* Slot of a value in rs_pick.entry: self rates, cash rates, then one each. */
static int
key_of(enum rs_param param, int size, int license)
{
	switch (param) {
	case RS_SELF_RATE: return license * RULES_TYPE_COUNT + size;
	case RS_CASH_RATE: return RULES_LICENSE_COUNT * RULES_TYPE_COUNT + size;
	default:           return RULES_LICENSE_COUNT * RULES_TYPE_COUNT + RULES_TYPE_COUNT +
	                          (int)(param - RS_UNIT_PRICE);
	}
}

/* "large/commercial", "sme", "" for a message. */
static const char *
key_label(char *buf, size_t n, const struct rs_entry *e)
{
	if (e->size >= 0 && e->license >= 0)
		/* TRANSLATORS: after a parameter name: self_rate_pct for large/commercial. */
		snprintf(buf, n, _(" for %s/%s"), rules_type_name(e->size), rules_license_name(e->license));
	else if (e->size >= 0)
		/* TRANSLATORS: after a parameter name: cash_rate_pct for sme. */
		snprintf(buf, n, _(" for %s"), rules_type_name(e->size));
	else
		buf[0] = '\0';
	return buf;
}

/* ---- reading the CSV ---- */

struct reader {
	struct ruleset *rs;
	char **cells;               /* the record's fields, each NUL-terminated */
	size_t ncells, cap;
	char *text;                 /* where CELLS point */
	size_t text_cap;
	unsigned long record_line;
	bool header_done, failed;
	int col[NCOLS];             /* index of each column in the header */
	size_t ncols;
	char *msg;
	size_t n;
	unsigned long *errline;
};

static void
fail(struct reader *r, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
fail(struct reader *r, unsigned long line, const char *fmt, ...)
{
	if (r->failed)
		return;                 /* the first problem is the one reported */
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->msg, r->n, fmt, ap);
	va_end(ap);
	*r->errline = line;
	r->failed = true;
}

/* The reader's error callback: malformed CSV and the like. */
static void
on_error(void *ctx, unsigned long line, const char *msg)
{
	fail(ctx, line, "%s", msg);
}

/*
 * Copies REC's fields into R->cells as C strings.  False after reporting a
 * NUL byte, which would cut a cell short without a word, or no memory.
 */
static bool
take_cells(struct reader *r, const struct csvr_record *rec)
{
	size_t need = 0;
	for (size_t i = 0; i < rec->n; i++) {
		if (memchr(rec->fields[i].p, '\0', rec->fields[i].n) != NULL) {
			fail(r, rec->line, _("field %zu: a NUL byte; expected text"), i + 1);
			return false;
		}
		need += rec->fields[i].n + 1;
	}
	if (rec->n > r->cap) {
		char **p = realloc(r->cells, rec->n * sizeof *p);
		if (p == NULL)
			goto nomem;
		r->cells = p;
		r->cap = rec->n;
	}
	if (need > r->text_cap) {
		char *p = realloc(r->text, need);
		if (p == NULL)
			goto nomem;
		r->text = p;
		r->text_cap = need;
	}
	char *at = r->text;
	for (size_t i = 0; i < rec->n; i++) {
		memcpy(at, rec->fields[i].p, rec->fields[i].n);
		at[rec->fields[i].n] = '\0';
		r->cells[i] = at;
		at += rec->fields[i].n + 1;
	}
	r->ncells = rec->n;
	return true;
nomem:
	fail(r, rec->line, _("out of memory"));
	return false;
}

static bool
blank(const char *s)
{
	return s[strspn(s, " \t")] == '\0';
}

static void
take_header(struct reader *r)
{
	for (int c = 0; c < NCOLS; c++)
		r->col[c] = -1;
	for (size_t i = 0; i < r->ncells; i++) {
		for (int c = 0; c < NCOLS; c++) {
			const char *alias = col_aliases[c];
			if (field_same_name(col_names[c], strlen(col_names[c]), r->cells[i], strlen(r->cells[i])) ||
			    (alias && field_same_name(alias, strlen(alias), r->cells[i], strlen(r->cells[i])))) {
				if (r->col[c] >= 0)
					fail(r, r->record_line, _("column '%s' appears twice; expected it once"),
					     col_names[c]);
				r->col[c] = (int)i;
			}
		}
	}
	for (int c = 0; c < NCOLS; c++)
		if (r->col[c] < 0)
			fail(r, r->record_line, _("no '%s' column; expected the columns parameter, size, "
			     "license, value, effective_from, effective_to and source"), col_names[c]);
	r->ncols = r->ncells;
}

/* Whether A and B are in force on a common day. */
static bool
overlap(const struct rs_entry *a, const struct rs_entry *b)
{
	long a0 = cal_serial(a->from), b0 = cal_serial(b->from);
	return (b->open || a0 <= cal_serial(b->to)) && (a->open || b0 <= cal_serial(a->to));
}

static void
take_entry(struct reader *r)
{
	static const struct field_alias param_aliases[] = {
		FIELD_ALIAS("self_rate_pct", RS_SELF_RATE), FIELD_ALIAS("cash_rate_pct", RS_CASH_RATE),
		FIELD_ALIAS("unit_price_krw", RS_UNIT_PRICE), FIELD_ALIAS("gpus_per_team", RS_GPUS_PER_TEAM),
		FIELD_ALIAS("programme_start", RS_PROGRAMME_START),
		FIELD_ALIAS("stage2_start", RS_STAGE2_START), FIELD_ALIAS("programme_end", RS_PROGRAMME_END),
		FIELD_ALIAS_END,
	};
	unsigned long line = r->record_line;
	char label[64];

	if (r->ncells != r->ncols) {
		fail(r, line, _("%zu fields; expected %zu as in the header"), r->ncells, r->ncols);
		return;
	}
	const char *cell[NCOLS];
	for (int c = 0; c < NCOLS; c++)
		cell[c] = r->cells[r->col[c]];

	struct rs_entry e = { .size = -1, .license = -1, .line = line };
	int v;
	if (!field_lookup(param_aliases, cell[COL_PARAM], strlen(cell[COL_PARAM]), &v)) {
		fail(r, line, _("parameter '%s': unknown; expected self_rate_pct, cash_rate_pct, "
		     "unit_price_krw, gpus_per_team, programme_start, stage2_start or programme_end"),
		     cell[COL_PARAM]);
		return;
	}
	e.param = (enum rs_param)v;
	const char *name = param_names[e.param];

	/* Size and license: required where the parameter has them, empty elsewhere. */
	const struct {
		bool wanted;
		int col;
		enum field_id field;
		int *out;
	} categories[2] = {
		{ params[e.param].size, COL_SIZE, FIELD_TYPE, &e.size },
		{ params[e.param].license, COL_LICENSE, FIELD_LICENSE, &e.license },
	};
	for (int k = 0; k < 2; k++) {
		const char *text = cell[categories[k].col], *what = col_names[categories[k].col];
		if (!categories[k].wanted) {
			if (!blank(text)) {
				fail(r, line, _("%s %s '%s': %s has no %s; expected an empty cell"), name, what,
				     text, name, what);
				return;
			}
			continue;
		}
		struct rules_scenario sc = { 0 };
		const char *reason = blank(text) ? _("missing value")
		                   : field_parse(categories[k].field, text, strlen(text), &sc);
		if (reason != NULL) {
			char msg[256];
			fail(r, line, "%s", field_message(msg, sizeof msg, what, categories[k].field,
			     text, strlen(text), reason));
			return;
		}
		*categories[k].out = k == 0 ? (int)sc.type : (int)sc.license;
	}

	/* The value. */
	if (params[e.param].date) {
		if (!cal_parse(cell[COL_VALUE], strlen(cell[COL_VALUE]), &e.date)) {
			fail(r, line, _("%s value '%s': not a date; expected %s"), name, cell[COL_VALUE],
			     _(params[e.param].expected));
			return;
		}
	} else {
		enum num_status st = num_parse_fixed(cell[COL_VALUE], strlen(cell[COL_VALUE]),
		                                     params[e.param].places, params[e.param].min,
		                                     params[e.param].max, &e.value);
		if (st != NUM_OK) {
			fail(r, line, _("%s value '%s': %s; expected %s"), name, cell[COL_VALUE],
			     num_strerror(st), _(params[e.param].expected));
			return;
		}
		/* A percentage with 4 decimal places, scaled by 10^4, is parts per million. */
	}

	/* When it is in force. */
	if (!cal_parse(cell[COL_FROM], strlen(cell[COL_FROM]), &e.from)) {
		fail(r, line, _("effective_from '%s': not a date; expected YYYY-MM-DD"), cell[COL_FROM]);
		return;
	}
	e.open = blank(cell[COL_TO]);
	if (!e.open && !cal_parse(cell[COL_TO], strlen(cell[COL_TO]), &e.to)) {
		fail(r, line, _("effective_to '%s': not a date; expected YYYY-MM-DD or an empty cell"),
		     cell[COL_TO]);
		return;
	}
	if (!e.open && cal_serial(e.to) < cal_serial(e.from)) {
		fail(r, line, _("effective_to '%s' is before effective_from '%s'; expected a later date"),
		     cell[COL_TO], cell[COL_FROM]);
		return;
	}
	if (blank(cell[COL_SOURCE])) {
		fail(r, line, _("source '': missing; expected where %s comes from"), name);
		return;
	}

	/* No two values of one parameter in force on the same day. */
	int key = key_of(e.param, e.size, e.license);
	for (size_t i = 0; i < r->rs->n; i++) {
		const struct rs_entry *o = &r->rs->entries[i];
		if (key_of(o->param, o->size, o->license) == key && overlap(o, &e)) {
			fail(r, line, _("%s%s overlaps line %lu: both are in force on some days; "
			     "expected effective dates that do not overlap"), name,
			     key_label(label, sizeof label, &e), o->line);
			return;
		}
	}

	struct rs_entry *grown = realloc(r->rs->entries, (r->rs->n + 1) * sizeof *grown);
	e.source = strdup(cell[COL_SOURCE]);
	if (grown == NULL || e.source == NULL) {
		if (grown != NULL)
			r->rs->entries = grown;
		free(e.source);
		fail(r, line, _("out of memory"));
		return;
	}
	r->rs->entries = grown;
	r->rs->entries[r->rs->n++] = e;
}

static bool
on_record(void *ctx, const struct csvr_record *rec)
{
	struct reader *r = ctx;

	r->record_line = rec->line;
	if (rec->bad != CSVR_GOOD) {
		char msg[256];
		fail(r, rec->line, "%s", csvr_bad_message(msg, sizeof msg, rec, CSVR_UTF8, NULL, !r->header_done));
		return false;
	}
	if (!take_cells(r, rec))
		return false;
	if (!r->header_done) {
		r->header_done = true;
		take_header(r);
	} else {
		take_entry(r);
	}
	return !r->failed;
}

bool
ruleset_parse(struct ruleset *rs, const char *text, size_t len,
              char *msg, size_t n, unsigned long *line)
{
	struct reader r = { .rs = rs, .msg = msg, .n = n, .errline = line };

	rs->entries = NULL;
	rs->n = 0;
	*line = 0;
	struct csvr_options opt = { .record = on_record, .error = on_error, .ctx = &r };
	struct csvr *reader = csvr_new(&opt);
	if (reader == NULL || csvr_text(reader, text, len) == CSVR_NOMEM)
		fail(&r, 0, _("out of memory"));
	csvr_free(reader);
	free(r.cells);
	free(r.text);

	if (!r.failed && !r.header_done)
		fail(&r, 0, _("empty; expected a header and one line for each value"));

	/* Every value must be given at least once. */
	for (int k = 0; k < RS_KEYS && !r.failed; k++) {
		bool found = false;
		for (size_t i = 0; i < rs->n && !found; i++)
			found = key_of(rs->entries[i].param, rs->entries[i].size, rs->entries[i].license) == k;
		if (found)
			continue;
		struct rs_entry want = { .size = -1, .license = -1 };
		if (k < RULES_LICENSE_COUNT * RULES_TYPE_COUNT)
			want = (struct rs_entry){ .param = RS_SELF_RATE, .size = k % RULES_TYPE_COUNT,
			                          .license = k / RULES_TYPE_COUNT };
		else if (k < RULES_LICENSE_COUNT * RULES_TYPE_COUNT + RULES_TYPE_COUNT)
			want = (struct rs_entry){ .param = RS_CASH_RATE, .license = -1,
			                          .size = k - RULES_LICENSE_COUNT * RULES_TYPE_COUNT };
		else
			want.param = (enum rs_param)(RS_UNIT_PRICE + k - RULES_LICENSE_COUNT * RULES_TYPE_COUNT
			                             - RULES_TYPE_COUNT);
		char label[64];
		fail(&r, 0, _("no %s%s; expected one for each type and mode combination and every "
		     "other parameter"), param_names[want.param], key_label(label, sizeof label, &want));
	}
	if (r.failed) {
		ruleset_free(rs);
		return false;
	}
	return true;
}

void
ruleset_free(struct ruleset *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		free(rs->entries[i].source);
	free(rs->entries);
	rs->entries = NULL;
	rs->n = 0;
}

bool
ruleset_pick(const struct ruleset *rs, struct cal_date on, struct rs_pick *pick,
             char *msg, size_t n)
{
	long day = cal_serial(on);

	memset(pick, 0, sizeof *pick);
	pick->as_of = on;
	for (size_t i = 0; i < rs->n; i++) {
		const struct rs_entry *e = &rs->entries[i];
		if (cal_serial(e->from) <= day && (e->open || day <= cal_serial(e->to)))
			pick->entry[key_of(e->param, e->size, e->license)] = e;
	}
	for (int k = 0; k < RS_KEYS; k++) {
		if (pick->entry[k] != NULL)
			continue;
		/* Name the first value missing that day by an entry of the same key. */
		for (size_t i = 0; i < rs->n; i++) {
			const struct rs_entry *e = &rs->entries[i];
			if (key_of(e->param, e->size, e->license) == k) {
				char label[64], date[11];
				snprintf(msg, n, _("no %s%s in force on %s; expected --as-of a date the rules cover"),
				         param_names[e->param], key_label(label, sizeof label, e),
				         cal_format(date, on));
				return false;
			}
		}
		snprintf(msg, n, _("incomplete rules"));
		return false;
	}

	for (int l = 0; l < RULES_LICENSE_COUNT; l++)
		for (int s = 0; s < RULES_TYPE_COUNT; s++)
			pick->rates.self_ppm[l][s] = (uint32_t)ruleset_entry(pick, RS_SELF_RATE, s, l)->value;
	for (int s = 0; s < RULES_TYPE_COUNT; s++)
		pick->rates.cash_ppm[s] = (uint32_t)ruleset_entry(pick, RS_CASH_RATE, s, -1)->value;
	rules_prepare(&pick->rates);
	pick->unit_price = ruleset_entry(pick, RS_UNIT_PRICE, -1, -1)->value;
	pick->gpus_per_team = ruleset_entry(pick, RS_GPUS_PER_TEAM, -1, -1)->value;
	pick->programme_start = ruleset_entry(pick, RS_PROGRAMME_START, -1, -1)->date;
	pick->stage2_start = ruleset_entry(pick, RS_STAGE2_START, -1, -1)->date;
	pick->programme_end = ruleset_entry(pick, RS_PROGRAMME_END, -1, -1)->date;

	cal_months(pick->programme_start, pick->programme_end, &pick->programme_months);
	long start = cal_serial(pick->programme_start), stage2 = cal_serial(pick->stage2_start);
	if (!(start < stage2 && stage2 <= cal_serial(pick->programme_end))) {
		char a[11], b[11], c[11], d[11];
		snprintf(msg, n, _("programme dates out of order on %s: start %s, stage 2 %s, end %s; "
		         "expected start < stage 2 <= end"), cal_format(a, on),
		         cal_format(b, pick->programme_start), cal_format(c, pick->stage2_start),
		         cal_format(d, pick->programme_end));
		return false;
	}
	return true;
}

const struct rs_entry *
ruleset_entry(const struct rs_pick *pick, enum rs_param param, int size, int license)
{
	return pick->entry[key_of(param, size, license)];
}

/* MONTHS/DEN rounded half up to 4 places, as the months column shows it. */
static char *
months_text(char *buf, uint64_t months, uint64_t den)
{
	struct rules_scenario sc = { .months = months, .months_den = den };
	num_fmt_fixed(buf, rules_months_e4(&sc), RULES_MONTHS_PLACES);
	return buf;
}

void
ruleset_warning(char *buf, size_t n, unsigned kind, const struct rs_pick *pick,
                const struct rules_scenario *sc, const struct cal_date *from,
                const struct cal_date *to)
{
	char a[11], b[11], c[11], d[11], m[NUM_BUF], w[NUM_BUF];

	if (kind == RS_WARN_GPUS)
		snprintf(buf, n, _("warning: %llu GPUs is more than the %llu each selected team receives"),
		         (unsigned long long)sc->gpus, (unsigned long long)pick->gpus_per_team);
	else if (from != NULL && to != NULL)
		snprintf(buf, n, _("warning: the period %s to %s is not inside the programme's, %s to %s"),
		         cal_format(a, *from), cal_format(b, *to), cal_format(c, pick->programme_start),
		         cal_format(d, pick->programme_end));
	else
		snprintf(buf, n, _("warning: %s months is longer than the programme, %s months from %s to %s"),
		         months_text(m, sc->months, sc->months_den),
		         months_text(w, pick->programme_months.num, pick->programme_months.den),
		         cal_format(a, pick->programme_start), cal_format(b, pick->programme_end));
}
