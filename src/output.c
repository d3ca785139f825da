/*
 * output.c - output columns and the machine formats.  See output.h.
 */
#include "output.h"

#if defined(__SSE2__) && !defined(KAI_PORTABLE)
#include <emmintrin.h>
#endif

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "field.h"
#include "i18n.h"
#include "num.h"
#include "sheet.h"

#define SC(field)  OUT_FROM_SCENARIO, offsetof(struct rules_scenario, field)
#define RES(field) OUT_FROM_RESULT, offsetof(struct rules_result, field)
#define PPM(field) OUT_FROM_RATE, offsetof(struct rules_result, field)
#define PLAN(field) OUT_FROM_PLAN, offsetof(struct out_plan, field)

/* The column table: every output column, once. */
static const struct out_col_def columns[OUT_COL_COUNT] = {
	[OUT_SIZE]       = { "size", "기업규모", N_("company size (기업규모)"), OUT_KIND_TEXT, OUT_FROM_TYPE, 0 },
	[OUT_LICENSE]    = { "license", "공개방식", N_("open-source mode (공개방식)"), OUT_KIND_TEXT, OUT_FROM_LICENSE, 0 },
	[OUT_GPUS]       = { "gpus", "GPU수", N_("GPUs (GPU 수)"), OUT_KIND_COUNT, SC(gpus), NULL, " × B200" },
	[OUT_MONTHS]     = { "months", "개월수", N_("months (협약 개월 수)"), OUT_KIND_MONTHS, OUT_FROM_MONTHS, 0,
	                     .repeats = true },
	[OUT_UNIT_PRICE] = { "unit_price_krw", "단가", N_("unit price (단가)"), OUT_KIND_WON, SC(unit_price), NULL,
	                     N_(" per GPU-month"), .repeats = true },
	[OUT_GOV]        = { "gov_subsidy_krw", "정부지원금", N_("government support (정부지원금)"), OUT_KIND_WON, RES(gov) },
	[OUT_SELF_RATE]  = { "self_rate_pct", "자부담율", N_("self-burden rate (자부담율)"), OUT_KIND_PCT, PPM(self_ppm),
	                     .repeats = true },
	[OUT_PRIVATE]    = { "private_share_krw", "민간부담금", N_("private share (민간부담금)"), OUT_KIND_WON, RES(private_share) },
	[OUT_CASH_RATE]  = { "cash_rate_pct", "현금비율", N_("minimum cash rate (현금 비율)"), OUT_KIND_PCT, PPM(cash_ppm),
	                     N_("at least "), N_(" of the private share in cash"), .repeats = true },
	[OUT_CASH_MIN]   = { "cash_min_krw", "현금최소", N_("cash minimum (현금 최소)"), OUT_KIND_WON, RES(cash_min) },
	[OUT_IN_KIND]    = { "in_kind_max_krw", "현물최대", N_("in-kind maximum (현물 최대)"), OUT_KIND_WON, RES(in_kind_max) },
	[OUT_TOTAL]      = { "total_cost_krw", "총사업비", N_("total cost (총사업비)"), OUT_KIND_WON, RES(total) },
	[OUT_TEAM]       = { "team", "팀", N_("team (컨소시엄)"), OUT_KIND_TEXT, OUT_FROM_RECORD, 0 },
	[OUT_NAME]       = { "name", "기관명", N_("institution (기관명)"), OUT_KIND_TEXT, OUT_FROM_RECORD, 0 },
	[OUT_ROLE]       = { "role", "역할", N_("role (역할)"), OUT_KIND_TEXT, OUT_FROM_RECORD, 0 },
	[OUT_TYPE]       = { "type", "유형", N_("type (기관유형)"), OUT_KIND_TEXT, OUT_FROM_RECORD, 0 },
	[OUT_FOREIGN]    = { "foreign", "해외", N_("foreign (해외)"), OUT_KIND_TEXT, OUT_FROM_RECORD, 0 },
	[OUT_ELIGIBLE]   = { "eligible", "지원자격", N_("eligible (지원 자격)"), OUT_KIND_TEXT, OUT_FROM_RECORD, 0 },
	[OUT_PROBLEMS]   = { "problems", "결격사유", N_("problems (결격 사유)"), OUT_KIND_TEXT, OUT_FROM_RECORD, 0 },
	[OUT_STAGE]      = { "stage", "단계", N_("stage (단계)"), OUT_KIND_TEXT, OUT_FROM_RECORD, 0 },
	[OUT_FROM]       = { "from", "시작일", N_("from (시작일)"), OUT_KIND_TEXT, OUT_FROM_RECORD, 0 },
	[OUT_TO]         = { "to", "종료일", N_("to (종료일)"), OUT_KIND_TEXT, OUT_FROM_RECORD, 0 },
	[OUT_BUDGET_CASH]    = { "budget_cash_krw", "현금예산", N_("cash budget (현금 예산)"), OUT_KIND_WON, PLAN(cash) },
	[OUT_BUDGET_IN_KIND] = { "budget_in_kind_krw", "현물예산", N_("in-kind budget (현물 예산)"), OUT_KIND_WON, PLAN(in_kind) },
	[OUT_CASH_SPARE]     = { "cash_spare_krw", "현금여유", N_("cash to spare (현금 여유)"), OUT_KIND_SIGNED, PLAN(cash_spare) },
	[OUT_SPARE]          = { "spare_krw", "예산여유", N_("budget to spare (예산 여유)"), OUT_KIND_SIGNED, PLAN(spare) },
	[OUT_LIMITED_BY]     = { "limited_by", "제약", N_("limited by (제약)"), OUT_KIND_TEXT, OUT_FROM_RECORD, 0 },
	[OUT_CASH_SHORT]     = { "cash_short_krw", "현금부족", N_("cash short (현금 부족)"), OUT_KIND_WON, PLAN(cash_short) },
	[OUT_PRIVATE_SHORT]  = { "private_short_krw", "민간부담부족", N_("private share short (민간부담 부족)"), OUT_KIND_WON,
	                         PLAN(private_short) },
	[OUT_PLAN_OK]        = { "plan_ok", "계획적정", N_("plan covers the share (계획 적정)"), OUT_KIND_TEXT, OUT_FROM_RECORD, 0 },
};

