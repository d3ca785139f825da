/*
 * test_csvread.c - the record reader: formats picked by name, TSV read
 * line by line, and CSV read by the fast paths and by libcsv alone, which
 * must agree; all whole and in reads of every size from 1 byte up.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "check.h"
#include "csvread.h"
#include "field.h"

/* The reader's blocks: the fast paths look at sixteen bytes at a time. */
#define BLOCK_BYTES 16

/* A format given is kept; AUTO goes by the name's extension. */
static void
test_format_of(void **state)
{
	(void)state;
	static const struct {
		enum csvr_format given;
		const char *name;
		enum csvr_format want;
	} rows[] = {
		{ CSVR_AUTO, "a.tsv", CSVR_TSV },
		{ CSVR_AUTO, "결과.TSV", CSVR_TSV },
		{ CSVR_AUTO, "a.csv", CSVR_CSV },
		{ CSVR_AUTO, "tsv", CSVR_CSV },          /* no extension */
		{ CSVR_AUTO, ".tsv.csv", CSVR_CSV },
		{ CSVR_AUTO, "<stdin>", CSVR_CSV },
		{ CSVR_AUTO, NULL, CSVR_CSV },
		{ CSVR_CSV, "a.tsv", CSVR_CSV },         /* --input-format wins */
		{ CSVR_TSV, "a.csv", CSVR_TSV },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		CHECK_INT(i, csvr_format_of(rows[i].given, rows[i].name), rows[i].want);
}

/* ---- TSV ---- */

/*
 * What a run saw, as text: each record "L<line>:" and its fields between
 * '|', a tab shown as <T>, LF <N>, CR <R>, NUL <0>, then its problem
 * (" !wide n=<fields>", " !nul:<field>", " !utf8:<field>"); each stopping
 * problem "E<line>"; the status last, "=<status>".
 */
struct seen {
	char *text;
	size_t len;
	FILE *fp;
	char first_error[256];
	enum csvr_format format;
	char plain[64];         /* each record's plain flag, P or -, for the first 63 */
	size_t nplain;
};

/* Whether REC's fields lie in the input one comma apart, none holding a comma, quote, CR or LF. */
static bool
really_plain(const struct csvr_record *rec)
{
	for (size_t i = 0; i < rec->n; i++) {
		const struct csvr_field *f = &rec->fields[i];
		for (size_t k = 0; k < f->n; k++)
			if (f->p[k] == ',' || f->p[k] == '"' || f->p[k] == '\r' || f->p[k] == '\n')
				return false;
		if (i + 1 < rec->n && (rec->fields[i + 1].p != f->p + f->n + 1 || f->p[f->n] != ','))
			return false;
	}
	return true;
}

static bool
on_rec(void *ctx, const struct csvr_record *rec)
{
	struct seen *s = ctx;
	fprintf(s->fp, "L%lu:", rec->line);
	if (rec->plain && !really_plain(rec))
		fputs("PLAIN!", s->fp);         /* batch would copy what is not there */
	if (s->nplain + 1 < sizeof s->plain)
		s->plain[s->nplain++] = rec->plain ? 'P' : '-';
	if (rec->bad == CSVR_BAD_WIDE) {
		fprintf(s->fp, " !wide n=%zu\n", rec->n);
		return true;
	}
	for (size_t i = 0; i < rec->n; i++) {
		if (i > 0)
			putc('|', s->fp);
		for (size_t k = 0; k < rec->fields[i].n; k++) {
			char c = rec->fields[i].p[k];
			switch (c) {
			case '\t': fputs("<T>", s->fp); break;
			case '\n': fputs("<N>", s->fp); break;
			case '\r': fputs("<R>", s->fp); break;
			case '\0': fputs("<0>", s->fp); break;
			default:   putc(c, s->fp); break;
			}
		}
	}
	if (rec->bad == CSVR_BAD_NUL)
		fprintf(s->fp, " !nul:%zu", rec->bad_field);
	else if (rec->bad == CSVR_BAD_UTF8)
		fprintf(s->fp, " !utf8:%zu", rec->bad_field);
	putc('\n', s->fp);
	return true;
}

static void
on_err(void *ctx, unsigned long line, const char *msg)
{
	struct seen *s = ctx;
	fprintf(s->fp, "E%lu\n", line);
	if (s->first_error[0] == '\0')
		snprintf(s->first_error, sizeof s->first_error, "%s", msg);
}

/*
 * Reads the LEN bytes at IN in FORMAT and ENCODING, by the fast paths or
 * with PLAIN_PATHS only (csvr_options.libcsv_only): from a FILE in reads
 * of CHUNK bytes, or with csvr_text() when CHUNK is SIZE_MAX.  The caller
 * frees S->text.
 */
static void
read_as(struct seen *s, enum csvr_format format, bool plain_paths, const char *in, size_t len,
        enum csvr_encoding encoding, size_t chunk)
{
	memset(s, 0, sizeof *s);
	s->format = format;
	s->fp = open_memstream(&s->text, &s->len);
	assert_non_null(s->fp);
	struct csvr_options opt = {
		.encoding = encoding, .format = format, .chunk = chunk == SIZE_MAX ? 0 : chunk,
		.libcsv_only = plain_paths, .record = on_rec, .error = on_err, .ctx = s,
	};
	struct csvr *r = csvr_new(&opt);
	assert_non_null(r);
	enum csvr_status st;
	if (chunk == SIZE_MAX) {
		st = csvr_text(r, in, len);
	} else {
		FILE *fp = len > 0 ? fmemopen((void *)in, len, "rb") : fopen("/dev/null", "rb");
		assert_non_null(fp);
		st = csvr_file(r, fp);
		fclose(fp);
	}
	fprintf(s->fp, "=%d", (int)st);
	fclose(s->fp);
	csvr_free(r);
}

static void
read_tsv(struct seen *s, const char *in, size_t len, enum csvr_encoding encoding, size_t chunk)
{
	read_as(s, CSVR_TSV, false, in, len, encoding, chunk);
}

/* A row of the line tables: an input, how it is encoded, and what reading it must see. */
struct line_row {
	const char *what;
	const char *in;
	size_t len;
	enum csvr_encoding encoding;
	const char *want;
};
#define ROW(what, in, enc, want) { what, in, sizeof in - 1, enc, want }

/*
 * Reads ROW's input in FORMAT whole, and in reads of 1 .. LEN + 1 bytes
 * (some sizes for long inputs), by the fast paths and by the plain ones
 * (libcsv for CSV): all must see what the row wants.  I is the row's place.
 */
static void
check_lines(enum csvr_format format, size_t i, const struct line_row *row)
{
	for (int plain_paths = 0; plain_paths <= 1; plain_paths++) {
		for (size_t chunk = 0; chunk <= row->len + 1; chunk++) {
			struct seen s;
			read_as(&s, format, plain_paths, row->in, row->len, row->encoding,
			        chunk == 0 ? SIZE_MAX : chunk);
			if (strcmp(s.text, row->want) != 0)
				fail_msg("row %zu (%s), %s, read size %zu:\n%s\nwant:\n%s", i, row->what,
				         plain_paths ? "plain paths" : "fast paths", chunk, s.text, row->want);
			free(s.text);
			if (chunk == 70 && row->len > 200)
				chunk = row->len - 2;   /* long inputs: small sizes, then whole */
		}
	}
}

/* Lines to fields: escapes, empty fields, line ends, BOM, blank lines, bad bytes. */
static void
test_tsv_lines(void **state)
{
	(void)state;
	static const struct line_row rows[] = {
		ROW("plain", "a\tb\tc\nd\te\tf\n", CSVR_UTF8, "L1:a|b|c\nL2:d|e|f\n=0"),
		ROW("escapes", "x\\ty\\nz\\r\\\\\tq\n", CSVR_UTF8, "L1:x<T>y<N>z<R>\\|q\n=0"),
		ROW("escaped backslash before t", "a\\\\tb\n", CSVR_UTF8, "L1:a\\tb\n=0"),
		ROW("only escapes", "\\t\\n\t\\\\\n", CSVR_UTF8, "L1:<T><N>|\\\n=0"),
		ROW("empty fields, trailing tab", "\ta\t\t\n", CSVR_UTF8, "L1:|a||\n=0"),
		ROW("tabs only: empty fields", "\t\t\n", CSVR_UTF8, "L1:||\n=0"),
		ROW("CRLF", "a\tb\r\nc\td\r\n", CSVR_UTF8, "L1:a|b\nL2:c|d\n=0"),
		ROW("no final line end", "a\tb\nc", CSVR_UTF8, "L1:a|b\nL2:c\n=0"),
		ROW("final CR without LF", "a\tb\r", CSVR_UTF8, "L1:a|b\n=0"),
		ROW("lone CRs end lines (old Mac)", "a\rb\r\rc\n", CSVR_UTF8, "L1:a\nL2:b\nL4:c\n=0"),
		ROW("CR CR LF", "a\r\r\nb\n", CSVR_UTF8, "L1:a\nL3:b\n=0"),
		ROW("LF CR: two line ends", "a\n\rb\n", CSVR_UTF8, "L1:a\nL3:b\n=0"),
		ROW("BOM", "\xEF\xBB\xBFname\tx\n1\t2\n", CSVR_UTF8, "L1:name|x\nL2:1|2\n=0"),
		ROW("blank lines skipped", "\n\na\n  \n\r\nb\tc\n\n", CSVR_UTF8, "L3:a\nL6:b|c\n=0"),
		ROW("empty input", "", CSVR_UTF8, "=0"),
		ROW("quotes are data", "\"a\"\t\"b\t\"\"\nx,y\t\"\n", CSVR_UTF8,
		    "L1:\"a\"|\"b|\"\"\nL2:x,y|\"\n=0"),
		ROW("commas and quotes: not plain", "a,b\tc\n\"d\te\nf\tg\n", CSVR_UTF8,
		    "L1:a,b|c\nL2:\"d|e\nL3:f|g\n=0"),
		ROW("words of eight", "abcdefg\thijklmn\topqrstuv\twxyz0123456789\t\n\t\n", CSVR_UTF8,
		    "L1:abcdefg|hijklmn|opqrstuv|wxyz0123456789|\nL2:|\n=0"),
		ROW("unknown escapes kept", "C:\\Users\\x\\\tend\\\n", CSVR_UTF8, "L1:C:\\Users\\x\\|end\\\n=0"),
		ROW("a Windows path with \\t", "C:\\temp\n", CSVR_UTF8, "L1:C:<T>emp\n=0"),
		ROW("Korean", "이름\t가온 AI\\t팀\n", CSVR_UTF8, "L1:이름|가온 AI<T>팀\n=0"),
		ROW("NUL", "a\tb\0c\nd\n", CSVR_UTF8, "L1:a|b<0>c !nul:1\nL2:d\n=0"),
		ROW("NUL with escapes", "\\t\t\0\n", CSVR_UTF8, "L1:<T>|<0> !nul:1\n=0"),
		ROW("NUL among Hangul", "한빛\t팀\0b\t의료 AI 가온 팀\n", CSVR_UTF8, "L1:한빛|팀<0>b|의료 AI 가온 팀 !nul:1\n=0"),
		ROW("bad UTF-8", "a\t\xff\tb\n\xc3\n", CSVR_UTF8, "L1:a|\xff|b !utf8:1\nL2:\xc3 !utf8:0\n=0"),
		ROW("bad UTF-8 with escapes", "\\n\t\xe4\xb8\n", CSVR_UTF8, "L1:<N>|\xe4\xb8 !utf8:1\n=0"),
		ROW("UTF-16LE (Excel's Unicode text)", "\xFF\xFEn\0a\0\t\0", CSVR_UTF8, "E0\n=2"),
		ROW("UTF-16BE", "\xFE\xFF\0n\0a", CSVR_UTF8, "E0\n=2"),
		ROW("a workbook", "PK\x03\x04\x14\0\0\0", CSVR_UTF8, "E0\n=2"),
		ROW("CP949", "\xc0\xcc\xb8\xa7\t\\t\xb0\xa1\r\n\xb0\xa1\t\\\\\r\n", CSVR_CP949,
		    "L1:이름|<T>가\nL2:가|\\\n=0"),
		ROW("CP949 with a UTF-8 BOM", "\xEF\xBB\xBF\xb0\xa1\n", CSVR_CP949, "E1\n=2"),
		ROW("bad CP949", "a\n\xff\xff\n", CSVR_CP949, "L1:a\nE2\n=2"),
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		check_lines(CSVR_TSV, i, &rows[i]);
}

/* A record of N fields, each FIELD, between tabs, after a first line "h"; the caller frees it. */
static char *
wide_line(size_t n, const char *field, size_t *len)
{
	size_t flen = strlen(field);
	char *s = malloc(2 + n * (flen + 1) + 1);
	assert_non_null(s);
	char *p = s;
	*p++ = 'h';
	*p++ = '\n';
	for (size_t i = 0; i < n; i++) {
		memcpy(p, field, flen);
		p += flen;
		*p++ = i + 1 < n ? '\t' : '\n';
	}
	*len = (size_t)(p - s);
	return s;
}

/* CSVR_FIELDS_MAX fields are a record; one more is refused as too wide, memory bounded. */
static void
test_tsv_fields_max(void **state)
{
	(void)state;
	static const struct {
		size_t n;
		const char *field;
		const char *want;
	} rows[] = {
		{ CSVR_FIELDS_MAX, "", NULL },
		{ CSVR_FIELDS_MAX + 1, "", "L1:h\nL2: !wide n=10000\n=0" },
		{ CSVR_FIELDS_MAX + 1, "\\t", "L1:h\nL2: !wide n=10000\n=0" },
		{ 3 * CSVR_FIELDS_MAX, "x", "L1:h\nL2: !wide n=10000\n=0" },
	};
	static const size_t chunks[] = { SIZE_MAX, 0, 1, 2, 3, 7, 4096 };
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		size_t len;
		char *in = wide_line(rows[i].n, rows[i].field, &len);
		for (size_t k = 0; k < sizeof chunks / sizeof chunks[0]; k++) {
			struct seen s;
			read_tsv(&s, in, len, CSVR_UTF8, chunks[k]);
			if (rows[i].want != NULL) {
				CHECK_STR(i, s.text, rows[i].want);
			} else {
				/* Every field there: count the '|' between them. */
				size_t bars = 0;
				for (size_t j = 0; j < s.len; j++)
					bars += s.text[j] == '|';
				CHECK_INT(i, bars, CSVR_FIELDS_MAX - 1);
				CHECK_INT(i, strstr(s.text, "!") == NULL, 1);
			}
			free(s.text);
		}
		free(in);
	}
}

/* A field of N bytes: PAIRS times the two bytes of ESC then FILL plain bytes, after a line "h". */
static char *
long_field(size_t pairs, const char *esc, size_t fill, size_t *len)
{
	char *s = malloc(2 + 2 * pairs + fill + 3);
	assert_non_null(s);
	char *p = s;
	memcpy(p, "h\n", 2);
	p += 2;
	for (size_t i = 0; i < pairs; i++, p += 2)
		memcpy(p, esc, 2);
	memset(p, 'a', fill);
	p += fill;
	memcpy(p, "\tz\n", 3);
	p += 3;
	*len = (size_t)(p - s);
	return s;
}

/* CSVR_FIELD_MAX bytes, decoded, are a field; one more stops the input, whatever the escapes. */
static void
test_tsv_field_max(void **state)
{
	(void)state;
	static const struct {
		size_t pairs, fill;
		bool ok;
	} rows[] = {
		{ 0, CSVR_FIELD_MAX, true },
		{ 0, CSVR_FIELD_MAX + 1, false },
		{ CSVR_FIELD_MAX, 0, true },            /* 2 MiB of "\\" decodes to 1 MiB */
		{ CSVR_FIELD_MAX, 1, false },
		{ CSVR_FIELD_MAX + 1, 0, false },
		{ 3 * CSVR_FIELD_MAX, 0, false },       /* stopped while gathering */
	};
	static const size_t chunks[] = { SIZE_MAX, 0, 1, 3, 4096 };
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		size_t len;
		char *in = long_field(rows[i].pairs, "\\\\", rows[i].fill, &len);
		for (size_t k = 0; k < sizeof chunks / sizeof chunks[0]; k++) {
			struct seen s;
			read_tsv(&s, in, len, CSVR_UTF8, chunks[k]);
			if (rows[i].ok) {
				/* "L1:h\nL2:", the field, "|z\n=0" */
				CHECK_INT(i, s.len, 8 + CSVR_FIELD_MAX + 5);
				CHECK_INT(i, memcmp(s.text, "L1:h\nL2:", 8), 0);
				CHECK_STR(i, s.text + s.len - 5, "|z\n=0");
			} else {
				CHECK_STR(i, s.text, "L1:h\nE2\n=2");
				CHECK_STR(i, s.first_error, "a field longer than 1048576 bytes; expected shorter fields");
			}
			free(s.text);
		}
		free(in);
	}
}

