/*
 * table.c - the tables for people: aligned labels, amounts with thousands
 * separators and Korean units, the --compare matrix, --explain and
 * --stages.  See table.h.
 */
#include "table.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "calendar.h"
#include "field.h"
#include "i18n.h"
#include "num.h"

/* COLUMNS when it is a number of columns up to this; more is taken for a typo. */
#define COLUMNS_MAX 10000

size_t
table_width(FILE *fp)
{
	const char *env = getenv("COLUMNS");
	if (env != NULL && *env != '\0') {
		size_t n = 0;
		const char *p = env;
		for (; *p >= '0' && *p <= '9' && n <= COLUMNS_MAX; p++)
			n = n * 10 + (size_t)(*p - '0');
		if (*p == '\0' && n >= 1 && n <= COLUMNS_MAX)
			return n;
	}
	int fd = fileno(fp);
	if (fd < 0 || !isatty(fd))
		return 0;
	struct winsize ws;
	if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Bytes and columns of the character at S, one of the N bytes left; a stray byte is one of each. */
static size_t
char_at(const char *s, size_t n, size_t *cols)
{
	size_t len = field_utf8_length(s, n);
	if (len == 0)
		len = 1;
	*cols = len > 1 && field_wide(field_utf8_code(s, len)) ? 2 : 1;
	return len;
}

/*
 * Writes the LEN bytes at S, one line without its newline, to FP folded
 * at blanks: a line narrower than FIT columns is written whole; a longer
 * one breaks at the last blank at or before column BRK (the blanks there
 * swallowed) and goes on INDENT spaces in.  Blanks S starts with are its
 * indentation, never a break.  A word that does not fit stands whole on a
 * line of its own.  With EQ a line does not end in " =": the "=" starts
 * the next one (--explain's steps).  Ends the line.
 */
static void
fold(FILE *fp, const char *s, size_t len, size_t fit, size_t brk, size_t indent, bool eq)
{
	const char *p = s, *e = s + len;
	size_t col = 0;         /* the columns of indentation written before P */
	for (;;) {
		if (col + field_display_width(p, (size_t)(e - p)) < fit)
			break;
		const char *q = p, *cut = NULL, *first = NULL;
		size_t c = col, w;
		if (col == 0)
			while (q < e && is_blank(*q))
				c++, q++;
		for (; q < e; q += char_at(q, (size_t)(e - q), &w), c += w) {
			if (!is_blank(*q))
				continue;
			if (c <= brk)
				cut = q;
			else if (first == NULL)
				first = q;
			if (c > brk)
				break;
		}
		if (cut == NULL)
			cut = first;        /* the word is too long: it stands alone */
		if (cut == NULL)
			break;
		const char *end = cut, *next = cut;
		while (end > p && is_blank(end[-1]))
			end--;
		while (next < e && is_blank(*next))
			next++;
		if (eq && end - p >= 2 && end[-1] == '=' && is_blank(end[-2])) {
			const char *before = end - 2;
			while (before > p && is_blank(before[-1]))
				before--;
			if (before > p)
				next = end - 1, end = before;
		}
		fwrite(p, 1, (size_t)(end - p), fp);
		putc('\n', fp);
		if (next == e)
			return;
		p = next;
		for (col = 0; col < indent; col++)
			putc(' ', fp);
	}
	fwrite(p, 1, (size_t)(e - p), fp);
	putc('\n', fp);
}

void
table_wrap_help(FILE *fp, const char *s, size_t len, size_t rmargin, size_t indent)
{
	fold(fp, s, len, rmargin, rmargin, indent, false);
}

/*
 * Writes the text TEXT (LEN bytes of lines, each ending in a newline)
 * folded to WIDTH columns (0: as it is), continuation lines INDENT in.
 */
static void
fold_lines(FILE *fp, const char *text, size_t len, size_t width, size_t indent, bool eq)
{
	if (width == 0) {
		fwrite(text, 1, len, fp);
		return;
	}
	const char *p = text, *e = text + len;
	while (p < e) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		const char *end = nl != NULL ? nl : e;
		fold(fp, p, (size_t)(end - p), width + 1, width, indent, eq);
		p = end + 1;
	}
}

/*
 * A line or a few for people, written through a memory stream so that
 * they can be folded to the width: line_open() gives the stream to write
 * them on (FP itself when WIDTH is 0 or memory is short: not folded then),
 * line_close() writes them to FP folded, continuation lines INDENT in.
 */
struct line {
	FILE *out, *fp;
	char *buf;
	size_t len, width;
};

static FILE *
line_open(struct line *l, FILE *out, size_t width)
{
	*l = (struct line){ .out = out, .fp = out, .width = width };
	if (width != 0) {
		FILE *m = open_memstream(&l->buf, &l->len);
		if (m != NULL)
			l->fp = m;
	}
	return l->fp;
}

static void
line_close(struct line *l, size_t indent, bool eq)
{
	if (l->fp == l->out)
		return;
	if (fclose(l->fp) == 0)
		fold_lines(l->out, l->buf, l->len, l->width, indent, eq);
	else if (l->buf != NULL)        /* out of memory: what there is, unfolded */
		fwrite(l->buf, 1, l->len, l->out);
	free(l->buf);
}

/* printf FMT to FP folded to WIDTH (0: as it is), continuation lines INDENT in. */
__attribute__((format(printf, 5, 6)))
static void
put_folded(FILE *fp, size_t width, size_t indent, bool eq, const char *fmt, ...)
{
	struct line l;
	va_list ap;
	va_start(ap, fmt);
	vfprintf(line_open(&l, fp, width), fmt, ap);
	va_end(ap);
	line_close(&l, indent, eq);
}

/* The note under a record with no GPUs, folded to WIDTH (0: as it is). */
static void
declined_note_to(FILE *fp, size_t width)
{
	put_folded(fp, width, 2, false, "%s",
	           _("note: the team declines the GPUs: no government support and no private contribution\n"));
}

static void
declined_note(FILE *fp)
{
	declined_note_to(fp, table_width(fp));
}

/* Words of the column table around a value, translated; "" for none (gettext("") is the header). */
static const char *
words(const char *s)
{
	return s == NULL || *s == '\0' ? "" : _(s);
}

/* Terminal columns taken by UTF-8 text S: Hangul and other CJK take two. */
static size_t
display_width(const char *s)
{
	return field_display_width(s, strlen(s));
}

/* Room for a word and its Korean term; longer ones are cut short. */
#define WORD_BUF 128

/*
 * A word users type and its Korean term, as tables show them: "sme
 * (중소기업)"; a Korean locale shows the term alone.  Into BUF (N bytes).
 */
static const char *
word_and_term(char *buf, size_t n, const char *word, const char *korean)
{
	/* TRANSLATORS: a value (sme) and its Korean term (중소기업); to show the term alone: %2$s%1$.0s */
	snprintf(buf, n, _("%s (%s)"), word, korean);
	return buf;
}

/* Writes S padded with spaces to WIDTH columns, on the right or the left. */
static void
pad(FILE *fp, const char *s, size_t width, bool right_align)
{
	size_t w = display_width(s);
	if (!right_align)
		fputs(s, fp);
	for (; w < width; w++)
		putc(' ', fp);
	if (right_align)
		fputs(s, fp);
}

/* COL's label for people, in the user's language: under Korean the Korean term alone. */
static const char *
label_of(enum out_col col)
{
	return _(out_col_def(col)->label);
}

static bool
is_amount(enum out_col col)
{
	return out_col_def(col)->kind == OUT_KIND_WON || out_col_def(col)->kind == OUT_KIND_SIGNED;
}

static uint64_t
amount_of(enum out_col col, const struct out_record *rec)
{
	return out_value(col, rec).value;
}

/* An amount for people: 16,896,000,000원 (168억 9,600만원); below 1만 the Korean form says nothing new. */
static void
put_signed(FILE *fp, uint64_t v, bool negative, size_t width)
{
	char buf[NUM_BUF + 1];
	buf[0] = '-';
	num_fmt_grouped(buf + (negative && v > 0), v);
	pad(fp, buf, width, true);
	fputs("원", fp);
	if (v >= 10000) {
		num_fmt_korean(buf, v);
		fprintf(fp, " (%s%s원)", negative ? "-" : "", buf);
	}
}

/* The self-burden rate's sentence, a printf format of its number: the basis says what the rate is a share of. */
static const char *
self_rate_format(enum rules_basis basis)
{
	return basis == RULES_BASIS_TOTAL ? _("%s%% of the total cost (basis: total)")
	                                  : _("%s%% of the government support (basis: subsidy)");
}