const struct out_col_def *
out_col_def(enum out_col col)
{
	return (unsigned)col < OUT_COL_COUNT ? &columns[col] : NULL;
}

const char *
out_col_name(enum out_col col)
{
	return (unsigned)col < OUT_COL_COUNT ? columns[col].name : "?";
}

bool
out_col_from_name(const char *s, size_t len, enum out_col *col)
{
	for (int i = 0; i < OUT_COL_COUNT; i++) {
		if (strlen(columns[i].name) == len && memcmp(columns[i].name, s, len) == 0) {
			*col = (enum out_col)i;
			return true;
		}
	}
	return false;
}

const char *
out_col_korean(enum out_col col)
{
	return (unsigned)col < OUT_COL_COUNT ? columns[col].korean : "?";
}

const char *
out_col_header(enum out_col col, bool korean)
{
	return korean ? out_col_korean(col) : out_col_name(col);
}

bool
out_col_is(enum out_col col, const char *s, size_t len, bool korean)
{
	if ((unsigned)col >= OUT_COL_COUNT)
		return false;
	const struct out_col_def *def = &columns[col];
	return field_same_name(def->name, strlen(def->name), s, len) ||
	       (korean && field_same_name(def->korean, strlen(def->korean), s, len));
}

bool
out_col_named(const char *s, size_t len, enum out_col *col)
{
	for (int i = 0; i < OUT_COL_COUNT; i++) {
		if (out_col_is((enum out_col)i, s, len, true)) {
			*col = (enum out_col)i;
			return true;
		}
	}
	return false;
}

/* Whether NAME and the LEN bytes at S name one output column, in either language. */
static bool
same_column(const char *name, const char *s, size_t len)
{
	enum out_col a, b;
	return out_col_named(s, len, &a) && out_col_named(name, strlen(name), &b) && a == b;
}

/* How many decimal places a number of KIND is held with. */
static const unsigned kind_places[] = {
	[OUT_KIND_MONTHS] = RULES_MONTHS_PLACES, [OUT_KIND_PCT] = RULES_PCT_PLACES,
};

/* Whether column COL is a number that out_cols() writes on its own: not words, not a budget's. */
static inline bool
bare_number(enum out_col col)
{
	return (unsigned)col < OUT_COL_COUNT && columns[col].kind != OUT_KIND_TEXT &&
	       columns[col].from != OUT_FROM_PLAN;
}

/* A zeroed struct out_how, a writer's before out_begin(), must send every column to out_col(). */
_Static_assert(OUT_BY_COL == 0, "a zeroed out_how is OUT_BY_COL");

/* What out_cols() needs of column COL (below OUT_COL_COUNT), from the column table. */
static struct out_how
plan_of(enum out_col col)
{
	const struct out_col_def *def = &columns[col];
	unsigned places = kind_places[def->kind];
	enum out_by by = !bare_number(col) ? OUT_BY_COL :
	                 def->from == OUT_FROM_RESULT && places == 0 && !def->repeats ? OUT_BY_WON :
	                 OUT_BY_NUMBER;
	return (struct out_how){
		.offset = (uint32_t)def->offset, .by = (unsigned char)by, .from = (unsigned char)def->from,
		.places = (unsigned char)places, .repeats = def->repeats,
	};
}

/* Resolves W->how from the column table: what out_cols() needs of each column, at hand. */
static void
plan_columns(struct out_writer *w)
{
	for (int col = 0; col < OUT_COL_COUNT; col++)
		w->how[col] = plan_of((enum out_col)col);
}

struct out_cell
out_value(enum out_col col, const struct out_record *rec)
{
	const struct out_col_def *def = out_col_def(col);
	const char *word;

	if (def == NULL)
		return OUT_TEXT("?", 1);
	switch (def->from) {
	case OUT_FROM_TYPE:    word = rules_type_name(rec->sc->type); break;
	case OUT_FROM_LICENSE: word = rules_license_name(rec->sc->license); break;
	case OUT_FROM_RECORD:  word = rec->text[col] ? rec->text[col] : ""; break;
	case OUT_FROM_PLAN:
		if (rec->plan == NULL)
			return OUT_TEXT("", 0);     /* no budget for this record: blank, not 0 */
		/* fall through */
	default: {
		struct out_cell c = OUT_NUMBER(out_number_of(def, rec), def->kind < sizeof kind_places /
		                               sizeof kind_places[0] ? kind_places[def->kind] : 0);
		c.negative = def->from == OUT_FROM_PLAN && rec->plan != NULL &&
		             *(const int64_t *)(const void *)((const char *)rec->plan + def->offset) < 0;
		return c;
	}
	}
	return OUT_TEXT(word, strlen(word));
}