/* The UTF-16 message names the encoding and what to do. */
static void
test_tsv_utf16_message(void **state)
{
	(void)state;
	struct seen s;
	read_tsv(&s, "\xFF\xFEn\0", 4, CSVR_UTF8, SIZE_MAX);
	assert_non_null(strstr(s.first_error, "UTF-16"));
	assert_non_null(strstr(s.first_error, "iconv -f UTF-16 -t UTF-8"));
	free(s.text);
}

/* ---- CSV: the fast paths against libcsv ---- */

/*
 * Lines the fast paths split (plain lines, whole quoted fields) and lines
 * they leave to libcsv (quotes across lines, bare CRs, malformed quoting),
 * next to each other so that the hand-over between the two is tried too.
 */
static void
test_csv_lines(void **state)
{
	(void)state;
	static const struct line_row rows[] = {
		ROW("plain", "a,b,c\nd,e,f\n", CSVR_UTF8, "L1:a|b|c\nL2:d|e|f\n=0"),
		ROW("words of eight", "abcdefg,hijklmn,opqrstuv,wxyz0123456789,\n,\n", CSVR_UTF8,
		    "L1:abcdefg|hijklmn|opqrstuv|wxyz0123456789|\nL2:|\n=0"),
		ROW("CRLF", "a,b\r\nc,d\r\n", CSVR_UTF8, "L1:a|b\nL2:c|d\n=0"),
		ROW("no final line end", "a,b\nc", CSVR_UTF8, "L1:a|b\nL2:c\n=0"),
		ROW("empty fields", ",a,,\n", CSVR_UTF8, "L1:|a||\n=0"),
		ROW("blank lines skipped", "\n\na\n  \n\r\nb,c\n\n", CSVR_UTF8, "L3:a\nL6:b|c\n=0"),
		ROW("tabs and spaces kept", " a\t, b \n", CSVR_UTF8, "L1: a<T>| b \n=0"),
		ROW("quoted", "\"a,b\",\"c\"\"d\",\"\",e\n", CSVR_UTF8, "L1:a,b|c\"d||e\n=0"),
		ROW("every field quoted", "\"a\",\"b\",\"c\"\n\"d\",\"\",\"f\"\r\n\"g\"\n", CSVR_UTF8,
		    "L1:a|b|c\nL2:d||f\nL3:g\n=0"),
		ROW("quoted and bare", "a,\"b\",c,\"\"\n\"\",x,\n,\"y\"\n", CSVR_UTF8,
		    "L1:a|b|c|\nL2:|x|\nL3:|y\n=0"),
		ROW("quoted, then plain, then quoted", "\"a\",b\nc,d\n\"e\",\"f\"\n", CSVR_UTF8,
		    "L1:a|b\nL2:c|d\nL3:e|f\n=0"),
		ROW("quoted fields longer than a block",
		    "\"abcdefghijklmnopqrstuvwxyz0123456789\",\"0123456789abcdef\",\"x\"\n", CSVR_UTF8,
		    "L1:abcdefghijklmnopqrstuvwxyz0123456789|0123456789abcdef|x\n=0"),
		ROW("a comma in a long quoted field", "\"abcdefghijklmnopqrs,tuvwxyz\",\"b\"\n", CSVR_UTF8,
		    "L1:abcdefghijklmnopqrs,tuvwxyz|b\n=0"),
		ROW("doubled quotes across a block", "\"abcdefghijklm\"\"\"\"nop\"\"\",c\n", CSVR_UTF8,
		    "L1:abcdefghijklm\"\"nop\"|c\n=0"),
		ROW("quoted tabs and spaces kept", "\" a\t\",\" \"\n", CSVR_UTF8, "L1: a<T>| \n=0"),
		ROW("quoted, an empty last field", "\"a\",\n\"b\",\"\"\n", CSVR_UTF8, "L1:a|\nL2:b|\n=0"),
		ROW("quoted Korean", "\"이름\",\"중소기업\",\"가온 AI 컴퍼니\"\n", CSVR_UTF8,
		    "L1:이름|중소기업|가온 AI 컴퍼니\n=0"),
		ROW("quoted NUL after a block", "\"x\",\"abcdefghijklmnopq\0\"\n", CSVR_UTF8,
		    "L1:x|abcdefghijklmnopq<0> !nul:1\n=0"),
		ROW("a bare NUL beside quotes", "\"x\",a\0\n", CSVR_UTF8, "L1:x|a<0> !nul:1\n=0"),
		ROW("a quote after a quoted one", "\"x\",a\"b\n", CSVR_UTF8, "E1\n=2"),
		ROW("text after a long quoted field", "\"abcdefghijklmnopqrstuvwxyz\"z\n", CSVR_UTF8, "E1\n=2"),
		ROW("quoted CR before the line end", "\"a\",b\r,c\n", CSVR_UTF8, "L1:a|b\nL1:|c\n=0"),
		ROW("only doubled quotes", "\"\"\"\"\"\",\"\"\"\"\n", CSVR_UTF8, "L1:\"\"|\"\n=0"),
		ROW("quoted CRLF", "\"a\",\"b\"\r\nc\r\n", CSVR_UTF8, "L1:a|b\nL2:c\n=0"),
		ROW("a lone empty quoted field is a blank line", "\"\"\nx\n", CSVR_UTF8, "L2:x\n=0"),
		ROW("quoted LF: libcsv", "\"a\nb\",c\nd,\"e\"\n", CSVR_UTF8, "L1:a<N>b|c\nL3:d|e\n=0"),
		ROW("quoted CR: libcsv", "\"a\rb\",c\r\nd\n", CSVR_UTF8, "L1:a<R>b|c\nL2:d\n=0"),
		ROW("bare CR ends a record", "a\rb,c\nd\n", CSVR_UTF8, "L1:a\nL1:b|c\nL2:d\n=0"),
		ROW("CR CR LF", "a\r\r\nb\n", CSVR_UTF8, "L1:a\nL2:b\n=0"),
		ROW("quote inside a field", "x\na\"b,c\nd\n", CSVR_UTF8, "L1:x\nE2\n=2"),
		ROW("text after a closing quote", "x\n\"a\"b,c\n", CSVR_UTF8, "L1:x\nE2\n=2"),
		ROW("space after a closing quote", "\"a\" ,b\n", CSVR_UTF8, "E1\n=2"),
		ROW("space before an opening quote", " \"a\",b\n", CSVR_UTF8, "E1\n=2"),
		ROW("unterminated quote", "x\n\"abc\n", CSVR_UTF8, "L1:x\nE2\n=2"),
		ROW("NUL", "a,b\0c\nd\n", CSVR_UTF8, "L1:a|b<0>c !nul:1\nL2:d\n=0"),
		ROW("NUL, quoted", "\"a\",\"b\0\"\n", CSVR_UTF8, "L1:a|b<0> !nul:1\n=0"),
		ROW("NUL among Hangul", "한빛,팀\0b,의료 AI 가온 팀\n", CSVR_UTF8, "L1:한빛|팀<0>b|의료 AI 가온 팀 !nul:1\n=0"),
		ROW("surrogate among Hangul", "한빛 의료 AI,팀,\xed\xa0\x80\n", CSVR_UTF8,
		    "L1:한빛 의료 AI|팀|\xed\xa0\x80 !utf8:2\n=0"),
		ROW("bad UTF-8", "a,\xff,b\n\xc3\n", CSVR_UTF8, "L1:a|\xff|b !utf8:1\nL2:\xc3 !utf8:0\n=0"),
		ROW("bad UTF-8, quoted", "\"x\",\"\xe4\xb8\"\n", CSVR_UTF8, "L1:x|\xe4\xb8 !utf8:1\n=0"),
		ROW("UTF-8 cut by a comma", "\xec,\x95\x88\n", CSVR_UTF8, "L1:\xec|\x95\x88 !utf8:0\n=0"),
		ROW("Korean", "이름,가온 AI,\"중소, 기업\"\n", CSVR_UTF8, "L1:이름|가온 AI|중소, 기업\n=0"),
		ROW("BOM", "\xEF\xBB\xBFname,x\n1,2\n", CSVR_UTF8, "L1:name|x\nL2:1|2\n=0"),
		ROW("CP949", "\xc0\xcc\xb8\xa7,\"\xb0\xa1\"\r\nabc,\xb0\xa1\xb0\xa1\n", CSVR_CP949,
		    "L1:이름|가\nL2:abc|가가\n=0"),
		ROW("bad CP949", "a\n\xff\xff\n", CSVR_CP949, "L1:a\nE2\n=2"),
		ROW("CP949 lead byte at the end", "a,\xb0", CSVR_CP949, "E1\n=2"),
		ROW("a workbook", "PK\x03\x04\x14\0\0\0", CSVR_UTF8, "E0\n=2"),
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		check_lines(CSVR_CSV, i, &rows[i]);
}

/*
 * Which records the fast paths hand over as plain, read whole and in one
 * read: a line without quotes, and a line whose quoted fields hold no
 * comma or quote, its fields then copied one comma apart (on_rec() checks
 * that they are, for every read size, in test_csv_lines).  Libcsv marks
 * none, so batch's plain writer is compared with its general one.
 */
static void
test_csv_plain(void **state)
{
	(void)state;
	static const struct {
		const char *in, *want;
	} rows[] = {
		{ "a,b\nc\n", "PP" },
		{ "\"a\",\"b\"\n\"\",c,\"\"\n", "PP" },
		{ "\"a,b\",c\n\"a\"\"b\",c\n\"x\",\"y\"\n", "--P" },
		{ "\"a\nb\",c\n\"d\"\n", "-P" },            /* the first line is libcsv's */
		{ "\"\xea\xb0\x80\",\"\xff\"\n\"a\tb\"\n", "PP" },   /* bad UTF-8 is marked, not unplain */
		{ "a\r\n\"b\"\r\n", "PP" },
		{ "\"abcdefghijklmnopqrstuvwxyz\",\"0123456789012345678\"\n", "P" },
	};
	static const size_t chunks[] = { SIZE_MAX, 0 };
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		for (size_t k = 0; k < sizeof chunks / sizeof chunks[0]; k++) {
			for (int plain_paths = 0; plain_paths <= 1; plain_paths++) {
				struct seen s;
				read_as(&s, CSVR_CSV, plain_paths, rows[i].in, strlen(rows[i].in), CSVR_UTF8,
				        chunks[k]);
				char none[sizeof s.plain];
				memset(none, '-', strlen(rows[i].want));
				none[strlen(rows[i].want)] = '\0';
				CHECK_STR(i, s.plain, plain_paths ? none : rows[i].want);
				CHECK_INT(i, strstr(s.text, "PLAIN!") == NULL, 1);
				free(s.text);
			}
		}
	}
}