void
table_scenario(FILE *fp, const struct out_record *rec, const enum out_col *cols, size_t n)
{
	size_t label_w = 0, amount_w = 0;
	char buf[NUM_BUF];

	for (size_t i = 0; i < n; i++) {
		size_t w = display_width(label_of(cols[i]));
		label_w = w > label_w ? w : label_w;
		if (is_amount(cols[i])) {
			w = num_fmt_grouped(buf, amount_of(cols[i], rec)) + out_value(cols[i], rec).negative;
			amount_w = w > amount_w ? w : amount_w;
		}
	}
	for (size_t i = 0; i < n; i++) {
		enum out_col col = cols[i];
		const struct out_col_def *def = out_col_def(col);
		struct out_cell c = out_value(col, rec);
		pad(fp, label_of(col), label_w + 2, false);
		fputs(words(def->before), fp);
		switch (def->kind) {
		case OUT_KIND_WON:
		case OUT_KIND_SIGNED:
			if (c.number)           /* a budget column of a record with none is blank */
				put_signed(fp, c.value, c.negative, amount_w);
			break;
		case OUT_KIND_COUNT:
			num_fmt_grouped(buf, c.value);
			fputs(buf, fp);
			break;
		case OUT_KIND_MONTHS:
			num_fmt_fixed(buf, c.value, c.places);
			fputs(buf, fp);
			break;
		case OUT_KIND_PCT:
			num_fmt_fixed(buf, c.value, c.places);
			if (col == OUT_SELF_RATE)
				fprintf(fp, self_rate_format(rec->sc->basis), buf);
			else
				fprintf(fp, "%s%%", buf);
			break;
		case OUT_KIND_TEXT:
			if (def->from == OUT_FROM_TYPE || def->from == OUT_FROM_LICENSE) {
				char word[WORD_BUF];
				fputs(word_and_term(word, sizeof word, c.text, def->from == OUT_FROM_TYPE
				                    ? rules_type_korean(rec->sc->type)
				                    : rules_license_korean(rec->sc->license)), fp);
			} else {
				fprintf(fp, "%.*s", (int)c.len, c.text);
			}
			break;
		}
		fprintf(fp, "%s\n", words(def->after));
	}
	if (rec->sc->gpus == 0)
		declined_note(fp);
}

/* ---- table_scenario() for a batch, record after record ---- */

/* Room for the text of a value that repeats: "12.5% of the government support (basis: subsidy)". */
#define KEPT_TEXT 160
/* Templates kept: one for each type and license, as the rates and the words depend on them. */
#define KINDS (RULES_TYPE_COUNT * RULES_LICENSE_COUNT)
/* The months' texts kept, by the value's remainder: a prime, so that the whole months up to 30 have a slot each. */
#define MONTHS_SLOTS 31
/* The most a row's value takes but for a record's own text: an amount padded, with its Korean form. */
#define VALUE_MAX (2 * KEPT_TEXT)
/* Records' tables are gathered here and written a block at a time; a record's rows always fit (table_batch_new()). */
#define BATCH_BUF (1 << 16)
/*
 * Texts are copied RUN bytes at a time (copy_run()), in moves the compiler
 * inlines: a call to mempcpy for each of a record's short texts costs more
 * than the copying, and most of them fit a run or two.  The texts copied so
 * have RUN bytes of room after them to be read, and the buffer RUN bytes to
 * be written.
 */
#define RUN 64
/* The widest amount: "-18,446,744,073,709,551,615". */
#define AMOUNT_MAX 27
/*
 * The amounts kept in struct amount_text: those below 1조, whose text fits
 * the slot (the longest, 999,999,999,999원 (9,999억 9,999만 9,999원), is
 * 47 bytes; table_batch_new() checks).  Larger ones and those below 0 are
 * printed each time.
 */
#define AMOUNT_KEPT 1000000000000u
/* Room for a kept amount's text: what is left of a 64-byte slot (one cache line). */
#define AMOUNT_TEXT (64 - sizeof(uint64_t) - 3)
/*
 * An amount found again keeps its slot from the next of others, up to
 * this many: the ones that repeat, mostly the government support, are not
 * pushed out by the many that come once (2.3 of a record's amounts found
 * instead of 2.1).
 */
#define AMOUNT_USES 3

/* How a row's value is written. */
enum how {
	HOW_AMOUNT,     /* right-aligned to the record's widest amount, then in Korean units */
	HOW_KEPT,       /* the size, the license or a rate: text kept in the template */
	HOW_KEPT_AMOUNT,        /* an amount that repeats (the unit price): padded as HOW_AMOUNT,
	                         * its text kept in the template */
	HOW_COUNT,      /* grouped */
	HOW_MONTHS,     /* a decimal, its text kept by value */
	HOW_TEXT,       /* the record's own text */
};

/* One row of the table, as table_batch_new() found it. */
struct batch_row {
	enum out_col col;
	enum how how;
	bool self_rate;     /* OUT_SELF_RATE: its sentence names the basis */
	const struct out_col_def *def;   /* its column: where its value comes from (out_number_of()) */
	bool number;        /* a number of the scenario or the result (the months too), always there */
	unsigned places;    /* and the places out_value() gives it */
};

/*
 * A record's table after its first line as records of one type and license
 * share it: the words, the labels padded and the text of the kept rows
 * (HOW_KEPT, HOW_KEPT_AMOUNT), made once, in pieces.  Between two pieces
 * goes what the record has of its own, a value or an amount's padding (the
 * rows of table_batch's BREAKS, in order): PIECE[0] up to the first of
 * those, PIECE[K] from the Kth on.  It was made with TYPE and LICENSE,
 * and the kept numbers' keys KEY (kept_key()): when the record's differ (a
 * unit price of its own), it is made again.  A kept amount's grouped width
 * is kept too, WIDTH[K] of the one at break K, and the widest, KEPT_W.
 */
struct tmpl {
	bool used;
	enum rules_type type;
	enum rules_license license;
	uint64_t key[OUT_COL_COUNT];
	const char *piece[OUT_COL_COUNT + 1];
	size_t len[OUT_COL_COUNT + 1];
	size_t width[OUT_COL_COUNT], kept_w;
	char *text;
};

/* The text of the months VALUE, which come in few values whatever the type and license. */
struct months_text {
	bool used;
	uint64_t value;
	size_t len;
	char text[NUM_BUF + RUN];
};

/*
 * The text of the amount VALUE, below AMOUNT_KEPT, as put_amount() writes
 * it, kept from one record that has it to the next; LEN 0: none yet.  In
 * slot table_amount_slot(VALUE) of 2^TABLE_AMOUNT_BITS (table.h).  Amounts
 * repeat: 20,000 records of few GPU counts and months have 2,158
 * government supports and ~10,000 values of each other amount.  kai-cost
 * -f table on them takes 3,058 Ir/record (callgrind) with none kept,
 * 2,988 with 2^12 slots (256 KiB), 2,886 with 2^13, 2,792 with 2^14
 * (1 MiB, within a core's L2 cache), 2,724 with 2^15.
 */
struct amount_text {
	uint64_t value;
	unsigned char len;
	unsigned char width;    /* the grouped number's bytes, to pad it to the record's widest */
	unsigned char uses;     /* found lately, up to AMOUNT_USES: so many amounts of its slot pass it by */
	char text[AMOUNT_TEXT];
};

struct table_batch {
	FILE *fp;
	size_t n;
	struct batch_row rows[OUT_COL_COUNT];
	size_t amounts[OUT_COL_COUNT];  /* which rows are amounts but for those kept */
	size_t namounts;
	size_t kept[OUT_COL_COUNT];     /* which kept rows are numbers, whose keys are compared (kept_key()) */
	size_t nkept;
	size_t breaks[OUT_COL_COUNT];   /* which rows break the templates' text (struct tmpl) */
	size_t nbreaks;
	/*
	 * The words between the values: SEG[0] is the newline that ends the
	 * record's first line, the first label padded and the words before the
	 * first value; SEG[I] the words after value I-1, its newline, label I
	 * padded and the words before value I; SEG[N] the words after the last
	 * value and its newline.
	 */
	const char *seg[OUT_COL_COUNT + 1];
	size_t seg_len[OUT_COL_COUNT + 1];
	size_t most;        /* the most bytes the rows take, but for a record's own text, and RUN */
	struct tmpl tmpl[KINDS];
	struct months_text months[MONTHS_SLOTS];
	struct amount_text *amount_texts;       /* TABLE_AMOUNT_SLOTS of them, and RUN bytes for copy_run() */
	char *words;        /* the text of SEG */
	char *texts;        /* the templates' text */
	char *note;         /* declined_note(), folded to FP's width once */
	size_t note_len;
	size_t len;         /* bytes in BUF */
	char buf[BATCH_BUF];
};