/* "a, b, c": the N NAMES, for a message, cut short with "..." when BUF is full. */
static void
list_names(char *buf, size_t n, const char *const *names, size_t count)
{
	size_t k = 0;
	buf[0] = '\0';
	for (size_t j = 0; j < count && k < n; j++)
		k += (size_t)snprintf(buf + k, n - k, "%s%s", j ? ", " : "", names[j]);
	if (k >= n && n > 4)
		memcpy(buf + n - 4, "...", 4);
}

bool
out_fields(const char *list, const char *const *names, size_t n,
           size_t *picked, size_t *npicked, char *msg, size_t msgn)
{
	const char *p = list;
	size_t none;

	if (npicked == NULL)
		npicked = &none;            /* checking the syntax only */
	*npicked = 0;
	for (;;) {
		const char *comma = strchr(p, ','), *end = comma ? comma : p + strlen(p);
		const char *b = p, *e = end;
		while (b < e && (*b == ' ' || *b == '\t'))
			b++;
		while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		int len = (int)(e - b);
		if (len == 0) {
			snprintf(msg, msgn, _("--fields '%s': empty column name; expected a "
			         "comma-separated list of output columns"), list);
			return false;
		}
		size_t i = 0;
		if (names == NULL) {            /* the syntax only: the columns are not known yet */
			if (comma == NULL)
				return true;
			p = comma + 1;
			continue;
		}
		while (i < n && !field_same_name(names[i], strlen(names[i]), b, (size_t)len))
			i++;
		if (i == n)                     /* an output column by its name in the other language */
			for (i = 0; i < n && !same_column(names[i], b, (size_t)len); i++)
				;
		if (i == n) {
			char all[768];
			list_names(all, sizeof all, names, n);
			snprintf(msg, msgn, _("--fields '%.*s': unknown column; expected any of %s"), len, b, all);
			return false;
		}
		for (size_t j = 0; j < *npicked; j++) {
			if (picked[j] == i) {
				snprintf(msg, msgn, _("--fields '%.*s': column listed twice; expected each "
				         "column at most once"), len, b);
				return false;
			}
		}
		picked[(*npicked)++] = i;
		if (comma == NULL)
			return true;
		p = comma + 1;
	}
}

/* ---- machine formats ---- */

/*
 * Records are assembled in the writer's own buffer and handed over a block
 * at a time: batch output is a million records, and a library call per
 * cell or per character would dominate its time.
 */
void
out_write_block(FILE *fp, const char *s, size_t n)
{
	int fd = fileno(fp);
	/*
	 * Straight to the descriptor, after what stdio holds: fwrite() would
	 * first copy the block into stdio's buffer, some 100 instructions of
	 * a csv record's 2,300 and 300 of a JSON one's.  A memory stream has
	 * no descriptor.
	 */
	if (fd >= 0 && fflush(fp) == 0) {
		while (n > 0) {
			ssize_t done = write(fd, s, n);
			if (done < 0 && errno == EINTR)
				continue;
			if (done <= 0)
				break;
			s += done;
			n -= (size_t)done;
		}
	}
	/* What could not be written goes through stdio, which fails the same way and keeps the error. */
	if (n > 0)
		fwrite(s, 1, n, fp);
}

void
out_flush(struct out_writer *w)
{
	if (w->buffered > 0)
		out_write_block(w->fp, w->buf, w->buffered);
	w->buffered = 0;
}

/* room() when the buffer must be handed over first: out of line, so that callers keep no frame for it. */
static __attribute__((noinline, cold)) bool
room_flushed(struct out_writer *w, size_t n)
{
	out_flush(w);
	return n <= sizeof w->buf;
}

/* Room for N more bytes in the buffer; false when N is more than it holds. */
static inline bool
room(struct out_writer *w, size_t n)
{
	return n <= sizeof w->buf - w->buffered || room_flushed(w, n);
}

