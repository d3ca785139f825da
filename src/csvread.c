/*
 * csvread.c - the CSV and TSV record reader.  See csvread.h.
 *
 * Data flow: fread() a chunk -> (CP949: known pairs from a table, the rest
 * through iconv) -> cut at each LF, so the physical line where every
 * record starts is known -> lines with no quote are split at their commas
 * in place, many in one walk of the chunk's blocks that checks their UTF-8
 * too (split_lines), or one at a time (split_line); a line whose fields
 * are wholly quoted is split and its fields copied, unquoted, into the
 * record buffer (split_quoted); any other goes through csv_parse(), whose
 * on_field() copies each field into the record buffer -> deliver() checks
 * UTF-8 and hands the record to the consumer.  The lines split one at a
 * time without libcsv have their UTF-8 checked ahead, many lines at a time
 * (line_utf8).
 *
 * TSV takes a shorter way: feed_tsv() cuts at each line end, most lines
 * split at their tabs where they lie many in one walk, as split_lines()
 * does (tsv_lines), a whole line in the chunk that walk leaves one at a
 * time (tsv_quick, or tsv_line), and a line cut
 * by the end of a chunk is gathered in the record buffer first (tsv_gather);
 * a line with a backslash is decoded in the record buffer.
 */
#include "csvread.h"

#include <csv.h>
#if defined(__SSE2__) && !defined(KAI_PORTABLE)
#include <emmintrin.h>
#endif
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "field.h"
#include "i18n.h"
#include "num.h"

#define CHUNK   65536
#define MSG_MAX 256
#define BLOCK   16              /* bytes the fast paths look at together: see struct marks */

struct csvr {
	struct csvr_options opt;
	struct csv_parser csv;
	iconv_t cd;                   /* CP949 -> UTF-8, or (iconv_t)-1 */
	uint32_t *pairs;              /* CP949 pairs as UTF-8, as iconv gave them: see cp949_pair() */
	char in[CHUNK];               /* bytes as read */
	char utf8[2 * CHUNK];         /* CP949 converted: 2 bytes become at most 3 */

	/* The input being read. */
	unsigned long line;           /* physical line being fed, from 1 */
	unsigned long record_line;    /* line where the current record started */
	bool at_record_start;
	bool done;                    /* stop reading this input */
	enum csvr_status status;

	/* libcsv's record being assembled: fields back to back, each NUL-terminated. */
	char *text;
	size_t text_len, text_cap;
	size_t *starts;               /* offset of each field in TEXT */
	bool csv_idle;                /* libcsv holds no part of a record */
	bool too_wide;                /* the record has more than CSVR_FIELDS_MAX fields */
	unsigned long records_ended;  /* on_record() calls, to tell when libcsv finished one */

	/* TSV: the line cut by the end of a chunk, gathered in TEXT. */
	bool tsv_open;                /* TEXT holds the start of a line */
	bool tsv_wide;                /* ... and it has more than CSVR_FIELDS_MAX fields: the rest is dropped */
	size_t tsv_tabs;              /* tabs in TEXT */
	size_t tsv_field;             /* bytes of its last field so far, escapes undecoded */
	bool cr_ended;                /* the last line ended with a CR: an LF next is its CR LF's */
	bool own_bytes;               /* the bytes fed are the reader's own (IN, UTF8), not csvr_text()'s */
	const char *settled;          /* the bytes being fed, from a line's start up to here, are UTF-8
	                               * without NUL bytes: see line_utf8() */

	/*
	 * The record being delivered: its fields, in TEXT or straight in the
	 * input.  FIELDS has BLOCK spare entries past FIELDS_CAP, where a fast
	 * path writes a block's fields before it looks at the room (struct adding).
	 */
	struct csvr_field *fields;
	size_t nfields, fields_cap;
};

/* ---- small helpers ---- */

static void
fail(struct csvr *r, enum csvr_status st, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Stops the input with ST, reporting why unless memory ran out. */
static void
fail(struct csvr *r, enum csvr_status st, unsigned long line, const char *fmt, ...)
{
	if (st != CSVR_NOMEM && r->opt.error != NULL) {
		char msg[MSG_MAX];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(msg, sizeof msg, fmt, ap);
		va_end(ap);
		r->opt.error(r->opt.ctx, line, msg);
	}
	if (st > r->status)
		r->status = st;
	r->done = true;
}

/*
 * Room for one more field; false when there is none: the record has
 * CSVR_FIELDS_MAX fields already (noted in TOO_WIDE), or memory ran out
 * (the input is done).
 */
static bool
grow_fields(struct csvr *r)
{
	if (r->nfields < r->fields_cap)
		return true;
	if (r->nfields == CSVR_FIELDS_MAX) {
		r->too_wide = true;
		return false;
	}
	size_t cap = r->fields_cap ? 2 * r->fields_cap : 16;
	if (cap > CSVR_FIELDS_MAX)
		cap = CSVR_FIELDS_MAX;
	size_t *starts = realloc(r->starts, cap * sizeof *starts);
	if (starts != NULL)
		r->starts = starts;
	struct csvr_field *fields = realloc(r->fields, (cap + BLOCK) * sizeof *fields);
	if (fields != NULL)
		r->fields = fields;
	if (starts == NULL || fields == NULL) {
		fail(r, CSVR_NOMEM, 0, _("out of memory"));
		return false;
	}
	r->fields_cap = cap;
	return true;
}

bool
csvr_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

/*
 * The UTF-8 marks of a block of sixteen bytes, one bit a byte as in struct
 * marks below: the bytes past ASCII, and of those the ones the block check
 * settles (continuations, the leads of two- and three-byte characters but
 * E0), the lead ED and the continuations that may not follow it, and NULs.
 */
struct utf8_marks {
	unsigned high;          /* 80-FF */
	unsigned cont;          /* 80-BF */
	unsigned lead2;         /* C2-DF */
	unsigned lead3;         /* E1-EF */
	unsigned ed;            /* ED: its next byte is below A0, or it would be a surrogate */
	unsigned upper;         /* A0-BF */
	unsigned nul;           /* 00 */
};

/* The UTF-8 marks of the BLOCK bytes at P. */
static inline struct utf8_marks
utf8_marks_at(const char *p)
{
	struct utf8_marks m;
#if defined(__SSE2__) && !defined(KAI_PORTABLE)
	/*
	 * Compared as signed bytes, 80-FF are -128 to -1, below every ASCII
	 * byte: C > V marks the bytes from 80 up to C - 1, and two such marks
	 * leave a range between them.
	 */
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
#define BELOW(c) ((unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(_mm_set1_epi8((char)(c)), v)))
	m.high = (unsigned)_mm_movemask_epi8(v);
	m.cont = BELOW(0xC0);
	m.upper = m.cont & ~BELOW(0xA0);
	m.lead2 = BELOW(0xE0) & ~BELOW(0xC2);
	m.lead3 = BELOW(0xF0) & ~BELOW(0xE1);
#undef BELOW
	m.ed = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xED)));
	m.nul = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128()));
#else
	m = (struct utf8_marks){ 0 };
	for (int i = 0; i < BLOCK; i++) {
		unsigned char c = (unsigned char)p[i];
		unsigned bit = 1u << i;
		m.high |= c >= 0x80 ? bit : 0;
		m.cont |= c >= 0x80 && c <= 0xBF ? bit : 0;
		m.lead2 |= c >= 0xC2 && c <= 0xDF ? bit : 0;
		m.lead3 |= c >= 0xE1 && c <= 0xEF ? bit : 0;
		m.ed |= c == 0xED ? bit : 0;
		m.upper |= c >= 0xA0 && c <= 0xBF ? bit : 0;
		m.nul |= c == 0 ? bit : 0;
	}
#endif
	return m;
}

/*
 * Whether the BLOCK bytes at P are ASCII, and without NUL unless NUL_OK:
 * most blocks of most files, settled with this one look.
 */
static inline bool
ascii_block(const char *p, bool nul_ok)
{
#if defined(__SSE2__) && !defined(KAI_PORTABLE)
	/* Compared as signed bytes, ASCII is above -1 and ASCII but NUL above 0; no other byte is. */
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	return _mm_movemask_epi8(_mm_cmpgt_epi8(v, _mm_set1_epi8((char)(nul_ok ? -1 : 0)))) == 0xFFFF;
#else
	for (int i = 0; i < BLOCK; i++)
		if ((unsigned char)p[i] >= 0x80 || (p[i] == 0 && !nul_ok))
			return false;
	return true;
#endif
}