static enum how
how_of(const struct out_col_def *def)
{
	switch (def->kind) {
	case OUT_KIND_WON:    return def->repeats ? HOW_KEPT_AMOUNT : HOW_AMOUNT;
	case OUT_KIND_SIGNED: return HOW_AMOUNT;
	case OUT_KIND_PCT:    return HOW_KEPT;
	case OUT_KIND_COUNT:  return HOW_COUNT;
	case OUT_KIND_MONTHS: return HOW_MONTHS;
	case OUT_KIND_TEXT:   break;
	}
	return def->from == OUT_FROM_TYPE || def->from == OUT_FROM_LICENSE ? HOW_KEPT : HOW_TEXT;
}

/*
 * An amount V as put_signed() writes it after the padding, at D: a '-'
 * when NEGATIVE, V grouped (the G bytes num_grouped_len() gives), "원",
 * and from 1만 on V in Korean units: "16,896,000,000원 (168억 9,600만원)".
 * Both forms are printed where they go, by one num_fmt_amount(), which
 * writes nothing but them and their NULs: the words around them are put
 * in after.  Returns the end.
 */
static inline char *
put_amount(char *d, uint64_t v, bool negative, size_t g)
{
	char *korean = d + negative + g + strlen("원 (") + negative;
	size_t klen;

	*d = '-';
	d += negative;
	num_fmt_amount(d, korean, &klen, v);
	d += g;
	memcpy(d, "원 (", strlen("원 ("));
	if (v < 10000)                  /* the Korean form would say nothing new */
		return d + strlen("원");
	if (negative)
		korean[-1] = '-';
	memcpy(korean + klen, "원)", strlen("원)"));
	return korean + klen + strlen("원)");
}

/* Copies the LEN bytes at S to D, RUN at a time (see RUN); returns the end. */
static char *
copy_run(char *d, const char *s, size_t len)
{
	size_t k = 0;
	do
		memcpy(d + k, s + k, RUN);
	while ((k += RUN) < len);
	return d + len;
}

/* Makes E the text of the amount V, below AMOUNT_KEPT: for a record that finds it not kept. */
static void
amount_make(struct amount_text *e, uint64_t v)
{
	size_t g = num_grouped_len(v);
	e->value = v;
	e->width = (unsigned char)g;
	e->len = (unsigned char)(put_amount(e->text, v, false, g) - e->text);
}

/*
 * The text of the amount V, below AMOUNT_KEPT, kept in T: made when its
 * slot holds none, or another's no longer found (uses); else NULL.
 */
static inline struct amount_text *
amount_text_of(const struct table_batch *t, uint64_t v)
{
	struct amount_text *e = &t->amount_texts[table_amount_slot(v)];
	if (e->len != 0 && e->value == v) {
		e->uses += e->uses < AMOUNT_USES;
		return e;
	}
	if (e->uses > 0) {
		e->uses--;
		return NULL;
	}
	amount_make(e, v);
	return e;
}

/*
 * Row R's cell of REC, as out_value() gives it: a number of the scenario
 * or the result read with out_number_of(), for a call to out_value() and
 * its look-ups cost more than the rest of the row; any other column's from
 * out_value() itself.
 */
static inline struct out_cell
row_cell(const struct batch_row *r, const struct out_record *rec)
{
	if (r->number)
		return OUT_NUMBER(out_number_of(r->def, rec), r->places);
	return out_value(r->col, rec);
}

/*
 * What the text of kept row R in REC, a number, is made from: the unit
 * price, or a rate with (for the self-burden rate, whose sentence names
 * it) the basis.  The size's and the license's are the template's own.
 */
static inline uint64_t
kept_key(const struct batch_row *r, const struct out_record *rec)
{
	if (r->self_rate)                       /* a rate in ppm: well below 2^32 */
		return out_number_of(r->def, rec) * RULES_BASIS_COUNT + (uint64_t)rec->sc->basis;
	return out_number_of(r->def, rec);
}

/* Writes the text of kept row R in REC at D, which has KEPT_TEXT bytes of room; returns its length. */
static size_t
kept_text(char *d, const struct batch_row *r, const struct out_record *rec)
{
	const struct rules_scenario *sc = rec->sc;
	char num[NUM_BUF];

	if (r->how == HOW_KEPT_AMOUNT) {
		uint64_t v = out_number_of(r->def, rec);
		return (size_t)(put_amount(d, v, false, num_grouped_len(v)) - d);
	}
	if (r->def->from == OUT_FROM_TYPE || r->def->from == OUT_FROM_LICENSE) {
		struct out_cell cell = out_value(r->col, rec);
		word_and_term(d, WORD_BUF, cell.text, r->def->from == OUT_FROM_TYPE ? rules_type_korean(sc->type)
		              : rules_license_korean(sc->license));
		return strlen(d);
	}
	/* a rate: table_batch_new() checked that it fits */
	num_fmt_fixed(num, out_number_of(r->def, rec), r->places);
	return (size_t)snprintf(d, KEPT_TEXT, r->self_rate ? self_rate_format(sc->basis) : "%s%%", num);
}

/*
 * Makes M the template of REC, whose kept rows have the keys KEY: once
 * for each type and license, and for each unit price of their records, so
 * kept out of the way of the records that find it made.
 */
__attribute__((cold, noinline)) static void
tmpl_make(const struct table_batch *t, struct tmpl *m, const struct out_record *rec, const uint64_t *key)
{
	char *d = m->text;
	size_t b = 0;

	m->used = true;
	m->type = rec->sc->type;
	m->license = rec->sc->license;
	m->kept_w = 0;
	memcpy(m->key, key, t->nkept * sizeof *key);
	m->piece[0] = d;
	for (size_t i = 0;; i++) {
		d = mempcpy(d, t->seg[i], t->seg_len[i]);
		if (i == t->n)
			break;
		const struct batch_row *r = &t->rows[i];
		if (r->how != HOW_KEPT) {       /* the record's value, or the kept amount's padding, goes here */
			m->len[b] = (size_t)(d - m->piece[b]);
			m->piece[++b] = d;
		}
		if (r->how == HOW_KEPT_AMOUNT) {
			m->width[b - 1] = num_grouped_len(out_number_of(r->def, rec));
			m->kept_w = m->width[b - 1] > m->kept_w ? m->width[b - 1] : m->kept_w;
		}
		if (r->how == HOW_KEPT || r->how == HOW_KEPT_AMOUNT)
			d += kept_text(d, r, rec);
	}
	m->len[b] = (size_t)(d - m->piece[b]);
}

/* The text of the months VALUE of row R, kept in T by value. */
static inline const struct months_text *
months_of(struct table_batch *t, const struct batch_row *r, uint64_t value)
{
	struct months_text *s = &t->months[value % MONTHS_SLOTS];
	if (!s->used || s->value != value) {
		s->used = true;
		s->value = value;
		s->len = num_fmt_fixed(s->text, value, r->places);
	}
	return s;
}

/* Writes what T holds to its FILE. */
static void
batch_flush(struct table_batch *t)
{
	if (t->len > 0)
		out_write_block(t->fp, t->buf, t->len);
	t->len = 0;
}

void
table_batch_flush(struct table_batch *t)
{
	if (t != NULL)
		batch_flush(t);
}

/* Where N more bytes go (at most BATCH_BUF), after writing out what T holds if they do not fit. */
static char *
batch_room(struct table_batch *t, size_t n)
{
	if (n > sizeof t->buf - t->len)
		batch_flush(t);
	return t->buf + t->len;
}

/* table_batch_put() of a text longer than a run, or one that does not fit what T has left. */
__attribute__((noinline)) static void
put_long(struct table_batch *t, const char *s, size_t len)
{
	if (len > sizeof t->buf - t->len) {
		batch_flush(t);
		if (len > sizeof t->buf) {
			out_write_block(t->fp, s, len);
			return;
		}
	}
	memcpy(t->buf + t->len, s, len);
	t->len += len;
}

void
table_batch_put(struct table_batch *t, const char *s, size_t len)
{
	if (len > RUN || len > sizeof t->buf - t->len) {
		put_long(t, s, len);
		return;
	}
	out_copy_short(t->buf + t->len, s, len);
	t->len += len;
}

