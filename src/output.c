/*
 * output.c - output columns and the machine formats.  See output.h.
 */
#include "output.h"

#include <string.h>


#include "num.h"

static const char *const col_names[OUT_COL_COUNT] = {
	"size", "license", "gpus", "months", "unit_price_krw", "gov_subsidy_krw",
	"self_rate_pct", "private_share_krw", "cash_rate_pct", "cash_min_krw",
	"in_kind_max_krw", "total_cost_krw",
};

const char *
out_col_name(enum out_col col)
{
	return (unsigned)col < OUT_COL_COUNT ? col_names[col] : "?";
}

bool
out_col_from_name(const char *s, size_t len, enum out_col *col)
{
	for (int i = 0; i < OUT_COL_COUNT; i++) {
		if (strlen(col_names[i]) == len && memcmp(col_names[i], s, len) == 0) {
			*col = (enum out_col)i;
			return true;
		}
	}
	return false;
}

struct out_cell
out_col_cell(enum out_col col, const struct rules_scenario *sc, const struct rules_result *res)
{
	const char *word = "?";

	switch (col) {
	case OUT_SIZE:       word = rules_size_name(sc->size); break;
	case OUT_LICENSE:    word = rules_license_name(sc->license); break;
	case OUT_GPUS:       return OUT_NUMBER(sc->gpus, 0);
	case OUT_MONTHS:     return OUT_NUMBER(rules_months_e4(sc), RULES_MONTHS_PLACES);
	case OUT_UNIT_PRICE: return OUT_NUMBER(sc->unit_price, 0);
	case OUT_GOV:        return OUT_NUMBER((uint64_t)res->gov, 0);
	case OUT_SELF_RATE:  return OUT_NUMBER(res->self_ppm, RULES_PCT_PLACES);
	case OUT_PRIVATE:    return OUT_NUMBER((uint64_t)res->private_share, 0);
	case OUT_CASH_RATE:  return OUT_NUMBER(res->cash_ppm, RULES_PCT_PLACES);
	case OUT_CASH_MIN:   return OUT_NUMBER((uint64_t)res->cash_min, 0);
	case OUT_IN_KIND:    return OUT_NUMBER((uint64_t)res->in_kind_max, 0);
	case OUT_TOTAL:      return OUT_NUMBER((uint64_t)res->total, 0);
	case OUT_COL_COUNT:  break;
	}
	return OUT_TEXT(word, strlen(word));
}

/* ---- machine formats ---- */

/*
 * Records are assembled in the writer's own buffer and handed to stdio a
 * block at a time: batch output is a million records, and a library call
 * per cell or per character would dominate its time.
 */
void
out_flush(struct out_writer *w)
{
	if (w->buffered > 0)
		fwrite(w->buf, 1, w->buffered, w->fp);
	w->buffered = 0;
}

/* Room for N more bytes in the buffer; false when N is more than it holds. */
static inline bool
room(struct out_writer *w, size_t n)
{
	if (n <= sizeof w->buf - w->buffered)
		return true;
	out_flush(w);
	return n <= sizeof w->buf;
}

static void
put(struct out_writer *w, const char *s, size_t n)
{
	if (!room(w, n)) {
		fwrite(s, 1, n, w->fp);     /* longer than the buffer: straight through */
		return;
	}
	memcpy(w->buf + w->buffered, s, n);
	w->buffered += n;
}

static void
put_char(struct out_writer *w, char c)
{
	if (w->buffered == sizeof w->buf)
		out_flush(w);
	w->buf[w->buffered++] = c;
}

/* Excel would run a text cell that starts like a formula: = + - @ tab CR. */
static bool
needs_neutralising(const char *s, size_t len)
{
	return len > 0 && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
	                   s[0] == '\t' || s[0] == '\r');
}

/* Bytes a text cell cannot be copied with as it is: csv quoting, tsv escapes. */
static const bool special[OUT_FORMAT_COUNT][256] = {
	[OUT_CSV] = { [','] = true, ['"'] = true, ['\r'] = true, ['\n'] = true },
	[OUT_TSV] = { ['\t'] = true, ['\r'] = true, ['\n'] = true, ['\\'] = true },
};

