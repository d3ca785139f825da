/*
 * csvparse.c - the baseline: a bare libcsv parse of a file that only counts
 * fields and records.  kai-cost's batch time is measured against it.
 * Usage: csvparse FILE
 */
#include <csv.h>
#include <stdio.h>

static unsigned long fields, records;

static void on_field(void *s, size_t len, void *data) { (void)s, (void)len, (void)data; fields++; }
static void on_record(int c, void *data) { (void)c, (void)data; records++; }

int
main(int argc, char **argv)
{
	static char buf[65536];
	struct csv_parser p;
	FILE *fp = argc > 1 ? fopen(argv[1], "rb") : NULL;
	size_t n;

	if (fp == NULL || csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return 1;
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		if (csv_parse(&p, buf, n, on_field, on_record, NULL) != n)
			return 1;
	csv_fini(&p, on_field, on_record, NULL);
	csv_free(&p);
	fclose(fp);
	printf("%lu records, %lu fields\n", records, fields);
	return 0;
}