struct table_batch *
table_batch_new(FILE *fp, const enum out_col *cols, size_t n)
{
	struct table_batch *t = calloc(1, sizeof *t);
	size_t label_w = 0, room = 0, nkept = 0;

	if (t == NULL || n > OUT_COL_COUNT)
		goto fail;
	t->fp = fp;
	t->n = n;
	for (size_t i = 0; i < n; i++) {
		const struct out_col_def *def = out_col_def(cols[i]);
		if (def == NULL)
			goto fail;
		size_t w = display_width(label_of(cols[i]));
		label_w = w > label_w ? w : label_w;
		room += strlen(label_of(cols[i])) + strlen(words(def->before)) + strlen(words(def->after)) + 1;
	}
	room += 1 + n * (label_w + 2);
	t->words = calloc(1, room + 1 + RUN);   /* the room after them for copy_run() */
	if (t->words == NULL)
		goto fail;
	/* A rate's sentence must fit its room, with the longest number a rate in ppm can give. */
	char longest[NUM_BUF];
	num_fmt_fixed(longest, UINT32_MAX, RULES_PCT_PLACES);
	for (int basis = 0; basis < RULES_BASIS_COUNT; basis++)
		if (snprintf(NULL, 0, self_rate_format((enum rules_basis)basis), longest) >= KEPT_TEXT)
			goto fail;

	/* Label, padding and words before, then words after and newline, row after row. */
	char *d = t->words;
	t->seg[0] = d;
	*d++ = '\n';
	for (size_t i = 0; i < n; i++) {
		const struct out_col_def *def = out_col_def(cols[i]);
		const char *label = label_of(cols[i]);
		struct batch_row *r = &t->rows[i];
		*r = (struct batch_row){ .col = cols[i], .how = how_of(def), .self_rate = cols[i] == OUT_SELF_RATE,
		                         .def = def };
		r->number = def->from == OUT_FROM_SCENARIO || def->from == OUT_FROM_RESULT || def->from == OUT_FROM_RATE ||
		            def->from == OUT_FROM_MONTHS;
		if (r->number) {
			/* The places depend on the column alone: those of any record's number (months of 1 too). */
			static const struct rules_scenario sc = { .months_den = 1 };
			static const struct rules_result res;
			r->places = out_value(r->col, &(struct out_record){ .sc = &sc, .res = &res }).places;
		}
		/* A kept number is always there, and a kept amount never below 0 (HOW_KEPT_AMOUNT is OUT_KIND_WON). */
		if ((r->how == HOW_KEPT_AMOUNT || def->kind == OUT_KIND_PCT) && !r->number)
			goto fail;
		if (r->how == HOW_AMOUNT)
			t->amounts[t->namounts++] = i;
		if ((r->how == HOW_KEPT || r->how == HOW_KEPT_AMOUNT) && r->number)
			t->kept[t->nkept++] = i;
		nkept += r->how == HOW_KEPT || r->how == HOW_KEPT_AMOUNT;
		if (r->how != HOW_KEPT)
			t->breaks[t->nbreaks++] = i;
		d = stpcpy(d, label);
		for (size_t w = display_width(label); w < label_w + 2; w++)
			*d++ = ' ';
		d = stpcpy(d, words(def->before));
		t->seg_len[i] = (size_t)(d - t->seg[i]);
		t->seg[i + 1] = d;
		d = stpcpy(d, words(def->after));
		*d++ = '\n';
		t->most += t->seg_len[i] + VALUE_MAX;
	}
	t->seg_len[n] = (size_t)(d - t->seg[n]);
	t->most += t->seg_len[n] + RUN;
	if (t->most > sizeof t->buf)
		goto fail;
	/* Each template: the words, each kept row's text, and the room after them for copy_run(). */
	size_t tmpl_size = (size_t)(d - t->words) + nkept * KEPT_TEXT + RUN;
	if ((t->texts = calloc(KINDS, tmpl_size)) == NULL)
		goto fail;
	for (size_t k = 0; k < KINDS; k++)
		t->tmpl[k].text = t->texts + k * tmpl_size;
	/* The longest kept amount's text must fit its slot; one slot more, for copy_run() to read past the last. */
	char longest_amount[VALUE_MAX];
	if (put_amount(longest_amount, AMOUNT_KEPT - 1, false, num_grouped_len(AMOUNT_KEPT - 1)) - longest_amount
	    > (ptrdiff_t)AMOUNT_TEXT)
		goto fail;
	if ((t->amount_texts = calloc((1 << TABLE_AMOUNT_BITS) + 1, sizeof *t->amount_texts)) == NULL)
		goto fail;
	FILE *note = open_memstream(&t->note, &t->note_len);
	if (note == NULL)
		goto fail;
	declined_note_to(note, table_width(fp));
	if (fclose(note) != 0)
		goto fail;
	return t;
fail:
	table_batch_free(t);
	return NULL;
}

void
table_batch_scenario(struct table_batch *t, const struct out_record *rec)
{
	uint64_t key[OUT_COL_COUNT], value[OUT_COL_COUNT];
	size_t width[OUT_COL_COUNT], amount_w;     /* an amount's grouped bytes with its sign */
	bool negative[OUT_COL_COUNT], blank[OUT_COL_COUNT];
	struct amount_text *kept[OUT_COL_COUNT];   /* its text kept, or NULL: printed (AMOUNT_KEPT, AMOUNT_USES) */
	const struct rules_scenario *sc = rec->sc;
	/* The template of the record's type and license (the remainder only guards the index). */
	struct tmpl *m = &t->tmpl[((size_t)sc->type * RULES_LICENSE_COUNT + (size_t)sc->license) % KINDS];

	bool same = m->used && m->type == sc->type && m->license == sc->license;
	for (size_t k = 0; k < t->nkept; k++) {
		key[k] = kept_key(&t->rows[t->kept[k]], rec);
		same &= key[k] == m->key[k];
	}
	if (!same)
		tmpl_make(t, m, rec, key);

	/* The amounts first: they are right-aligned to the widest of the record's. */
	amount_w = m->kept_w;
	for (size_t k = 0; k < t->namounts; k++) {
		size_t i = t->amounts[k];
		struct out_cell c = row_cell(&t->rows[i], rec);
		value[i] = c.value;
		negative[i] = c.negative;
		blank[i] = !c.number;
		kept[i] = !c.negative && c.value < AMOUNT_KEPT ? amount_text_of(t, c.value) : NULL;
		width[i] = kept[i] != NULL ? kept[i]->width : num_grouped_len(c.value) + c.negative;
		if (width[i] > amount_w)
			amount_w = width[i];
	}
	char *d = batch_room(t, t->most);
	d = copy_run(d, m->piece[0], m->len[0]);
	for (size_t b = 0; b < t->nbreaks; b++) {
		size_t i = t->breaks[b];
		const struct batch_row *r = &t->rows[i];
		const struct months_text *s;
		switch (r->how) {
		case HOW_AMOUNT:
			if (blank[i])           /* a budget column of a record with none is blank */
				break;
			/* As many spaces as the widest amount takes, in a move or two, and as many kept as it needs. */
			memset(d, ' ', AMOUNT_MAX);
			d += amount_w - width[i];
			if (kept[i] == NULL) {
				d = put_amount(d, value[i], negative[i], width[i] - negative[i]);
				break;
			}
			if (kept[i]->value != value[i])         /* a later amount of the record took the slot */
				amount_make(kept[i], value[i]);
			d = copy_run(d, kept[i]->text, kept[i]->len);
			break;
		case HOW_KEPT_AMOUNT:           /* the padding: the template has the text */
			memset(d, ' ', AMOUNT_MAX);
			d += amount_w - m->width[b];
			break;
		case HOW_COUNT:
			d += num_fmt_grouped(d, row_cell(r, rec).value);
			break;
		case HOW_MONTHS:
			s = months_of(t, r, row_cell(r, rec).value);
			d = copy_run(d, s->text, s->len);
			break;
		case HOW_TEXT: {                /* the record's own text, of any length */
			struct out_cell c = row_cell(r, rec);
			t->len = (size_t)(d - t->buf);
			table_batch_put(t, c.text, c.len);
			d = batch_room(t, t->most);
			break;
		}
		case HOW_KEPT:                  /* in the template */
			break;
		}
		d = copy_run(d, m->piece[b + 1], m->len[b + 1]);
	}
	t->len = (size_t)(d - t->buf);
	if (sc->gpus == 0)
		table_batch_put(t, t->note, t->note_len);
}