/* Long lines, quoted and not, across reads of every size and past CSVR_FIELDS_MAX fields. */
static void
test_csv_wide(void **state)
{
	(void)state;
	static const struct {
		size_t n;
		const char *field;
		bool wide;
	} rows[] = {
		{ CSVR_FIELDS_MAX, "", false },
		{ CSVR_FIELDS_MAX, "\"x\"", false },
		{ CSVR_FIELDS_MAX + 1, "", true },
		{ CSVR_FIELDS_MAX + 1, "\"a,b\"", true },
		{ 2 * CSVR_FIELDS_MAX, "1234567", true },
	};
	static const size_t chunks[] = { SIZE_MAX, 0, 1, 7, 4096 };
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		size_t len, flen = strlen(rows[i].field);
		char *in = malloc(2 + rows[i].n * (flen + 1) + 1);
		assert_non_null(in);
		char *p = in;
		*p++ = 'h', *p++ = '\n';
		for (size_t k = 0; k < rows[i].n; k++, p += flen + 1) {
			memcpy(p, rows[i].field, flen);
			p[flen] = k + 1 < rows[i].n ? ',' : '\n';
		}
		len = (size_t)(p - in);
		char *want[2] = { NULL, NULL };
		for (int plain_paths = 0; plain_paths <= 1; plain_paths++) {
			for (size_t k = 0; k < sizeof chunks / sizeof chunks[0]; k++) {
				struct seen s;
				read_as(&s, CSVR_CSV, plain_paths, in, len, CSVR_UTF8, chunks[k]);
				if (rows[i].wide)
					CHECK_STR(i, s.text, "L1:h\nL2: !wide n=10000\n=0");
				else {
					size_t bars = 0;        /* every field there, none marked */
					for (size_t j = 0; j < s.len; j++)
						bars += s.text[j] == '|';
					CHECK_INT(i, bars, CSVR_FIELDS_MAX - 1);
					CHECK_INT(i, strstr(s.text, "!") == NULL, 1);
				}
				if (want[plain_paths] == NULL)
					want[plain_paths] = s.text;
				else {
					CHECK_STR(i, s.text, want[plain_paths]);
					free(s.text);
				}
			}
		}
		CHECK_STR(i, want[0], want[1]);
		free(want[0]);
		free(want[1]);
		free(in);
	}
}

