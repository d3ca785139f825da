/*
 * test_ruleset.c - the rules table: the built-in one says what SPEC §2 says,
 * every broken table is refused with its line, and values are picked by
 * their effective dates.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "check.h"
#include "programme.h"
#include "ruleset.h"

static struct cal_date
date(const char *s)
{
	struct cal_date d;
	assert_true(cal_parse(s, strlen(s), &d));
	return d;
}

static void
test_builtin(void **state)
{
	struct ruleset rs;
	struct rs_pick pick;
	char msg[256];
	unsigned long line;
	(void)state;

	if (!ruleset_parse(&rs, ruleset_builtin, ruleset_builtin_len, msg, sizeof msg, &line))
		fail_msg("built-in rules, line %lu: %s", line, msg);
	assert_int_equal(rs.n, 29);    /* 17 programme values and 12 for the non-profit types */
	assert_true(ruleset_pick(&rs, date("2026-01-01"), &pick, msg, sizeof msg));
	assert_memory_equal(pick.rates.self_ppm, programme_rates.self_ppm, sizeof programme_rates.self_ppm);
	assert_memory_equal(pick.rates.cash_ppm, programme_rates.cash_ppm, sizeof programme_rates.cash_ppm);
	/* and the divisors of the total basis made from them (rules_prepare()) */
	for (int l = 0; l < RULES_LICENSE_COUNT; l++)
		for (int t = 0; t < RULES_TYPE_COUNT; t++)
			assert_int_equal(pick.rates.rest[l][t].d, RULES_PPM - programme_rates.self_ppm[l][t]);
	assert_int_equal(pick.unit_price, PROGRAMME_UNIT_PRICE);
	assert_int_equal(pick.gpus_per_team, 256);
	char buf[11];
	assert_string_equal(cal_format(buf, pick.programme_start), "2025-11-01");
	assert_string_equal(cal_format(buf, pick.stage2_start), "2026-04-01");
	assert_string_equal(cal_format(buf, pick.programme_end), "2026-09-09");

	/* Provenance: the line and source of a value. */
	const struct rs_entry *e = ruleset_entry(&pick, RS_SELF_RATE, RULES_SME, RULES_RESEARCH);
	assert_int_equal(e->line, 7);
	assert_int_equal(e->value, 125000);
	assert_non_null(strstr(e->source, "research-only"));

	/* The non-profit types: no required share (SPEC §9), each with its own line. */
	for (int l = 0; l < RULES_LICENSE_COUNT; l++)
		for (int t = RULES_UNIVERSITY; t <= RULES_NONPROFIT; t++)
			assert_int_equal(pick.rates.self_ppm[l][t], 0);
	e = ruleset_entry(&pick, RS_SELF_RATE, RULES_UNIVERSITY, RULES_COMMERCIAL);
	assert_int_equal(e->line, 19);
	assert_non_null(strstr(e->source, "별표 1"));
	assert_int_equal(ruleset_entry(&pick, RS_CASH_RATE, RULES_NONPROFIT, -1)->line, 30);

	/* Before the briefing nothing is in force. */
	assert_false(ruleset_pick(&rs, date("2025-08-31"), &pick, msg, sizeof msg));
	assert_string_equal(msg, "no self_rate_pct for large/commercial in force on 2025-08-31; "
	                    "expected --as-of a date the rules cover");
	assert_true(ruleset_pick(&rs, date("2025-09-01"), &pick, msg, sizeof msg));
	ruleset_free(&rs);
}

/* The built-in table with line N replaced by REPLACEMENT (NULL: removed) and EXTRA appended. */
static char *
edited(int n, const char *replacement, const char *extra)
{
	size_t cap = ruleset_builtin_len + 1024;
	char *out = malloc(cap), *o = out;
	const char *p = ruleset_builtin;
	for (int line = 1; *p != '\0'; line++) {
		const char *nl = strchr(p, '\n');
		size_t len = (size_t)(nl - p) + 1;
		if (line != n) {
			memcpy(o, p, len);
			o += len;
		} else if (replacement != NULL) {
			o += sprintf(o, "%s\n", replacement);
		}
		p += len;
	}
	o += sprintf(o, "%s", extra ? extra : "");
	return out;
}