void
table_batch_free(struct table_batch *t)
{
	if (t == NULL)
		return;
	free(t->texts);
	free(t->amount_texts);
	free(t->words);
	free(t->note);
	free(t);
}

/* Writes N spaces. */
static void
spaces(FILE *fp, size_t n)
{
	while (n-- > 0)
		putc(' ', fp);
}

/*
 * The --compare matrices too wide for WIDTH: one block per open-source
 * mode, its three company sizes down, private share and cash minimum
 * across, each amount right-aligned with its rate after it; a title
 * "A (B), won" is headed on two lines, "A" over "(B), won".
 */
static void
compare_narrow(FILE *fp, size_t width, const struct rules_result res[RULES_LICENSE_COUNT][RULES_COMPANY_COUNT],
               const char *const titles[2], char head[RULES_COMPANY_COUNT][NUM_BUF],
               char label[RULES_LICENSE_COUNT][NUM_BUF])
{
	char amount[2][RULES_LICENSE_COUNT][RULES_COMPANY_COUNT][NUM_BUF];
	char rate[2][RULES_LICENSE_COUNT][RULES_COMPANY_COUNT][NUM_BUF + 4];
	size_t amount_w[2] = { 0, 0 }, rate_w[2] = { 0, 0 }, col_w[2], head_w = 0;
	const char *top[2], *bottom[2];
	size_t top_len[2];

	for (int s = 0; s < RULES_COMPANY_COUNT; s++) {
		size_t w = display_width(head[s]);
		head_w = w > head_w ? w : head_w;
	}
	for (int t = 0; t < 2; t++) {
		for (int l = 0; l < RULES_LICENSE_COUNT; l++)
			for (int s = 0; s < RULES_COMPANY_COUNT; s++) {
				const struct rules_result *r = &res[l][s];
				char pct[NUM_BUF];
				num_fmt_grouped(amount[t][l][s], (uint64_t)(t == 0 ? r->private_share : r->cash_min));
				num_fmt_fixed(pct, t == 0 ? r->self_ppm : r->cash_ppm, RULES_PCT_PLACES);
				snprintf(rate[t][l][s], sizeof rate[t][l][s], "(%s%%)", pct);
				size_t w = display_width(amount[t][l][s]);
				amount_w[t] = w > amount_w[t] ? w : amount_w[t];
				w = display_width(rate[t][l][s]);
				rate_w[t] = w > rate_w[t] ? w : rate_w[t];
			}
		const char *title = _(titles[t]), *split = strstr(title, " (");
		top[t] = split != NULL ? title : "";
		top_len[t] = split != NULL ? (size_t)(split - title) : 0;
		bottom[t] = split != NULL ? split + 1 : title;
		col_w[t] = amount_w[t] + 1 + rate_w[t];
		size_t w = field_display_width(top[t], top_len[t]);
		col_w[t] = w > col_w[t] ? w : col_w[t];
		w = display_width(bottom[t]);
		col_w[t] = w > col_w[t] ? w : col_w[t];
	}
	/* The sizes under their mode, two columns in, when that fits. */
	size_t indent = 2 + head_w + 2 + col_w[0] + 2 + col_w[1] <= width ? 2 : 0;

	putc('\n', fp);
	for (int row = 0; row < 2; row++) {
		if (row == 0 && top_len[0] == 0 && top_len[1] == 0)
			continue;
		spaces(fp, indent + head_w);
		for (int t = 0; t < 2; t++) {
			const char *h = row == 0 ? top[t] : bottom[t];
			size_t n = row == 0 ? top_len[t] : strlen(h);
			spaces(fp, 2 + col_w[t] - field_display_width(h, n));
			fwrite(h, 1, n, fp);
		}
		putc('\n', fp);
	}
	for (int l = 0; l < RULES_LICENSE_COUNT; l++) {
		fprintf(fp, "%s\n", label[l]);
		for (int s = 0; s < RULES_COMPANY_COUNT; s++) {
			spaces(fp, indent);
			pad(fp, head[s], head_w, false);
			for (int t = 0; t < 2; t++) {
				spaces(fp, 2 + col_w[t] - (amount_w[t] + 1 + rate_w[t]));
				pad(fp, amount[t][l][s], amount_w[t], true);
				putc(' ', fp);
				if (t == 0)
					pad(fp, rate[t][l][s], rate_w[t], false);
				else
					fputs(rate[t][l][s], fp);
			}
			putc('\n', fp);
		}
	}
}

void
table_compare(FILE *fp, const struct rules_scenario *base,
                  const struct rules_result res[RULES_LICENSE_COUNT][RULES_COMPANY_COUNT])
{
	char gpus[NUM_BUF], months[NUM_BUF], price[NUM_BUF], gov[NUM_BUF], gov_ko[NUM_BUF];
	char cell[2][RULES_LICENSE_COUNT][RULES_COMPANY_COUNT][2 * NUM_BUF + 8];
	char head[RULES_COMPANY_COUNT][NUM_BUF], label[RULES_LICENSE_COUNT][NUM_BUF];
	static const char *const titles[2] = {
		N_("private share (민간부담금), won"), N_("cash minimum (현금 최소), won"),
	};
	size_t width = table_width(fp);

	num_fmt_grouped(gpus, base->gpus);
	num_fmt_fixed(months, rules_months_e4(base), RULES_MONTHS_PLACES);
	num_fmt_grouped(price, base->unit_price);
	num_fmt_grouped(gov, (uint64_t)res[0][0].gov);
	num_fmt_korean(gov_ko, (uint64_t)res[0][0].gov);
	put_folded(fp, width, 2, false, base->basis == RULES_BASIS_TOTAL
	           ? _("%s × B200, %s months, %s원 per GPU-month, basis: share of the total cost\n")
	           : _("%s × B200, %s months, %s원 per GPU-month, basis: share of the government support\n"),
	           gpus, months, price);
	put_folded(fp, width, 2, false, _("government support (정부지원금): %s원 (%s원) in every case\n"),
	           gov, gov_ko);

	for (int s = 0; s < RULES_COMPANY_COUNT; s++)
		word_and_term(head[s], sizeof head[s], rules_type_name((enum rules_type)s),
		              rules_type_korean((enum rules_type)s));
	size_t label_w = 0;
	for (int l = 0; l < RULES_LICENSE_COUNT; l++) {
		word_and_term(label[l], sizeof label[l], rules_license_name((enum rules_license)l),
		              rules_license_korean((enum rules_license)l));
		size_t w = display_width(label[l]);
		label_w = w > label_w ? w : label_w;
	}

	size_t col_w[2][RULES_COMPANY_COUNT], wide = 0;
	for (int t = 0; t < 2; t++) {
		size_t line_w = label_w;
		for (int s = 0; s < RULES_COMPANY_COUNT; s++) {
			col_w[t][s] = display_width(head[s]);
			for (int l = 0; l < RULES_LICENSE_COUNT; l++) {
				const struct rules_result *r = &res[l][s];
				char amount[NUM_BUF], rate[NUM_BUF];
				num_fmt_grouped(amount, (uint64_t)(t == 0 ? r->private_share : r->cash_min));
				num_fmt_fixed(rate, t == 0 ? r->self_ppm : r->cash_ppm, RULES_PCT_PLACES);
				snprintf(cell[t][l][s], sizeof cell[t][l][s], "%s (%s%%)", amount, rate);
				size_t w = display_width(cell[t][l][s]);
				col_w[t][s] = w > col_w[t][s] ? w : col_w[t][s];
			}
			line_w += 2 + col_w[t][s];
		}
		wide = line_w > wide ? line_w : wide;
	}
	if (width != 0 && wide > width) {
		compare_narrow(fp, width, res, titles, head, label);
	} else {
		for (int t = 0; t < 2; t++) {
			fprintf(fp, "\n%s\n", _(titles[t]));
			pad(fp, "", label_w, false);
			for (int s = 0; s < RULES_COMPANY_COUNT; s++) {
				fputs("  ", fp);
				pad(fp, head[s], col_w[t][s], true);
			}
			putc('\n', fp);
			for (int l = 0; l < RULES_LICENSE_COUNT; l++) {
				pad(fp, label[l], label_w, false);
				for (int s = 0; s < RULES_COMPANY_COUNT; s++) {
					fputs("  ", fp);
					pad(fp, cell[t][l][s], col_w[t][s], true);
				}
				putc('\n', fp);
			}
		}
	}
	if (base->gpus == 0)
		declined_note(fp);
}


