/*
 * members.h - consortium budgets: members files in, each member
 * institution costed at its own type's rate, team totals and eligibility
 * out (docs/rules.md, "Member institutions" and "Eligibility").
 *
 * A members file is CSV read by the record reader (csvread.h), header by
 * name: name, role, type and gpus are required; team, foreign, months (or
 * from and to) and license are optional; any other column is passed
 * through.  Rows of a team need not be adjacent; teams keep the order of
 * their first row, and a file holds whole teams.  Without a team column the
 * whole file is one team, named after the file.
 *
 * Every row of a file is read before its teams are computed, so memory
 * grows with the size of the largest file (members files are small): 32
 * bytes a row, its name and passed-through cells, and each team's name.  A
 * team with a bad row is reported and not computed; the other teams are.
 *
 * The reader never prints a diagnostic and never exits: problems go to the
 * REPORT callback with the file name and line, and the worst outcome comes
 * back as a status.
 */
#ifndef KAI_MEMBERS_H
#define KAI_MEMBERS_H

#include <stdbool.h>
#include <stdio.h>

#include "calendar.h"
#include "csvread.h"
#include "output.h"
#include "rules.h"
#include "ruleset.h"

/* What to do with a team that breaks an eligibility rule. */
enum members_eligibility {
	MEMBERS_WARN,    /* report each problem; the exit status is unchanged */
	MEMBERS_ERROR,   /* report each problem; the run fails as bad data */
	MEMBERS_OFF,     /* check nothing; eligible and problems stay empty */
};

struct members_options {
	struct sheet *sheet;           /* a report format: the records go here (sheet.h) */
	enum out_format format;
	bool no_header, excel, strict, explain, stages;
	enum csvr_encoding encoding;
	enum csvr_format input;        /* csv or tsv; AUTO: each file by its name (.tsv) */
	bool header_ko;                /* --header=ko: Korean column names in csv, tsv and xlsx */
	const char *fields;            /* NULL, or comma-separated output column names */
	bool license_given;            /* --license: for teams whose rows give none */
	enum rules_license license;
	/* The team period: SC's months (with --months) or FROM .. TO (DATES). */
	struct rules_scenario defaults;/* basis, unit price and the team period's months */
	bool dates;
	struct cal_date from, to;
	enum members_eligibility eligibility;
	bool fine_tuning;              /* --method fine-tuning: no team is eligible */
	const struct rs_pick *pick;    /* rates, GPUs per team, stage 2 start */
	const char *rules_name;        /* for --explain */
	bool price_given;              /* for --explain */
	size_t chunk;                  /* bytes per read: 0 for the default */
	bool libcsv_only;              /* see csvread.h */
	/*
	 * Every cell through out_col(), as a report's sheet takes them: the
	 * plain path, which the tests compare the writer's fast path with.
	 */
	bool plain_writer;
	/*
	 * Every role, type, foreign value, license and GPUs cell through its
	 * parser, every team cell through the trim and the lookup of its
	 * name, and every member's figures through rules_compute(): the
	 * plain path, which the tests compare the reader's memory of the
	 * words, team cells and figures seen before, and its quick reading
	 * of GPUs in digits, with.
	 */
	bool plain_reader;
	/* Called for each problem; LINE is 0 when no line applies. */
	void (*report)(void *ctx, const char *file, unsigned long line, const char *msg);
	void *ctx;
};

/* Outcomes, from best to worst; a run's status is the worst of its files'. */
enum members_status {
	MEMBERS_OK,
	MEMBERS_INELIGIBLE,  /* --eligibility=error and a team failed a rule */
	MEMBERS_INVALID,     /* bad rows were reported; their teams were not computed */
	MEMBERS_STOP,        /* --strict: a bad row was reported; stop reading anything */
	MEMBERS_USAGE,       /* --fields names no column, or no license anywhere; nothing written */
	MEMBERS_READ_ERROR,  /* the input could not be read */
	MEMBERS_NOMEM,       /* memory ran out */
};

struct members;

/* A reader writing to OUT with OPT (copied; the strings are borrowed), or NULL without memory. */
struct members *members_new(const struct members_options *opt, FILE *out);

/*
 * Reads every row of IN, whose name in messages is NAME, then computes and
 * writes its teams.  After MEMBERS_STOP, MEMBERS_USAGE or MEMBERS_NOMEM no
 * further file should be read.
 */
enum members_status members_file(struct members *m, FILE *in, const char *name);

void members_free(struct members *m);

#endif