static inline void
put(struct out_writer *w, const char *s, size_t n)
{
	if (!room(w, n)) {
		out_write_block(w->fp, s, n);   /* longer than the buffer: straight through */
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

/*
 * A plain number as Excel and LibreOffice read one: [+-], digits with at
 * most one '.' (one digit at least), then optionally e or E, [+-], digits.
 */
static bool
plain_number(const char *s, size_t len)
{
	size_t i = 0, digits = 0;
	bool point = false;

	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	for (; i < len && ((s[i] >= '0' && s[i] <= '9') || (s[i] == '.' && !point)); i++) {
		if (s[i] == '.')
			point = true;
		else
			digits++;
	}
	if (digits == 0)
		return false;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i == len || s[i] < '0' || s[i] > '9')
			return false;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	return i == len;
}

/* The bytes a formula starts with, for Excel: = + - @ tab CR. */
static const bool formula_start[256] = {
	['='] = true, ['+'] = true, ['-'] = true, ['@'] = true, ['\t'] = true, ['\r'] = true,
};

/* Excel would run a text cell that starts like a formula; not a number (-5). */
static inline bool
needs_neutralising(const char *s, size_t len)
{
	return len > 0 && formula_start[(unsigned char)s[0]] && !plain_number(s, len);
}

/* Bytes a text cell cannot be copied with as it is: csv quoting, tsv and JSON escapes. */
static const bool special[OUT_FORMAT_COUNT][256] = {
	[OUT_CSV] = { [','] = true, ['"'] = true, ['\r'] = true, ['\n'] = true },
	[OUT_TSV] = { ['\t'] = true, ['\r'] = true, ['\n'] = true, ['\\'] = true },
	[OUT_JSON] = {
		[0x00] = true, true, true, true, true, true, true, true,    /* the control characters */
		true, true, true, true, true, true, true, true,
		true, true, true, true, true, true, true, true,
		true, true, true, true, true, true, true, true,
		['"'] = true, ['\\'] = true, [0x7f] = true,
	},
};

/* Whether the LEN bytes at S need csv quotes: a comma, quote, CR or LF. */
static bool
csv_needs_quotes(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (special[OUT_CSV][(unsigned char)s[i]])
			return true;
	return false;
}

/* A csv cell, quoted only when it must be: any length, even past the buffer. */
static void
put_csv(struct out_writer *w, const char *s, size_t len, bool quote_prefix)
{
	if (!csv_needs_quotes(s, len)) {
		if (quote_prefix)
			put_char(w, '\'');
		put(w, s, len);
		return;
	}
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

/*
 * The LEN bytes at S as the inside of a JSON string, at D, which has room
 * for 6 * LEN bytes (\u00XX a byte at worst); returns the length.  Runs of
 * bytes that need no escape, nearly all text, are copied at once.
 */
static size_t
json_escape(char *d, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	char *start = d;

	for (size_t i = 0; i < len; i++) {
		size_t k = i;
		while (k < len && !special[OUT_JSON][(unsigned char)s[k]])
			k++;
		memcpy(d, s + i, k - i);
		d += k - i;
		if (k == len)
			break;
		unsigned char c = (unsigned char)s[k];
		*d++ = '\\';
		switch (c) {
		case '"':  *d++ = '"'; break;
		case '\\': *d++ = '\\'; break;
		case '\n': *d++ = 'n'; break;
		case '\r': *d++ = 'r'; break;
		case '\t': *d++ = 't'; break;
		default:                        /* another control character */
			memcpy(d, "u00", 3);
			d[3] = hex[c >> 4];
			d[4] = hex[c & 15];
			d += 5;
		}
		i = k;
	}
	return (size_t)(d - start);
}

/* A piece of a JSON string escaped at once: its worst case, 6 bytes a byte, fits the buffer. */
#define JSON_PIECE (sizeof ((struct out_writer *)0)->buf / 8)

static void
put_json_string(struct out_writer *w, const char *s, size_t len)
{
	put_char(w, '"');
	for (;;) {                      /* one piece unless the text is long */
		size_t n = len < JSON_PIECE ? len : JSON_PIECE;
		room(w, 6 * n);
		w->buffered += json_escape(w->buf + w->buffered, s, n);
		s += n;
		len -= n;
		if (len == 0)
			break;
	}
	put_char(w, '"');
}

/* A rendered key of up to this many bytes is copied at this fixed size (copy_key()). */
#define KEY_COPY 32

/*
 * Renders the JSON keys once, when the writer starts, for as many columns
 * as KEYS holds, up to the first whose key is longer than KEY_COPY: each
 * with the comma before it and its colon (,"gpus":), so that a record
 * copies them, KEY_COPY bytes at a time, instead of escaping each name
 * again.  The last KEY_COPY bytes of KEYS stay free: copy_key() reads
 * into them.
 */
static void
render_keys(struct out_writer *w)
{
	size_t at = 0;

	w->nkeys = 0;
	w->key_at[0] = 0;
	for (size_t i = 0; i < w->ncols && i < OUT_KEYS; i++) {
		size_t len = strlen(w->names[i]);
		if (len > (sizeof w->keys - KEY_COPY - at - 4) / 6)     /* its worst case, with , " " : */
			break;
		char *d = w->keys + at;
		if (i > 0)
			*d++ = ',';
		*d++ = '"';
		d += json_escape(d, w->names[i], len);
		*d++ = '"';
		*d++ = ':';
		if (d - (w->keys + at) > KEY_COPY)
			break;
		at = (size_t)(d - w->keys);
		w->key_at[i + 1] = (unsigned short)at;
		w->nkeys = i + 1;
	}
}

/* copy_key() of the key whose start KEY_AT points to in W->key_at, for a loop that walks them. */
static inline char *
copy_key_at(const struct out_writer *w, const unsigned short *key_at, char *d)
{
	memcpy(d, w->keys + key_at[0], KEY_COPY);     /* every rendered key fits (render_keys()) */
	return d + (key_at[1] - key_at[0]);
}

/*
 * The rendered key of cell I (I < W->nkeys) at D, which has room for
 * KEY_COPY bytes; returns where it ends.  No rendered key is longer, and
 * a copy of a fixed size is a few moves, not a library call.
 */
static inline char *
copy_key(const struct out_writer *w, size_t i, char *d)
{
	return copy_key_at(w, &w->key_at[i], d);
}

/* In JSON, before the value of cell I: a comma, and its key. */
static void
json_key(struct out_writer *w, size_t i)
{
	if (i < w->nkeys) {
		room(w, w->key_at[i + 1] + KEY_COPY);   /* more than any one key needs */
		w->buffered = (size_t)(copy_key(w, i, w->buf + w->buffered) - w->buf);
		return;
	}
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
	if (w->sheet != NULL) {
		sheet_text(w->sheet, s, len);
		return;
	}
	next_cell(w);
	bool json = w->format == OUT_JSON;
	bool neutralise = w->excel && !json && needs_neutralising(s, len);
	if (room(w, len + 2)) {
		char *d = w->buf + w->buffered;
		if (neutralise || json)
			*d++ = json ? '"' : '\'';
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
			if (json)
				d[len] = '"';
			w->buffered += len + neutralise + 2 * json;
			return;
		}
	}
	/* A cell to quote or escape, or one longer than the buffer: put_csv quotes only if it must. */
	if (json)
		put_json_string(w, s, len);
	else if (w->format == OUT_TSV)
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

/* The end of the cell at CELL of a run that ends at END: its comma, or END. */
static const char *
cell_end(const char *cell, const char *end)
{
	const char *comma = memchr(cell, ',', (size_t)(end - cell));
	return comma != NULL ? comma : end;
}

/* The sets of bytes a run is looked through for at once (none_in()). */
enum byte_set {
	FORMULA_START,          /* formula_start[]: --excel guards a cell starting so; with SSE2
	                         * also VT, 0x0F, ) and /, which only make --excel look closer */
	JSON_ESCAPED,           /* special[OUT_JSON]: control bytes, DEL, quote, backslash */
};

#if defined(__SSE2__) && !defined(KAI_PORTABLE)
/* The bytes of V in SET, as compares of all sixteen at once. */
static inline __m128i
set_hits(__m128i v, enum byte_set set)
{
	/* Tab, CR, + and - at once: less bits 0x26 each is 0x09 (as are VT, 0x0F, ) and /). */
	if (set == FORMULA_START)
		return _mm_or_si128(
			_mm_cmpeq_epi8(_mm_andnot_si128(_mm_set1_epi8(0x26), v), _mm_set1_epi8(0x09)),
			_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('=')), _mm_cmpeq_epi8(v, _mm_set1_epi8('@'))));
	/* A control byte is at most 0x1F: the smaller of it and 0x1F is itself. */
	return _mm_or_si128(
		_mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v), _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F))),
		_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
}
#endif