__extension__ typedef unsigned __int128 u128;

/*
 * NUM / DEN as text: whole won grouped, then up to two decimals, with "…"
 * when more digits follow: 2486125714.2857 -> "2,486,125,714.28…".
 */
static void
fmt_quotient(char *buf, size_t n, u128 num, uint64_t den)
{
	char whole[NUM_BUF];
	u128 q = num / den, r = num % den;
	num_fmt_grouped(whole, (uint64_t)q);
	if (r == 0) {
		snprintf(buf, n, "%s", whole);
		return;
	}
	unsigned d1 = (unsigned)(r * 10 / den), d2;
	r = r * 10 % den;
	d2 = (unsigned)(r * 10 / den);
	r = r * 10 % den;
	if (r != 0)
		snprintf(buf, n, "%s.%u%u…", whole, d1, d2);
	else if (d2 != 0)
		snprintf(buf, n, "%s.%u%u", whole, d1, d2);
	else
		snprintf(buf, n, "%s.%u", whole, d1);
}

static void
fmt_pct(char *buf, uint64_t ppm)
{
	size_t len = num_fmt_fixed(buf, ppm, RULES_PCT_PLACES);
	buf[len] = '%';
	buf[len + 1] = '\0';
}

/*
 * One "values used" line: label, value, when it is in force, where it
 * comes from.  Folded to WIDTH, the source goes on under the label; when
 * not even the date fits beside the value, the date goes there too.
 */
static void
explain_value(FILE *fp, size_t width, const char *label, const char *value, const struct rs_entry *e,
              const char *override)
{
	char from[11], to[11], when[64];
	struct line l;
	FILE *out = line_open(&l, fp, width);
	fputs("  ", out);
	pad(out, label, 30, false);
	if (override != NULL)
		snprintf(when, sizeof when, "  %s", override);
	else if (e->open)
		snprintf(when, sizeof when, _("  from %s"), cal_format(from, e->from));
	else
		snprintf(when, sizeof when, _("  %s to %s"), cal_format(from, e->from), cal_format(to, e->to));
	size_t label_w = display_width(label), value_w = display_width(value);
	if (width != 0 && 2 + (label_w > 30 ? label_w : 30) + (value_w > 14 ? value_w : 14) +
	    display_width(when) > width)
		fprintf(out, "%s\n  ", value);
	else
		pad(out, value, 14, false);
	fputs(when, out);
	if (override != NULL)
		putc('\n', out);
	else
		fprintf(out, _("  line %lu: %s\n"), e->line, e->source);
	line_close(&l, 4, false);
}

/* Starts a --explain calculation line on L: its step's NAME, in a column. */
static FILE *
explain_step(struct line *l, FILE *fp, size_t width, const char *name)
{
	FILE *out = line_open(l, fp, width);
	fputs("  ", out);
	pad(out, name, 13, false);
	return out;
}

/* Ends a --explain calculation line: folded, what follows under the value. */
static void
explain_end(struct line *l)
{
	line_close(l, 15, true);
}

void
table_explain(FILE *fp, const struct rules_scenario *sc, const struct rules_result *res,
                  const struct table_sources *ex)
{
	char a[NUM_BUF], b[NUM_BUF], c[NUM_BUF], q[2 * NUM_BUF], date[11];
	const struct rs_pick *pick = ex->pick;
	size_t width = table_width(fp);
	struct line l;
	FILE *out;

	put_folded(fp, width, 2, false, _("\nvalues used, in force on %s, from %s:\n"),
	           cal_format(date, pick->as_of), ex->rules_name);
	num_fmt_grouped(a, sc->unit_price);
	strcat(a, "원");
	explain_value(fp, width, label_of(OUT_UNIT_PRICE), a, ruleset_entry(pick, RS_UNIT_PRICE, -1, -1),
	              ex->price_given ? _("from --unit-price") : NULL);
	fmt_pct(a, res->self_ppm);
	explain_value(fp, width, label_of(OUT_SELF_RATE), a,
	              ruleset_entry(pick, RS_SELF_RATE, (int)sc->type, (int)sc->license), NULL);
	fmt_pct(a, res->cash_ppm);
	explain_value(fp, width, label_of(OUT_CASH_RATE), a,
	              ruleset_entry(pick, RS_CASH_RATE, (int)sc->type, -1), NULL);

	fputs(_("calculation:\n"), fp);
	num_fmt_fixed(a, rules_months_e4(sc), RULES_MONTHS_PLACES);
	/* TRANSLATORS: the steps of --explain: months, gov, private, cash_min, in_kind_max, total. */
	out = explain_step(&l, fp, width, C_("explain step", "months"));
	fputs(a, out);
	if (sc->months_den != RULES_MONTHS_SCALE || ex->period != NULL) {
		num_fmt_uint(b, sc->months);
		num_fmt_uint(c, sc->months_den);
		fprintf(out, " = %s/%s", b, c);
	}
	if (ex->period != NULL)
		fprintf(out, _(" (%s, whole months plus each partial month by its days)"), ex->period);
	putc('\n', out);
	explain_end(&l);
	if (sc->gpus == 0) {
		out = explain_step(&l, fp, width, C_("explain step", "gov"));
		fputs(_("0 (the team declines the GPUs: nothing is owed)\n"), out);
		explain_end(&l);
		return;
	}

	/* gov = floor(gpus × price × months) */
	char months[2 * NUM_BUF];
	if (sc->months_den == RULES_MONTHS_SCALE) {
		num_fmt_fixed(months, sc->months, RULES_MONTHS_PLACES);
	} else {
		num_fmt_uint(b, sc->months);
		num_fmt_uint(c, sc->months_den);
		snprintf(months, sizeof months, "%s/%s", b, c);
	}
	num_fmt_grouped(a, sc->gpus);
	num_fmt_grouped(b, sc->unit_price);
	fmt_quotient(q, sizeof q, (u128)sc->gpus * sc->unit_price * sc->months, sc->months_den);
	num_fmt_grouped(c, (uint64_t)res->gov);
	out = explain_step(&l, fp, width, C_("explain step", "gov"));
	fprintf(out, "floor(%s × %s × %s) = floor(%s) = %s\n", a, b, months, q, c);
	explain_end(&l);

	/* private = ceil(gov × r / (1 − r)) or ceil(gov × r) */
	char r[NUM_BUF], one_minus[NUM_BUF];
	fmt_pct(r, res->self_ppm);
	fmt_pct(one_minus, RULES_PPM - res->self_ppm);
	num_fmt_grouped(a, (uint64_t)res->gov);
	uint64_t den = sc->basis == RULES_BASIS_TOTAL ? RULES_PPM - res->self_ppm : RULES_PPM;
	fmt_quotient(q, sizeof q, (u128)res->gov * res->self_ppm, den);
	num_fmt_grouped(b, (uint64_t)res->private_share);
	out = explain_step(&l, fp, width, C_("explain step", "private"));
	if (sc->basis == RULES_BASIS_TOTAL)
		fprintf(out, "ceil(%s × %s / %s) = ceil(%s) = %s\n", a, r, one_minus, q, b);
	else
		fprintf(out, "ceil(%s × %s) = ceil(%s) = %s\n", a, r, q, b);
	explain_end(&l);

	/* cash_min = ceil(private × c) */
	fmt_pct(r, res->cash_ppm);
	fmt_quotient(q, sizeof q, (u128)res->private_share * res->cash_ppm, RULES_PPM);
	num_fmt_grouped(c, (uint64_t)res->cash_min);
	out = explain_step(&l, fp, width, C_("explain step", "cash_min"));
	fprintf(out, "ceil(%s × %s) = ceil(%s) = %s\n", b, r, q, c);
	explain_end(&l);

	num_fmt_grouped(a, (uint64_t)res->in_kind_max);
	out = explain_step(&l, fp, width, C_("explain step", "in_kind_max"));
	fprintf(out, "%s − %s = %s\n", b, c, a);
	explain_end(&l);
	num_fmt_grouped(a, (uint64_t)res->gov);
	num_fmt_grouped(c, (uint64_t)res->total);
	out = explain_step(&l, fp, width, C_("explain step", "total"));
	fprintf(out, "%s + %s = %s\n", a, b, c);
	explain_end(&l);
}

/* The cell of ROW for stage K of --stages: its months, or its amount in won. */
static void
stage_cell(char cell[NUM_BUF], enum out_col row, const struct rules_scenario *sc, const struct out_record *rec)
{
	if (row == OUT_MONTHS) {
		num_fmt_fixed(cell, rules_months_e4(sc), RULES_MONTHS_PLACES);
	} else {
		size_t len = num_fmt_grouped(cell, amount_of(row, rec));
		strcpy(cell + len, "원");
	}
}