/*
 * What a block of UTF-8 leaves to the next: the continuations its
 * characters still need (one bit a byte of the next block), whether the
 * first of them follows ED, and its leads.
 */
struct utf8_carry {
	unsigned need, ed;      /* ED comes only with NEED */
	unsigned leads;         /* of the block, when it left NEED */
};

/*
 * Whether the BLOCK bytes at Q, after the block that left C, are settled by
 * their marks: every byte past ASCII is a lead or a continuation, the
 * continuations are exactly the one or two bytes after each lead (NEED,
 * carried into the next block: C is updated), and none after ED is A0 or
 * more.  Not settled: E0, four-byte characters, a NUL unless NUL_OK, every
 * error.
 */
static inline bool
utf8_block(const char *q, bool nul_ok, struct utf8_carry *c)
{
	struct utf8_marks m = utf8_marks_at(q);
	unsigned need = m.lead2 << 1 | m.lead3 << 1 | m.lead3 << 2 | c->need;
	unsigned after_ed = m.ed << 1 | c->ed;
	if ((m.cont | m.lead2 | m.lead3) != m.high || m.cont != (need & 0xFFFF) ||
	    (after_ed & m.upper) != 0 || (m.nul != 0 && !nul_ok))
		return false;
	*c = (struct utf8_carry){ need >> BLOCK, after_ed >> BLOCK, m.lead2 | m.lead3 };
	return true;
}

/*
 * How many of the LEN bytes at S are settled as ASCII and well-formed two-
 * and three-byte characters, whole blocks of sixteen at a time: a block of
 * ASCII at once (ascii_block()), any other by its marks (utf8_block()).
 * It stops at the first block it cannot settle and before the last, short
 * one; a character that the next block would finish is left out.  The
 * rest is the plain check's.
 */
static size_t
utf8_blocks(const char *s, size_t len, bool nul_ok)
{
	struct utf8_carry c = { 0, 0, 0 };
	const char *q = s;
	for (const char *last = s + len / BLOCK * BLOCK; q != last; q += BLOCK) {
		if (c.need == 0 && ascii_block(q, nul_ok))
			continue;
		if (!utf8_block(q, nul_ok, &c))
			break;
	}
	/* Up to the last block settled, or to the lead of the character it cuts. */
	if (c.need == 0)
		return (size_t)(q - s);
	return (size_t)(q - s) - BLOCK + (size_t)(31 - __builtin_clz(c.leads));
}

/*
 * Whether the LEN bytes at STR are well-formed UTF-8, and without NUL bytes
 * unless NUL_OK: field_utf8_length() decides, character by character, what
 * utf8_blocks() has not settled sixteen bytes at a time (ASCII and Hangul,
 * nearly all of a line).  test_csvread compares it with field_utf8_length()
 * alone.
 */
static inline bool
utf8_scan(const char *str, size_t len, bool nul_ok)
{
	const unsigned char *s = (const unsigned char *)str;
	for (size_t i = utf8_blocks(str, len, nul_ok), n; i < len; i += n) {
		if (s[i] == 0 && !nul_ok)
			return false;
		if ((n = field_utf8_length(str + i, len - i)) == 0)
			return false;
	}
	return true;
}

bool
csvr_utf8_valid(const char *s, size_t len)
{
	return utf8_scan(s, len, true);
}

/*
 * Whether the line from S to LINE_END, among the bytes being fed (up to
 * END), is UTF-8 without NUL bytes.  The fast paths ask it of each line
 * they split.  Rather than line by line, the bytes are settled from a
 * line's start on as far as they go (utf8_blocks(), up to R->SETTLED), for
 * this line and the next ones at once: any part of them that starts after
 * an LF is whole characters too.  A line past that point is checked from
 * there on, as utf8_blocks() settles whole characters.
 */
static inline bool
line_utf8(struct csvr *r, const char *s, const char *line_end, const char *end)
{
	if (line_end <= r->settled)
		return true;
	if (s >= r->settled)
		r->settled = s + utf8_blocks(s, (size_t)(end - s), false);
	return line_end <= r->settled ||
	       utf8_scan(r->settled, (size_t)(line_end - r->settled), false);
}

int
csvr_duplicate(const struct csvr_record *rec, char *msg, size_t n)
{
	struct field_text *names = malloc((rec->n ? rec->n : 1) * sizeof *names);
	size_t i = 0, j = 0;
	if (names == NULL)
		return -1;
	for (size_t k = 0; k < rec->n; k++)
		names[k] = (struct field_text){ rec->fields[k].p, rec->fields[k].n };
	int dup = field_duplicate(names, rec->n, &i, &j);
	free(names);
	if (dup > 0) {
		char first[FIELD_SHOWN_SIZE], second[FIELD_SHOWN_SIZE];
		snprintf(msg, n, _("columns %zu '%s' and %zu '%s' have the same name; expected each "
		         "column named once"), i + 1, field_show(first, rec->fields[i].p, rec->fields[i].n),
		         j + 1, field_show(second, rec->fields[j].p, rec->fields[j].n));
	}
	return dup;
}