static void
test_broken(void **state)
{
	static const struct {
		int line;                   /* line of the built-in table to replace or drop */
		const char *replacement, *extra;
		unsigned long want_line;
		const char *want;
	} rows[] = {
		{ 0, NULL, "hourly_rate,,,1,2025-09-01,,x\n", 31,
		  "parameter 'hourly_rate': unknown; expected self_rate_pct, cash_rate_pct, unit_price_krw, "
		  "gpus_per_team, programme_start, stage2_start or programme_end" },
		{ 6, NULL, NULL, 0,
		  "no self_rate_pct for mid/research; expected one for each type and mode combination "
		  "and every other parameter" },
		{ 12, NULL, NULL, 0,
		  "no cash_rate_pct for mid; expected one for each type and mode combination and every "
		  "other parameter" },
		{ 14, NULL, NULL, 0,
		  "no unit_price_krw; expected one for each type and mode combination and every other "
		  "parameter" },
		{ 4, "self_rate_pct,sme,commercial,5x,2025-09-01,,x", NULL, 4,
		  "self_rate_pct value '5x': not a number; expected a percentage from 0 to under 100 "
		  "with at most 4 decimal places" },
		{ 4, "self_rate_pct,sme,commercial,100,2025-09-01,,x", NULL, 4,
		  "self_rate_pct value '100': too large; expected a percentage from 0 to under 100 "
		  "with at most 4 decimal places" },
		{ 4, "self_rate_pct,sme,commercial,5.12345,2025-09-01,,x", NULL, 4,
		  "self_rate_pct value '5.12345': too many decimal places; expected a percentage from 0 "
		  "to under 100 with at most 4 decimal places" },
		{ 12, "cash_rate_pct,mid,,100.01,2025-09-01,,x", NULL, 12,
		  "cash_rate_pct value '100.01': too large; expected a percentage from 0 to 100 with at "
		  "most 4 decimal places" },
		{ 14, "unit_price_krw,,,0,2025-09-01,,x", NULL, 14,
		  "unit_price_krw value '0': too small; expected whole won per GPU-month from 1 to "
		  "10,000,000,000" },
		{ 4, "self_rate_pct,tiny,commercial,5,2025-09-01,,x", NULL, 4,
		  "size 'tiny': unknown institution type; expected large, mid, sme, university, institute "
		  "or nonprofit (대기업, 중견기업, 중소기업, 대학, 연구기관, 비영리)" },
		{ 4, "self_rate_pct,sme,,5,2025-09-01,,x", NULL, 4,
		  "license '': missing value; expected commercial, research or closed (상업용, 연구용, 비공개)" },
		{ 12, "cash_rate_pct,mid,closed,13,2025-09-01,,x", NULL, 12,
		  "cash_rate_pct license 'closed': cash_rate_pct has no license; expected an empty cell" },
		{ 14, "unit_price_krw,sme,,6600000,2025-09-01,,x", NULL, 14,
		  "unit_price_krw size 'sme': unit_price_krw has no size; expected an empty cell" },
		{ 16, "programme_start,,,2025-11-31,2025-09-01,,x", NULL, 16,
		  "programme_start value '2025-11-31': not a date; expected a date YYYY-MM-DD" },
		{ 14, "unit_price_krw,,,6600000,2025/09/01,,x", NULL, 14,
		  "effective_from '2025/09/01': not a date; expected YYYY-MM-DD" },
		{ 14, "unit_price_krw,,,6600000,2025-09-01,2025-08-01,x", NULL, 14,
		  "effective_to '2025-08-01' is before effective_from '2025-09-01'; expected a later date" },
		{ 14, "unit_price_krw,,,6600000,2025-09-01,,", NULL, 14,
		  "source '': missing; expected where unit_price_krw comes from" },
		{ 0, NULL, "unit_price_krw,,,7000000,2026-04-01,,revised\n", 31,
		  "unit_price_krw overlaps line 14: both are in force on some days; expected effective "
		  "dates that do not overlap" },
		{ 0, NULL, "self_rate_pct,sme,closed,20,2024-01-01,2025-09-01,old\n", 31,
		  "self_rate_pct for sme/closed overlaps line 10: both are in force on some days; "
		  "expected effective dates that do not overlap" },
		{ 0, NULL, "gpus_per_team,,,256\n", 31, "4 fields; expected 7 as in the header" },
		{ 0, NULL, "gpus_per_team,,,256,2027-01-01,,\"unterminated\n", 31,
		  "unterminated quoted field; expected a closing '\"'" },
		{ 1, "parameter,size,license,value,from,effective_to,source", NULL, 1,
		  "no 'effective_from' column; expected the columns parameter, size, license, value, "
		  "effective_from, effective_to and source" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char *text = edited(rows[i].line, rows[i].replacement, rows[i].extra);
		struct ruleset rs;
		char msg[512];
		unsigned long line = 99;
		CHECK_INT(i, ruleset_parse(&rs, text, strlen(text), msg, sizeof msg, &line), false);
		CHECK_INT(i, line, rows[i].want_line);
		CHECK_STR(i, msg, rows[i].want);
		CHECK_INT(i, rs.n, 0);
		free(text);
	}
	/* An empty table. */
	struct ruleset rs;
	char msg[256];
	unsigned long line;
	assert_false(ruleset_parse(&rs, "", 0, msg, sizeof msg, &line));
	assert_string_equal(msg, "empty; expected a header and one line for each value");
}

/* A revision from 2026-04-01: each side of the date gets its own value. */
static void
test_as_of(void **state)
{
	char *text = edited(14, "unit_price_krw,,,6600000,2025-09-01,2026-03-31,briefing",
	                    "unit_price_krw,,,7000000,2026-04-01,,revision\n"
	                    "self_rate_pct,sme,commercial,4,2026-04-01,,revision\n");
	/* the original sme/commercial line ends where the revision starts */
	char *fixed = text, *at = strstr(fixed, "self_rate_pct,sme,commercial,5,2025-09-01,,");
	assert_non_null(at);
	char *copy = malloc(strlen(fixed) + 16);
	sprintf(copy, "%.*sself_rate_pct,sme,commercial,5,2025-09-01,2026-03-31,%s", (int)(at - fixed),
	        fixed, at + strlen("self_rate_pct,sme,commercial,5,2025-09-01,,"));
	struct ruleset rs;
	struct rs_pick pick;
	char msg[256];
	unsigned long line;
	(void)state;

	if (!ruleset_parse(&rs, copy, strlen(copy), msg, sizeof msg, &line))
		fail_msg("line %lu: %s", line, msg);
	assert_true(ruleset_pick(&rs, date("2026-03-31"), &pick, msg, sizeof msg));
	assert_int_equal(pick.unit_price, 6600000);
	assert_int_equal(pick.rates.self_ppm[RULES_COMMERCIAL][RULES_SME], 50000);
	assert_int_equal(ruleset_entry(&pick, RS_UNIT_PRICE, -1, -1)->line, 14);
	assert_true(ruleset_pick(&rs, date("2026-04-01"), &pick, msg, sizeof msg));
	assert_int_equal(pick.unit_price, 7000000);
	assert_int_equal(pick.rates.self_ppm[RULES_COMMERCIAL][RULES_SME], 40000);
	assert_int_equal(pick.rates.self_ppm[RULES_COMMERCIAL][RULES_MID], 60000);   /* unchanged */
	assert_int_equal(ruleset_entry(&pick, RS_UNIT_PRICE, -1, -1)->line, 31);
	ruleset_free(&rs);
	free(copy);
	free(text);
}

static void
test_dates_in_order(void **state)
{
	char *text = edited(17, "stage2_start,,,2025-10-01,2025-09-01,,x", NULL);
	struct ruleset rs;
	struct rs_pick pick;
	char msg[256];
	unsigned long line;
	(void)state;
	assert_true(ruleset_parse(&rs, text, strlen(text), msg, sizeof msg, &line));
	assert_false(ruleset_pick(&rs, date("2026-01-01"), &pick, msg, sizeof msg));
	assert_string_equal(msg, "programme dates out of order on 2026-01-01: start 2025-11-01, "
	                    "stage 2 2025-10-01, end 2026-09-09; expected start < stage 2 <= end");
	ruleset_free(&rs);
	free(text);
}

static void
test_warnings(void **state)
{
	struct ruleset rs;
	struct rs_pick pick;
	char msg[256], w[RS_WARNING_MAX];
	unsigned long line;
	(void)state;
	assert_true(ruleset_parse(&rs, ruleset_builtin, ruleset_builtin_len, msg, sizeof msg, &line));
	assert_true(ruleset_pick(&rs, date("2026-01-01"), &pick, msg, sizeof msg));
	assert_int_equal(pick.programme_months.num, 103);
	assert_int_equal(pick.programme_months.den, 10);

	struct rules_scenario sc = { .gpus = 256, .months = 103000, .months_den = 10000 };
	assert_int_equal(ruleset_check(&pick, &sc, NULL, NULL), 0);        /* exactly the programme */
	sc.months = 103001;
	assert_int_equal(ruleset_check(&pick, &sc, NULL, NULL), RS_WARN_PERIOD);
	ruleset_warning(w, sizeof w, RS_WARN_PERIOD, &pick, &sc, NULL, NULL);
	assert_string_equal(w, "warning: 10.3001 months is longer than the programme, 10.3 "
	                    "months from 2025-11-01 to 2026-09-09");
	sc.gpus = 257;
	sc.months = 10;
	assert_int_equal(ruleset_check(&pick, &sc, NULL, NULL), RS_WARN_GPUS);
	ruleset_warning(w, sizeof w, RS_WARN_GPUS, &pick, &sc, NULL, NULL);
	assert_string_equal(w, "warning: 257 GPUs is more than the 256 each selected team receives");

	struct cal_date from = date("2025-11-01"), to = date("2026-09-09"), early = date("2025-10-31"),
	                late = date("2026-09-10");
	sc.gpus = 0;
	assert_int_equal(ruleset_check(&pick, &sc, &from, &to), 0);
	assert_int_equal(ruleset_check(&pick, &sc, &early, &to), RS_WARN_PERIOD);
	ruleset_warning(w, sizeof w, RS_WARN_PERIOD, &pick, &sc, &early, &to);
	assert_string_equal(w, "warning: the period 2025-10-31 to 2026-09-09 is not inside the "
	                    "programme's, 2025-11-01 to 2026-09-09");
	sc.gpus = 300;
	assert_int_equal(ruleset_check(&pick, &sc, &from, &late), RS_WARN_GPUS | RS_WARN_PERIOD);
	ruleset_free(&rs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin),
		cmocka_unit_test(test_broken),
		cmocka_unit_test(test_as_of),
		cmocka_unit_test(test_dates_in_order),
		cmocka_unit_test(test_warnings),
	};
	return cmocka_run_group_tests_name("ruleset", tests, NULL, NULL);
}
