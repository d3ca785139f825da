/*
 * fuzz_rules.c - libFuzzer harness over the rules-table reader, which reads
 * --rules files: any bytes must be refused cleanly or read into a table
 * whose values can be picked.  Run by `make fuzz-rules`; its seeds and any
 * input it once failed on are replayed by `make check`.
 */
#include <stdint.h>
#include <stdlib.h>

#include "ruleset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ruleset rs;
	struct rs_pick pick;
	char msg[512], warning[RS_WARNING_MAX];
	unsigned long line;

	if (!ruleset_parse(&rs, (const char *)data, size, msg, sizeof msg, &line))
		return 0;
	static const struct cal_date days[] = { { 1900, 1, 1 }, { 2025, 9, 1 }, { 2026, 4, 1 }, { 9999, 12, 31 } };
	for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
		if (!ruleset_pick(&rs, days[i], &pick, msg, sizeof msg))
			continue;
		struct rules_scenario sc = { .gpus = 300, .months = 12, .months_den = 1,
		                             .unit_price = pick.unit_price };
		unsigned kinds = ruleset_check(&pick, &sc, NULL, NULL);
		for (unsigned k = RS_WARN_GPUS; k <= RS_WARN_PERIOD; k <<= 1)
			if (kinds & k)
				ruleset_warning(warning, sizeof warning, k, &pick, &sc, NULL, NULL);
		struct rules_result res;
		for (int s = 0; s < RULES_COMPANY_COUNT; s++) {
			sc.type = (enum rules_type)s;
			if (rules_compute(&pick.rates, &sc, &res) != RULES_OK)
				abort();        /* a table the reader accepts must compute */
		}
	}
	ruleset_free(&rs);
	return 0;
}