char *
csvr_bad_message(char *buf, size_t n, const struct csvr_record *rec, enum csvr_encoding encoding,
                 const char *column, bool header)
{
	char where[96], most[NUM_BUF];
	if (column != NULL)
		snprintf(where, sizeof where, header ? _("header, column '%s'") : _("column '%s'"), column);
	else
		snprintf(where, sizeof where, header ? _("header, column %zu") : _("column %zu"),
		         rec->bad_field + 1);
	const struct csvr_field *f = rec->bad == CSVR_BAD_WIDE ? NULL : &rec->fields[rec->bad_field];
	switch (rec->bad) {
	case CSVR_BAD_WIDE:
		num_fmt_grouped(most, CSVR_FIELDS_MAX);
		snprintf(buf, n, _("more than %s fields; expected at most %s in a record"), most, most);
		break;
	case CSVR_BAD_NUL:
		snprintf(buf, n, _("%s: a NUL byte (\\0) at byte %zu; expected text without NUL bytes"),
		         where, (size_t)((const char *)memchr(f->p, '\0', f->n) - f->p) + 1);
		break;
	case CSVR_BAD_UTF8:
		snprintf(buf, n, _("%s: invalid UTF-8%s"), where, csvr_utf8_hint(encoding, f->p, f->n));
		break;
	case CSVR_GOOD:
		snprintf(buf, n, _("%s: no problem"), where);
		break;
	}
	return buf;
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

const char *
csvr_utf8_hint(enum csvr_encoding encoding, const char *s, size_t len)
{
	return encoding == CSVR_UTF8 && looks_cp949((const unsigned char *)s, len)
	       ? _("; the bytes look like CP949 (Korean Excel): try --encoding=cp949")
	       : _("; expected a file saved as UTF-8");
}

/* Marks REC, a record that is not too wide, with its first field holding a NUL byte or invalid UTF-8. */
static void
mark_bad(struct csvr_record *rec)
{
	for (size_t i = 0; i < rec->n && rec->bad == CSVR_GOOD; i++) {
		const struct csvr_field *f = &rec->fields[i];
		if (memchr(f->p, '\0', f->n) != NULL)
			rec->bad = CSVR_BAD_NUL, rec->bad_field = i;
		else if (!csvr_utf8_valid(f->p, f->n))
			rec->bad = CSVR_BAD_UTF8, rec->bad_field = i;
	}
}

/*
 * Hands the record of the first N FIELDS, starting at LINE, to the
 * consumer, unless it is a blank line, marked with its first problem: too
 * many fields, a NUL byte or invalid UTF-8.  LINE_OK says the whole line
 * was checked for the last two already.  Returns whether the input goes
 * on (the consumer cannot end it but by returning false).  Inline: the
 * fast paths hand over a record a line, split_lines() with N and LINE
 * where it keeps them.
 */
static inline bool
hand_over(struct csvr *r, size_t n, unsigned long line, bool plain, bool line_ok)
{
	bool too_wide = r->too_wide;
	r->too_wide = false;
	if (r->done)
		return false;
	if (n == 1 && csvr_blank(r->fields[0].p, r->fields[0].n))
		return true;                            /* a blank line */
	struct csvr_record rec = {
		.fields = r->fields, .n = n, .line = line, .plain = plain,
		.bad = too_wide ? CSVR_BAD_WIDE : CSVR_GOOD,
	};
	if (!line_ok && !too_wide)
		mark_bad(&rec);
	if (r->opt.record(r->opt.ctx, &rec))
		return true;
	if (!r->done) {
		r->status = CSVR_STOPPED;
		r->done = true;
	}
	return false;
}

/* Hands over the record of R's NFIELDS fields, starting at RECORD_LINE, as hand_over() does. */
static inline void
deliver(struct csvr *r, bool plain, bool line_ok)
{
	(void)hand_over(r, r->nfields, r->record_line, plain, line_ok);
}

/* Room for N more bytes in the record buffer; false (the input done) without memory. */
static bool
text_room(struct csvr *r, size_t n)
{
	if (r->text_cap - r->text_len >= n)
		return true;
	size_t cap = r->text_cap ? r->text_cap : 256;
	while (cap - r->text_len < n)
		cap *= 2;
	char *p = realloc(r->text, cap);
	if (p == NULL) {
		fail(r, CSVR_NOMEM, 0, _("out of memory"));
		return false;
	}
	r->text = p;
	r->text_cap = cap;
	return true;
}

/* ---- libcsv ---- */

/* libcsv: the end of a field.  Copies it, with a NUL, into the record buffer. */
static void
on_field(void *data, size_t len, void *ctx)
{
	struct csvr *r = ctx;

	if (r->done || !grow_fields(r))
		return;                     /* past CSVR_FIELDS_MAX, or out of memory */
	if (!text_room(r, len + 1))
		return;
	r->starts[r->nfields++] = r->text_len;
	memcpy(r->text + r->text_len, data, len);
	r->text_len += len;
	r->text[r->text_len++] = '\0';
}

/* libcsv: the end of a record.  TEXT stopped moving: point the fields into it. */
static void
on_record(int c, void *ctx)
{
	struct csvr *r = ctx;
	(void)c;

	for (size_t i = 0; i < r->nfields; i++) {
		size_t end = i + 1 < r->nfields ? r->starts[i + 1] - 1 : r->text_len - 1;
		r->fields[i] = (struct csvr_field){ r->text + r->starts[i], end - r->starts[i] };
	}
	deliver(r, false, false);
	r->nfields = 0;
	r->text_len = 0;
	r->at_record_start = true;
	r->records_ended++;
}

/*
 * The fast paths below look at a line sixteen bytes at a time: a block's
 * marks say, one bit a byte (bit i for P[i]), where the bytes are that a
 * walk must stop at or count.  With SSE2 (every x86-64) they take a few
 * instructions; elsewhere a plain loop gives the same marks.  (BLOCK is
 * defined at the top: the spare fields past a record's room depend on it.)
 */

struct marks {
	unsigned comma, tab, quote, backslash;
	unsigned control;       /* below 0x20: LF, CR, tab, NUL, ... */
	unsigned high;          /* past ASCII */
	unsigned stop;          /* QUOTE | CONTROL: where a walk of a CSV line stops */
	unsigned tsv_stop;      /* CONTROL but TAB, BACKSLASH, COMMA, QUOTE: where tsv_lines() stops */
};

/*
 * The BLOCK bytes to look at for P, with AVAIL bytes left in the read: P
 * itself, or when fewer are left, their copy in PADDED padded with 'x',
 * which nothing marks.
 */
static inline const char *
block_at(const char *p, size_t avail, char padded[BLOCK])
{
	if (avail >= BLOCK)
		return p;
	memset(padded, 'x', BLOCK);
	memcpy(padded, p, avail);
	return padded;
}

/* The marks of the BLOCK bytes at P. */
static inline struct marks
marks_at(const char *p)
{
	struct marks m;
#if defined(__SSE2__) && !defined(KAI_PORTABLE)
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	m.comma = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')));
	m.tab = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')));
	m.quote = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
	m.backslash = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
	/* A byte is at most 0x1F when the smaller of it and 0x1F is itself. */
	m.control = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v));
	/*
	 * The same in one compare: with bit 1 flipped, the quote (22) is 20,
	 * the bytes below 20 stay below it, and the space and '!' (20, 21) are
	 * 22 and 23; so the stops are the bytes then at most 20.
	 */
	__m128i flipped = _mm_xor_si128(v, _mm_set1_epi8(0x02));
	m.stop = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(flipped, _mm_set1_epi8(0x20)),
	                                                    flipped));
	/* Or-ed before their one movemask, the marks that tsv_lines() stops at alike. */
	__m128i tab = _mm_cmpeq_epi8(v, _mm_set1_epi8('\t'));
	__m128i tsv = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\')),
	                           _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')),
	                                        _mm_cmpeq_epi8(v, _mm_set1_epi8('"'))));
	tsv = _mm_or_si128(tsv, _mm_andnot_si128(tab, _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v)));
	m.tsv_stop = (unsigned)_mm_movemask_epi8(tsv);
	m.high = (unsigned)_mm_movemask_epi8(v);
#else
	m = (struct marks){ 0 };
	for (int i = 0; i < BLOCK; i++) {
		unsigned char c = (unsigned char)p[i];
		unsigned bit = 1u << i;
		m.comma |= c == ',' ? bit : 0;
		m.tab |= c == '\t' ? bit : 0;
		m.quote |= c == '"' ? bit : 0;
		m.backslash |= c == '\\' ? bit : 0;
		m.control |= c < 0x20 ? bit : 0;
		m.high |= c >= 0x80 ? bit : 0;
	}
	m.stop = m.quote | m.control;
	m.tsv_stop = (m.control & ~m.tab) | m.backslash | m.comma | m.quote;
#endif
	return m;
}

/* The bits of MASK below the lowest bit of STOP (all of MASK when STOP is 0). */
static inline unsigned
below(unsigned mask, unsigned stop)
{
	return stop != 0 ? mask & ((stop & -stop) - 1) : mask;
}

/*
 * The fields a fast path adds, kept out of R while it adds them: stored
 * through R's pointer, each field would make the compiler load R's count
 * and pointer again, as the store might have changed them.  A block's
 * fields (BLOCK at most) go into the spare entries past the capacity
 * before the room is looked at, once a block (fields_spilled()).
 */
struct adding {
	struct csvr_field *at, *room_end;       /* the next field's entry, the end of the room */
};

/* R's fields, to add to. */
static inline struct adding
adding_to(const struct csvr *r)
{
	return (struct adding){ r->fields + r->nfields, r->fields + r->fields_cap };
}

/*
 * Room for the fields written past R's capacity, up to AT: R's grows, or
 * past CSVR_FIELDS_MAX the fields after it are dropped and the record
 * marked too wide, as grow_fields() does a field at a time.  Returns what
 * to add to then (by value, so that the fast paths' own stays in registers).
 */
static struct adding
fields_spilled(struct csvr *r, const struct csvr_field *at)
{
	size_t n = (size_t)(at - r->fields);
	while (n > r->fields_cap && r->fields_cap < CSVR_FIELDS_MAX) {
		r->nfields = r->fields_cap;
		if (!grow_fields(r))
			break;                  /* out of memory: the input is done */
	}
	if (n > r->fields_cap) {
		n = r->fields_cap;
		r->too_wide = true;
	}
	return (struct adding){ r->fields + n, r->fields + r->fields_cap };
}

/* Adds the N bytes at S as the record's next field. */
static inline void
add_field(struct csvr *r, struct adding *a, const char *s, size_t n)
{
	*a->at++ = (struct csvr_field){ s, n };
	if (a->at > a->room_end)
		*a = fields_spilled(r, a->at);
}

/*
 * Adds the fields that end at the separators marked in SEPS of the block at
 * Q; *FIELD is where the next starts.  With COMMAS (the reader's own bytes:
 * tsv_lines()), each separator is made a comma.
 */
