/*
 * md.c - a run's records as a GitHub-flavoured Markdown table.  See md.h.
 *
 * One header row, one delimiter row, one row per record.  A column of
 * kai-cost's own is headed by its label for people, a column passed through
 * from the input by the input's name.  Number columns are right-aligned
 * (---:), text columns left-aligned (:---).
 *
 * Every cell is written so that a GFM parser gives back its text exactly:
 * nothing in it becomes markup, a link or a cell boundary.
 *   - | and the characters that start inline markup (\ ` * _ [ ] < > ~ &
 *     $ :) are backslash-escaped, and so is the '.' of "www.": escaped ':'
 *     and '.' keep text from becoming an autolink.  An e-mail address
 *     cannot be kept from the autolink extension; its text stays the same.
 *   - Control characters (tab, CR, LF, ...) are numeric character
 *     references, &#10; for LF: a row stays one line and the parser gives
 *     the character back.  Rendered, a line break shows as a space.
 *   - Spaces at either end of a cell, which a parser trims, are &#32;.
 * The source is padded so that it reads as a table in a terminal; a cell
 * wider than PAD_MAX sticks out rather than widen its whole column.
 */
#include "md.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "i18n.h"
#include "num.h"

/* Cells wider than this, in terminal columns, are left out of the padding. */
#define PAD_MAX 64

/* The narrowest column: room for the delimiter :--- or ---:. */
#define WIDTH_MIN 4

/* ASCII characters that start inline markup or end a cell: written with a backslash. */
static const bool markup[128] = {
	['\\'] = true, ['|'] = true, ['`'] = true, ['*'] = true, ['_'] = true,
	['['] = true, [']'] = true, ['<'] = true, ['>'] = true, ['~'] = true,
	['&'] = true, ['$'] = true,   /* '$': GitHub's math */
	[':'] = true,                 /* "http:", "mailto:": an autolink */
};

/* Where a cell goes: to FP, or, with FP NULL, nowhere, when only its width is wanted. */
struct sink {
	FILE *fp;
	size_t width;      /* terminal columns written so far */
};

/* Writes the LEN bytes at S to the sink. */
static void
emit(struct sink *k, const char *s, size_t len)
{
	k->width += field_display_width(s, len);
	if (k->fp != NULL && len > 0)
		fwrite(s, 1, len, k->fp);
}

/* Whether C is white space that a parser trims from either end of a cell. */
static bool
trimmed(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Whether the byte at S[I] is the '.' of "www." (any case): escaped, it is no link. */
static bool
www_dot(const char *s, size_t i)
{
	if (s[i] != '.' || i < 3)
		return false;
	for (size_t k = i - 3; k < i; k++)
		if (s[k] != 'w' && s[k] != 'W')
			return false;
	return true;
}

/* The LEN bytes at S as a cell's text that a GFM parser reads back as exactly those bytes. */
static void
put_text(struct sink *k, const char *s, size_t len)
{
	size_t lead = 0, trail = 0, plain = 0;
	while (lead < len && trimmed((unsigned char)s[lead]))
		lead++;
	while (trail < len - lead && trimmed((unsigned char)s[len - 1 - trail]))
		trail++;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		bool edge = i < lead || i >= len - trail;
		char esc[16];
		int n;
		if (c < 0x20 || c == 0x7F || (c == ' ' && edge))
			n = snprintf(esc, sizeof esc, "&#%u;", c);
		else if ((c < 0x80 && markup[c]) || www_dot(s, i))
			n = snprintf(esc, sizeof esc, "\\%c", c);
		else
			continue;
		emit(k, s + plain, i - plain);      /* the bytes before C, as they are */
		emit(k, esc, (size_t)n);
		plain = i + 1;
	}
	emit(k, s + plain, len - plain);
}

/* The column that column I of S writes, or -1 for text passed through from the input. */
static int
column_of(const struct sheet *s, size_t i)
{
	enum out_col col;
	if (s->col[i] >= 0)
		return s->col[i];
	/*
	 * Without records no cell said whose a column is.  A number column's
	 * name is kai-cost's own; a text column's may be the input's ("name",
	 * "size" of a batch file), so it stays the input's.
	 */
	if (s->nrows == 0 && s->names[i] != NULL &&
	    out_col_from_name(s->names[i], strlen(s->names[i]), &col) &&
	    out_col_def(col)->kind != OUT_KIND_TEXT)
		return (int)col;
	return -1;
}

/* Whether the LEN bytes at S are a plain decimal number: -1,234.5, 10.3, 256. */
static bool
plain_number(const char *s, size_t len)
{
	size_t i = len > 0 && s[0] == '-', digits = 0;
	while (i < len && ((s[i] >= '0' && s[i] <= '9') || (s[i] == ',' && digits > 0)))
		digits += s[i++] != ',';
	if (i < len && s[i] == '.' && digits > 0)
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			;
	return digits > 0 && i == len && s[len - 1] != ',' && s[len - 1] != '.';
}

/*
 * Whether column I of S is right-aligned: a column of numbers, or a column
 * passed through whose every cell that is not blank is a plain number (the
 * input's gpus and months).
 */
static bool
right_aligned(const struct sheet *s, size_t i)
{
	int col = column_of(s, i);
	if (col >= 0)
		return out_col_def((enum out_col)col)->kind != OUT_KIND_TEXT;
	bool any = false;
	for (size_t row = 0; row < s->nrows; row++) {
		const struct out_cell *c = sheet_cell(s, row, i);
		if (c->number || c->len == 0) {
			any |= c->number;
			continue;
		}
		if (!plain_number(c->text, c->len))
			return false;
		any = true;
	}
	return any;
}

