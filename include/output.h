/*
 * output.h - where a result becomes machine text: the output columns and
 * the machine formats (csv, tsv, JSON Lines).  The tables for people are
 * in table.h.
 *
 * Writers only call stdio on the FILE they are given; they never report
 * errors themselves.  The caller checks ferror()/fclose() once at the end
 * (a full disk is found there).
 */
#ifndef KAI_OUTPUT_H
#define KAI_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "rules.h"

enum out_format {
	OUT_TABLE, OUT_CSV, OUT_TSV, OUT_JSON,
	OUT_XLSX, OUT_SVG, OUT_MD,    /* the reports: the records kept whole (sheet.h), then written */
	OUT_FORMAT_COUNT
};

/* Whether FORMAT is a report, written from a struct sheet after the run. */
static inline bool
out_is_report(enum out_format format)
{
	return format == OUT_XLSX || format == OUT_SVG || format == OUT_MD;
}

/*
 * Every output column, each defined once in output.c's column table: its
 * name, its label for people, its kind and where its value comes from.
 * The first twelve are one scenario's, in the order of SPEC §5.
 */
enum out_col {
	OUT_SIZE, OUT_LICENSE, OUT_GPUS, OUT_MONTHS, OUT_UNIT_PRICE, OUT_GOV,
	OUT_SELF_RATE, OUT_PRIVATE, OUT_CASH_RATE, OUT_CASH_MIN, OUT_IN_KIND,
	OUT_TOTAL,
	OUT_TEAM, OUT_NAME, OUT_ROLE, OUT_TYPE, OUT_FOREIGN,   /* consortium members */
	OUT_ELIGIBLE, OUT_PROBLEMS,                            /* consortium teams */
	OUT_STAGE,                                             /* --stages */
	OUT_FROM, OUT_TO,        /* the period's dates, when they gave the months */
	OUT_BUDGET_CASH, OUT_BUDGET_IN_KIND, OUT_CASH_SPARE, OUT_SPARE, OUT_LIMITED_BY,  /* a budget */
	OUT_CASH_SHORT, OUT_PRIVATE_SHORT, OUT_PLAN_OK,        /* a member's own plan */
	OUT_COL_COUNT
};

/* The columns of one scenario: size .. total_cost_krw. */
#define OUT_SCENARIO_COLS (OUT_TOTAL + 1)

/* How a column's value is written. */
enum out_kind {
	OUT_KIND_TEXT,     /* words */
	OUT_KIND_COUNT,    /* a whole number: GPUs */
	OUT_KIND_MONTHS,   /* an exact decimal with RULES_MONTHS_PLACES */
	OUT_KIND_WON,      /* whole won */
	OUT_KIND_SIGNED,   /* whole won that may be below 0: a spare that is short */
	OUT_KIND_PCT,      /* parts per million, written as a percentage with 4 places */
};

/* Where a column's value comes from (see out_value()). */
enum out_from {
	OUT_FROM_TYPE,       /* the scenario's type word: rules_type_name() */
	OUT_FROM_LICENSE,    /* the scenario's license word */
	OUT_FROM_SCENARIO,   /* a uint64_t of struct rules_scenario at OFFSET */
	OUT_FROM_MONTHS,     /* the scenario's months, rounded to 4 places */
	OUT_FROM_RESULT,     /* an int64_t of struct rules_result at OFFSET */
	OUT_FROM_RATE,       /* a uint32_t ppm of struct rules_result at OFFSET */
	OUT_FROM_RECORD,     /* the record's own text for the column */
	OUT_FROM_PLAN,       /* an int64_t of the record's struct out_plan at OFFSET */
};

struct out_col_def {
	const char *name;      /* machine name: csv/tsv header, JSON key, --fields */
	const char *korean;    /* Korean machine name, no spaces: the csv/tsv/xlsx header with
	                        * --header=ko, --fields; where a reader takes the column as input
	                        * (기업규모, GPU수, 시작일, 현금예산, ...), its accepted spelling */
	const char *label;     /* for people: "government support (정부지원금)", marked with N_():
	                        * print _(label) (under Korean: "정부지원금") */
	enum out_kind kind;
	enum out_from from;
	size_t offset;
	const char *before, *after;   /* for people: words around the value, or NULL; _() them */
	bool repeats;          /* a number that is mostly one of a few values: writers keep its text */
};

