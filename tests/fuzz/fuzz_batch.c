/*
 * fuzz_batch.c - libFuzzer harness over the batch reader.  The first byte
 * chooses the options (encoding, format, --strict, --excel, --fields, read
 * size); the rest is the CSV.  Three properties are checked on every input:
 *
 *   - UTF-8: the reader's check, sixteen bytes at a time where it can,
 *     must agree with field_utf8_length() a character at a time on the
 *     whole input (check_utf8() in harness.h);
 *   - two paths: the input is read twice, once with lines split by the
 *     reader's fast paths (unquoted lines, and lines of whole quoted
 *     fields, which come out plain when no field holds a comma or quote)
 *     and once with every line through libcsv, whose records are never
 *     plain, and the two runs must write the same output and the same
 *     reports;
 *   - re-run: for csv output without --fields (with or without --excel),
 *     kai-cost's output read again by a fresh reader (UTF-8, the other
 *     options the same) must come out byte for byte the same.  Input
 *     columns pass through unchanged, the computed ones are recomputed in
 *     place, months beside from/to are checked against the dates and a
 *     stage column picks its stage again, so every record written must be
 *     accepted again and give the same amounts.
 *
 * The rules are the built-in table's, picked on 2026-01-01 as the unit
 * tests do, so that stage columns and warnings work as in kai-cost.
 * Run by `make fuzz`; inputs that once failed are kept in tests/fuzz/
 * regressions/ and replayed by `make check`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "csvread.h"
#include "field.h"
#include "output.h"
#include "ruleset.h"
#include "harness.h"

/* Runs the reader over DATA as FILES files (one reader) and captures its output and reports. */
static void
run(const void *data, size_t size, struct batch_options opt, int files, struct capture *out,
    struct capture *rep)
{
	out->fp = open_memstream(&out->text, &out->len);
	rep->fp = open_memstream(&rep->text, &rep->len);
	FILE *in = size > 0 ? fmemopen((void *)data, size, "rb") : fopen("/dev/null", "rb");
	if (out->fp == NULL || rep->fp == NULL || in == NULL)
		abort();
	opt.report = collect;
	opt.ctx = rep;
	struct batch *b = batch_new(&opt, out->fp);
	if (b == NULL)
		abort();
	/* More than once through one reader: the second file exercises the header check. */
	for (int i = 0; i < files; i++) {
		if (i > 0)
			rewind(in);
		enum batch_status st = batch_file(b, in, "fuzz");
		fprintf(rep->fp, "status %d\n", st);
		if (st >= BATCH_STOP)
			break;
	}
	batch_free(b);
	fclose(in);
	fclose(out->fp);
	fclose(rep->fp);
}

/*
 * The re-run property: OUT, what the reader wrote with OPT, read again as
 * UTF-8 (kai-cost writes nothing else) with the other options the same,
 * must be written again exactly.  Only the output is compared: the reports
 * may differ (a first run's bad records are not in its output).
 *
 * One difference is harmless: a file starting with two byte-order marks
 * keeps the second in its first column's name, where a mark counts no more
 * than a space, and without --excel (which writes a mark of its own) that
 * name starts the output.  Read again, it is the byte-order mark, and the
 * name the same without it; so the second run writes the output without
 * its first 3 bytes (regressions/rerun-double-bom).
 */
static void
check_rerun(const struct capture *out, const struct capture *rep, struct batch_options opt)
{
	struct capture again, again_rep;

	opt.encoding = CSVR_UTF8;
	opt.libcsv_only = false;
	run(out->text, out->len, opt, 1, &again, &again_rep);
	struct capture want = *out;
	if (!opt.excel && want.len >= 3 && memcmp(want.text, "\xEF\xBB\xBF", 3) == 0) {
		want.text += 3;
		want.len -= 3;
	}
	if (!same(want.text, want.len, again.text, again.len)) {
		fprintf(stderr, "kai-cost's own output, read again, comes out different\n");
		show("first run", out->text, out->len);
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

	if (size == 0)
		return 0;
	check_utf8(data + 1, size - 1);
	const struct rs_pick *pick = rules_pick();
	uint8_t sel = data[0];
	struct batch_options opt = batch_options_of(sel, pick);
	opt.chunk = chunks[(sel >> 5) % 6];
	struct capture out[2], rep[2];
	for (int k = 0; k < 2; k++) {
		opt.libcsv_only = k == 1;
		run(data + 1, size - 1, opt, 2, &out[k], &rep[k]);
	}
	if (!same(out[0].text, out[0].len, out[1].text, out[1].len) ||
	    !same(rep[0].text, rep[0].len, rep[1].text, rep[1].len)) {
		fprintf(stderr, "the two paths differ\n");
		show("split", out[0].text, out[0].len);
		show("split's reports", rep[0].text, rep[0].len);
		show("libcsv", out[1].text, out[1].len);
		show("libcsv's reports", rep[1].text, rep[1].len);
		abort();
	}
	if (opt.format == OUT_CSV && opt.fields == NULL)
		check_rerun(&out[0], &rep[0], opt);
	for (int k = 0; k < 2; k++) {
		free(out[k].text);
		free(rep[k].text);
	}
	return 0;
}
