/*
 * fuzz_members.c - libFuzzer harness over the members reader (--members
 * files: consortium budgets).  The first byte chooses the options:
 *
 *   bits 0-1  format: table, csv, tsv, json
 *   bit 2     the team period: --months 10.3, or --from 2025-11-01
 *             --to 2026-09-09
 *   bit 3     --strict
 *   bit 4     --excel
 *   bits 5-6  --eligibility warn, error, off, or warn with --method
 *             fine-tuning
 *   bit 7     with dates --stages; with months --encoding=cp949
 *
 * and the input's length the rest: the read size, and one time in seven
 * --fields (--explain for the table).  --license commercial is always
 * given; the rest of the input is the members file.  Like fuzz_batch.c it
 * checks these properties:
 *
 *   - four paths: the input is read as two files through one reader,
 *     by the fast paths, with every line through libcsv, with every cell
 *     through the writer's plain path (plain_writer), and with every word
 *     and team cell through the reader's (plain_reader); output and
 *     reports must be the same;
 *   - re-run: for csv output without --fields (with or without --excel),
 *     the output of the first file, read again by a fresh reader (UTF-8,
 *     the other options the same), must come out byte for byte the same.
 *     kai-cost recognises its own total rows and stage 1 and 2 rows and
 *     recomputes them, writes every member's period (from and to when
 *     dates give it) and its team, type, license and GPUs as words it
 *     reads back, so every team written must be computed again to the
 *     same figures.  Only the first file's output is read again: teams
 *     are per file, and the second file's teams have the same names.
 *
 * The rules are the built-in table's, picked on 2026-01-01, as
 * tests/test_members.c does.  Run by `make fuzz-members`; inputs that once
 * failed are kept in tests/fuzz/members-regressions/ and replayed, with the
 * seeds in tests/fuzz/members-seeds/, by `make check`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "csvread.h"
#include "members.h"
#include "ruleset.h"
#include "harness.h"

/*
 * Runs the reader over DATA as FILES files (one reader) and captures its
 * output and reports; *FIRST_LEN is how much of the output the first file
 * wrote.
 */
static void
run(const void *data, size_t size, struct members_options opt, int files, struct capture *out,
    struct capture *rep, size_t *first_len)
{
	out->fp = open_memstream(&out->text, &out->len);
	rep->fp = open_memstream(&rep->text, &rep->len);
	FILE *in = size > 0 ? fmemopen((void *)data, size, "rb") : fopen("/dev/null", "rb");
	if (out->fp == NULL || rep->fp == NULL || in == NULL)
		abort();
	opt.report = collect;
	opt.ctx = rep;
	struct members *m = members_new(&opt, out->fp);
	if (m == NULL)
		abort();
	/* More than once through one reader: the second file exercises the header check. */
	for (int i = 0; i < files; i++) {
		if (i > 0)
			rewind(in);
		enum members_status st = members_file(m, in, "fuzz");
		fprintf(rep->fp, "status %d\n", st);
		if (i == 0) {
			fflush(out->fp);
			*first_len = out->len;
		}
		if (st >= MEMBERS_STOP)
			break;
	}
	members_free(m);
	fclose(in);
	fclose(out->fp);
	fclose(rep->fp);
}

/*
 * The re-run property: the LEN bytes at OUT, what the reader wrote for one
 * file with OPT, read again as UTF-8 (kai-cost writes nothing else) with
 * the other options the same, must be written again exactly.  Only the
 * output is compared: the reports may differ (a first run's bad rows are
 * not in its output; eligibility problems are reported again).
 *
 * One difference is harmless, as in fuzz_batch.c: a file starting with two
 * byte-order marks keeps the second in its first column's name, where a
 * mark counts no more than a space; a passed-through column comes first,
 * so without --excel (which writes a mark of its own) that name starts the
 * output.  Read again, it is the byte-order mark, and the name the same
 * without it; so the second run writes the output without its first 3
 * bytes (members-regressions/rerun-double-bom).
 */
