/*
 * output.h - where a result becomes text: the output columns, the machine
 * formats (csv, tsv, JSON Lines) and the table for people.
 *
 * Writers only call stdio on the FILE they are given; they never report
 * errors themselves.  The caller checks ferror()/fclose() once at the end
 * (a full disk is found there).
 */
#ifndef KAI_OUTPUT_H
#define KAI_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
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

/* Longest text of one computed cell, with its NUL. */
#define OUT_CELL_MAX 64

/*
 * Writes column COL of a scenario and its result as machine text into BUF
 * (OUT_CELL_MAX bytes): whole won without separators, rates and months as
 * exact decimals without trailing zeros, size and license as canonical
 * words.  Returns the length; *NUMBER tells JSON whether it is a number.
 */
size_t out_col_text(enum out_col col, const struct rules_scenario *sc,
                    const struct rules_result *res, char *buf, bool *number);

/* One output cell: LEN bytes of text, and whether JSON writes it bare. */
struct out_cell {
	const char *text;
	size_t len;
	bool number;
};

/*
 * A machine-format writer (csv, tsv or json).  Set the public fields, then
 * call out_row() for each record and out_flush() at the end; the csv/tsv
 * header goes out before the first row unless NO_HEADER.
 *   csv:  RFC 4180, a field quoted only when it holds , " CR or LF; CRLF ends
 *         a record only with EXCEL, LF otherwise.
 *   tsv:  tab-separated; tab, CR, LF and backslash in a value are written
 *         as \t \r \n \\ so that one line is always one record.
 *   json: one object per line, keys from NAMES, numbers bare.
 * EXCEL (csv and tsv only; JSON ignores it) also starts the stream with a
 * UTF-8 BOM, ends records with CRLF, and neutralises text cells that begin
 * with = + - @ tab or CR by prefixing a single quote; numbers are never
 * altered.
 */
struct out_writer {
	FILE *fp;
	enum out_format format;
	const char *const *names;   /* NCOLS column names, borrowed */
	size_t ncols;
	bool no_header;
	bool excel;
	bool started;               /* private: header (or BOM) written */
	size_t buffered;            /* private: bytes waiting in BUF */
	char buf[1 << 16];          /* private */
};

/* Hands what the writer holds to its FILE; call before anything else writes there, and at the end. */
void out_flush(struct out_writer *w);

/* Writes the BOM and header line if they are due and not yet written. */
void out_begin(struct out_writer *w);

/* Writes one record of W->ncols CELLS, after out_begin() if need be. */
void out_row(struct out_writer *w, const struct out_cell *cells);

/*
 * The table for people: one line per column in COLS (N of them), aligned,
 * amounts with thousands separators and Korean units, and a note when the
 * team declines the GPUs.
 */
void out_table(FILE *fp, const struct rules_scenario *sc, const struct rules_result *res,
               const enum out_col *cols, size_t n);

/*
 * The --compare matrix for people: open-source mode down, company size
 * across, private share and cash minimum with their rates.  BASE gives gpus,
 * months, price and basis; RES[license][size] are the nine results.
 */
void out_compare_table(FILE *fp, const struct rules_scenario *base,
                       const struct rules_result res[RULES_LICENSE_COUNT][RULES_SIZE_COUNT]);

#endif