static void
put_csv(struct out_writer *w, const char *s, size_t len, bool quote_prefix)
{
	put_char(w, '"');
	if (quote_prefix)
		put_char(w, '\'');
	for (const char *p = s, *end = s + len; p < end;) {
		const char *q = memchr(p, '"', (size_t)(end - p));
		if (q == NULL) {
			put(w, p, (size_t)(end - p));
			break;
		}
		put(w, p, (size_t)(q - p) + 1);     /* up to and including the quote */
		put_char(w, '"');                   /* doubled */
		p = q + 1;
	}
	put_char(w, '"');
}

static void
put_tsv(struct out_writer *w, const char *s, size_t len, bool quote_prefix)
{
	if (quote_prefix)
		put_char(w, '\'');
	for (size_t i = 0; i < len; i++) {
		switch (s[i]) {
		case '\t': put(w, "\\t", 2); break;
		case '\n': put(w, "\\n", 2); break;
		case '\r': put(w, "\\r", 2); break;
		case '\\': put(w, "\\\\", 2); break;
		default:   put_char(w, s[i]); break;
		}
	}
}

static void
put_json_string(struct out_writer *w, const char *s, size_t len)
{
	put_char(w, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];
		switch (c) {
		case '"':  put(w, "\\\"", 2); break;
		case '\\': put(w, "\\\\", 2); break;
		case '\n': put(w, "\\n", 2); break;
		case '\r': put(w, "\\r", 2); break;
		case '\t': put(w, "\\t", 2); break;
		default:
			if (c < 0x20 || c == 0x7f) {
				snprintf(esc, sizeof esc, "\\u%04x", c);
				put(w, esc, 6);
			} else {
				put_char(w, (char)c);
			}
		}
	}
	put_char(w, '"');
}

/* In JSON, before the value of cell I: a comma, and its key. */
static void
json_key(struct out_writer *w, size_t i)
{
	if (i > 0)
		put_char(w, ',');
	put_json_string(w, w->names[i], strlen(w->names[i]));
	put_char(w, ':');
}

/* Before the value of the next cell: the separator, or in JSON the key. */
static inline void
next_cell(struct out_writer *w)
{
	size_t i = w->col++;
	if (w->format == OUT_JSON)
		json_key(w, i);
	else if (i > 0)
		put_char(w, w->format == OUT_TSV ? '\t' : ',');
}

/* A text cell; PLAIN says it holds no comma, quote, CR or LF, so csv needs no look at it. */
static inline void
text_cell(struct out_writer *w, const char *s, size_t len, bool plain)
{
	next_cell(w);
	if (w->format == OUT_JSON) {
		put_json_string(w, s, len);
		return;
	}
	bool neutralise = w->excel && needs_neutralising(s, len);
	if (room(w, len + 1)) {
		char *d = w->buf + w->buffered;
		if (neutralise)
			*d++ = '\'';
		if (plain && w->format == OUT_CSV) {
			memcpy(d, s, len);
			w->buffered += len + neutralise;
			return;
		}
		/* Usually the text goes as it is: copy it, and look for bytes that forbid that. */
		const bool *stop = special[w->format];
		size_t k = 0;
		while (k < len && !stop[(unsigned char)s[k]]) {
			d[k] = s[k];
			k++;
		}
		if (k == len) {
			w->buffered += len + neutralise;
			return;
		}
	}
	if (w->format == OUT_TSV)
		put_tsv(w, s, len, neutralise);
	else
		put_csv(w, s, len, neutralise);
}

void
out_text(struct out_writer *w, const char *s, size_t len)
{
	text_cell(w, s, len, false);
}

void
out_text_plain(struct out_writer *w, const char *s, size_t len)
{
	text_cell(w, s, len, true);
}

void
out_csv_run(struct out_writer *w, const char *s, size_t len, size_t cells)
{
	if (w->col > 0)
		put_char(w, ',');
	put(w, s, len);
	w->col += cells;
}