/*
 * The --stages table too wide to put the three side by side: each one
 * under its label, a line per figure, the figures of all three aligned.
 */
static void
stages_narrow(FILE *fp, const struct rules_scenario sc[3], const struct out_record rec[3],
              const char *const labels[3], const enum out_col *rows, size_t nrows, size_t label_w)
{
	char cell[NUM_BUF];
	size_t cell_w = 0;
	for (int k = 0; k < 3; k++)
		for (size_t i = 0; i < nrows; i++) {
			stage_cell(cell, rows[i], &sc[k], &rec[k]);
			size_t w = display_width(cell);
			cell_w = w > cell_w ? w : cell_w;
		}
	for (int k = 0; k < 3; k++) {
		fprintf(fp, "%s%s\n", k > 0 ? "\n" : "", labels[k]);
		for (size_t i = 0; i < nrows; i++) {
			stage_cell(cell, rows[i], &sc[k], &rec[k]);
			fputs("  ", fp);
			pad(fp, label_of(rows[i]), label_w, false);
			fputs("  ", fp);
			pad(fp, cell, cell_w, true);
			putc('\n', fp);
		}
	}
}

void
table_stages(FILE *fp, const struct rules_scenario sc[3], const struct rules_result res[3],
                 const char *const labels[3])
{
	static const enum out_col rows[] = {
		OUT_MONTHS, OUT_GOV, OUT_PRIVATE, OUT_CASH_MIN, OUT_IN_KIND, OUT_TOTAL,
	};
	char cell[3][NUM_BUF];
	size_t label_w = 0, col_w[3];

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		size_t w = display_width(label_of(rows[i]));
		label_w = w > label_w ? w : label_w;
	}
	struct out_record rec[3];
	for (int k = 0; k < 3; k++)
		rec[k] = (struct out_record){ .sc = &sc[k], .res = &res[k] };
	for (int k = 0; k < 3; k++) {
		col_w[k] = display_width(labels[k]);
		for (size_t i = 1; i < sizeof rows / sizeof rows[0]; i++) {
			size_t len = num_fmt_grouped(cell[k], amount_of(rows[i], &rec[k]));
			strcpy(cell[k] + len, "원");
			size_t w = display_width(cell[k]);
			col_w[k] = w > col_w[k] ? w : col_w[k];
		}
	}
	size_t width = table_width(fp), wide = label_w;
	for (int k = 0; k < 3; k++)
		wide += 2 + col_w[k];
	if (width != 0 && wide > width) {
		stages_narrow(fp, sc, rec, labels, rows, sizeof rows / sizeof rows[0], label_w);
		return;
	}
	pad(fp, "", label_w, false);
	for (int k = 0; k < 3; k++) {
		fputs("  ", fp);
		pad(fp, labels[k], col_w[k], true);
	}
	putc('\n', fp);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		pad(fp, label_of(rows[i]), label_w, false);
		for (int k = 0; k < 3; k++) {
			if (rows[i] == OUT_MONTHS) {
				num_fmt_fixed(cell[k], rules_months_e4(&sc[k]), RULES_MONTHS_PLACES);
			} else {
				size_t len = num_fmt_grouped(cell[k], amount_of(rows[i], &rec[k]));
				strcpy(cell[k] + len, "원");
			}
			fputs("  ", fp);
			pad(fp, cell[k], col_w[k], true);
		}
		putc('\n', fp);
	}
}

/* The members table's columns: a header and each row's cell. */
enum { TM_NAME, TM_ROLE, TM_TYPE, TM_GPUS, TM_GOV, TM_PRIVATE, TM_CASH, TM_COLS };

static const struct {
	const char *head;
	bool right;
	enum out_col amount;    /* for the amount columns */
} team_cols[TM_COLS] = {
	[TM_NAME]    = { "기관명", false, 0 },
	[TM_ROLE]    = { "역할", false, 0 },
	[TM_TYPE]    = { "유형", false, 0 },
	[TM_GPUS]    = { "GPU", true, OUT_GPUS },
	[TM_GOV]     = { "정부지원금(원)", true, OUT_GOV },
	[TM_PRIVATE] = { "민간부담금(원)", true, OUT_PRIVATE },
	[TM_CASH]    = { "현금 최소(원)", true, OUT_CASH_MIN },
};

/* Cell C of a members-table row: member I, or the totals line when I == T->n. */
static void
team_cell(char *buf, size_t n, const struct table_team *t, size_t i, int c)
{
	const struct out_record *rec = i < t->n ? &t->members[i] : t->total;
	char num[NUM_BUF];
	switch (c) {
	case TM_NAME:
		snprintf(buf, n, "%s", i < t->n ? rec->text[OUT_NAME] : _("합계 (total)"));
		break;
	case TM_ROLE:
		snprintf(buf, n, "%s", i < t->n ? team_role_korean(t->info[i].role) : "");
		break;
	case TM_TYPE:
		snprintf(buf, n, "%s%s", i < t->n ? rules_type_korean(t->info[i].type) : "",
		         i < t->n && t->info[i].foreign != TEAM_DOMESTIC ? " (해외)" : "");
		break;
	case TM_GPUS:
		num_fmt_grouped(num, out_value(OUT_GPUS, rec).value);
		snprintf(buf, n, "%s", num);
		break;
	default:
		num_fmt_korean(num, out_value(team_cols[c].amount, rec).value);
		snprintf(buf, n, "%s", num);
		break;
	}
}

void
table_team(FILE *fp, const struct table_team *t)
{
	const struct out_record *total = t->total;
	char buf[256], pct[NUM_BUF];
	size_t width[TM_COLS];

	num_fmt_fixed(pct, rules_months_e4(total->sc), RULES_MONTHS_PLACES);
	num_fmt_grouped(buf, total->sc->unit_price);
	fprintf(fp, _("team %s: %s (%s), %s months, %s원 per GPU-month\n"), t->name,
	        rules_license_name(total->sc->license), rules_license_korean(total->sc->license),
	        pct, buf);

	for (int c = 0; c < TM_COLS; c++) {
		width[c] = display_width(team_cols[c].head);
		for (size_t i = 0; i <= t->n; i++) {
			team_cell(buf, sizeof buf, t, i, c);
			size_t w = display_width(buf);
			width[c] = w > width[c] ? w : width[c];
		}
	}
	for (size_t i = 0; i <= t->n + 1; i++) {        /* the header, the members, the totals */
		for (int c = 0; c < TM_COLS; c++) {
			const char *s = buf;
			if (i == 0)
				s = team_cols[c].head;
			else
				team_cell(buf, sizeof buf, t, i - 1, c);
			fputs(c ? "  " : "", fp);
			pad(fp, s, width[c], team_cols[c].right);
		}
		putc('\n', fp);
	}

	static const enum out_col sums[] = {
		OUT_GOV, OUT_PRIVATE, OUT_CASH_MIN, OUT_IN_KIND, OUT_TOTAL,
	};
	fputs("\n", fp);
	table_scenario(fp, total, sums, sizeof sums / sizeof sums[0]);
	num_fmt_fixed(pct, total->res->self_ppm, RULES_PCT_PLACES);
	fprintf(fp, _("effective self-burden rate (실효 자부담율): %s%% of the total cost "
	        "(private share ÷ total cost)\n"), pct);
	if (!t->checked) {
		fputs(_("eligibility (지원 자격): not checked (--eligibility=off)\n"), fp);
		return;
	}
	if (t->nproblems == 0) {
		fputs(_("eligibility (지원 자격): eligible: every rule of docs/rules.md is met\n"), fp);
		return;
	}
	fputs(_("eligibility (지원 자격): NOT eligible:\n"), fp);
	for (size_t k = 0; k < t->nproblems; k++) {
		const struct team_problem *p = &t->problems[k];
		fprintf(fp, "  - %s: %s", team_rule_code(p->rule), _(team_rule_words(p->rule)));
		if (p->member >= 0)
			fprintf(fp, " (%s)", t->members[p->member].text[OUT_NAME]);
		putc('\n', fp);
	}
}

/* "3억원" or "1,234원": an amount in a sentence. */
static const char *
words_won(char buf[2 * NUM_BUF], uint64_t v)
{
	if (v >= 10000)
		num_fmt_korean(buf, v);
	else
		num_fmt_grouped(buf, v);
	strcat(buf, "원");
	return buf;
}