static void
check_rerun(const char *out, size_t len, const struct capture *rep, struct members_options opt)
{
	struct capture again, again_rep;
	size_t first_len, skip = 0;

	opt.encoding = CSVR_UTF8;
	opt.libcsv_only = false;
	run(out, len, opt, 1, &again, &again_rep, &first_len);
	if (!opt.excel && len >= 3 && memcmp(out, "\xEF\xBB\xBF", 3) == 0)
		skip = 3;
	if (!same(out + skip, len - skip, again.text, again.len)) {
		fprintf(stderr, "kai-cost's own output, read again, comes out different\n");
		show("first run", out, len);
		show("first run's reports", rep->text, rep->len);
		show("second run", again.text, again.len);
		show("second run's reports", again_rep.text, again_rep.len);
		abort();
	}
	free(again.text);
	free(again_rep.text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t chunks[] = { 0, 1, 2, 3, 7, 64 };
	static const char *const fields[] = { "team,name,role,total_cost_krw,eligible,problems",
	                                      "name,NAME", "nope" };
	static const enum members_eligibility modes[] = { MEMBERS_WARN, MEMBERS_ERROR, MEMBERS_OFF,
	                                                  MEMBERS_WARN };
	const struct cal_date from = { 2025, 11, 1 }, to = { 2026, 9, 9 };

	if (size == 0)
		return 0;
	const struct rs_pick *pick = rules_pick();
	uint8_t sel = data[0];
	bool dates = (sel & 4) != 0, extra = size % 7 == 0;
	struct members_options opt = {
		.format = (enum out_format)(sel & 3),
		.strict = (sel & 8) != 0,
		.excel = (sel & 16) != 0,
		.eligibility = modes[(sel >> 5) & 3],
		.fine_tuning = ((sel >> 5) & 3) == 3,
		.stages = dates && (sel & 128) != 0,
		.encoding = !dates && (sel & 128) != 0 ? CSVR_CP949 : CSVR_UTF8,
		.fields = extra && (sel & 3) != OUT_TABLE ? fields[(size / 7) % 3] : NULL,
		.explain = extra && (sel & 3) == OUT_TABLE,
		.chunk = chunks[size % 6],
		.license_given = true,
		.license = RULES_COMMERCIAL,
		.defaults = { .basis = RULES_BASIS_TOTAL, .months = 103000, .months_den = 10000,
		              .unit_price = pick->unit_price },
		.dates = dates,
		.from = from,
		.to = to,
		.pick = pick,
		.rules_name = "built-in data/rules.csv",
	};
	if (dates) {            /* the team's months are its dates' */
		struct cal_months cm;
		if (!cal_months(from, to, &cm))
			abort();
		opt.defaults.months = cm.num;
		opt.defaults.months_den = cm.den;
	}
	/* The fast paths, the record reader's plain paths, and the writer's and members reader's. */
	static const char *const names[4] = { "fast paths", "libcsv", "plain writer", "plain reader" };
	struct capture out[4], rep[4];
	size_t first_len[4];
	for (int k = 0; k < 4; k++) {
		opt.libcsv_only = k == 1;
		opt.plain_writer = k == 2;
		opt.plain_reader = k == 3;
		run(data + 1, size - 1, opt, 2, &out[k], &rep[k], &first_len[k]);
	}
	opt.plain_writer = opt.plain_reader = false;
	for (int k = 1; k < 4; k++) {
		if (same(out[0].text, out[0].len, out[k].text, out[k].len) &&
		    same(rep[0].text, rep[0].len, rep[k].text, rep[k].len))
			continue;
		fprintf(stderr, "the %s and the %s differ\n", names[0], names[k]);
		show(names[0], out[0].text, out[0].len);
		show("its reports", rep[0].text, rep[0].len);
		show(names[k], out[k].text, out[k].len);
		show("its reports", rep[k].text, rep[k].len);
		abort();
	}
	if (opt.format == OUT_CSV && opt.fields == NULL)
		check_rerun(out[0].text, first_len[0], &rep[0], opt);
	for (int k = 0; k < 4; k++) {
		free(out[k].text);
		free(rep[k].text);
	}
	return 0;
}