static inline void
add_fields(struct csvr *r, struct adding *a, const char *q, unsigned seps, const char **field,
           bool commas)
{
	struct csvr_field *f = a->at;
	const char *start = *field;
	for (; seps != 0; seps &= seps - 1) {
		const char *sep = q + (unsigned)__builtin_ctz(seps);
		*f++ = (struct csvr_field){ start, (size_t)(sep - start) };
		if (commas)
			*(char *)sep = ',';
		start = sep + 1;
	}
	*field = start;
	a->at = f;
	if (f > a->room_end)
		*a = fields_spilled(r, f);
}

/* The fields added in A made R's. */
static inline void
added(struct csvr *r, const struct adding *a)
{
	r->nfields = (size_t)(a->at - r->fields);
}

/*
 * Splits the lines from P on that need neither libcsv nor a second look,
 * many in one pass: lines with no double quote, NUL or CR but one right
 * before the LF, that end in LF in whole blocks before END.  The blocks
 * run on across the line ends (a line costs what its bytes cost, not a
 * block more), each block's marks splitting it and, when it is not ASCII,
 * its UTF-8 checked with them (utf8_block(), carried from block to block:
 * a character cannot span an LF, so a line's blocks all settled make the
 * line UTF-8).  Each record is handed over as split_line() would.  Returns
 * the start of the first line it leaves, having done nothing with that
 * line: a quote, a bare CR, a NUL, UTF-8 that its blocks do not settle (a
 * block shared with the line before gives that line up too), or the short
 * block at END or CSVR_FIELD_MAX bytes from P (so that no line walked is
 * longer than a field may be).  split_line() then reads that one.
 */
static const char *
split_lines(struct csvr *r, const char *p, const char *end)
{
	const char *line = p, *field = p, *q = p, *next = p;   /* the block walked, the one after */
	/* No further than a field may be long: a line walked whole is not too long then. */
	if ((size_t)(end - p) > CSVR_FIELD_MAX)
		end = p + CSVR_FIELD_MAX;
	struct adding a = adding_to(r);
	struct utf8_carry utf8 = { 0, 0, 0 };
	unsigned commas = 0, stops = 0;         /* of the block at Q not yet walked */

	/* One loop, stop by stop, the blocks walked within: the record handed over at the top level. */
	for (;;) {
		while (stops == 0) {
			add_fields(r, &a, q, commas, &field, false);
			if (end - next < BLOCK)
				goto leave;
			q = next;
			next += BLOCK;
			struct marks m = marks_at(q);
			if ((m.high | utf8.need) != 0 && !utf8_block(q, true, &utf8))
				goto leave;     /* NULs are stops: utf8_block() need not look for them */
			commas = m.comma;
			stops = m.stop;
		}
		unsigned at = (unsigned)__builtin_ctz(stops);
		const char *s = q + at;
		add_fields(r, &a, q, commas & ((1u << at) - 1), &field, false);
		commas &= -2u << at;
		stops &= stops - 1;
		if (*s != '\n') {
			/* A quote or a NUL: split_line() reads the line; a CR inside the line: libcsv. */
			if (*s == '\r' ? s + 1 == end || s[1] != '\n' : *s == '"' || *s == '\0')
				goto leave;
			continue;               /* a tab or another control byte: text; the CR of a CR LF */
		}
		const char *line_end = s > line && s[-1] == '\r' ? s - 1 : s;
		if (line_end != line) {         /* else a blank line: libcsv skips it too */
			add_field(r, &a, field, (size_t)(line_end - field));
			/* Not handed over when memory ran out: the input is done. */
			if (!hand_over(r, (size_t)(a.at - r->fields), r->line, true, true)) {
				r->nfields = 0;
				return s + 1;
			}
			a.at = r->fields;
		}
		r->line++;
		line = field = s + 1;
	}
leave:
	r->nfields = 0;                 /* the fields of LINE so far: split_line() starts afresh */
	r->too_wide = false;
	return line;
}

static const char *split_quoted(struct csvr *r, const char *p, const char *end);

/*
 * Splits the line at P without libcsv when that cannot change its meaning:
 * libcsv holds no part of a record, and the line ends in LF before END
 * with no CR but one right before the LF, and is no longer than a field
 * may be (so that no field is).  A line with no double quote is one record
 * whose fields lie between its commas, exactly as RFC 4180 and libcsv read
 * it, and needs no copy: it is found here in one pass, commas and line
 * end, and its UTF-8 checked by line_utf8().  A line with quotes goes to
 * split_quoted().  Returns where the next line starts, or NULL, having
 * done nothing, for a line libcsv must read.
 */
static const char *
split_line(struct csvr *r, const char *p, const char *end)
{
	const char *q = p, *field = p;
	struct adding a = adding_to(r);

	while (q < end) {
		size_t avail = (size_t)(end - q);
		char padded[BLOCK];
		struct marks m = marks_at(block_at(q, avail, padded));
		unsigned stops = m.stop;
		add_fields(r, &a, q, below(m.comma, stops), &field, false);
		if (stops == 0) {
			if (avail <= BLOCK)
				return NULL;    /* no line end in this read: libcsv gathers it */
			q += BLOCK;
			continue;
		}
		q += __builtin_ctz(stops);
		switch (*q) {
		case '"':
			return split_quoted(r, p, end);
		case '\r':
			if (q + 1 == end || q[1] != '\n')
				return NULL;    /* a CR inside the line: libcsv's */
			q++;
			/* fall through - to the LF of the CR LF */
		case '\n': {
			const char *line_end = q > p && q[-1] == '\r' ? q - 1 : q;
			if (line_end == p)
				return q + 1;   /* a blank line: libcsv skips it too */
			if ((size_t)(line_end - p) > CSVR_FIELD_MAX)
				return NULL;    /* maybe a field too long: libcsv tells */
			add_field(r, &a, field, (size_t)(line_end - field));
			added(r, &a);
			if (r->done)
				return q + 1;   /* out of memory: the input is done */
			r->record_line = r->line;
			deliver(r, true, line_utf8(r, p, line_end, end));
			r->nfields = 0;
			return q + 1;
		}
		default:                        /* a tab or another control byte: text */
			q++;
			break;
		}
	}
	return NULL;                            /* a CR ending the read: libcsv's */
}

/*
 * The closing quote of the quoted field whose opening quote is at F, found
 * with the block marks: the first quote not doubled.  Between the quotes, a
 * doubled quote sets *DOUBLED and a comma clears *CLEAN.  Returns NULL
 * when the field goes on past a CR or LF, or to END with no byte after its
 * last quote to tell whether that one is doubled: libcsv reads those.
 */
static inline const char *
closing_quote(const char *f, const char *end, bool *doubled, bool *clean)
{
	for (const char *q = f + 1;;) {
		size_t avail = (size_t)(end - q);
		char padded[BLOCK];
		struct marks m = marks_at(block_at(q, avail, padded));
		unsigned stops = m.quote | m.control;
		*clean = *clean && below(m.comma, stops) == 0;
		if (stops == 0) {
			if (avail <= BLOCK)
				return NULL;
			q += BLOCK;
			continue;
		}
		q += __builtin_ctz(stops);
		switch (*q) {
		case '"':
			if (q + 1 == end)
				return NULL;
			if (q[1] != '"')
				return q;
			*doubled = true;
			q += 2;
			break;
		case '\n':
		case '\r':
			return NULL;
		default:                        /* a tab or another control byte: text */
			q++;
			break;
		}
	}
}

/*
 * The end of the unquoted field at F: the comma, CR or LF after it, found
 * with the block marks.  Returns NULL for a quote in the field (libcsv's
 * to refuse) or none of those before END.
 */
static inline const char *
field_end(const char *f, const char *end)
{
	for (const char *q = f;;) {
		size_t avail = (size_t)(end - q);
		char padded[BLOCK];
		struct marks m = marks_at(block_at(q, avail, padded));
		unsigned stops = m.comma | m.quote | m.control;
		if (stops == 0) {
			if (avail <= BLOCK)
				return NULL;
			q += BLOCK;
			continue;
		}
		q += __builtin_ctz(stops);
		switch (*q) {
		case ',':
		case '\n':
		case '\r':
			return q;
		case '"':
			return NULL;
		default:                        /* a tab or another control byte: text */
			q++;
			break;
		}
	}
}