/*
 * Whether none of the LEN bytes at S is in SET: with SSE2 (every x86-64)
 * sixteen at a time, the last sixteen overlapping the block before; a byte
 * at a time by the set's table for fewer, and without SSE2.
 */
static inline bool
none_in(const char *s, size_t len, enum byte_set set)
{
	const bool *table = set == FORMULA_START ? formula_start : special[OUT_JSON];
	size_t i = 0;
#if defined(__SSE2__) && !defined(KAI_PORTABLE)
	for (; len >= 16; i += 16) {
		if (i > len - 16)
			i = len - 16;
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		if (_mm_movemask_epi8(set_hits(v, set)) != 0)
			return false;
		if (i == len - 16)
			return true;
	}
#endif
	for (; i < len; i++)
		if (table[(unsigned char)s[i]])
			return false;
	return true;
}

/* A run this much shorter is split by the bits of its commas (run_bits()). */
#define RUN_BITS 64

/*
 * Bit I set in *COMMAS for each comma S[I] of the LEN bytes at S, LEN
 * below RUN_BITS, and in *ESCAPED for each byte JSON must escape
 * (special[OUT_JSON]): one look at each byte for both, with SSE2 sixteen
 * at a time, the last sixteen overlapping the block before; a byte at a
 * time for fewer, and without.
 */
static inline void
run_bits(const char *s, size_t len, uint64_t *commas, uint64_t *escaped)
{
	uint64_t c = 0, e = 0;
	size_t i = 0;
#if defined(__SSE2__) && !defined(KAI_PORTABLE)
	if (len >= 16) {
		const __m128i comma = _mm_set1_epi8(',');
		for (;; i += 16) {
			if (i > len - 16)
				i = len - 16;
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
			c |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, comma)) << i;
			e |= (uint64_t)(unsigned)_mm_movemask_epi8(set_hits(v, JSON_ESCAPED)) << i;
			if (i == len - 16)
				break;
		}
		*commas = c;
		*escaped = e;
		return;
	}
#endif
	for (; i < len; i++) {
		c |= (uint64_t)(s[i] == ',') << i;
		e |= (uint64_t)special[OUT_JSON][(unsigned char)s[i]] << i;
	}
	*commas = c;
	*escaped = e;
}

/*
 * A run in JSON with every key rendered and nothing to escape: each cell
 * after its key, in quotes, as text_cell() writes it.  False, with nothing
 * written, when the run needs the cell-by-cell way.  The cells of a short
 * run (a batch record's input) are found from the bits of its commas and
 * copied from a copy of the run with room past it in moves of a fixed
 * size, 16 bytes or RUN_BITS, whose bytes past the cell the next are
 * written over (the buffer has that room); a long run's cells are found
 * by memchr().
 */
