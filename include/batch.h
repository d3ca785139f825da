/*
 * batch.h - the batch reader: CSV files of scenarios in, one output stream
 * of costed records out (SPEC §6).
 *
 * Each file is read by the CSV record reader (csvread.h), so memory
 * depends on the longest record, never on the number of records.
 * The first record of every file is its header; columns are found by name
 * (field.h), every input column is written unchanged and in order, and the
 * computed columns unit_price_krw .. total_cost_krw follow (or replace an
 * input column of the same name in place).  The first file fixes the
 * columns: later files must have the same header.
 *
 * The reader never prints a diagnostic and never exits: each problem goes
 * to the REPORT callback with the file name and the physical line where the
 * record starts, and the worst outcome comes back as a status.
 */
#ifndef KAI_BATCH_H
#define KAI_BATCH_H

#include <stdbool.h>
#include <stdio.h>

#include "csvread.h"
#include "output.h"
#include "plan.h"
#include "rules.h"
#include "ruleset.h"

struct batch_options {
	struct sheet *sheet;           /* a report format: the records go here (sheet.h) */
	enum out_format format;
	bool no_header;                /* no header line in csv/tsv output */
	bool excel;                    /* see out_writer */
	bool strict;                   /* stop everything at the first bad record */
	enum csvr_encoding encoding;   /* of the input; output is always UTF-8 */
	enum csvr_format input;        /* csv or tsv; AUTO: each file by its name (.tsv) */
	bool header_ko;                /* --header=ko: Korean column names in csv, tsv and xlsx */
	const char *fields;            /* NULL, or comma-separated output column names */
	struct rules_scenario defaults;/* basis, and the unit price without a unit_price column */
	const struct rules_rates *rates;
	const struct rs_pick *pick;    /* for warnings and dates; NULL: none */
	bool solve;                    /* --solve: each record's largest VAR within its budget */
	enum plan_var var;
	size_t chunk;                  /* bytes per read: 0 for the default; tests make it small */
	bool libcsv_only;              /* every line through libcsv: tests compare the two paths */
	bool plain_table;              /* each table through table_scenario(): tests compare the two */
	/* Called for each problem; LINE is 0 when no line applies. */
	void (*report)(void *ctx, const char *file, unsigned long line, const char *msg);
	void *ctx;
};

/* Outcomes, from best to worst; a run's status is the worst of its files'. */
enum batch_status {
	BATCH_OK,
	BATCH_INVALID,   /* bad records or a malformed file were reported; good records written */
	BATCH_STOP,      /* --strict: a bad record was reported; stop reading anything */
	BATCH_USAGE,     /* --fields names no output column; nothing was written */
	BATCH_READ_ERROR,/* the input could not be read */
	BATCH_NOMEM,     /* memory ran out */
};

struct batch;

/* A reader writing to OUT with OPT (copied; the strings are borrowed), or NULL without memory. */
struct batch *batch_new(const struct batch_options *opt, FILE *out);

/*
 * Reads every record of IN, whose name in messages is NAME, and writes the
 * results.  Returns the outcome for this file; after BATCH_STOP, BATCH_USAGE
 * or BATCH_NOMEM no further file should be read.
 */
enum batch_status batch_file(struct batch *b, FILE *in, const char *name);

void batch_free(struct batch *b);

#endif