/*
 * Lines about as long as a field may be, after a short line (so that the
 * blocks walked across lines reach them in the middle of a read): a field
 * of CSVR_FIELD_MAX bytes is read, one more stops the input, and a line
 * longer than that of shorter fields is read; the fast paths as libcsv.
 */
static void
test_csv_field_max(void **state)
{
	(void)state;
	static const struct {
		size_t first, second;   /* the long line's fields, the second none when 0 */
		bool ok;
	} rows[] = {
		{ CSVR_FIELD_MAX, 0, true },
		{ CSVR_FIELD_MAX + 1, 0, false },
		{ CSVR_FIELD_MAX - 20, 30, true },
		{ CSVR_FIELD_MAX / 2 + 7, CSVR_FIELD_MAX / 2 + 9, true },
	};
	static const size_t chunks[] = { SIZE_MAX, 0 };
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		size_t len = 0;
		char *in = malloc(rows[i].first + rows[i].second + 64);
		assert_non_null(in);
		memcpy(in, "h,i\n", 4);
		len += 4;
		memset(in + len, 'a', rows[i].first);
		len += rows[i].first;
		if (rows[i].second > 0) {
			in[len++] = ',';
			memset(in + len, 'b', rows[i].second);
			len += rows[i].second;
		}
		/* Then lines enough that the long line's LF is in a whole block. */
		static const char after[] = "\nx,y\n0123456789,0123456789,0123456789\n";
		memcpy(in + len, after, sizeof after - 1);
		len += sizeof after - 1;
		for (size_t k = 0; k < sizeof chunks / sizeof chunks[0]; k++) {
			struct seen fast, plain;
			read_as(&fast, CSVR_CSV, false, in, len, CSVR_UTF8, chunks[k]);
			read_as(&plain, CSVR_CSV, true, in, len, CSVR_UTF8, chunks[k]);
			CHECK_INT(i, strcmp(fast.text, plain.text), 0);
			CHECK_INT(i, strstr(fast.text, "L3:x|y\n") != NULL, rows[i].ok);
			free(fast.text);
			free(plain.text);
		}
		free(in);
	}
}

