/*
 * fuzz_tsv.c - libFuzzer harness over the batch reader reading TSV.  The
 * first byte chooses the options (encoding, output format, --strict,
 * --excel, --fields, read size); the rest is the TSV.  Five properties
 * are checked on every input:
 *
 *   - UTF-8: as in fuzz_batch.c, the reader's check against
 *     field_utf8_length() a character at a time;
 *   - two paths: whole lines split in one pass (tsv_quick) and by the
 *     general way (csvr_options.libcsv_only) must write the same output
 *     and the same reports;
 *   - read sizes: the input read whole (a line split where it lies) and in
 *     reads of a few bytes (lines gathered across reads) must write the
 *     same output and the same reports (for CP949, the same output);
 *   - re-run: for tsv output without --fields (with or without --excel),
 *     kai-cost's output read again as TSV (UTF-8, the other options the
 *     same) must come out byte for byte the same: the escapes it writes
 *     are the escapes it reads;
 *   - csv and tsv agree: without --excel and --fields, the input's tsv
 *     output read back as TSV and its csv output read back as CSV must
 *     write the same csv.
 *
 * The rules are the built-in table's, picked on 2026-01-01.  Run by
 * `make fuzz-tsv`; inputs that once failed are kept in tests/fuzz/
 * tsv-regressions/ and replayed, with tests/fuzz/tsv-seeds/, by `make check`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "csvread.h"
#include "output.h"
#include "ruleset.h"
#include "harness.h"

/* Runs the reader over DATA, read as INPUT, and captures its output and reports. */
static void
run(const void *data, size_t size, struct batch_options opt, enum csvr_format input,
    struct capture *out, struct capture *rep)
{
	out->fp = open_memstream(&out->text, &out->len);
	rep->fp = open_memstream(&rep->text, &rep->len);
	FILE *in = size > 0 ? fmemopen((void *)data, size, "rb") : fopen("/dev/null", "rb");
	if (out->fp == NULL || rep->fp == NULL || in == NULL)
		abort();
	opt.input = input;
	opt.report = collect;
	opt.ctx = rep;
	struct batch *b = batch_new(&opt, out->fp);
	if (b == NULL)
		abort();
	fprintf(rep->fp, "status %d\n", batch_file(b, in, "fuzz"));
	batch_free(b);
	fclose(in);
	fclose(out->fp);
	fclose(rep->fp);
}

static void
release(struct capture *c)
{
	free(c->text);
}

/* Aborts, showing both runs, unless A and B wrote the same (and, with REPORTS, reported the same). */
static void
expect_same(const char *why, const struct capture *a, const struct capture *arep,
            const struct capture *b, const struct capture *brep, bool reports)
{
	if (same(a->text, a->len, b->text, b->len) &&
	    (!reports || same(arep->text, arep->len, brep->text, brep->len)))
		return;
	fprintf(stderr, "%s\n", why);
	show("first", a->text, a->len);
	show("first's reports", arep->text, arep->len);
	show("second", b->text, b->len);
	show("second's reports", brep->text, brep->len);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t chunks[] = { 1, 2, 3, 5, 7, 64 };

	if (size == 0)
		return 0;
	check_utf8(data + 1, size - 1);
	const struct rs_pick *pick = rules_pick();
	uint8_t sel = data[0];
	struct batch_options opt = batch_options_of(sel, pick);
	const uint8_t *tsv = data + 1;
	size_t len = size - 1;

	/* Read sizes. */
	struct capture whole, whole_rep, bits, bits_rep;
	run(tsv, len, opt, CSVR_TSV, &whole, &whole_rep);
	struct batch_options small = opt;
	small.chunk = chunks[(sel >> 5) % 6];
	run(tsv, len, small, CSVR_TSV, &bits, &bits_rep);
	/*
	 * The reports too, but for CP949: the hint after an invalid CP949 byte
	 * ("the bytes look like UTF-8") is a guess from the bytes of the read
	 * that holds it (tsv-regressions/cp949-hint-read-size).
	 */
	expect_same("read whole and in small reads, the input comes out different",
	            &whole, &whole_rep, &bits, &bits_rep, opt.encoding == CSVR_UTF8);
	release(&bits);
	release(&bits_rep);

	/* Two paths: the quick split of whole lines and the general one agree. */
	struct batch_options plain = opt;
	plain.libcsv_only = true;
	run(tsv, len, plain, CSVR_TSV, &bits, &bits_rep);
	expect_same("the quick and the general split of TSV lines differ",
	            &whole, &whole_rep, &bits, &bits_rep, true);
	release(&bits);
	release(&bits_rep);

	/* Re-run: tsv output, read again as TSV, written again exactly. */
	struct batch_options again = opt;
	again.encoding = CSVR_UTF8;
	if (opt.format == OUT_TSV && opt.fields == NULL) {
		struct capture out2, rep2, want = whole;
		run(whole.text, whole.len, again, CSVR_TSV, &out2, &rep2);
		/* A second byte-order mark, kept in the first name, is read as the first (fuzz_batch.c). */
		if (!opt.excel && want.len >= 3 && memcmp(want.text, "\xEF\xBB\xBF", 3) == 0) {
			want.text += 3;
			want.len -= 3;
		}
		expect_same("kai-cost's own tsv output, read again, comes out different",
		            &want, &whole_rep, &out2, &rep2, false);
		release(&out2);
		release(&rep2);
	}

	/* csv and tsv agree: both outputs read back give the same csv. */
	if (!opt.excel && opt.fields == NULL) {
		struct batch_options as_tsv = opt, as_csv = opt, back = again;
		as_tsv.format = OUT_TSV;
		as_csv.format = OUT_CSV;
		back.format = OUT_CSV;
		struct capture t, trep, c, crep, t2, t2rep, c2, c2rep;
		run(tsv, len, as_tsv, CSVR_TSV, &t, &trep);
		run(tsv, len, as_csv, CSVR_TSV, &c, &crep);
		run(t.text, t.len, back, CSVR_TSV, &t2, &t2rep);
		run(c.text, c.len, back, CSVR_CSV, &c2, &c2rep);
		expect_same("the tsv output read as TSV and the csv output read as CSV differ",
		            &c2, &c2rep, &t2, &t2rep, false);
		struct capture *all[] = { &t, &trep, &c, &crep, &t2, &t2rep, &c2, &c2rep };
		for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
			release(all[i]);
	}
	release(&whole);
	release(&whole_rep);
	return 0;
}