/*
 * Copies the record's fields into the record buffer one comma apart, each
 * "" in them as one quote (DOUBLED says there are some), and points the
 * fields there.  The fields of a line whose quoted fields hold no comma or
 * quote then lie as in the plain line of the same fields.  Copying only
 * drops bytes (the quotes around a field, one of each ""), so the LEN
 * bytes of the line are room enough and no field moves once written; a
 * field of a block or less, with a block of the input from its start
 * before END, is copied as a whole block, a fixed size being the quickest
 * to copy (the bytes past it are overwritten by the next field, or left).
 * False, the input done, without memory.
 */
static bool
copy_fields(struct csvr *r, size_t len, bool doubled, const char *end)
{
	r->text_len = 0;
	if (!text_room(r, len + BLOCK))
		return false;
	char *w = r->text;
	for (struct csvr_field *f = r->fields, *last = f + r->nfields; f < last; f++) {
		char *start = w;
		if (doubled) {
			for (const char *c = f->p; c < f->p + f->n; c++) {
				*w++ = *c;
				c += *c == '"';         /* each pair once */
			}
		} else {
			if (f->n <= BLOCK && (size_t)(end - f->p) >= BLOCK)
				memcpy(w, f->p, BLOCK);
			else
				memcpy(w, f->p, f->n);
			w += f->n;
		}
		*w++ = ',';                     /* one after the last field too: there is room */
		*f = (struct csvr_field){ start, (size_t)(w - 1 - start) };
	}
	return true;
}

/*
 * The line at P, with double quotes, read as libcsv would read it when
 * that is simple: every field either holds no quote, or is wholly quoted
 * ("a,b" or "say ""hi""") with its closing quote right before a comma or
 * the line end, and the line ends in LF (or CR LF) before END with no other
 * CR.  It is walked field by field with the block marks, as split_line()
 * walks a line, and its fields are copied into the record buffer without
 * their quotes.  When no quoted field holds a comma or a quote, the copy
 * is the plain line of the same fields, and the record is plain: most
 * quoted files quote every field only because their writer always does.
 * Returns where the next line starts, or NULL, having done nothing, for
 * any other line: a quote inside an unquoted field, text after a closing
 * quote, or a field going on past the line end are libcsv's to read or to
 * refuse.
 */
static const char *
split_quoted(struct csvr *r, const char *p, const char *end)
{
	bool doubled = false, clean = true;
	const char *after;              /* the comma or line end after a field */

	r->nfields = 0;
	r->too_wide = false;            /* split_line() may have counted commas between quotes */
	struct adding a = adding_to(r);
	for (const char *f = p;; f = after + 1) {
		if (f < end && *f == '"') {
			const char *close = closing_quote(f, end, &doubled, &clean);
			if (close == NULL)
				return NULL;
			after = close + 1;
			if (*after != ',' && *after != '\n' && *after != '\r')
				return NULL;    /* text after the closing quote */
			add_field(r, &a, f + 1, (size_t)(close - f - 1));
		} else {
			after = field_end(f, end);
			if (after == NULL)
				return NULL;
			add_field(r, &a, f, (size_t)(after - f));
		}
		if (*after != ',')
			break;
	}
	added(r, &a);
	const char *nl = *after == '\r' ? after + 1 : after;
	if (nl == end || *nl != '\n')
		return NULL;                    /* a CR inside the line: libcsv's */
	size_t len = (size_t)(after - p);
	if (len > CSVR_FIELD_MAX)
		return NULL;                    /* maybe a field too long: libcsv tells */
	if (r->done || !copy_fields(r, len, doubled, end))
		return nl + 1;                  /* out of memory: the input is done */
	r->record_line = r->line;
	deliver(r, clean && !doubled, line_utf8(r, p, after, end));
	r->nfields = 0;
	return nl + 1;
}

/* libcsv grows its field buffer with this: a field past the maximum fails as CSV_ENOMEM. */
static void *
bounded_realloc(void *p, size_t n)
{
	return n > CSVR_FIELD_MAX + 1 ? NULL : realloc(p, n);
}

/* No spaces are special: every byte of a field is kept as it was. */
static int
no_spaces(unsigned char c)
{
	(void)c;
	return 0;
}

/* ---- TSV ---- */

/*
 * Decodes the escapes in the N bytes at P, in place: \t \n \r and \\ become
 * the byte they stand for; a backslash before anything else, or at the
 * end, is an ordinary character (C:\Users stays as it is).  Returns the
 * decoded length.
 */
static size_t
tsv_unescape(char *p, size_t n)
{
	char *q = memchr(p, '\\', n);
	if (q == NULL)
		return n;
	char *w = q, *end = p + n;
	while (q < end) {
		if (*q != '\\' || q + 1 == end) {
			*w++ = *q++;
			continue;
		}
		switch (q[1]) {
		case 't':  *w++ = '\t'; q += 2; break;
		case 'n':  *w++ = '\n'; q += 2; break;
		case 'r':  *w++ = '\r'; q += 2; break;
		case '\\': *w++ = '\\'; q += 2; break;
		default:   *w++ = *q++; break;
		}
	}
	return (size_t)(w - p);
}

/*
 * The TSV line of LEN bytes at S, its line end left out: split at its
 * tabs, each field's escapes decoded, and handed over.  S is the input's
 * (copied into the record buffer first when it holds a backslash, since
 * decoding writes) or the record buffer itself (a gathered line).
 */
static void
tsv_line(struct csvr *r, const char *s, size_t len)
{
	/* Escapes decode to ASCII: if the line is UTF-8 without NUL, so is every field. */
	bool ok = utf8_scan(s, len, false);
	char *w = NULL;

	r->record_line = r->line;
	if (memchr(s, '\\', len) != NULL) {
		if (s != r->text) {
			r->text_len = 0;
			if (!text_room(r, len))
				return;
			memcpy(r->text, s, len);
		}
		w = r->text;
	}
	r->nfields = 0;
	for (size_t i = 0;;) {
		const char *tab = memchr(s + i, '\t', len - i);
		size_t stop = tab != NULL ? (size_t)(tab - s) : len;
		if (!grow_fields(r)) {
			if (r->done)
				return;                 /* out of memory */
			break;                          /* too many fields: deliver() says so */
		}
		size_t n = w != NULL ? tsv_unescape(w + i, stop - i) : stop - i;
		if (n > CSVR_FIELD_MAX) {
			fail(r, CSVR_MALFORMED, r->record_line, _("a field longer than %d bytes; "
			     "expected shorter fields"), CSVR_FIELD_MAX);
			return;
		}
		r->fields[r->nfields++] = (struct csvr_field){ w != NULL ? w + i : s + i, n };
		if (tab == NULL)
			break;
		i = stop + 1;
	}
	deliver(r, false, ok);
	r->nfields = 0;
}

/*
 * Adds the N bytes at S, part of a line, to the line gathered in the record
 * buffer.  Memory stays bounded as for CSV: the fields past the
 * CSVR_FIELDS_MAX-th are dropped (the record is marked too wide), and a
 * field whose escapes cannot make it short enough stops the input.
 */
static void
tsv_gather(struct csvr *r, const char *s, size_t n)
{
	const char *end = s + n;

	r->tsv_open = true;
	while (s < end && !r->tsv_wide && !r->done) {
		const char *tab = memchr(s, '\t', (size_t)(end - s));
		const char *stop = tab != NULL ? tab : end;
		r->tsv_field += (size_t)(stop - s);
		if (r->tsv_field > 2 * (size_t)CSVR_FIELD_MAX + 1) {   /* decodes to more than the maximum */
			r->record_line = r->line;
			fail(r, CSVR_MALFORMED, r->record_line, _("a field longer than %d bytes; "
			     "expected shorter fields"), CSVR_FIELD_MAX);
			return;
		}
		/* This tab would start field CSVR_FIELDS_MAX + 1. */
		r->tsv_wide = tab != NULL && r->tsv_tabs + 1 == CSVR_FIELDS_MAX;
		size_t keep = (size_t)(stop - s) + (tab != NULL && !r->tsv_wide);
		if (!text_room(r, keep))
			return;
		memcpy(r->text + r->text_len, s, keep);
		r->text_len += keep;
		if (tab != NULL) {
			r->tsv_tabs++;
			r->tsv_field = 0;
		}
		s = stop + (tab != NULL);
	}
}

