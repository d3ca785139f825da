/*
 * test_sheet.c - the records a report keeps: cells as the csv writer would
 * have written them, each record's figures and derivation, the bars and
 * their names, and the limit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "check.h"
#include "programme.h"
#include "output.h"
#include "sheet.h"

/* A writer that fills S with the columns COLS (names from the column table). */
static struct out_writer *
writer_for(struct sheet *s, const enum out_col *cols, size_t n, const char **names)
{
	static struct out_writer w;
	for (size_t i = 0; i < n; i++)
		names[i] = out_col_name(cols[i]);
	w = (struct out_writer){ .fp = NULL, .format = OUT_XLSX, .sheet = s, .names = names, .ncols = n };
	return &w;
}

/* One computed record of TYPE and LICENSE with GPUS, 10.3 months, through W. */
static void
write_one(struct out_writer *w, const enum out_col *cols, size_t n, enum rules_type type,
          enum rules_license license, uint64_t gpus, const char *passed, struct out_derivation derive)
{
	struct rules_scenario sc = { .type = type, .license = license, .gpus = gpus, .months = 103000,
	                             .months_den = 10000, .unit_price = PROGRAMME_UNIT_PRICE };
	struct rules_result res;
	assert_int_equal(rules_compute(&programme_rates, &sc, &res), RULES_OK);
	struct out_record rec = { .sc = &sc, .res = &res, .derive = derive };
	out_row_begin(w);
	if (passed != NULL)
		out_text(w, passed, strlen(passed));
	out_cols(w, cols + (passed != NULL), n - (passed != NULL), &rec);
	out_row_end(w);
}

static void
test_cells_and_figures(void **state)
{
	(void)state;
	struct sheet *s = sheet_new(SHEET_BATCH, NULL, "kai-cost x.csv -f xlsx");
	assert_non_null(s);
	/* A column passed through first (its name is the input's), then computed ones. */
	enum out_col cols[] = { OUT_NAME, OUT_SIZE, OUT_GPUS, OUT_MONTHS, OUT_GOV, OUT_SELF_RATE };
	const char *names[6];
	struct out_writer *w = writer_for(s, cols, 6, names);
	names[0] = "consortium";
	write_one(w, cols, 6, RULES_SME, RULES_RESEARCH, 256, "한빛, \"AI\"", (struct out_derivation){ 0 });
	write_one(w, cols, 6, RULES_LARGE, RULES_CLOSED, 128, "", (struct out_derivation){ .kind = OUT_FIXED });
	out_flush(w);

	assert_false(s->nomem);
	assert_false(s->full);
	CHECK_INT(0, s->ncols, 6);
	CHECK_INT(0, s->nrows, 2);
	CHECK_STR(0, s->names[0], "consortium");
	CHECK_STR(0, s->names[4], "gov_subsidy_krw");
	CHECK_INT(0, s->col[0], -1);             /* passed through */
	CHECK_INT(0, s->col[4], OUT_GOV);
	CHECK_INT(0, sheet_find(s, OUT_SELF_RATE), 5);
	CHECK_INT(0, sheet_find(s, OUT_TOTAL), -1);

	const struct out_cell *c = sheet_cell(s, 0, 0);
	assert_false(c->number);
	CHECK_STR(0, c->text, "한빛, \"AI\"");   /* as given: no csv quoting in a sheet */
	c = sheet_cell(s, 0, 1);
	CHECK_STR(0, c->text, "sme");
	c = sheet_cell(s, 0, 3);
	assert_true(c->number);
	CHECK_INT(0, c->value, 103000);
	CHECK_INT(0, c->places, 4);
	c = sheet_cell(s, 0, 4);
	CHECK_INT(0, c->value, 17402880000);     /* 256 x 6,600,000 x 10.3 */
	CHECK_INT(0, c->places, 0);
	c = sheet_cell(s, 0, 5);
	CHECK_INT(0, c->value, 125000);          /* 12.5% with 4 places */

	assert_true(s->rows[0].figures);
	CHECK_INT(0, s->rows[0].res.private_share, 2486125715);
	CHECK_INT(0, s->rows[0].sc.gpus, 256);
	assert_false(s->rows[0].planned);
	CHECK_INT(0, s->rows[0].derive.kind, OUT_OWN);
	CHECK_INT(1, s->rows[1].derive.kind, OUT_FIXED);
	CHECK_INT(1, s->rows[1].res.gov, 8701440000);

	char label[64];
	assert_true(sheet_bar(s, 0));
	CHECK_STR(0, sheet_label(s, 0, label, sizeof label), "한빛, \"AI\"");
	CHECK_STR(1, sheet_label(s, 1, label, sizeof label), "#2");   /* an empty first column */
	sheet_free(s);
}