/* The definition of COL; NULL past the table. */
const struct out_col_def *out_col_def(enum out_col col);

/* "size" ... "stage". */
const char *out_col_name(enum out_col col);

/* Finds the column named by exactly the LEN bytes at S; false if none. */
bool out_col_from_name(const char *s, size_t len, enum out_col *col);

/* "기업규모" ... "계획적정": COL's Korean machine name. */
const char *out_col_korean(enum out_col col);

/* COL's name in a header: Korean with KOREAN (--header=ko), else out_col_name(). */
const char *out_col_header(enum out_col col, bool korean);

/*
 * Finds the column that the LEN bytes at S name, by its English or its
 * Korean name, compared as field_same_name() does ("GPU 수", "Total-Cost
 * KRW"); false if none.
 */
bool out_col_named(const char *s, size_t len, enum out_col *col);

/*
 * Whether the LEN bytes at S name COL, compared as field_same_name() does:
 * by its English name always, and by its Korean name too when KOREAN.
 * How the readers find kai-cost's own computed columns in a file read back.
 */
bool out_col_is(enum out_col col, const char *s, size_t len, bool korean);

/*
 * How a record's figures follow from other records of the same output, for
 * the workbook, whose formulas keep that arithmetic (xlsx.h).  OUT_OWN, the
 * default: from the record's own inputs (GPUs, months, unit price, rates).
 * OUT_SUM: the sums of COUNT records, the first FIRST records before this
 * one and then every STEP records (a team's total).  OUT_REST: the record
 * after this one less the record before it (--stages' stage 2).  OUT_FIXED:
 * figures that no formula of the output gives (a batch record's stage 2,
 * the rest of a period not in the output): written as they are.
 */
enum out_derive { OUT_OWN, OUT_SUM, OUT_REST, OUT_FIXED };
struct out_derivation {
	enum out_derive kind;
	unsigned first, step, count;
};

/*
 * One output record: a scenario, its result, and the text of the columns
 * that come from the record itself (team, name, role, ...; NULL is empty).
 */
struct out_record {
	const struct rules_scenario *sc;
	const struct rules_result *res;
	const char *text[OUT_COL_COUNT];
	const struct out_plan *plan;  /* the budget columns' figures, or NULL (written 0) */
	struct out_derivation derive;
};

/* A budget beside a record's figures (plan.h computes them). */
struct out_plan {
	int64_t cash, in_kind;        /* the budget */
	int64_t cash_spare, spare;    /* cash - cash minimum; cash + in kind - private share */
	int64_t cash_short, private_short;   /* a member's plan: what is missing, or 0 */
};

/* The most bytes out_copy_short() copies in moves, without a call. */
#define OUT_SHORT_COPY 64

/*
 * The N bytes at S to D, exactly, reading and writing nothing past them,
 * without a call to memcpy for the few bytes of a cell, a record's input
 * cells or a table's short text (the writers here and in table.c): two
 * overlapping moves of 16, 8 or 4 bytes, or four of 16, or of 1; memcpy
 * past OUT_SHORT_COPY.
 */
static inline void
out_copy_short(char *d, const char *s, size_t n)
{
	if (n <= 16) {                  /* a cell, most often */
		if (n >= 8) {
			memcpy(d, s, 8);
			memcpy(d + n - 8, s + n - 8, 8);
		} else if (n >= 4) {
			memcpy(d, s, 4);
			memcpy(d + n - 4, s + n - 4, 4);
		} else if (n > 0) {
			d[0] = s[0];
			d[n / 2] = s[n / 2];
			d[n - 1] = s[n - 1];
		}
	} else if (n <= 32) {
		memcpy(d, s, 16);
		memcpy(d + n - 16, s + n - 16, 16);
	} else if (n <= OUT_SHORT_COPY) {
		memcpy(d, s, 16);
		memcpy(d + 16, s + 16, 16);
		memcpy(d + n - 32, s + n - 32, 16);
		memcpy(d + n - 16, s + n - 16, 16);
	} else {
		memcpy(d, s, n);
	}
}