/* The value of VAR at PT: "154 GPUs", "6.2144 months", "to 2026-05-06 (6.1935 months)". */
static const char *
words_value(char *buf, size_t n, enum plan_var var, const struct plan_point *pt)
{
	char num[NUM_BUF], date[11];
	switch (var) {
	case PLAN_GPUS:
		num_fmt_grouped(num, pt->sc.gpus);
		/* the count is shown by num.c; ngettext only picks the word (GPUs are at most 100,000) */
		snprintf(buf, n, ngettext("%s GPU", "%s GPUs", (unsigned long)pt->sc.gpus), num);
		break;
	case PLAN_MONTHS:
		num_fmt_fixed(num, rules_months_e4(&pt->sc), RULES_MONTHS_PLACES);
		snprintf(buf, n, _("%s months"), num);
		break;
	case PLAN_END:
		num_fmt_fixed(num, rules_months_e4(&pt->sc), RULES_MONTHS_PLACES);
		snprintf(buf, n, _("to %s (%s months)"), cal_format(date, pt->end), num);
		break;
	}
	return buf;
}

/*
 * The sentence on the step PT that does not fit MONEY (it breaks LIMIT):
 * what it would need, and by how much.  FOUND says whether a smaller value
 * fitted, BEST (then "at most BEST; ..."); each case is one whole sentence
 * for translators.
 */
static void
put_need(FILE *fp, bool found, const char *best, const char *next, const struct plan_point *pt,
         const struct plan_budget *money, enum plan_limit limit)
{
	char need[2 * NUM_BUF], have[2 * NUM_BUF];
	if (limit == PLAN_CASH) {
		words_won(need, (uint64_t)pt->res.cash_min);
		words_won(have, money->cash);
		if (found)
			fprintf(fp, _("at most %s; %s would need a cash minimum of %s, more than the "
			              "cash (%s).\n"), best, next, need, have);
		else
			fprintf(fp, _("nothing fits: even %s would need a cash minimum of %s, more than "
			              "the cash (%s).\n"), next, need, have);
	} else {
		words_won(need, (uint64_t)pt->res.private_share);
		words_won(have, money->cash + money->in_kind);
		if (found)
			fprintf(fp, _("at most %s; %s would need a private share of %s, more than cash "
			              "and in kind together (%s).\n"), best, next, need, have);
		else
			fprintf(fp, _("nothing fits: even %s would need a private share of %s, more than "
			              "cash and in kind together (%s).\n"), next, need, have);
	}
}

void
table_budget(FILE *fp, enum plan_var var, const struct plan_budget *money,
             const struct plan_answer *a, uint64_t cap)
{
	char cash[2 * NUM_BUF], in_kind[2 * NUM_BUF], best[2 * NUM_BUF], next[2 * NUM_BUF], num[NUM_BUF];
	fprintf(fp, _("\nWith %s cash and %s in kind: "), words_won(cash, money->cash),
	        words_won(in_kind, money->in_kind));
	if (!a->found) {
		words_value(next, sizeof next, var, &a->next);
		put_need(fp, false, NULL, next, &a->next, money, plan_check(&a->next.res, money));
		return;
	}
	words_value(best, sizeof best, var, &a->best);
	if (a->limit == PLAN_CAP) {      /* no next step: the answer is the cap (A->next is empty) */
		if (var == PLAN_GPUS) {
			num_fmt_grouped(num, cap);
			fprintf(fp, _("%s fit, the most a team receives (%s).\n"), best, num);
		} else if (var == PLAN_MONTHS) {
			fprintf(fp, _("%s fit, the longest period allowed.\n"), best);
		} else {
			fprintf(fp, _("the period %s fits, to the latest end allowed.\n"), best);
		}
		return;
	}
	words_value(next, sizeof next, var, &a->next);
	put_need(fp, true, best, next, &a->next, money, a->limit);
}

void
table_compare_budget(FILE *fp, const struct rules_scenario *base, enum plan_var var,
                     const struct plan_budget *money,
                     const struct plan_answer a[RULES_LICENSE_COUNT][RULES_COMPANY_COUNT])
{
	static const char *const what[] = {
		[PLAN_GPUS] = N_("With %s cash and %s in kind, basis: %s: the most GPUs each can afford\n"),
		[PLAN_MONTHS] = N_("With %s cash and %s in kind, basis: %s: the most months each can afford\n"),
		[PLAN_END] = N_("With %s cash and %s in kind, basis: %s: the latest end each can afford\n"),
	};
	char cash[2 * NUM_BUF], in_kind[2 * NUM_BUF], head[RULES_COMPANY_COUNT][NUM_BUF];
	char label[RULES_LICENSE_COUNT][NUM_BUF], cell[RULES_LICENSE_COUNT][RULES_COMPANY_COUNT][NUM_BUF + 2];
	fprintf(fp, gettext(what[var]), words_won(cash, money->cash), words_won(in_kind, money->in_kind),
	        base->basis == RULES_BASIS_TOTAL ? C_("basis", "total") : C_("basis", "subsidy"));
	fputs(_("(* the most allowed; - nothing fits)\n\n"), fp);
	size_t label_w = 0, cell_w[RULES_COMPANY_COUNT] = { 0 };
	for (int s = 0; s < RULES_COMPANY_COUNT; s++) {
		word_and_term(head[s], sizeof head[s], rules_type_name((enum rules_type)s),
		              rules_type_korean((enum rules_type)s));
		cell_w[s] = display_width(head[s]);
	}
	for (int l = 0; l < RULES_LICENSE_COUNT; l++) {
		word_and_term(label[l], sizeof label[l], rules_license_name((enum rules_license)l),
		              rules_license_korean((enum rules_license)l));
		size_t w = display_width(label[l]);
		label_w = w > label_w ? w : label_w;
		for (int s = 0; s < RULES_COMPANY_COUNT; s++) {
			const struct plan_answer *ans = &a[l][s];
			char num[NUM_BUF], date[11];
			if (!ans->found)
				snprintf(cell[l][s], sizeof cell[l][s], "-");
			else if (var == PLAN_GPUS)
				num_fmt_grouped(num, ans->best.sc.gpus), snprintf(cell[l][s], sizeof cell[l][s], "%s", num);
			else if (var == PLAN_MONTHS)
				num_fmt_fixed(num, rules_months_e4(&ans->best.sc), RULES_MONTHS_PLACES),
				snprintf(cell[l][s], sizeof cell[l][s], "%s", num);
			else
				snprintf(cell[l][s], sizeof cell[l][s], "%s", cal_format(date, ans->best.end));
			if (ans->found && ans->limit == PLAN_CAP)
				strcat(cell[l][s], "*");
			w = display_width(cell[l][s]);
			cell_w[s] = w > cell_w[s] ? w : cell_w[s];
		}
	}
	pad(fp, "", label_w, false);
	for (int s = 0; s < RULES_COMPANY_COUNT; s++) {
		fputs("  ", fp);
		pad(fp, head[s], cell_w[s], true);
	}
	putc('\n', fp);
	for (int l = 0; l < RULES_LICENSE_COUNT; l++) {
		pad(fp, label[l], label_w, false);
		for (int s = 0; s < RULES_COMPANY_COUNT; s++) {
			fputs("  ", fp);
			pad(fp, cell[l][s], cell_w[s], true);
		}
		putc('\n', fp);
	}
}

void
table_plan(FILE *fp, const char *name, const struct rules_result *res, const struct out_plan *p)
{
	char a[NUM_BUF], b[NUM_BUF];
	if (p->cash_short > 0) {
		num_fmt_grouped(a, (uint64_t)p->cash_short);
		num_fmt_grouped(b, (uint64_t)res->cash_min);
		fprintf(fp, _("plan: %s is %s원 short in cash (cash minimum %s원)\n"), name, a, b);
	}
	if (p->private_short > 0) {
		num_fmt_grouped(a, (uint64_t)p->private_short);
		num_fmt_grouped(b, (uint64_t)res->private_share);
		fprintf(fp, _("plan: %s is %s원 short of its private share (%s원) in cash and in kind\n"),
		        name, a, b);
	}
	if (p->in_kind > res->in_kind_max) {
		num_fmt_grouped(a, (uint64_t)p->in_kind);
		num_fmt_grouped(b, (uint64_t)res->in_kind_max);
		fprintf(fp, _("plan: %s puts %s원 in kind, more than the in-kind maximum %s원\n"), name, a, b);
	}
}