/* A number cell, inline: the batch writes eight a record. */
static inline void
number_cell(struct out_writer *w, uint64_t value, unsigned places)
{
	next_cell(w);
	if (room(w, NUM_BUF)) {
		char *d = w->buf + w->buffered;
		w->buffered += places == 0 ? num_fmt_uint(d, value) : num_fmt_fixed(d, value, places);
	}
}

void
out_number(struct out_writer *w, uint64_t value, unsigned places)
{
	number_cell(w, value, places);
}

void
out_begin(struct out_writer *w)
{
	if (w->started)
		return;
	w->started = true;
	if (w->excel && w->format != OUT_JSON)
		put(w, "\xEF\xBB\xBF", 3);
	if (!w->no_header && w->format != OUT_JSON) {
		w->col = 0;
		for (size_t i = 0; i < w->ncols; i++)
			out_text(w, w->names[i], strlen(w->names[i]));
		out_row_end(w);
	}
}

void
out_row_begin(struct out_writer *w)
{
	out_begin(w);
	w->col = 0;
	if (w->format == OUT_JSON)
		put_char(w, '{');
}

void
out_row_end(struct out_writer *w)
{
	if (w->format == OUT_JSON)
		put_char(w, '}');
	else if (w->excel)
		put_char(w, '\r');
	put_char(w, '\n');
}

/* Writes CELL, number or text, as the next cell of the record. */
static void
put_cell(struct out_writer *w, const struct out_cell *c)
{
	if (c->number)
		number_cell(w, c->value, c->places);
	else
		text_cell(w, c->text, c->len, false);
}

void
out_row(struct out_writer *w, const struct out_cell *cells)
{
	out_row_begin(w);
	for (size_t i = 0; i < w->ncols; i++)
		put_cell(w, &cells[i]);
	out_row_end(w);
}

void
out_cols(struct out_writer *w, enum out_col first, size_t count,
         const struct rules_scenario *sc, const struct rules_result *res)
{
	if (w->format == OUT_JSON || !room(w, count * (NUM_BUF + 1))) {
		for (size_t i = 0; i < count; i++)
			out_col(w, (enum out_col)(first + i), sc, res);
		return;
	}
	/*
	 * csv and tsv numbers need no quoting: write the run with a bare pointer
	 * after one room check.  The switch repeats out_col_cell()'s mapping on
	 * purpose: building a cell per column costs a fifth of the batch time.
	 */
	char sep = w->format == OUT_TSV ? '\t' : ',';
	char *d = w->buf + w->buffered;
	for (size_t i = 0; i < count; i++) {
		enum out_col col = (enum out_col)(first + i);
		if (col < OUT_UNIT_PRICE) {
			/* size .. months: through the general path, then carry on here. */
			w->buffered = (size_t)(d - w->buf);
			out_col(w, col, sc, res);
			if (!room(w, (count - i) * (NUM_BUF + 1))) {
				for (i++; i < count; i++)
					out_col(w, (enum out_col)(first + i), sc, res);
				return;
			}
			d = w->buf + w->buffered;
			continue;
		}
		if (w->col++ > 0)
			*d++ = sep;
		switch (col) {
		case OUT_UNIT_PRICE: d += num_fmt_uint(d, sc->unit_price); break;
		case OUT_GOV:        d += num_fmt_uint(d, (uint64_t)res->gov); break;
		case OUT_SELF_RATE:  d += num_fmt_fixed(d, res->self_ppm, RULES_PCT_PLACES); break;
		case OUT_PRIVATE:    d += num_fmt_uint(d, (uint64_t)res->private_share); break;
		case OUT_CASH_RATE:  d += num_fmt_fixed(d, res->cash_ppm, RULES_PCT_PLACES); break;
		case OUT_CASH_MIN:   d += num_fmt_uint(d, (uint64_t)res->cash_min); break;
		case OUT_IN_KIND:    d += num_fmt_uint(d, (uint64_t)res->in_kind_max); break;
		default:             d += num_fmt_uint(d, (uint64_t)res->total); break;
		}
	}
	w->buffered = (size_t)(d - w->buf);
}

void
out_col(struct out_writer *w, enum out_col col, const struct rules_scenario *sc,
        const struct rules_result *res)
{
	struct out_cell c = out_col_cell(col, sc, res);
	put_cell(w, &c);
}