/* Hands over the line gathered in the record buffer, and empties it. */
static void
tsv_gathered(struct csvr *r)
{
	if (!r->done) {
		r->too_wide = r->tsv_wide;
		tsv_line(r, r->text, r->text_len);
	}
	r->text_len = 0;
	r->tsv_open = r->tsv_wide = false;
	r->tsv_tabs = r->tsv_field = 0;
}

/*
 * Puts back the tabs that tsv_lines() made commas in the reader's own bytes
 * of a line, from LINE up to FIELD: with no comma of the line's own there,
 * every comma is one.  Returns true, for the line found not plain.
 */
static bool
tsv_untab(const struct csvr *r, const char *line, const char *field)
{
	if (r->own_bytes)
		for (char *c = (char *)line; c < field; c++)
			if (*c == ',')
				*c = '\t';
	return true;
}

/*
 * Splits the TSV lines from P on that need no second look, many in one
 * pass, as split_lines() splits CSV lines: lines with no backslash and no
 * control byte but their tabs and line end (an LF, a CR LF or a lone CR),
 * that end in whole blocks before END.  Each is split at its tabs and
 * handed over as tsv_quick() would: plain, its tabs made commas (as they
 * are split), when it holds no comma or quote and the bytes are the
 * reader's own.  Commas and quotes stop the walk, to tell.  Returns the
 * start of the first line it leaves, having done nothing with that line:
 * a backslash, another control byte, a CR last before END (its LF may be
 * in the next read), UTF-8 that its blocks do not settle, or the short
 * block at END or CSVR_FIELD_MAX bytes from P.  tsv_quick() then reads
 * that one.
 */
static const char *
tsv_lines(struct csvr *r, const char *p, const char *end)
{
	const char *line = p, *field = p, *q = p, *next = p;   /* the block walked, the one after */
	/* No further than a field may be long: a line walked whole is not too long then. */
	if ((size_t)(end - p) > CSVR_FIELD_MAX)
		end = p + CSVR_FIELD_MAX;
	struct adding a = adding_to(r);
	struct utf8_carry utf8 = { 0, 0, 0 };
	unsigned tabs = 0, stops = 0;                   /* of the block at Q not yet walked */
	/*
	 * A comma or quote in the line so far.  Until one is found, the line
	 * may be plain: its tabs are made commas as it is split, when the
	 * bytes are the reader's own; found, or the line left, they are put
	 * back (tsv_untab()).
	 */
	bool line_dirty = false, own = r->own_bytes;

	for (;;) {
		while (stops == 0) {
			add_fields(r, &a, q, tabs, &field, own && !line_dirty);
			if (end - next < BLOCK)
				goto leave;
			q = next;
			next += BLOCK;
			struct marks m = marks_at(q);
			if ((m.high | utf8.need) != 0 && !utf8_block(q, true, &utf8))
				goto leave;     /* NULs are stops: utf8_block() need not look for them */
			tabs = m.tab;
			stops = m.tsv_stop;
		}
		unsigned at = (unsigned)__builtin_ctz(stops);
		const char *s = q + at;
		add_fields(r, &a, q, tabs & ((1u << at) - 1), &field, own && !line_dirty);
		tabs &= -2u << at;
		stops &= stops - 1;
		const char *line_end = s;
		if (*s == ',' || *s == '"') {
			if (!line_dirty)
				line_dirty = tsv_untab(r, line, field);
			continue;               /* text, but the line is not plain */
		}
		if (*s == '\r') {
			if (s + 1 == end)
				goto leave;     /* maybe the CR of a CR LF cut by the read */
			if (s[1] == '\n')
				continue;       /* the CR of a CR LF: the LF ends the line */
		} else if (*s == '\n') {
			if (s > line && s[-1] == '\r')
				line_end = s - 1;
		} else {
			goto leave;             /* a backslash or another control byte: tsv_quick()'s */
		}
		add_field(r, &a, field, (size_t)(line_end - field));
		/* Not handed over when memory ran out: the input is done. */
		if (!hand_over(r, (size_t)(a.at - r->fields), r->line, own && !line_dirty, true)) {
			r->nfields = 0;
			return s + 1;
		}
		a.at = r->fields;
		r->line++;
		line = field = s + 1;
		line_dirty = false;
	}
leave:
	if (!line_dirty)
		tsv_untab(r, line, field);
	r->nfields = 0;                 /* the fields of LINE so far: tsv_quick() starts afresh */
	r->too_wide = false;
	return line;
}

/*
 * The TSV line at P, when it ends (LF or CR) before END and holds no
 * backslash, split at its tabs in one pass, as split_line() splits a CSV
 * line.  A line that holds no comma or quote either is, with its tabs made
 * commas, the CSV line of the same fields: when the bytes are the reader's
 * own, they are rewritten so, and the record handed over as plain, to be
 * copied as a CSV line is.  Returns the byte that ends the line, or NULL,
 * having done nothing, for tsv_line() to read.
 */
static const char *
tsv_quick(struct csvr *r, const char *p, const char *end)
{
	const char *q = p, *field = p;
	struct adding a = adding_to(r);
	unsigned dirty = 0;             /* commas and quotes: none for a plain line */

	while (q < end) {
		size_t avail = (size_t)(end - q);
		char padded[BLOCK];
		struct marks m = marks_at(block_at(q, avail, padded));
		unsigned stops = (m.control & ~m.tab) | m.backslash;
		dirty |= below(m.comma | m.quote, stops);
		add_fields(r, &a, q, below(m.tab, stops), &field, false);
		if (stops == 0) {
			if (avail <= BLOCK)
				return NULL;    /* no line end in this read: tsv_gather() keeps it */
			q += BLOCK;
			continue;
		}
		q += __builtin_ctz(stops);
		switch (*q) {
		case '\\':
			return NULL;            /* escapes: tsv_line() decodes them */
		case '\n':
		case '\r': {
			if ((size_t)(q - p) > CSVR_FIELD_MAX)
				return NULL;    /* maybe a field too long: tsv_line() tells */
			add_field(r, &a, field, (size_t)(q - field));
			added(r, &a);
			if (r->done)
				return q;       /* out of memory: the input is done */
			bool plain = dirty == 0 && r->own_bytes;
			for (struct csvr_field *f = r->fields + 1, *last = a.at; plain && f < last; f++)
				((char *)f->p)[-1] = ',';               /* the reader's own buffer */
			r->record_line = r->line;
			deliver(r, plain, line_utf8(r, p, q, end));
			r->nfields = 0;
			return q;
		}
		default:                        /* another control byte: text */
			q++;
			break;
		}
	}
	return NULL;                            /* controls to the end of the read: tsv_line()'s */
}

/*
 * Pushes N bytes of UTF-8 TSV through.  A line ends at an LF, a CR LF or a
 * lone CR (old Mac files); each counts as one line.  A line cut by the end
 * of the chunk waits in the record buffer for the rest.
 */
static void
feed_tsv(struct csvr *r, const char *p, size_t n)
{
	const char *end = p + n;

	while (p < end && !r->done) {
		if (r->cr_ended) {
			r->cr_ended = false;
			if (*p == '\n') {
				p++;                    /* the LF of a CR LF */
				continue;
			}
		}
		if (!r->tsv_open && !r->opt.libcsv_only) {
			p = tsv_lines(r, p, end);       /* most lines at once */
			if (p == end || r->done)
				break;
			const char *line_end = tsv_quick(r, p, end);
			if (line_end != NULL) {
				r->line++;
				r->cr_ended = *line_end == '\r';
				p = line_end + 1;
				continue;
			}
			r->nfields = 0;         /* what tsv_quick() began: tsv_line() starts afresh */
			r->too_wide = false;
		}
		const char *lf = memchr(p, '\n', (size_t)(end - p));
		const char *stop = lf != NULL ? lf : end;
		const char *cr = memchr(p, '\r', (size_t)(stop - p));
		if (cr != NULL)
			stop = cr;
		else if (lf == NULL) {
			tsv_gather(r, p, (size_t)(end - p));
			return;
		}
		if (r->tsv_open) {
			tsv_gather(r, p, (size_t)(stop - p));
			tsv_gathered(r);
		} else {
			tsv_line(r, p, (size_t)(stop - p));
		}
		r->line++;
		r->cr_ended = cr != NULL;
		p = stop + 1;
	}
}