/* A piece of text and its length, NULs and all. */
#define PIECE(s) { s, sizeof s - 1 }

/*
 * The fast paths against the plain ones, CSV and TSV, on lines that put
 * each byte that matters to them (separators, quotes, CR, LF, NUL,
 * backslashes) and each kind of UTF-8, good and bad, at every offset of
 * the sixteen-byte blocks, twice in a line, before lines of Hangul long
 * enough that their UTF-8 is settled block by block ahead of them: read
 * whole (as text, and from a file in one read: the reader's own bytes,
 * which TSV's plain lines rewrite) and in reads of sixteen bytes, both
 * ways must see the same.
 */
static void
test_fast_plain_offsets(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		size_t n;
	} pieces[] = {
		PIECE(""), PIECE(","), PIECE("\""), PIECE("\"\""), PIECE("\r"), PIECE("\r\n"),
		PIECE("\n"), PIECE("\t"), PIECE("\\t"), PIECE("\0"), PIECE(" "),
		PIECE("한"), PIECE("é"), PIECE("\xed\x9f\xbf"), PIECE("\xed\xa0\x80"), PIECE("\xe0\xa4\x80"),
		PIECE("\xe0\x80\x80"), PIECE("\xf0\x9f\x98\x80"), PIECE("\xc3"), PIECE("\xea\xb0"),
		PIECE("\x80"), PIECE("\xc0\x80"), PIECE("\xff"),
	};
	static const char hangul[] = "\n가나다라마바사아자차카타파하,1\n\"가온\",\"중소기업\"\n";
	/* A line before, of 0 to 19 bytes and its LF: the blocks walked across lines start in it. */
	static const char lead[] = "k,가,nopq,rstuvwxy";
	static const size_t afters[] = { 0, 14 };
	static const size_t chunks[] = { SIZE_MAX, 0, BLOCK_BYTES };
	size_t np = sizeof pieces / sizeof pieces[0], count = 0;
	char in[sizeof lead + 2 * BLOCK_BYTES + 1 + 4 + sizeof "x,한" + 14 + 4 + sizeof hangul];   /* pieces: 4 bytes at most */
	for (size_t a = 0; a < np; a++) {
		for (size_t pre = 0; pre < 2 * BLOCK_BYTES + 2; pre++) {
			for (size_t b = 0; b < np; b++) {
				for (size_t ia = 0; ia < sizeof afters / sizeof afters[0]; ia++) {
					/*
					 * A line of the first L bytes of LEAD (none for 0, and 3 and 4
					 * would cut 가), L spread over the cases; then "aaa" A "x,한"
					 * "ccc" B, then the Hangul lines.
					 */
					size_t n = 0, l = (a * 7 + b * 5 + pre * 3 + ia) % (sizeof lead);
					if (l == 3 || l == 4)
						l = 5;
					if (l > 0) {
						memcpy(in, lead, l);
						in[l] = '\n';
						n += l + 1;
					}
					memset(in + n, 'a', pre);
					n += pre;
					memcpy(in + n, pieces[a].s, pieces[a].n);
					n += pieces[a].n;
					memcpy(in + n, "x,한", strlen("x,한"));
					n += strlen("x,한");
					memset(in + n, 'c', afters[ia]);
					n += afters[ia];
					memcpy(in + n, pieces[b].s, pieces[b].n);
					n += pieces[b].n;
					memcpy(in + n, hangul, sizeof hangul - 1);
					n += sizeof hangul - 1;
					for (int tsv = 0; tsv <= 1; tsv++) {
						enum csvr_format format = tsv ? CSVR_TSV : CSVR_CSV;
						for (size_t k = 0; k < sizeof chunks / sizeof chunks[0]; k++) {
							struct seen fast, plain;
							read_as(&fast, format, false, in, n, CSVR_UTF8, chunks[k]);
							read_as(&plain, format, true, in, n, CSVR_UTF8, chunks[k]);
							if (strcmp(fast.text, plain.text) != 0)
								fail_msg("%s, pieces %zu and %zu, after %zu and %zu bytes, "
								         "read size %zu:\n%s\nplain paths:\n%s", tsv ? "TSV" : "CSV",
								         a, b, pre, afters[ia], chunks[k], fast.text, plain.text);
							free(fast.text);
							free(plain.text);
							count++;
						}
					}
				}
			}
		}
	}
	assert_true(count > 150000);
}