static void
test_labels_and_bars(void **state)
{
	(void)state;
	enum out_col cols[] = { OUT_STAGE, OUT_SIZE, OUT_GOV };
	const char *names[3];
	struct rules_scenario sc = { .type = RULES_MID, .license = RULES_COMMERCIAL, .gpus = 1, .months = 1,
	                             .months_den = 1, .unit_price = 1 };
	struct rules_result res = { 0 };
	static const struct {
		enum sheet_kind kind;
		const char *stage;
		enum out_derive derive;
		bool bar;
		const char *label;
	} rows[] = {
		{ SHEET_STAGES, "1", OUT_OWN, true, "1단계" },
		{ SHEET_STAGES, "2", OUT_REST, true, "2단계" },
		{ SHEET_STAGES, "total", OUT_OWN, false, "합계" },
		{ SHEET_COMPARE, "", OUT_OWN, true, "중견기업 상업용" },
		{ SHEET_ONE, "", OUT_OWN, true, "중견기업 상업용" },
		{ SHEET_MEMBERS, "total", OUT_OWN, true, "중견기업 상업용" },   /* no name column */
		{ SHEET_MEMBERS, "1", OUT_OWN, false, "중견기업 상업용" },
		{ SHEET_MEMBERS, "total", OUT_SUM, false, "중견기업 상업용" },  /* a team's total */
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct sheet *s = sheet_new(rows[i].kind, NULL, NULL);
		struct out_writer *w = writer_for(s, cols, 3, names);
		struct out_record rec = { .sc = &sc, .res = &res, .derive = { .kind = rows[i].derive } };
		rec.text[OUT_STAGE] = rows[i].stage;
		out_row_begin(w);
		out_cols(w, cols, 3, &rec);
		out_row_end(w);
		char label[64];
		CHECK_INT(i, sheet_bar(s, 0), rows[i].bar);
		CHECK_STR(i, sheet_label(s, 0, label, sizeof label), rows[i].label);
		sheet_free(s);
	}
}

static void
test_members_label(void **state)
{
	(void)state;
	enum out_col cols[] = { OUT_TEAM, OUT_NAME, OUT_GOV };
	const char *names[3];
	struct rules_scenario sc = { .type = RULES_SME, .license = RULES_COMMERCIAL, .gpus = 1, .months = 1,
	                             .months_den = 1, .unit_price = 1 };
	struct rules_result res = { 0 };
	static const char *const teams[][2] = { { "가온", "가온 AI" }, { "가온", "다온" }, { "누리", "누리중공업" } };
	struct sheet *s = sheet_new(SHEET_MEMBERS, NULL, NULL);
	struct out_writer *w = writer_for(s, cols, 3, names);
	for (size_t i = 0; i < 3; i++) {
		struct out_record rec = { .sc = &sc, .res = &res };
		rec.text[OUT_TEAM] = teams[i][0];
		rec.text[OUT_NAME] = teams[i][1];
		out_row_begin(w);
		out_cols(w, cols, 3, &rec);
		out_row_end(w);
	}
	char label[64];
	/* Two teams in the sheet: each member is named with its team. */
	CHECK_STR(0, sheet_label(s, 0, label, sizeof label), "가온 · 가온 AI");
	CHECK_STR(2, sheet_label(s, 2, label, sizeof label), "누리 · 누리중공업");
	/* A label longer than its buffer is cut, never overrun. */
	CHECK_STR(3, sheet_label(s, 0, label, 8), "가온 ");
	CHECK_STR(3, sheet_label(s, 0, label, 6), "가");     /* not half of 온 */
	sheet_free(s);

	s = sheet_new(SHEET_MEMBERS, NULL, NULL);
	w = writer_for(s, cols, 3, names);
	struct out_record rec = { .sc = &sc, .res = &res };
	rec.text[OUT_TEAM] = "가온";
	rec.text[OUT_NAME] = "다온";
	out_row_begin(w);
	out_cols(w, cols, 3, &rec);
	out_row_end(w);
	CHECK_STR(4, sheet_label(s, 0, label, sizeof label), "다온");   /* one team: the name alone */
	sheet_free(s);
}

