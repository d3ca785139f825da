/*
 * harness.h - what the fuzz harnesses over the batch and members readers
 * share: capturing a run's output and reports in memory, the rules they
 * run with, and comparing and showing what they captured.
 */
#ifndef KAI_FUZZ_HARNESS_H
#define KAI_FUZZ_HARNESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../programme.h"
#include "batch.h"
#include "csvread.h"
#include "field.h"

/* Text written to an open_memstream() FILE. */
struct capture {
	char *text;
	size_t len;
	FILE *fp;
};

/* A reader's report callback: one line into the capture CTX. */
static inline void
collect(void *ctx, const char *file, unsigned long line, const char *msg)
{
	fprintf(((struct capture *)ctx)->fp, "%s:%lu: %s\n", file ? file : "", line, msg);
}

/* The rules in force on 2026-01-01: the harness cannot run without them. */
static inline const struct rs_pick *
rules_pick(void)
{
	const struct rs_pick *pick = programme_pick();
	if (pick == NULL)
		abort();
	return pick;
}

/*
 * The batch options the first byte SEL of an input picks: format (csv,
 * tsv, json or table), encoding, --strict, --excel and --fields.
 */
static inline struct batch_options
batch_options_of(uint8_t sel, const struct rs_pick *pick)
{
	static const char *const fields[] = { NULL, "name,total_cost_krw", "size,size", "x" };
	return (struct batch_options){
		.format = (enum out_format)(sel & 3),
		.encoding = (sel & 4) ? CSVR_CP949 : CSVR_UTF8,
		.strict = (sel & 8) != 0,
		.excel = (sel & 16) != 0,
		.fields = fields[(sel >> 5) & 3],
		.defaults = { .basis = RULES_BASIS_TOTAL, .unit_price = pick->unit_price },
		.rates = &pick->rates,
		.pick = pick,
	};
}

static inline bool
same(const char *a, size_t alen, const char *b, size_t blen)
{
	return alen == blen && memcmp(a, b, alen) == 0;
}

/* Shows the LEN bytes at TEXT on stderr under WHAT, when a check fails. */
static inline void
show(const char *what, const char *text, size_t len)
{
	fprintf(stderr, "--- %s (%zu bytes)\n", what, len);
	fwrite(text, 1, len, stderr);
}

/*
 * The reader's UTF-8 check, blocks of sixteen bytes first, against
 * field_utf8_length() a character at a time, on the LEN bytes at S and on
 * each of its suffixes of the first sixteen (so that every byte starts a
 * block once).
 */
static inline void
check_utf8(const uint8_t *s, size_t len)
{
	for (size_t from = 0; from < 16 && from <= len; from++) {
		const char *p = (const char *)s + from;
		size_t n = len - from, i = 0, k;
		while (i < n && (k = field_utf8_length(p + i, n - i)) > 0)
			i += k;
		if (csvr_utf8_valid(p, n) != (i == n)) {
			fprintf(stderr, "csvr_utf8_valid() says %d from byte %zu; a character at a time, %d\n",
			        csvr_utf8_valid(p, n), from, i == n);
			abort();
		}
	}
}

#endif
