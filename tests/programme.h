/*
 * programme.h - the programme's rates as the tests expect them (SPEC §2),
 * written out here independently of data/rules.csv; test_ruleset checks
 * that the built-in table says the same.
 */
#ifndef KAI_TEST_PROGRAMME_H
#define KAI_TEST_PROGRAMME_H

#include <stdbool.h>
#include <stdio.h>

#include "rules.h"
#include "ruleset.h"

static const struct rules_rates programme_rates = {
	.self_ppm = {
		/* large, mid, sme; university, institute, nonprofit (SPEC §9: no required share) */
		[RULES_COMMERCIAL] = { 100000, 60000, 50000, 0, 0, 0 },
		[RULES_RESEARCH]   = { 250000, 150000, 125000, 0, 0, 0 },
		[RULES_CLOSED]     = { 500000, 300000, 250000, 0, 0, 0 },
	},
	.cash_ppm = { 150000, 130000, 100000, 0, 0, 0 },
};

#define PROGRAMME_UNIT_PRICE 6600000u

/*
 * The built-in rules table's values in force on 2026-01-01: the programme's
 * dates and caps for the tests that need them.  Read once and kept for the
 * process; NULL, after saying why on stderr, when the table cannot be read.
 */
static inline const struct rs_pick *
programme_pick(void)
{
	static struct ruleset rules;
	static struct rs_pick pick;
	static bool ready;
	char msg[512];
	unsigned long line;

	if (!ready) {
		if (!ruleset_parse(&rules, ruleset_builtin, ruleset_builtin_len, msg, sizeof msg, &line) ||
		    !ruleset_pick(&rules, (struct cal_date){ 2026, 1, 1 }, &pick, msg, sizeof msg)) {
			fprintf(stderr, "the built-in rules: %s\n", msg);
			return NULL;
		}
		ready = true;
	}
	return &pick;
}

#endif
