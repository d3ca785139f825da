/*
 * fuzz_batch.c - libFuzzer harness over the batch reader.  The first byte
 * chooses the options (encoding, format, --strict, --excel, --fields, read
 * size); the rest is the CSV.  Each input is read twice, once with plain
 * lines split by the reader and once with every line through libcsv, and
 * the two runs must write the same output and the same reports.  Run by
 * `make fuzz`; inputs that once failed are kept in tests/fuzz/regressions/
 * and replayed by `make check`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "../programme.h"

struct capture {
	char *text;
	size_t len;
	FILE *fp;
};

static void
collect(void *ctx, const char *file, unsigned long line, const char *msg)
{
	fprintf(((struct capture *)ctx)->fp, "%s:%lu: %s\n", file ? file : "", line, msg);
}

/* Runs the reader over DATA as two files and captures its output and reports. */
static void
run(const uint8_t *data, size_t size, struct batch_options opt, struct capture *out,
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
	/* Twice through one reader: the second file exercises the header check. */
	if (batch_file(b, in, "fuzz") < BATCH_STOP) {
		rewind(in);
		fprintf(rep->fp, "status %d\n", batch_file(b, in, "fuzz"));
	}
	batch_free(b);
	fclose(in);
	fclose(out->fp);
	fclose(rep->fp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t chunks[] = { 0, 1, 2, 3, 7, 64 };
	static const char *const fields[] = { NULL, "name,total_cost_krw", "size,size", "x" };

	if (size == 0)
		return 0;
	uint8_t sel = data[0];
	struct batch_options opt = {
		.format = (enum out_format)(sel & 3),
		.encoding = (sel & 4) ? CSVR_CP949 : CSVR_UTF8,
		.strict = (sel & 8) != 0,
		.excel = (sel & 16) != 0,
		.fields = fields[(sel >> 5) & 3],
		.chunk = chunks[(sel >> 5) % 6],
		.defaults = { .unit_price = PROGRAMME_UNIT_PRICE },
		.rates = &programme_rates,
	};
	struct capture out[2], rep[2];
	for (int k = 0; k < 2; k++) {
		opt.libcsv_only = k == 1;
		run(data + 1, size - 1, opt, &out[k], &rep[k]);
	}
	if (out[0].len != out[1].len || memcmp(out[0].text, out[1].text, out[0].len) != 0 ||
	    rep[0].len != rep[1].len || memcmp(rep[0].text, rep[1].text, rep[0].len) != 0) {
		fprintf(stderr, "the two paths differ\n--- split\n%s%s--- libcsv\n%s%s",
		        out[0].text, rep[0].text, out[1].text, rep[1].text);
		abort();
	}
	for (int k = 0; k < 2; k++) {
		free(out[k].text);
		free(rep[k].text);
	}
	return 0;
}