/*
 * Lines drawn at random (a fixed seed) from fields and line ends of every
 * kind that matters to the fast paths: plain, Hangul, quoted (with a comma,
 * a doubled quote, an LF), blank, tabs, spaces, every other ASCII byte, a
 * NUL, bad UTF-8, E0
 * and four-byte characters, a surrogate, CR LF and a bare CR; so that each
 * kind of line follows each other kind at every place of the blocks that
 * are walked across lines; as CSV, and as TSV with tabs between the fields
 * (backslashes and commas in some).  Read whole and in reads of several
 * sizes, the fast paths must see what the plain ones see.
 */
static void
test_fast_plain_runs(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		size_t n;
	} fields[] = {
		PIECE("a"), PIECE("team0000001"), PIECE(""), PIECE("중소기업"), PIECE("10.3"),
		PIECE("한빛 의료 AI 00000"), PIECE("\"q\""), PIECE("\"a,b\""), PIECE("\"x\"\"y\""),
		PIECE("\"가온\""), PIECE("\"a\nb\""), PIECE("a\tb"), PIECE(" "), PIECE("b\0c"), PIECE("\xff"),
		PIECE("\xf0\x9f\x98\x80"), PIECE("\xe0\xa4\x80"), PIECE("\xed\xa0\x80"), PIECE("\xc3"),
		PIECE("abcdefghijklmnopqrstuvwxyz0123456789"), PIECE("!#\x1f\x01 "),
		PIECE("C:\\Users"), PIECE("a\\tb\\"), PIECE("x,y"),
		PIECE("\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0b\x0c\x0e\x0f\x10\x11\x12"
		      "\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x20\x21\x23"
		      "\x24\x25\x26\x27\x28\x29\x2a\x2b\x2d\x2e\x2f\x30\x31\x32\x33\x34"
		      "\x35\x36\x37\x38\x39\x3a\x3b\x3c\x3d\x3e\x3f\x40\x41\x42\x43\x44"
		      "\x45\x46\x47\x48\x49\x4a\x4b\x4c\x4d\x4e\x4f\x50\x51\x52\x53\x54"
		      "\x55\x56\x57\x58\x59\x5a\x5b\x5c\x5d\x5e\x5f\x60\x61\x62\x63\x64"
		      "\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f\x70\x71\x72\x73\x74"
		      "\x75\x76\x77\x78\x79\x7a\x7b\x7c\x7d\x7e\x7f"),
	};
	static const char *const ends[] = { "\n", "\n", "\n", "\n", "\r\n", "\n\n", "\r", "\r\n\r\n" };
	static const size_t chunks[] = { SIZE_MAX, 0, 1, BLOCK_BYTES, 100, 4096 };
	enum { LINES = 400, FIELDS = 5 };
	size_t longest = 0;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		longest = fields[i].n > longest ? fields[i].n : longest;
	char *in = malloc(LINES * (FIELDS * (longest + 1) + 4));   /* the longest line end is 4 bytes */
	assert_non_null(in);
	uint32_t seed = 12345;