static bool
json_run(struct out_writer *w, const char *s, size_t len, size_t cells)
{
	if (w->col + cells > w->nkeys || !room(w, len + 2 * cells + sizeof w->keys))
		return false;
	char *d = w->buf + w->buffered;
	const unsigned short *key = &w->key_at[w->col];     /* the next cell's key */
	if (len < RUN_BITS) {
		uint64_t commas, escaped;
		run_bits(s, len, &commas, &escaped);
		if (escaped != 0)
			return false;
		commas |= (uint64_t)1 << len;   /* the bit past the end ends the last cell */
		char run[2 * RUN_BITS];         /* from any cell, RUN_BITS bytes can be read */
		out_copy_short(run, s, len);
		for (size_t at = 0;;) {
			size_t e = (size_t)__builtin_ctzll(commas);    /* the cell's comma, or the end */
			size_t n = e - at;
			commas &= commas - 1;
			d = copy_key_at(w, key++, d);
			*d++ = '"';
			if (n <= 16)
				memcpy(d, run + at, 16);
			else
				memcpy(d, run + at, RUN_BITS);
			d += n;
			*d++ = '"';
			if (commas == 0)
				break;
			at = e + 1;
		}
	} else {
		if (!none_in(s, len, JSON_ESCAPED))
			return false;
		const char *end = s + len;
		for (const char *cell = s;; cell++) {
			const char *e = cell_end(cell, end);
			size_t n = (size_t)(e - cell);
			d = copy_key_at(w, key++, d);
			*d++ = '"';
			memcpy(d, cell, n);
			d += n;
			*d++ = '"';
			if (e == end)
				break;
			cell = e;
		}
	}
	w->col += cells;
	w->buffered = (size_t)(d - w->buf);
	return true;
}

/* out_csv_run() in all but its commonest case, csv without --excel: JSON, tsv, --excel, a sheet. */
static __attribute__((noinline)) void
csv_run_other(struct out_writer *w, const char *s, size_t len, size_t cells)
{
	const char *end = s + len, *e;

	if (w->format == OUT_JSON && w->sheet == NULL && json_run(w, s, len, cells))
		return;
	if (w->format != OUT_CSV || w->sheet != NULL) {
		/* Other separators, escapes or a sheet: cell by cell. */
		for (const char *cell = s;; cell = e + 1) {
			e = cell_end(cell, end);
			text_cell(w, cell, (size_t)(e - cell), true);
			if (e == end)
				return;
		}
	}
	if (w->col > 0)
		put_char(w, ',');
	w->col += cells;
	/*
	 * With --excel, a cell that starts like a formula gets its quote; the
	 * rest goes as it came.  Only a cell's first byte can make it one, and
	 * a run with no such byte anywhere is copied whole.
	 */
	const char *from = s;
	bool walk = w->excel && !none_in(s, len, FORMULA_START);
	for (const char *cell = s; walk; cell = e + 1) {
		e = cell_end(cell, end);
		if (needs_neutralising(cell, (size_t)(e - cell))) {
			put(w, from, (size_t)(cell - from));
			put_char(w, '\'');
			from = cell;
		}
		if (e == end)
			break;
	}
	put(w, from, (size_t)(end - from));
}

/* The run in csv as it came, after its comma, which has the room: out_csv_run()'s way. */
static inline void
copy_run(struct out_writer *w, const char *s, size_t len, size_t cells)
{
	char *d = w->buf + w->buffered;
	*d = ',';
	d += w->col > 0;
	out_copy_short(d, s, len);
	w->buffered = (size_t)(d + len - w->buf);
	w->col += cells;
}

/* Whether out_csv_run() can copy the run in moves (copy_run()): short, and room without a flush. */
static inline bool
run_fits(const struct out_writer *w, size_t len)
{
	return len <= OUT_SHORT_COPY && len < sizeof w->buf - w->buffered;
}

/*
 * out_csv_run() in csv with --excel: the same copy when no byte of the
 * run could start a formula, nearly every record; apart from plain csv's
 * way, so that way stays as short as it was.
 */
static __attribute__((noinline)) void
excel_run(struct out_writer *w, const char *s, size_t len, size_t cells)
{
	if (run_fits(w, len) && none_in(s, len, FORMULA_START))
		copy_run(w, s, len, cells);
	else
		csv_run_other(w, s, len, cells);
}

void
out_csv_run(struct out_writer *w, const char *s, size_t len, size_t cells)
{
	/*
	 * A batch record's input cells: the run as it came, after its comma,
	 * with nothing around it to save.  Room without a flush and a run
	 * out_copy_short() copies in moves, so that this way calls nothing and
	 * keeps no registers: the rest goes another way.  Framed csv is csv
	 * with EXCEL.
	 */
	if (w->plain_rows && w->format == OUT_CSV && run_fits(w, len))
		copy_run(w, s, len, cells);
	else if (w->framed_rows && w->format == OUT_CSV)
		excel_run(w, s, len, cells);
	else
		csv_run_other(w, s, len, cells);
}

char *
out_csv_space(struct out_writer *w, size_t len)
{
	if (w->format != OUT_CSV || w->excel || w->sheet != NULL || !room(w, len + 1))
		return NULL;
	return w->buf + w->buffered + (w->col > 0);     /* after the comma out_csv_done() puts */
}

void
out_csv_done(struct out_writer *w, size_t used, size_t cells)
{
	if (w->col > 0)
		w->buf[w->buffered++] = ',';
	w->buffered += used;
	w->col += cells;
}

/* A number cell, inline: the batch writes eight a record. */
static inline void
number_cell(struct out_writer *w, uint64_t value, unsigned places, bool negative)
{
	if (w->sheet != NULL) {
		sheet_number(w->sheet, value, places);
		return;
	}
	next_cell(w);
	if (room(w, NUM_BUF + 1)) {
		char *d = w->buf + w->buffered;
		if (negative && value > 0)
			*d++ = '-', w->buffered++;
		w->buffered += places == 0 ? num_fmt_uint(d, value) : num_fmt_fixed(d, value, places);
	}
}

