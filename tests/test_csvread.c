/*
 * test_csvread.c - the record reader: formats picked by name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "check.h"
#include "csvread.h"

/* A format given is kept; AUTO goes by the name's extension. */
static void
test_format_of(void **state)
{
	(void)state;
	static const struct {
		enum csvr_format given;
		const char *name;
		enum csvr_format want;
	} rows[] = {
		{ CSVR_AUTO, "a.tsv", CSVR_TSV },
		{ CSVR_AUTO, "결과.TSV", CSVR_TSV },
		{ CSVR_AUTO, "a.csv", CSVR_CSV },
		{ CSVR_AUTO, "tsv", CSVR_CSV },          /* no extension */
		{ CSVR_AUTO, ".tsv.csv", CSVR_CSV },
		{ CSVR_AUTO, "<stdin>", CSVR_CSV },
		{ CSVR_AUTO, NULL, CSVR_CSV },
		{ CSVR_CSV, "a.tsv", CSVR_CSV },         /* --input-format wins */
		{ CSVR_TSV, "a.csv", CSVR_TSV },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		CHECK_INT(i, csvr_format_of(rows[i].given, rows[i].name), rows[i].want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_of),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