#define RANDOM(n) ((seed = seed * 1103515245u + 12345u) >> 16) % (n)
	for (int run = 0; run < 80; run++) {
		/* CSV, then TSV: the same kinds of lines, their fields a tab apart. */
		enum csvr_format format = run < 40 ? CSVR_CSV : CSVR_TSV;
		size_t len = 0;
		for (int l = 0; l < LINES; l++) {
			/* Mostly plain lines, as in most files; every tenth line of anything. */
			size_t nf = 1 + RANDOM(FIELDS), kinds = RANDOM(10) == 0 ? sizeof fields / sizeof fields[0] : 6;
			for (size_t k = 0; k < nf; k++) {
				size_t i = RANDOM(kinds);
				if (k > 0)
					in[len++] = format == CSVR_TSV ? '\t' : ',';
				memcpy(in + len, fields[i].s, fields[i].n);
				len += fields[i].n;
			}
			const char *end = ends[RANDOM(10) == 0 ? RANDOM(sizeof ends / sizeof ends[0]) : 0];
			memcpy(in + len, end, strlen(end));
			len += strlen(end);
		}
		for (size_t k = 0; k < sizeof chunks / sizeof chunks[0]; k++) {
			struct seen fast, plain;
			read_as(&fast, format, false, in, len, CSVR_UTF8, chunks[k]);
			read_as(&plain, format, true, in, len, CSVR_UTF8, chunks[k]);
			if (strcmp(fast.text, plain.text) != 0)
				fail_msg("run %d, read size %zu:\n%s\nplain paths:\n%s", run, chunks[k], fast.text,
				         plain.text);
			free(fast.text);
			free(plain.text);
		}
	}
#undef RANDOM
	free(in);
}

/*
 * Every CP949 lead byte with every trail byte, between ASCII: converted by
 * the pairs the reader keeps and by iconv alone, the records and the
 * messages must be the same, and the known pairs right.
 */
static void
test_cp949_pairs(void **state)
{
	(void)state;
	for (unsigned lead = 0x80; lead <= 0xFF; lead++) {
		for (unsigned trail = 0; trail <= 0xFF; trail++) {
			char in[] = { 'a', ',', (char)lead, (char)trail, 'z', '\n', (char)lead, (char)trail };
			struct seen fast, plain;
			read_as(&fast, CSVR_CSV, false, in, sizeof in, CSVR_CP949, SIZE_MAX);
			read_as(&plain, CSVR_CSV, true, in, sizeof in, CSVR_CP949, SIZE_MAX);
			if (strcmp(fast.text, plain.text) != 0 || strcmp(fast.first_error, plain.first_error) != 0)
				fail_msg("0x%02X 0x%02X: %s (%s)\nwant: %s (%s)", lead, trail, fast.text,
				         fast.first_error, plain.text, plain.first_error);
			free(fast.text);
			free(plain.text);
		}
	}
	static const struct {
		const char *in, *want;
	} rows[] = {
		{ "\xb0\xa1,\xc6\xd9\n", "L1:가|퍄\n=0" },     /* as iconv(1) converts them */
		{ "\xa1\xa1\xa2\xe6\n", "L1:\u3000\u20ac\n=0" },
		{ "\x81\x41\xc8\xfe\n", "L1:\uac02\ud79d\n=0" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct seen s;
		read_as(&s, CSVR_CSV, false, rows[i].in, strlen(rows[i].in), CSVR_CP949, SIZE_MAX);
		CHECK_STR(i, s.text, rows[i].want);
		free(s.text);
	}
}

/*
 * CP949 with a pair (known, or one iconv refuses, or cut by the end) at
 * every offset of the sixteen-byte blocks that ASCII is copied in, after
 * runs of pairs and before ASCII of every length: read whole and in reads
 * of several sizes (pairs cut by the read), by the pairs the reader keeps
 * and by iconv alone, the records and messages must be the same.
 */
static void
test_cp949_offsets(void **state)
{
	(void)state;
	static const char *const pairs[] = { "\xb0\xa1", "\xc1\xdf\xbc\xd2", "\xff\xfe", "\xb0" };
	static const size_t chunks[] = { SIZE_MAX, 0, 1, 2, 3, BLOCK_BYTES, BLOCK_BYTES + 1 };
	char in[3 * BLOCK_BYTES + 16 + 3 * BLOCK_BYTES + 16];
	for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
		for (size_t pre = 0; pre < 3 * BLOCK_BYTES; pre++) {
			for (size_t post = 0; post < 3 * BLOCK_BYTES; post += 5) {
				size_t n = 0;
				memset(in, 'a', pre);
				n += pre;
				in[n++] = ',';
				memcpy(in + n, pairs[k], strlen(pairs[k]));
				n += strlen(pairs[k]);
				memcpy(in + n, "\xb0\xa1z,", 4);      /* a pair, then ASCII */
				n += 4;
				memset(in + n, 'b', post);
				n += post;
				in[n++] = '\n';
				for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
					struct seen fast, plain;
					read_as(&fast, CSVR_CSV, false, in, n, CSVR_CP949, chunks[c]);
					read_as(&plain, CSVR_CSV, true, in, n, CSVR_CP949, chunks[c]);
					if (strcmp(fast.text, plain.text) != 0 ||
					    strcmp(fast.first_error, plain.first_error) != 0)
						fail_msg("pair %zu after %zu bytes, %zu after, read size %zu: %s (%s)\n"
						         "want: %s (%s)", k, pre, post, chunks[c], fast.text,
						         fast.first_error, plain.text, plain.first_error);
					free(fast.text);
					free(plain.text);
				}
			}
		}
	}
}