/* ---- feeding ---- */

/*
 * Pushes N bytes of UTF-8 through, one physical line at a time, so that the
 * line where each record starts is known.  Plain lines are split here
 * (split_line); the rest go through libcsv.  TSV goes to feed_tsv().
 */
static void
feed(struct csvr *r, const char *p, size_t n)
{
	const char *end = p + n;

	r->settled = p;                 /* nothing settled in these bytes yet */
	if (r->opt.format == CSVR_TSV) {
		feed_tsv(r, p, n);
		return;
	}

	while (p < end && !r->done) {
		if (r->csv_idle && !r->opt.libcsv_only) {
			/* Most lines at once; a line of quoted fields is split_quoted()'s at once. */
			if (*p != '"')
				p = split_lines(r, p, end);
			if (p == end || r->done)
				break;
			const char *next = split_line(r, p, end);
			if (next != NULL) {
				r->line++;
				p = next;
				continue;
			}
			r->nfields = 0;         /* what split_line() began: libcsv starts afresh */
			r->too_wide = false;
			r->text_len = 0;
		}
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl + 1 : end;
		if (r->at_record_start) {
			for (const char *q = p; q < stop; q++) {
				if (*q != '\r' && *q != '\n') {
					r->record_line = r->line;
					r->at_record_start = false;
					break;
				}
			}
		}
		size_t len = (size_t)(stop - p);
		unsigned long ended = r->records_ended;
		bool was_idle = r->csv_idle, has_content = false, bare_cr = false;
		for (const char *q = p; q < stop; q++) {
			has_content |= *q != '\r' && *q != '\n';
			bare_cr |= *q == '\r' && (q + 1 == stop || q[1] != '\n');
		}
		if (csv_parse(&r->csv, p, len, on_field, on_record, r) != len) {
			if (csv_error(&r->csv) == CSV_EPARSE)
				fail(r, CSVR_MALFORMED, r->record_line, _("malformed CSV: a quote inside an "
				     "unquoted field or text after a closing quote; expected RFC 4180 quoting"));
			else
				fail(r, CSVR_MALFORMED, r->record_line, _("a field longer than %d bytes; "
				     "expected shorter fields"), CSVR_FIELD_MAX);
			return;
		}
		/*
		 * libcsv is idle again after a whole line with no bare CR in which a
		 * record ended: the only terminators in it are its final CR LF or LF.
		 */
		r->csv_idle = nl != NULL && !bare_cr &&
		              (r->records_ended != ended || (was_idle && !has_content));
		if (nl)
			r->line++;
		p = stop;
	}
}

/*
 * Whether S (LEN bytes, maybe cut anywhere by the chunk) reads as UTF-8
 * with Korean or other non-ASCII text in it.
 */
static bool
looks_utf8(const char *s, size_t len)
{
	size_t cut = 0;         /* a character cut by the end of the chunk is no evidence */
	while (cut < 3 && cut < len && ((unsigned char)s[len - 1 - cut] & 0xC0) == 0x80)
		cut++;
	if (cut < len && (unsigned char)s[len - 1 - cut] >= 0xC0)
		len -= cut + 1;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return csvr_utf8_valid(s, len);
	return false;
}

/*
 * CP949 is ASCII and pairs: a byte below 0x80 stands for itself, and a
 * Hangul syllable, hanja or symbol is a lead byte from 0x81 and a trail
 * byte.  Korean files are mostly ASCII with a few words, the same words
 * again and again; so ASCII is copied, and each pair is converted by iconv
 * once, kept in PAIRS, and copied from there after.  Whatever iconv would
 * not convert as one pair to two or three bytes is left to iconv itself,
 * which reads it (or refuses it) as it always has.
 */
#define PAIR_LEADS 128                /* lead bytes 0x80 .. 0xFF */

/*
 * The UTF-8 for the CP949 pair LEAD TRAIL: its length in the top byte, its
 * bytes below; 0 for none.  Not inline: once a pair is known, cp949_known()
 * finds it without the call.
 */
static __attribute__((noinline)) uint32_t
cp949_pair(struct csvr *r, unsigned char lead, unsigned char trail)
{
	if (r->pairs == NULL && (r->pairs = calloc(PAIR_LEADS * 256, sizeof *r->pairs)) == NULL)
		return 0;
	uint32_t *known = &r->pairs[(lead - 0x80) * 256 + trail];   /* 0: cp949_known() looked */
	char in[2] = { (char)lead, (char)trail }, out[8], *ip = in, *op = out;
	size_t ileft = 2, oleft = sizeof out;
	size_t res = iconv(r->cd, &ip, &ileft, &op, &oleft);
	size_t n = sizeof out - oleft;
	iconv(r->cd, NULL, NULL, NULL, NULL);
	if (res == (size_t)-1 || ileft != 0 || n < 2 || n > 3)
		return 0;
	uint32_t u = (uint32_t)n << 24;
	for (size_t k = 0; k < n; k++)
		u |= (uint32_t)(unsigned char)out[k] << (8 * k);
	return *known = u;
}

/* cp949_pair(), for a pair already known without a call. */
static inline uint32_t
cp949_known(struct csvr *r, unsigned char lead, unsigned char trail)
{
	uint32_t u = r->pairs != NULL ? r->pairs[(lead - 0x80) * 256 + trail] : 0;
	return u != 0 ? u : cp949_pair(r, lead, trail);
}

/*
 * Converts from the N bytes of CP949 at IN what is ASCII or known pairs
 * into OUT (room for OUTN bytes), up to the first byte it cannot: a pair
 * cut by the end of IN, or one cp949_pair() has no UTF-8 for.  Returns how
 * many bytes of IN it used; *MADE is how many it wrote.
 */
static size_t
cp949_quick(struct csvr *r, const char *in, size_t n, char *out, size_t outn, size_t *made)
{
	size_t i = 0, o = 0;
	for (;;) {
		/*
		 * ASCII, sixteen bytes at a time: each block copied whole (a fixed
		 * size copies fastest), up to its first byte past ASCII; the bytes
		 * copied past that are overwritten after.
		 */
		size_t blocks = (n - i < outn - o ? n - i : outn - o) / BLOCK;
		for (; blocks > 0; blocks--) {
			memcpy(out + o, in + i, BLOCK);
			unsigned high = marks_at(in + i).high;
			if (high != 0) {
				i += (size_t)__builtin_ctz(high), o += (size_t)__builtin_ctz(high);
				break;
			}
			i += BLOCK, o += BLOCK;
		}
		/* The ASCII of a short block at the end, a byte at a time. */
		while (i < n && o < outn && (unsigned char)in[i] < 0x80)
			out[o++] = in[i++];
		/* Then pairs, while they last: a Korean word. */
		while (i < n && (unsigned char)in[i] >= 0x80) {
			uint32_t u = i + 1 < n ? cp949_known(r, (unsigned char)in[i], (unsigned char)in[i + 1]) : 0;
			if (u == 0 || outn - o < 3)
				goto done;
			out[o] = (char)u;               /* three bytes written, two or three of them kept */
			out[o + 1] = (char)(u >> 8);
			out[o + 2] = (char)(u >> 16);
			o += u >> 24, i += 2;
		}
		if (i == n || o == outn)
			break;
	}
done:
	*made = o;
	return i;
}

/* Converts and feeds N bytes of CP949; returns how many were consumed. */
static size_t
feed_cp949(struct csvr *r, char *in, size_t n, bool at_eof)
{
	char *ip = in;
	size_t ileft = n;

	while (ileft > 0 && !r->done) {
		if (!r->opt.libcsv_only) {
			size_t made, used = cp949_quick(r, ip, ileft, r->utf8, sizeof r->utf8, &made);
			feed(r, r->utf8, made);
			ip += used, ileft -= used;
			if (ileft == 0 || r->done)
				break;
		}
		/* The byte cp949_quick() stopped at: iconv converts what follows, or says why not. */
		char *op = r->utf8;
		size_t oleft = sizeof r->utf8;
		size_t res = iconv(r->cd, &ip, &ileft, &op, &oleft);
		int err = errno;
		feed(r, r->utf8, (size_t)(op - r->utf8));
		if (res != (size_t)-1 || err == E2BIG)
			continue;
		if (err == EINVAL && !at_eof)
			break;                  /* a character split by the chunk: keep it for the next */
		if (r->done)
			break;
		fail(r, CSVR_MALFORMED, r->line, _("invalid CP949 byte 0x%02X; %s"), (unsigned char)*ip,
		     looks_utf8(in, n) ? _("the bytes look like UTF-8: drop --encoding=cp949")
		                       : _("expected a file saved as CP949 (EUC-KR)"));
	}
	return (size_t)(ip - in);
}