/*
 * The number of column DEF in REC, any numeric source: the one reading of
 * where output.h's column table says a number lives.  A budget's is its
 * magnitude (out_value() gives the sign); not a number, 0.  The same from
 * a column's FROM and OFFSET alone: out_number_at().
 */
static inline uint64_t
out_number_at(enum out_from from, size_t offset, const struct out_record *rec)
{
	/* A rate before the jump table: a record's writer reads two, and a test is cheaper. */
	if (from == OUT_FROM_RATE)
		return *(const uint32_t *)(const void *)((const char *)rec->res + offset);
	switch (from) {
	case OUT_FROM_SCENARIO:
		return *(const uint64_t *)(const void *)((const char *)rec->sc + offset);
	case OUT_FROM_RESULT:
		return (uint64_t)*(const int64_t *)(const void *)((const char *)rec->res + offset);
	case OUT_FROM_MONTHS:
		return rules_months_e4(rec->sc);
	case OUT_FROM_PLAN:
		if (rec->plan == NULL)
			return 0;
		{
			int64_t v = *(const int64_t *)(const void *)((const char *)rec->plan + offset);
			return v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
		}
	default:
		return 0;
	}
}

static inline uint64_t
out_number_of(const struct out_col_def *def, const struct out_record *rec)
{
	return out_number_at(def->from, def->offset, rec);
}

/*
 * One output cell.  Text: the LEN bytes at TEXT, quoted, escaped or
 * neutralised as the format needs.  Number: VALUE scaled by 10^PLACES,
 * which the writer prints as an exact decimal without trailing zeros
 * (VALUE 103000, PLACES 4 -> 10.3) and never alters; JSON writes it bare.
 */
struct out_cell {
	const char *text;
	size_t len;
	bool number;
	bool negative;     /* a number below 0: VALUE is its magnitude */
	uint64_t value;
	unsigned places;
};

#define OUT_TEXT(s, n)   ((struct out_cell){ .text = (s), .len = (n) })
#define OUT_NUMBER(v, p) ((struct out_cell){ .number = true, .value = (v), .places = (p) })

/*
 * Column COL of REC: whole won, rates and months as numbers; type and
 * license as their canonical words (static text); record text as given.
 */
struct out_cell out_value(enum out_col col, const struct out_record *rec);

/*
 * The one --fields parser.  Picks from the N column NAMES (compared as
 * field_same_name() does) the ones the comma-separated LIST names, in its
 * order, as indexes into NAMES in PICKED (room for N).  An item that is
 * none of NAMES may name an output column in the other language: "총사업비"
 * picks the name "total_cost_krw" and "total_cost_krw" the name "총사업비"
 * (out_col_named()), so a list may mix English and Korean names.
 * False, with the one-line reason in MSG (MSGN bytes), for an empty item,
 * a name that is not among NAMES (the message lists them) or a name given
 * twice.  With NAMES NULL only the list's syntax is checked.
 */
bool out_fields(const char *list, const char *const *names, size_t n,
                size_t *picked, size_t *npicked, char *msg, size_t msgn);

/*
 * A machine-format writer (csv, tsv or json).  Set the public fields, then
 * write each record either whole with out_row(), or cell by cell between
 * out_row_begin() and out_row_end(); call out_flush() at the end.  The
 * csv/tsv header goes out before the first record unless NO_HEADER.
 *   csv:  RFC 4180, a field quoted only when it holds , " CR or LF.
 *   tsv:  tab-separated; tab, CR, LF and backslash in a value are written
 *         as \t \r \n \\ so that one line is always one record.
 *   json: one object per line, keys from NAMES, numbers bare.
 * A report format (xlsx, svg, md) writes nothing: the header, records and
 * cells go to SHEET, which the caller writes out at the end.
 * Records end with LF, or CRLF with EXCEL.  EXCEL (csv and tsv only; JSON
 * ignores it) also starts the stream with a UTF-8 BOM and neutralises text
 * cells that begin with = + - @ tab or CR by prefixing a single quote,
 * unless the cell is a plain number (-5, -1.5); number columns are never
 * altered.
 * NAMES and NCOLS must not change once the first record (or out_begin())
 * is written: JSON renders its keys from them then, once.
 */