/* The plain check: field_utf8_length() a character at a time. */
static bool
utf8_reference(const char *s, size_t len)
{
	for (size_t i = 0, n; i < len; i += n)
		if ((n = field_utf8_length(s + i, len - i)) == 0)
			return false;
	return true;
}

/*
 * csvr_utf8_valid() settles ASCII and two- and three-byte characters
 * quickly, sixteen bytes at a time and then a character at a time; it must
 * agree with field_utf8_length() alone on every string of up to four bytes
 * drawn from the bytes where UTF-8's rules change, after 0 to 16 ASCII
 * bytes (so that the eight-byte steps and the sixteen-byte blocks' ends
 * fall everywhere), and before 0, 9 or 20 more.
 */
static void
test_utf8_valid(void **state)
{
	(void)state;
	static const unsigned char edge[] = {
		0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
		0xE0, 0xE1, 0xEA, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF4, 0xF5, 0xFF,
	};
	static const size_t pres[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 14, 15, 16 };
	static const size_t posts[] = { 0, 9, 20 };
	size_t ne = sizeof edge, count = 0;
	char buf[48];
	for (size_t len = 1; len <= 4; len++) {
		size_t total = 1;
		for (size_t k = 0; k < len; k++)
			total *= ne;
		for (size_t x = 0; x < total; x++) {
			for (size_t ip = 0; ip < sizeof pres / sizeof pres[0]; ip++) {
				/* Four bytes: fewer places, at the eight-byte steps and across the block's end. */
				if (len > 3 && pres[ip] % 8 != 0 && pres[ip] < 12)
					continue;
				for (size_t iq = 0; iq < sizeof posts / sizeof posts[0]; iq += (len > 3 ? 2 : 1)) {
					size_t n = 0, y = x, pre = pres[ip], post = posts[iq];
					for (size_t k = 0; k < pre; k++)
						buf[n++] = 'a';
					for (size_t k = 0; k < len; k++, y /= ne)
						buf[n++] = (char)edge[y % ne];
					for (size_t k = 0; k < post; k++)
						buf[n++] = 'z';
					if (csvr_utf8_valid(buf, n) != utf8_reference(buf, n))
						fail_msg("length %zu, case %zu, after %zu, before %zu: %d", len, x, pre,
						         post, csvr_utf8_valid(buf, n));
					count++;
				}
			}
		}
	}
	assert_true(count > 5000000);     /* 25^4 strings at seven places, twice */
	assert_true(csvr_utf8_valid("한빛 의료 AI 00000", strlen("한빛 의료 AI 00000")));
	assert_false(csvr_utf8_valid("한\xed\xa0\x80", 6));      /* a surrogate after a syllable */
	assert_false(csvr_utf8_valid("abcdefgh\xea\xb0", 10));   /* cut short */
}

/*
 * The same on real text, a members row of Hangul with two-, three- and
 * four-byte characters, whose characters cross the blocks' ends: every
 * prefix (most cut a character), and every byte replaced by each edge byte.
 */
static void
test_utf8_valid_text(void **state)
{
	(void)state;
	static const char text[] = "한빛 의료 AI 00000,푸른숲병원 0-0,lead,중소기업,91,Café Zürich,"
	                           "힣힣힣,\xf0\x9f\x98\x80,東京大學,ñ,끝";
	static const unsigned char edge[] = {
		0x00, 0x41, 0x80, 0x9F, 0xA0, 0xBF, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEF, 0xF0, 0xF5,
	};
	size_t len = sizeof text - 1, count = 0;
	char buf[sizeof text];
	assert_true(csvr_utf8_valid(text, len));
	for (size_t n = 0; n <= len; n++, count++)
		if (csvr_utf8_valid(text, n) != utf8_reference(text, n))
			fail_msg("prefix of %zu bytes: %d", n, csvr_utf8_valid(text, n));
	for (size_t k = 0; k < len; k++) {
		for (size_t e = 0; e < sizeof edge; e++, count++) {
			memcpy(buf, text, len);
			buf[k] = (char)edge[e];
			if (csvr_utf8_valid(buf, len) != utf8_reference(buf, len))
				fail_msg("byte %zu as %02X: %d", k, edge[e], csvr_utf8_valid(buf, len));
		}
	}
	assert_true(count > 1500);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_of),
		cmocka_unit_test(test_tsv_lines),
		cmocka_unit_test(test_tsv_fields_max),
		cmocka_unit_test(test_tsv_field_max),
		cmocka_unit_test(test_tsv_utf16_message),
		cmocka_unit_test(test_csv_lines),
		cmocka_unit_test(test_csv_plain),
		cmocka_unit_test(test_csv_wide),
		cmocka_unit_test(test_csv_field_max),
		cmocka_unit_test(test_fast_plain_offsets),
		cmocka_unit_test(test_fast_plain_runs),
		cmocka_unit_test(test_cp949_pairs),
		cmocka_unit_test(test_cp949_offsets),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_valid_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