/*
 * VALUE scaled by 10^PLACES (at most 9) into BUF (NUM_BUF + 1 bytes) as an
 * exact decimal with thousands separators in its whole part, and '-' when
 * NEGATIVE and not 0: 17,402,880,000  10.3  1,200.5  -789,263,158.
 * Returns the length.
 */
static size_t
fmt_number(char *buf, uint64_t value, unsigned places, bool negative)
{
	char fixed[NUM_BUF];
	uint64_t scale = 1;
	for (unsigned p = 0; p < places; p++)
		scale *= 10;
	size_t len = negative && value > 0;
	buf[0] = '-';
	len += num_fmt_grouped(buf + len, value / scale);
	if (places == 0)
		return len;
	num_fmt_fixed(fixed, value, places);
	const char *dot = strchr(fixed, '.');
	if (dot != NULL) {              /* the fraction as num_fmt_fixed gives it: no trailing zeros */
		memcpy(buf + len, dot, strlen(dot) + 1);
		len += strlen(dot);
	}
	return len;
}

/*
 * Cell I of record ROW: a number as people read it (fmt_number), text
 * escaped (put_text), a blank cell empty.
 */
static void
put_cell(struct sink *k, const struct sheet *s, size_t row, size_t i)
{
	const struct out_cell *c = sheet_cell(s, row, i);
	char buf[NUM_BUF + 1];

	if (c->number)
		emit(k, buf, fmt_number(buf, c->value, c->places, c->negative));
	else
		put_text(k, c->text, c->len);
}

/* The header of column I: its label for people, or the input's name for it. */
static void
put_header(struct sink *k, const struct sheet *s, size_t i)
{
	int col = column_of(s, i);
	const char *name = col >= 0 ? out_col_def((enum out_col)col)->label
	                 : s->names[i] != NULL ? s->names[i] : "";
	put_text(k, name, strlen(name));
}

/* The width column I of S is padded to: its widest cell that is not wider than PAD_MAX. */
static size_t
column_width(const struct sheet *s, size_t i)
{
	struct sink k = { NULL, 0 };
	size_t width = WIDTH_MIN;
	put_header(&k, s, i);
	width = k.width > width ? k.width : width;
	for (size_t row = 0; row < s->nrows; row++) {
		k.width = 0;
		put_cell(&k, s, row, i);
		if (k.width > width && k.width <= PAD_MAX)
			width = k.width;
	}
	return width;
}

/* Writes N copies of C, a space or '-', a run at a time: padding is most of a table's bytes. */
static void
repeat(FILE *fp, char c, size_t n)
{
	static const char spaces[] = "                                ";
	static const char dashes[] = "--------------------------------";
	const char *run = c == ' ' ? spaces : dashes;
	while (n > 0) {
		size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
		fwrite(run, 1, k, fp);
		n -= k;
	}
}

/* The cell that PUT writes, padded to WIDTH on the side away from its alignment. */
static void
padded(FILE *fp, size_t width, bool right,
       void (*put)(struct sink *, const struct sheet *, size_t, size_t),
       const struct sheet *s, size_t row, size_t i)
{
	struct sink k = { NULL, 0 };
	if (right) {
		put(&k, s, row, i);
		repeat(fp, ' ', width > k.width ? width - k.width : 0);
	}
	k = (struct sink){ fp, 0 };
	put(&k, s, row, i);
	if (!right)
		repeat(fp, ' ', width > k.width ? width - k.width : 0);
}

/* put_header() in the shape padded() calls. */
static void
put_header_at(struct sink *k, const struct sheet *s, size_t row, size_t i)
{
	(void)row;
	put_header(k, s, i);
}

enum sheet_status
md_write(const struct sheet *s, FILE *fp, char *msg, size_t n)
{
	if (s->nomem) {                 /* a table with records missing would pass for the whole run */
		snprintf(msg, n, _("out of memory: the Markdown table would be incomplete"));
		return SHEET_FAILED;
	}
	if (s->ncols == 0)              /* no columns: GFM has no table to write */
		return SHEET_OK;
	size_t *width = malloc(s->ncols * sizeof *width);
	bool *right = malloc(s->ncols * sizeof *right);
	if (width == NULL || right == NULL) {
		free(width);
		free(right);
		snprintf(msg, n, _("out of memory"));
		return SHEET_FAILED;
	}
	for (size_t i = 0; i < s->ncols; i++) {
		width[i] = column_width(s, i);
		right[i] = right_aligned(s, i);
	}

	/* The cells are "| a | b |": the space before each '|' keeps a cell's last '\' off it. */
	for (size_t i = 0; i < s->ncols; i++) {
		fputs("| ", fp);
		padded(fp, width[i], right[i], put_header_at, s, 0, i);
		putc(' ', fp);
	}
	fputs("|\n", fp);
	for (size_t i = 0; i < s->ncols; i++) {
		fputs(right[i] ? "| " : "| :", fp);
		repeat(fp, '-', width[i] - 1);
		fputs(right[i] ? ": " : " ", fp);
	}
	fputs("|\n", fp);
	for (size_t row = 0; row < s->nrows; row++) {
		for (size_t i = 0; i < s->ncols; i++) {
			fputs("| ", fp);
			padded(fp, width[i], right[i], put_cell, s, row, i);
			putc(' ', fp);
		}
		fputs("|\n", fp);
	}
	free(width);
	free(right);
	return SHEET_OK;
}