struct sheet;

/* How many of the columns' JSON keys a writer keeps rendered, and in how many bytes. */
#define OUT_KEYS       64
#define OUT_KEY_BYTES  4096

/* A writer keeps the text of up to 2^OUT_CACHE_BITS values of each repeating number column. */
#define OUT_CACHE_BITS 5

/* private: a number and its text, as out_cols() wrote it */
struct out_cached {
	uint64_t value;
	char text[16];              /* up to 15 bytes (a rate, a price, months), then at TEXT[15]
	                             * their count: 0, nothing kept yet; one copy of 16 bytes */
};

/*
 * private: how out_cols() writes a column, resolved from the column table
 * once, when the writer starts, so that a record's loop reads one small
 * entry a column.  A writer not yet started has all entries zero, OUT_BY_COL.
 */
enum out_by {
	OUT_BY_COL,          /* as out_col() writes it: words, a budget's signed figures */
	OUT_BY_WON,          /* the digits of an int64_t of struct rules_result at OFFSET: the amounts */
	OUT_BY_NUMBER,       /* any other number: out_number_at(FROM, OFFSET), PLACES, REPEATS */
};
struct out_how {
	uint32_t offset;            /* the column's OFFSET (32 bits: an entry of 8 bytes is one index step) */
	unsigned char by;           /* enum out_by */
	unsigned char from;         /* its enum out_from */
	unsigned char places;       /* the decimal places its kind is held with */
	bool repeats;               /* its text is kept in CACHED */
};

struct out_writer {
	FILE *fp;
	enum out_format format;
	struct sheet *sheet;        /* a report format: every cell goes here, nothing to FP */
	const char *const *names;   /* NCOLS column names, borrowed */
	const int *ids;             /* NCOLS, for a report: the enum out_col each column writes, -1 for
	                             * text passed through; NULL when every column is passed through */
	size_t ncols;
	bool no_header;
	bool excel;
	bool started;               /* private: header (or BOM) written */
	bool plain_rows;            /* private: started, csv or tsv to FP without EXCEL: a record
	                             * starts with nothing and ends with LF (out_row_begin()) */
	bool framed_rows;           /* private: started, JSON, or csv or tsv with EXCEL, to FP: a record
	                             * starts with ROW_HEAD_LEN bytes of ROW_HEAD, ends with ROW_TAIL */
	unsigned char row_head_len, row_tail_len;   /* private: set by out_begin(), any format */
	char row_head;              /* private: '{' in JSON */
	char row_tail[4];           /* private: LF, CR LF with EXCEL, } LF in JSON; copied whole */
	size_t col;                 /* private: cells written in this record */
	size_t buffered;            /* private: bytes waiting in BUF */
	size_t nkeys;               /* private, JSON: columns whose key, with the comma before it, */
	unsigned short key_at[OUT_KEYS + 1];   /* is in KEYS from KEY_AT[i] up to KEY_AT[i + 1] */
	char keys[OUT_KEY_BYTES];
	struct out_how how[OUT_COL_COUNT];  /* private: by column, set by out_begin() */
	struct out_cached cached[OUT_COL_COUNT][1 << OUT_CACHE_BITS];   /* private: by column, value */
	char buf[1 << 16];          /* private */
};

/* Writes the BOM and header line if they are due and not yet written. */
void out_begin(struct out_writer *w);

/* Writes one record of W->ncols CELLS. */
void out_row(struct out_writer *w, const struct out_cell *cells);

/* private: out_row_begin() and out_row_end() but for PLAIN_ROWS. */
void out_row_open(struct out_writer *w);
void out_row_close(struct out_writer *w);

