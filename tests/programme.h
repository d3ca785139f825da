/*
 * programme.h - the programme's rates as the tests expect them (SPEC §2),
 * written out here independently of data/rules.csv; test_ruleset checks
 * that the built-in table says the same.
 */
#ifndef KAI_TEST_PROGRAMME_H
#define KAI_TEST_PROGRAMME_H

#include "rules.h"

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

#endif
