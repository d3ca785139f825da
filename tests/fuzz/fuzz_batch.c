/*
 * fuzz_batch.c - libFuzzer harness over the batch reader.  The first byte
 * chooses the options (encoding, format, --strict, --excel, --fields, read
 * size); the rest is the CSV.  Run by `make fuzz`; every input that once
 * crashed is kept in tests/fuzz/regressions/ and replayed by `make check`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "batch.h"

static void
ignore(void *ctx, const char *file, unsigned long line, const char *msg)
{
	(void)ctx, (void)file, (void)line, (void)msg;
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
		.encoding = (sel & 4) ? BATCH_CP949 : BATCH_UTF8,
		.strict = (sel & 8) != 0,
		.excel = (sel & 16) != 0,
		.fields = fields[(sel >> 5) & 3],
		.chunk = chunks[(sel >> 5) % 6],
		.defaults = { .unit_price = RULES_UNIT_PRICE_DEFAULT },
		.rates = &rules_programme_rates,
		.report = ignore,
	};
	FILE *out = fopen("/dev/null", "w");
	FILE *in = size > 1 ? fmemopen((void *)(data + 1), size - 1, "rb") : fopen("/dev/null", "rb");
	if (out == NULL || in == NULL)
		abort();
	struct batch *b = batch_new(&opt, out);
	if (b == NULL)
		abort();
	/* Twice through one reader: the second file exercises the header check. */
	if (batch_file(b, in, "fuzz") < BATCH_STOP) {
		rewind(in);
		batch_file(b, in, "fuzz");
	}
	batch_free(b);
	fclose(in);
	fclose(out);
	return 0;
}