/*
 * A record cell by cell: begin, then W->ncols cells in order, then end.
 * Inline, as a batch writes a million records: in csv, tsv and JSON to a
 * FILE a record's beginning and end are a few instructions.
 */
static inline void
out_row_begin(struct out_writer *w)
{
	if (!w->plain_rows) {
		if (w->framed_rows && w->buffered < sizeof w->buf) {
			/* JSON's { or --excel's nothing, without a call: the byte is put either way, counted if due. */
			w->buf[w->buffered] = w->row_head;
			w->buffered += w->row_head_len;
		} else {
			out_row_open(w);
		}
	}
	w->col = 0;
}
void out_text(struct out_writer *w, const char *s, size_t len);
/* The same, for text the caller knows holds no comma, quote, CR or LF: csv copies it unexamined. */
void out_text_plain(struct out_writer *w, const char *s, size_t len);
/*
 * CELLS cells at once, each as out_text_plain() would write it: the LEN
 * bytes at S are those cells joined by commas, none holding a comma,
 * quote, CR or LF (a run of neighbouring cells of a plain csv line, as it
 * came).  Any format and EXCEL: csv without EXCEL copies the run as it is;
 * with EXCEL it copies it up to each cell that needs its quote
 * (neutralised as out_text() does); JSON copies each cell after its key
 * when none needs an escape; other formats write cell by cell.
 */
void out_csv_run(struct out_writer *w, const char *s, size_t len, size_t cells);
/*
 * The same run written in place, for a caller that builds it: where up to
 * LEN bytes of it may go in W's buffer, or NULL when out_csv_run() must
 * write it (not csv, or EXCEL, a sheet, no room).  Nothing is written until
 * out_csv_done() says how many bytes of how many cells are there; a run
 * given up needs no call.
 */
char *out_csv_space(struct out_writer *w, size_t len);
void out_csv_done(struct out_writer *w, size_t used, size_t cells);
void out_number(struct out_writer *w, uint64_t value, unsigned places);
/* Column COL of REC, as out_value() gives it. */
void out_col(struct out_writer *w, enum out_col col, const struct out_record *rec);
/*
 * The COUNT columns COLS of REC, as out_col() each.  Numbers go straight
 * from the record to the buffer; those of columns whose value tends to
 * repeat (unit price, rates, months) are kept as text, and the last few
 * values of each are copied rather than printed again.
 */
void out_cols(struct out_writer *w, const enum out_col *cols, size_t count,
              const struct out_record *rec);
static inline void
out_row_end(struct out_writer *w)
{
	if (w->plain_rows && w->buffered < sizeof w->buf) {
		w->buf[w->buffered++] = '\n';
	} else if (w->framed_rows && sizeof w->buf - w->buffered >= sizeof w->row_tail) {
		/* All of ROW_TAIL at once, a fixed size: a few moves; only its length counts. */
		memcpy(w->buf + w->buffered, w->row_tail, sizeof w->row_tail);
		w->buffered += w->row_tail_len;
	} else {
		out_row_close(w);
	}
}

/*
 * The COUNT columns COLS of REC as csv text, byte for byte as out_cols()
 * writes them for csv without EXCEL: joined by commas, nothing before or
 * after, the text of a column whose value repeats as printed anew.  At D,
 * which has room for N bytes (all of which may be written); returns the
 * length, or -1 when the text does not fit or a column is not a number
 * that out_cols() prints itself (words, a budget's figures, a column past
 * the table).  For a caller that keeps the text to copy into records
 * (out_csv_run()).
 */
long out_cols_csv(const enum out_col *cols, size_t count, const struct out_record *rec, char *d, size_t n);

/* Hands what the writer holds to its FILE: before anything else writes there, and at the end. */
void out_flush(struct out_writer *w);

/*
 * Writes the N bytes at S to FP, after what FP's buffer holds: to its
 * file descriptor when it has one, without copying them into stdio's
 * buffer; else, and for whatever a write(2) leaves, through fwrite(), so
 * that FP's error indicator and errno tell of a failure as for any write.
 * For writers that gather output in blocks of their own.
 */
void out_write_block(FILE *fp, const char *s, size_t n);

#endif