/* Past SHEET_ROWS_MAX records the sheet says it is full and keeps no more. */
static void
test_full(void **state)
{
	(void)state;
	enum out_col cols[] = { OUT_GPUS };
	const char *names[1];
	struct sheet *s = sheet_new(SHEET_BATCH, NULL, NULL);
	struct out_writer *w = writer_for(s, cols, 1, names);
	for (unsigned i = 0; i < SHEET_ROWS_MAX; i++) {
		out_row_begin(w);
		out_number(w, i, 0);
		out_row_end(w);
	}
	assert_false(s->full);
	CHECK_INT(0, s->nrows, SHEET_ROWS_MAX);
	CHECK_INT(0, sheet_cell(s, SHEET_ROWS_MAX - 1, 0)->value, SHEET_ROWS_MAX - 1);
	out_row_begin(w);
	out_number(w, 7, 0);
	out_row_end(w);
	assert_true(s->full);
	CHECK_INT(1, s->nrows, SHEET_ROWS_MAX);
	sheet_free(s);
}

/* Extra cells in a record are not kept past the header's columns; missing ones are empty text. */
static void
test_ragged(void **state)
{
	(void)state;
	enum out_col cols[] = { OUT_GPUS, OUT_MONTHS };
	const char *names[2];
	struct sheet *s = sheet_new(SHEET_BATCH, NULL, NULL);
	struct out_writer *w = writer_for(s, cols, 2, names);
	out_row_begin(w);
	out_text(w, "a", 1);
	out_text(w, "b", 1);
	out_text(w, "c", 1);
	out_row_end(w);
	out_row_begin(w);
	out_text(w, "d", 1);
	out_row_end(w);
	CHECK_INT(0, s->nrows, 2);
	CHECK_STR(0, sheet_cell(s, 0, 1)->text, "b");
	CHECK_STR(1, sheet_cell(s, 1, 0)->text, "d");
	CHECK_STR(1, sheet_cell(s, 1, 1)->text, "");
	sheet_free(s);
}

/* Before any record the columns are the writer's: a header-only sheet still knows them. */
static void
test_header_only(void **state)
{
	(void)state;
	static const char *const names[] = { "name", "gov_subsidy_krw", "memo" };
	static const int ids[] = { -1, OUT_GOV, -1 };    /* a batch file's own name column */
	struct sheet *s = sheet_new(SHEET_BATCH, NULL, NULL);
	struct out_writer w = { .format = OUT_MD, .sheet = s, .names = names, .ids = ids, .ncols = 3 };
	out_begin(&w);
	CHECK_INT(0, s->nrows, 0);
	CHECK_INT(0, s->col[0], -1);
	CHECK_INT(1, s->col[1], OUT_GOV);
	CHECK_INT(2, s->col[2], -1);
	sheet_free(s);
	/* Without ids every column is passed through. */
	s = sheet_new(SHEET_BATCH, NULL, NULL);
	w = (struct out_writer){ .format = OUT_MD, .sheet = s, .names = names, .ncols = 3 };
	out_begin(&w);
	CHECK_INT(3, s->col[1], -1);
	sheet_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cells_and_figures),
		cmocka_unit_test(test_labels_and_bars),
		cmocka_unit_test(test_members_label),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_ragged),
		cmocka_unit_test(test_header_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
