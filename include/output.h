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

#include "rules.h"

enum out_format { OUT_TABLE, OUT_CSV, OUT_TSV, OUT_JSON, OUT_FORMAT_COUNT };

/* The computed columns, in the order of SPEC §5. */
enum out_col {
	OUT_SIZE, OUT_LICENSE, OUT_GPUS, OUT_MONTHS, OUT_UNIT_PRICE, OUT_GOV,
	OUT_SELF_RATE, OUT_PRIVATE, OUT_CASH_RATE, OUT_CASH_MIN, OUT_IN_KIND,
	OUT_TOTAL, OUT_COL_COUNT
};

/* "size" ... "total_cost_krw". */
const char *out_col_name(enum out_col col);

/* Finds the column named by exactly the LEN bytes at S; false if none. */
bool out_col_from_name(const char *s, size_t len, enum out_col *col);

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
	uint64_t value;
	unsigned places;
};

#define OUT_TEXT(s, n)   ((struct out_cell){ .text = (s), .len = (n) })
#define OUT_NUMBER(v, p) ((struct out_cell){ .number = true, .value = (v), .places = (p) })

/*
 * Column COL of a scenario and its result: whole won, rates and months as
 * numbers; size and license as their canonical words (static text).
 */
struct out_cell out_col_cell(enum out_col col, const struct rules_scenario *sc,
                             const struct rules_result *res);

/*
 * A machine-format writer (csv, tsv or json).  Set the public fields, then
 * write each record either whole with out_row(), or cell by cell between
 * out_row_begin() and out_row_end(); call out_flush() at the end.  The
 * csv/tsv header goes out before the first record unless NO_HEADER.
 *   csv:  RFC 4180, a field quoted only when it holds , " CR or LF.
 *   tsv:  tab-separated; tab, CR, LF and backslash in a value are written
 *         as \t \r \n \\ so that one line is always one record.
 *   json: one object per line, keys from NAMES, numbers bare.
 * Records end with LF, or CRLF with EXCEL.  EXCEL (csv and tsv only; JSON
 * ignores it) also starts the stream with a UTF-8 BOM and neutralises text
 * cells that begin with = + - @ tab or CR by prefixing a single quote;
 * numbers are never altered.
 */
struct out_writer {
	FILE *fp;
	enum out_format format;
	const char *const *names;   /* NCOLS column names, borrowed */
	size_t ncols;
	bool no_header;
	bool excel;
	bool started;               /* private: header (or BOM) written */
	size_t col;                 /* private: cells written in this record */
	size_t buffered;            /* private: bytes waiting in BUF */
	char buf[1 << 16];          /* private */
};

/* Writes the BOM and header line if they are due and not yet written. */
void out_begin(struct out_writer *w);

/* Writes one record of W->ncols CELLS. */
void out_row(struct out_writer *w, const struct out_cell *cells);

/* A record cell by cell: begin, then W->ncols cells in order, then end. */
void out_row_begin(struct out_writer *w);
void out_text(struct out_writer *w, const char *s, size_t len);
/* The same, for text the caller knows holds no comma, quote, CR or LF: csv copies it unexamined. */
void out_text_plain(struct out_writer *w, const char *s, size_t len);
/*
 * CELLS csv cells at once: the LEN bytes at S are those cells already joined
 * by commas, none holding a comma, quote, CR or LF.  For csv without EXCEL
 * only (the caller checks), where such a run needs no look at all.
 */
void out_csv_run(struct out_writer *w, const char *s, size_t len, size_t cells);
void out_number(struct out_writer *w, uint64_t value, unsigned places);
/* Column COL of a scenario and its result, as out_col_cell() gives it. */
void out_col(struct out_writer *w, enum out_col col, const struct rules_scenario *sc,
             const struct rules_result *res);
/* Columns FIRST .. FIRST+COUNT-1 in their canonical order, as out_col() each. */
void out_cols(struct out_writer *w, enum out_col first, size_t count,
              const struct rules_scenario *sc, const struct rules_result *res);
void out_row_end(struct out_writer *w);

/* Hands what the writer holds to its FILE: before anything else writes there, and at the end. */
void out_flush(struct out_writer *w);

#endif