void
out_number(struct out_writer *w, uint64_t value, unsigned places)
{
	number_cell(w, value, places, false);
}

void
out_begin(struct out_writer *w)
{
	if (w->started)
		return;
	w->started = true;
	plan_columns(w);
	if (w->sheet != NULL) {
		sheet_header(w->sheet, w->names, w->ids, w->ncols);
		return;
	}
	bool json = w->format == OUT_JSON;
	/* A record's framing, in one place: out_row_open() and out_row_close() put it, and the inline ways. */
	w->row_head = '{';
	w->row_head_len = json;
	strncpy(w->row_tail, json ? "}\n" : w->excel ? "\r\n" : "\n", sizeof w->row_tail);   /* zeros after */
	w->row_tail_len = (unsigned char)strlen(w->row_tail);
	if (json)
		render_keys(w);
	if (w->excel && w->format != OUT_JSON)
		put(w, "\xEF\xBB\xBF", 3);
	if (!w->no_header && w->format != OUT_JSON) {
		w->col = 0;
		for (size_t i = 0; i < w->ncols; i++)
			out_text(w, w->names[i], strlen(w->names[i]));
		out_row_end(w);
	}
	w->plain_rows = !w->excel && (w->format == OUT_CSV || w->format == OUT_TSV);
	w->framed_rows = !w->plain_rows;
}

void
out_row_open(struct out_writer *w)
{
	out_begin(w);
	w->col = 0;
	if (w->sheet != NULL)
		sheet_row_begin(w->sheet);
	else
		put(w, &w->row_head, w->row_head_len);
}

void
out_row_close(struct out_writer *w)
{
	if (w->sheet != NULL) {
		sheet_row_end(w->sheet);
		return;
	}
	put(w, w->row_tail, w->row_tail_len);
}

