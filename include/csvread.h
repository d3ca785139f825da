/*
 * csvread.h - the one CSV and TSV record reader: bytes in, records of
 * fields out, each with the physical line where it starts.  Batch files,
 * members files and the rules table are all read through it.
 *
 * It handles RFC 4180 quoting (through libcsv), CRLF or LF, a UTF-8
 * byte-order mark, CP949 input (converted to UTF-8 with iconv), blank
 * lines (skipped) and UTF-8 validation; UTF-16 text (a UTF-16 byte-order
 * mark: Excel's "Unicode text") and workbooks are refused with a word on
 * what to do.  Memory depends on the longest record, never on the number
 * of records: a record's fields point into the reader's buffers and are
 * valid only during the callback.
 *
 * A line that ends within a read, with no CR before its LF, is split
 * without libcsv when its fields are unquoted or wholly quoted (the fast
 * paths: most files are all such lines); every other line goes through
 * libcsv.  CP949 is converted a known pair at a time, iconv telling each
 * pair once.  Fast and plain paths read every input the same way, which
 * the unit tests and the fuzzers check with LIBCSV_ONLY.
 *
 * The reader prints nothing and never exits: a problem that stops the input
 * (malformed CSV, a bad CP949 byte, an over-long field) goes to the ERROR
 * callback with its line, and the outcome comes back as a status.
 */
#ifndef KAI_CSVREAD_H
#define KAI_CSVREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum csvr_encoding { CSVR_UTF8, CSVR_CP949 };

/*
 * How records are written.  CSV: RFC 4180, as above.  AUTO is for the
 * callers that pick by file name (csvr_format_of()); the reader itself
 * reads AUTO as CSV.
 *
 * TSV: one record a line, fields between tabs, no quoting (a '"' is an
 * ordinary character), so that kai-cost's own tsv output reads back:
 *   - a line ends at LF, CR LF or a lone CR (old Mac files), each one line;
 *     the last line needs no line end;
 *   - the escapes kai-cost's tsv writer makes, \t \n \r \\, stand for the
 *     byte; a backslash before anything else (or at the end of a field) is
 *     kept as it is, so C:\Users\me reads as written (but C:\temp has a \t);
 *   - a byte-order mark, CP949, blank lines, UTF-8 and NUL checks,
 *     CSVR_FIELDS_MAX and CSVR_FIELD_MAX (decoded bytes) as for CSV;
 *   - a line without commas, quotes or backslashes is plain (below), its
 *     tabs made commas in the reader's own buffer.
 * A line in one read is split where it lies (copied only to decode a
 * backslash); a line cut by the end of a read is gathered first.
 */
enum csvr_format { CSVR_AUTO, CSVR_CSV, CSVR_TSV };

/* FORMAT, or for CSVR_AUTO the format NAME's extension says: .tsv (any case) is TSV, else CSV. */
enum csvr_format csvr_format_of(enum csvr_format format, const char *name);

/* The longest field, in bytes (for TSV, decoded); a longer one stops the input. */
#define CSVR_FIELD_MAX (1024 * 1024)

/*
 * The most fields one record may have; a record with more is handed over
 * with its first CSVR_FIELDS_MAX fields and marked CSVR_BAD_WIDE, so that
 * memory stays bounded whatever the input.
 */
#define CSVR_FIELDS_MAX 10000

struct csvr_field {
	const char *p;
	size_t n;
};

/* Why a record cannot be used as it is; the first problem found wins. */
enum csvr_bad {
	CSVR_GOOD,
	CSVR_BAD_WIDE,          /* more than CSVR_FIELDS_MAX fields */
	CSVR_BAD_NUL,           /* field BAD_FIELD holds a NUL byte */
	CSVR_BAD_UTF8,          /* field BAD_FIELD is not UTF-8 */
};

struct csvr_record {
	const struct csvr_field *fields;
	size_t n;
	unsigned long line;     /* physical line where the record starts, from 1 */
	/*
	 * No field holds a comma, quote, CR or LF, and the fields lie one
	 * comma apart, so neighbours can be copied out together with the
	 * commas between them: a CSV line without quotes; a CSV line split
	 * by the fast paths whose quoted fields hold no comma or quote
	 * ("a","b",c), its fields copied one comma apart into the reader's
	 * buffer; or a TSV line without commas, quotes or backslashes, its
	 * tabs made commas in the reader's buffer (from csvr_file(), or CP949).
	 */
	bool plain;
	enum csvr_bad bad;
	size_t bad_field;       /* the field that is bad (NUL, UTF-8) */
};

struct csvr_options {
	enum csvr_encoding encoding;
	enum csvr_format format;
	size_t chunk;           /* bytes per read: 0 for the default; tests make it small */
	bool libcsv_only;       /* the plain paths only: every CSV line through libcsv, every TSV
	                         * line split by the general way, CP949 through iconv alone;
	                         * tests compare them with the fast paths */
	/* Each record in turn; return false to stop reading this input. */
	bool (*record)(void *ctx, const struct csvr_record *rec);
	/* A problem that stops this input, with its line (0 when none applies). */
	void (*error)(void *ctx, unsigned long line, const char *msg);
	void *ctx;
};

/* Outcomes, from best to worst. */
enum csvr_status {
	CSVR_OK,
	CSVR_STOPPED,     /* the record callback asked to stop */
	CSVR_MALFORMED,   /* reported: the rest of the input could not be read */
	CSVR_READ_ERROR,  /* reported: the input could not be read */
	CSVR_NOMEM,       /* memory ran out (not reported: nothing can be said safely) */
};

struct csvr;

/* A reader with OPT (copied), or NULL without memory or without iconv for CP949. */
struct csvr *csvr_new(const struct csvr_options *opt);
void csvr_free(struct csvr *r);

/* The format of the inputs read from now on. */
void csvr_set_format(struct csvr *r, enum csvr_format format);

/* Reads every record of IN, from the start of a new input. */
enum csvr_status csvr_file(struct csvr *r, FILE *in);

/* Reads every record of the LEN bytes at TEXT as one input: pure, no I/O. */
enum csvr_status csvr_text(struct csvr *r, const char *text, size_t len);

/* Whether the LEN bytes at S are well-formed UTF-8. */
bool csvr_utf8_valid(const char *s, size_t len);

/*
 * What to say after "invalid UTF-8" for the LEN bytes at S, read as
 * ENCODING: a hint to try --encoding=cp949 when the bytes look like CP949,
 * else what was expected.  Starts with "; ".
 */
const char *csvr_utf8_hint(enum csvr_encoding encoding, const char *s, size_t len);

/*
 * The one-line message for REC's problem (REC->bad is not CSVR_GOOD) into
 * BUF (N bytes): "column 'NAME': a NUL byte; expected text", where NAME is
 * COLUMN, or "column 3: ..." (counted from 1) when COLUMN is NULL, and
 * "header, column 3: ..." when the record is a HEADER.  ENCODING picks the
 * hint after invalid UTF-8.  Returns BUF.
 */
char *csvr_bad_message(char *buf, size_t n, const struct csvr_record *rec,
                       enum csvr_encoding encoding, const char *column, bool header);

/*
 * Whether two fields of REC, a header, name the same column (compared as
 * field.h's field_same_name does), in linear time: 1 with the message into
 * MSG (N bytes), 0 when every name differs, -1 without memory.
 */
int csvr_duplicate(const struct csvr_record *rec, char *msg, size_t n);

/* Whether the LEN bytes at S are only spaces and tabs. */
bool csvr_blank(const char *s, size_t len);

#endif