/* Feeds N bytes in the input's encoding; returns how many were consumed. */
static size_t
feed_any(struct csvr *r, char *p, size_t n, bool at_eof)
{
	if (r->cd == (iconv_t)-1) {
		feed(r, p, n);
		return n;
	}
	return feed_cp949(r, p, n, at_eof);
}

/* ---- inputs ---- */

enum csvr_format
csvr_format_of(enum csvr_format format, const char *name)
{
	size_t n = name != NULL ? strlen(name) : 0;
	if (format != CSVR_AUTO)
		return format;
	return n >= 4 && strcasecmp(name + n - 4, ".tsv") == 0 ? CSVR_TSV : CSVR_CSV;
}

void
csvr_set_format(struct csvr *r, enum csvr_format format)
{
	r->opt.format = format;
}

struct csvr *
csvr_new(const struct csvr_options *opt)
{
	struct csvr *r = calloc(1, sizeof *r);
	if (r == NULL)
		return NULL;
	r->opt = *opt;
	r->cd = (iconv_t)-1;
	if (opt->encoding == CSVR_CP949) {
		r->cd = iconv_open("UTF-8", "CP949");
		if (r->cd == (iconv_t)-1) {
			free(r);
			return NULL;
		}
	}
	if (!grow_fields(r)) {          /* room from the start: the fast paths take it as there */
		csvr_free(r);
		return NULL;
	}
	return r;
}

void
csvr_free(struct csvr *r)
{
	if (r == NULL)
		return;
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	free(r->pairs);
	free(r->text);
	free(r->starts);
	free(r->fields);
	free(r);
}

/* Resets R for a new input; false without memory. */
static bool
begin(struct csvr *r)
{
	r->line = 1;
	r->record_line = 1;
	r->at_record_start = true;
	r->done = false;
	r->status = CSVR_OK;
	r->nfields = r->text_len = 0;
	r->csv_idle = true;
	r->too_wide = false;
	r->tsv_open = r->tsv_wide = r->cr_ended = false;
	r->tsv_tabs = r->tsv_field = 0;
	if (r->cd != (iconv_t)-1)
		iconv(r->cd, NULL, NULL, NULL, NULL);
	if (csv_init(&r->csv, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return false;
	csv_set_space_func(&r->csv, no_spaces);
	csv_set_realloc_func(&r->csv, bounded_realloc);
	csv_set_blk_size(&r->csv, 4096);
	return true;
}

/* Bytes the start of the input must hold to be told apart: a BOM, a workbook's signature. */
#define START_BYTES 11

/*
 * Spreadsheet files by their first bytes: given as CSV, they deserve a word
 * of their own.  A ZIP entry starts "PK\3\4", then its version as two bytes,
 * the second 0: a NUL no CSV may hold, so no CSV is taken for a workbook
 * (a column named "PK\3\4" is still a column).  '?' matches any byte.
 */
static const struct {
	const char *magic;
	size_t len;
	const char *what;
} workbooks[] = {
	{ "PK\x03\x04?\0", 6, N_("an Excel workbook (.xlsx, a ZIP file)") },
	{ "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, N_("an Excel 97-2003 workbook (.xls)") },
};

/*
 * Looks at P (N bytes, the start of the input): returns whether it begins
 * with a UTF-8 BOM (reported under CP949), and stops a workbook or UTF-16
 * text (a UTF-16 byte-order mark: Excel's "Unicode text" export).
 */
static bool
check_start(struct csvr *r, const char *p, size_t n)
{
	bool bom = n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0;
	const char *q = bom ? p + 3 : p;        /* a workbook behind a byte-order mark is one too */
	size_t m = bom ? n - 3 : n;
	if (n >= 2 && (memcmp(p, "\xFF\xFE", 2) == 0 || memcmp(p, "\xFE\xFF", 2) == 0)) {
		fail(r, CSVR_MALFORMED, 0, _("this file is UTF-16 (Excel's 'Unicode text'), not UTF-8; "
		     "expected a UTF-8 file: in Excel, save it as 'CSV UTF-8 (쉼표로 분리)', or convert "
		     "it with iconv -f UTF-16 -t UTF-8"));
		return false;
	}
	for (size_t i = 0; i < sizeof workbooks / sizeof workbooks[0]; i++) {
		bool match = m >= workbooks[i].len;
		for (size_t k = 0; match && k < workbooks[i].len; k++)
			match = workbooks[i].magic[k] == '?' || q[k] == workbooks[i].magic[k];
		if (match) {
			fail(r, CSVR_MALFORMED, 0, _("this is %s, not CSV; expected a CSV file: in Excel, "
			     "save it as 'CSV UTF-8 (쉼표로 분리)'"), _(workbooks[i].what));
			return false;
		}
	}
	if (n < 3 || memcmp(p, "\xEF\xBB\xBF", 3) != 0)
		return false;
	if (r->cd != (iconv_t)-1)
		fail(r, CSVR_MALFORMED, 1, _("the file starts with a UTF-8 byte-order mark; expected "
		     "CP949 (drop --encoding=cp949 for UTF-8 files)"));
	return true;
}

static enum csvr_status
end(struct csvr *r)
{
	if (r->opt.format == CSVR_TSV) {
		if (r->tsv_open)
			tsv_gathered(r);    /* the last line, without a line end */
	} else if (!r->done && csv_fini(&r->csv, on_field, on_record, r) != 0)
		fail(r, CSVR_MALFORMED, r->record_line, _("unterminated quoted field; expected a closing '\"'"));
	csv_free(&r->csv);
	return r->status;
}

enum csvr_status
csvr_file(struct csvr *r, FILE *in)
{
	char *buf = r->in;
	size_t keep = 0, n;
	size_t chunk = r->opt.chunk > 0 && r->opt.chunk < CHUNK ? r->opt.chunk : CHUNK;
	bool bom_checked = false;

	if (!begin(r))
		return CSVR_NOMEM;
	r->own_bytes = true;
	while (!r->done && (n = fread(buf + keep, 1, chunk < CHUNK - keep ? chunk : CHUNK - keep, in)) > 0) {
		char *p = buf;
		n += keep;
		keep = 0;
		if (!bom_checked) {
			if (n < START_BYTES && !feof(in)) {
				keep = n;           /* what the file is needs its first bytes */
				continue;
			}
			bom_checked = true;
			if (check_start(r, p, n))
				p += 3, n -= 3;
			if (r->done)
				break;
		}
		size_t used = feed_any(r, p, n, false);
		keep = n - used;
		memmove(buf, p + used, keep);
	}
	char *p = buf;
	if (!bom_checked && !r->done && check_start(r, p, keep))
		p += 3, keep -= 3;      /* a file shorter than START_BYTES, read in smaller reads */
	if (!r->done && keep > 0)       /* a short file, or a CP949 character cut by the end */
		feed_any(r, p, keep, true);
	if (ferror(in))
		fail(r, CSVR_READ_ERROR, 0, _("read error: %s"), strerror(errno));
	return end(r);
}

enum csvr_status
csvr_text(struct csvr *r, const char *text, size_t len)
{
	if (!begin(r))
		return CSVR_NOMEM;
	r->own_bytes = r->cd != (iconv_t)-1;   /* CP949 is converted into UTF8; UTF-8 is read where it lies */
	if (check_start(r, text, len))
		text += 3, len -= 3;
	if (r->cd == (iconv_t)-1)
		feed(r, text, len);
	/* iconv wants writable input: CP949 goes through the chunk buffer. */
	while (r->cd != (iconv_t)-1 && !r->done && len > 0) {
		size_t n = len < CHUNK ? len : CHUNK;
		memcpy(r->in, text, n);
		size_t used = feed_any(r, r->in, n, n == len);
		if (used == 0)
			break;
		text += used, len -= used;
	}
	return end(r);
}