/* Writes CELL, number or text, as the next cell of the record. */
static void
put_cell(struct out_writer *w, const struct out_cell *c)
{
	if (c->number)
		number_cell(w, c->value, c->places, c->negative);
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

/* V with PLACES decimal places as text at D (room for NUM_BUF bytes); returns its length. */
static inline size_t
plain_text(uint64_t v, unsigned places, char *d)
{
	return places == 0 ? num_fmt_uint(d, v) : num_fmt_fixed(d, v, places);
}

/* The text of V at D, as plain_text() writes it, kept in SLOT if it fits: a value not yet kept. */
static __attribute__((noinline)) size_t
keep_text(struct out_cached *slot, uint64_t v, unsigned places, char *d)
{
	size_t n = plain_text(v, places, d);
	if (n < sizeof slot->text) {
		slot->value = v;
		memcpy(slot->text, d, n);
		slot->text[sizeof slot->text - 1] = (char)n;
	}
	return n;
}

/*
 * The number V of column COL, held with PLACES decimal places, as text at
 * D, which has room for NUM_BUF bytes; returns its length.  A column that
 * REPEATS keeps the text of recent values (unit price, rates, months), a
 * slot for each by a hash of the value, so that most records copy the
 * text instead of printing the number again.
 */
static inline size_t
number_text(struct out_writer *w, enum out_col col, uint64_t v, unsigned places, bool repeats, char *d)
{
	if (!repeats)
		return plain_text(v, places, d);
	/* Fibonacci hashing: the top bits of V times 2^64 / golden ratio pick the slot. */
	struct out_cached *slot = &w->cached[col][(v * 0x9E3779B97F4A7C15u) >> (64 - OUT_CACHE_BITS)];
	unsigned char kept = (unsigned char)slot->text[sizeof slot->text - 1];
	if (slot->value != v || kept == 0)
		return keep_text(slot, v, places, d);
	/* The whole text, with its count past it: D has the room, and a fixed size copies fastest. */
	memcpy(d, slot->text, sizeof slot->text);
	return kept;
}

/*
 * The number of column COL of REC, whose plan HOW is not OUT_BY_COL, as
 * text at D, which has room for NUM_BUF bytes; returns its end.  The one printer of
 * out_cols()' numbers, for a record (cols_run()) and for a caller's text
 * (out_cols_csv()); W keeps the texts of repeating values, and without
 * a writer (NULL) each is printed.
 */
static inline __attribute__((always_inline)) char *
number_col(struct out_writer *w, unsigned col, const struct out_how *how, const struct out_record *rec, char *d)
{
	if (how->by == OUT_BY_WON)      /* five a record: no more than it takes */
		return num_put_digits(d, (uint64_t)*(const int64_t *)(const void *)((const char *)rec->res + how->offset));
	uint64_t v = out_number_at(how->from, how->offset, rec);
	return d + number_text(w, (enum out_col)col, v, how->places, w != NULL && how->repeats, d);
}

/*
 * Room for COUNT cells of out_cols()' own: each a number and its
 * separator, and in JSON its key, at most all of KEYS.
 */
static size_t
cols_room(const struct out_writer *w, size_t count)
{
	return count * (NUM_BUF + 1) + (w->format == OUT_JSON ? sizeof w->keys : 0);
}

/*
 * out_cols()' loop over the columns from COLS up to END, with SEP between
 * cells, or for JSON with SEP 0 (a constant: each format gets its own
 * copy).  Returns where it stopped: at END, or at the first column that
 * W's plan leaves to out_col().  Numbers need no quoting or escape, so they
 * go to the buffer through a bare pointer after one room check.  What
 * lives through the loop is kept to what the registers a call keeps can
 * hold: the cell count is worked out at the end, and JSON walks the keys'
 * starts instead of counting.
 */
static inline __attribute__((always_inline)) const enum out_col *
cols_run(struct out_writer *w, const enum out_col *cols, const enum out_col *end,
         const struct out_record *rec, const char sep)
{
	const enum out_col *first = cols;
	const unsigned short *key = sep == 0 ? &w->key_at[w->col] : NULL;   /* JSON: the next cell's key */
	char *d = w->buf + w->buffered;
	if (sep != 0 && w->col > 0)
		*d++ = sep;
	/*
	 * In csv and tsv each number is followed by its separator, and the
	 * last one is taken back at the end (or the one put before them,
	 * when there were none).
	 */
	for (; cols < end; cols++) {
		unsigned col = (unsigned)*cols;
		if (col >= OUT_COL_COUNT)
			break;
		const struct out_how *how = &w->how[col];
		/* The amounts, the commonest, after one test of the plan (the same call twice). */
		if (how->by == OUT_BY_WON) {
			if (sep == 0)
				d = copy_key_at(w, key++, d);
			d = number_col(w, col, how, rec, d);
		} else if (how->by != OUT_BY_COL) {
			if (sep == 0)
				d = copy_key_at(w, key++, d);
			d = number_col(w, col, how, rec, d);
		} else {
			break;
		}
		if (sep != 0)
			*d++ = sep;
	}
	/* A separator was put unless this is the record's first cell and none was written. */
	size_t col = w->col + (size_t)(cols - first);
	if (sep != 0)
		d -= col > 0;
	w->buffered = (size_t)(d - w->buf);
	w->col = col;
	return cols;
}

/*
 * As many of the columns from COLS up to END as the plan writes at once,
 * in W's format: none with a sheet, when the buffer is too full for all
 * of them, or in JSON when some key is not rendered.  Returns where it
 * stopped, as cols_run() does.
 */
static inline const enum out_col *
cols_fast(struct out_writer *w, const enum out_col *cols, const enum out_col *end,
          const struct out_record *rec)
{
	size_t n = (size_t)(end - cols);
	if (w->sheet != NULL || !room(w, cols_room(w, n)))
		return cols;
	switch (w->format) {
	case OUT_CSV:  return cols_run(w, cols, end, rec, ',');
	case OUT_TSV:  return cols_run(w, cols, end, rec, '\t');
	case OUT_JSON: return w->col + n <= w->nkeys ? cols_run(w, cols, end, rec, 0) : cols;
	default:       return cols;
	}
}

/* What out_cols() leaves from COLS up to END: one column for out_col(), then the plan again. */
static __attribute__((noinline)) void
cols_rest(struct out_writer *w, const enum out_col *cols, const enum out_col *end,
          const struct out_record *rec)
{
	do
		out_col(w, *cols++, rec);   /* words, a budget, a writer not started, or no room */
	while ((cols = cols_fast(w, cols, end, rec)) < end);
}

void
out_cols(struct out_writer *w, const enum out_col *cols, size_t count,
         const struct out_record *rec)
{
	const enum out_col *end = cols + count;
	/*
	 * Building an out_cell per column costs a fifth of the batch time:
	 * numbers go by the plan.  A batch's csv, all numbers and room for
	 * them, takes the first way and nothing else.
	 */
	if (w->format == OUT_CSV && w->sheet == NULL && cols_room(w, count) <= sizeof w->buf - w->buffered)
		cols = cols_run(w, cols, end, rec, ',');
	else
		cols = cols_fast(w, cols, end, rec);
	if (cols < end)
		cols_rest(w, cols, end, rec);
}

long
out_cols_csv(const enum out_col *cols, size_t count, const struct out_record *rec, char *d, size_t n)
{
	char *at = d, *lim = d + n, cell[NUM_BUF];
	for (size_t i = 0; i < count; i++) {
		if ((unsigned)cols[i] >= OUT_COL_COUNT)
			return -1;
		struct out_how how = plan_of(cols[i]);
		if (how.by == OUT_BY_COL || (i > 0 && at == lim))
			return -1;
		if (i > 0)
			*at++ = ',';
		/* Straight to D with room for the most a number takes, else by CELL and only if it fits. */
		if ((size_t)(lim - at) >= NUM_BUF) {
			at = number_col(NULL, (unsigned)cols[i], &how, rec, at);
			continue;
		}
		size_t len = (size_t)(number_col(NULL, (unsigned)cols[i], &how, rec, cell) - cell);
		if (len > (size_t)(lim - at))
			return -1;
		memcpy(at, cell, len);
		at += len;
	}
	return at - d;
}

void
out_col(struct out_writer *w, enum out_col col, const struct out_record *rec)
{
	if (w->sheet != NULL) {
		sheet_col(w->sheet, col, rec);
		return;
	}
	if (!bare_number(col)) {
		struct out_cell c = out_value(col, rec);
		put_cell(w, &c);
		return;
	}
	const struct out_col_def *def = &columns[col];
	next_cell(w);
	room(w, NUM_BUF);
	w->buffered += number_text(w, col, out_number_of(def, rec), kind_places[def->kind], def->repeats,
	                           w->buf + w->buffered);
}
