/*
 * test_output.c - output columns and the machine-format writers.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>

#include "check.h"
#include "programme.h"
#include "num.h"
#include "field.h"
#include "output.h"
#include "table.h"

/* Captures what a writer prints. */
struct capture {
	char *text;
	size_t len;
	FILE *fp;
};

static void
capture_open(struct capture *c)
{
	c->fp = open_memstream(&c->text, &c->len);
	assert_non_null(c->fp);
}

static const char *
capture_close(struct capture *c)
{
	assert_int_equal(fclose(c->fp), 0);
	return c->text;
}

static void
test_columns(void **state)
{
	static const char *const want_names[OUT_COL_COUNT] = {
		"size", "license", "gpus", "months", "unit_price_krw", "gov_subsidy_krw",
		"self_rate_pct", "private_share_krw", "cash_rate_pct", "cash_min_krw",
		"in_kind_max_krw", "total_cost_krw", "team", "name", "role", "type", "foreign",
		"eligible", "problems", "stage", "from", "to",
		"budget_cash_krw", "budget_in_kind_krw", "cash_spare_krw", "spare_krw", "limited_by",
		"cash_short_krw", "private_short_krw", "plan_ok",
	};
	static const char *const want_text[OUT_COL_COUNT] = {
		"sme", "research", "256", "10.3", "6600000", "17402880000", "12.5",
		"2486125715", "10", "248612572", "2237513143", "19889005715",
		"T", "N", "lead", "sme", "no", "yes", "", "1", "2025-11-15", "2026-09-09",
		"300000000", "1200000000", "-2", "5", "total", "0", "7", "no",
	};
	struct rules_scenario sc = { .type = RULES_SME, .license = RULES_RESEARCH, .gpus = 256,
	                             .months = 103000, .months_den = 10000, .unit_price = 6600000 };
	struct rules_result r;
	char buf[NUM_BUF];
	(void)state;

	assert_int_equal(rules_compute(&programme_rates, &sc, &r), RULES_OK);
	struct out_record rec = { .sc = &sc, .res = &r };
	rec.text[OUT_TEAM] = "T", rec.text[OUT_NAME] = "N", rec.text[OUT_ROLE] = "lead";
	rec.text[OUT_TYPE] = "sme", rec.text[OUT_FOREIGN] = "no", rec.text[OUT_ELIGIBLE] = "yes";
	rec.text[OUT_STAGE] = "1";          /* OUT_PROBLEMS left NULL: written empty */
	rec.text[OUT_FROM] = "2025-11-15", rec.text[OUT_TO] = "2026-09-09";
	rec.text[OUT_LIMITED_BY] = "total", rec.text[OUT_PLAN_OK] = "no";
	struct out_plan plan = { .cash = 300000000, .in_kind = 1200000000, .cash_spare = -2, .spare = 5,
	                         .cash_short = 0, .private_short = 7 };
	rec.plan = &plan;
	for (int i = 0; i < OUT_COL_COUNT; i++) {
		enum out_col col;
		CHECK_STR(i, out_col_name((enum out_col)i), want_names[i]);
		CHECK_INT(i, out_col_from_name(want_names[i], strlen(want_names[i]), &col), true);
		CHECK_INT(i, col, i);
		struct out_cell c = out_value((enum out_col)i, &rec);
		CHECK_INT(i, c.number, (i >= OUT_GPUS && i <= OUT_TOTAL) ||
		                       (i >= OUT_BUDGET_CASH && i <= OUT_PRIVATE_SHORT && i != OUT_LIMITED_BY));
		CHECK_INT(i, c.number, out_col_def((enum out_col)i)->kind != OUT_KIND_TEXT);
		if (c.number)
			buf[0] = '-', num_fmt_fixed(buf + c.negative, c.value, c.places);
		else
			snprintf(buf, sizeof buf, "%.*s", (int)c.len, c.text);
		CHECK_STR(i, buf, want_text[i]);
	}
	enum out_col col;
	assert_false(out_col_from_name("SIZE", 4, &col));
	assert_false(out_col_from_name("size_", 5, &col));
	assert_false(out_col_from_name("siz", 3, &col));
	assert_null(out_col_def(OUT_COL_COUNT));
}

/*
 * --header=ko's names: one Korean name a column, all distinct from each
 * other and from every English name (as field_same_name() compares them),
 * without spaces, and each column found by either of its names.
 */
static void
test_korean_names(void **state)
{
	static const char *const want[OUT_COL_COUNT] = {
		"기업규모", "공개방식", "GPU수", "개월수", "단가", "정부지원금", "자부담율", "민간부담금",
		"현금비율", "현금최소", "현물최대", "총사업비", "팀", "기관명", "역할", "유형", "해외",
		"지원자격", "결격사유", "단계", "시작일", "종료일",
		"현금예산", "현물예산", "현금여유", "예산여유", "제약", "현금부족", "민간부담부족", "계획적정",
	};
	(void)state;
	for (int i = 0; i < OUT_COL_COUNT; i++) {
		enum out_col col = OUT_COL_COUNT, c = (enum out_col)i;
		const char *ko = out_col_korean(c), *en = out_col_name(c);
		CHECK_STR(i, ko, want[i]);
		CHECK_STR(i, out_col_def(c)->korean, want[i]);
		CHECK_STR(i, out_col_header(c, true), want[i]);
		CHECK_STR(i, out_col_header(c, false), en);
		CHECK_INT(i, strpbrk(ko, " \t_-") == NULL, true);
		/* Found by either name, as people type it; by the Korean one only when asked. */
		CHECK_INT(i, out_col_named(ko, strlen(ko), &col), true);
		CHECK_INT(i, col, i);
		col = OUT_COL_COUNT;
		CHECK_INT(i, out_col_named(en, strlen(en), &col), true);
		CHECK_INT(i, col, i);
		CHECK_INT(i, out_col_is(c, ko, strlen(ko), true), true);
		CHECK_INT(i, out_col_is(c, ko, strlen(ko), false), false);
		CHECK_INT(i, out_col_is(c, en, strlen(en), false), true);
		CHECK_INT(i, out_col_is(c, en, strlen(en), true), true);
		for (int j = 0; j < OUT_COL_COUNT; j++) {
			const char *kj = out_col_korean((enum out_col)j), *ej = out_col_name((enum out_col)j);
			CHECK_INT(i * 100 + j, field_same_name(ko, strlen(ko), ej, strlen(ej)), false);
			if (j != i) {
				CHECK_INT(i * 100 + j, field_same_name(ko, strlen(ko), kj, strlen(kj)), false);
				CHECK_INT(i * 100 + j, out_col_is((enum out_col)j, ko, strlen(ko), true), false);
			}
		}
	}
	enum out_col col = OUT_COL_COUNT;
	assert_true(out_col_named("GPU 수", strlen("GPU 수"), &col));
	assert_int_equal(col, OUT_GPUS);
	assert_true(out_col_named("Total-Cost KRW", strlen("Total-Cost KRW"), &col));
	assert_int_equal(col, OUT_TOTAL);
	assert_false(out_col_named("총사업", strlen("총사업"), &col));
	assert_false(out_col_named("", 0, &col));
	assert_false(out_col_is(OUT_COL_COUNT, "size", 4, true));
	assert_string_equal(out_col_korean(OUT_COL_COUNT), "?");
}

/* The one --fields parser: picks, in order, case and spaces ignored; and its refusals. */
static void
test_fields(void **state)
{
	static const char *const names[] = { "name", "Size", "total_cost_krw", "GPU수" };
	static const struct {
		const char *list;
		const char *want;           /* picked indexes, or the message */
	} rows[] = {
		{ "total_cost_krw", "2" },
		{ "TOTAL_COST_KRW, name", "2,0" },
		{ " size ,gpu수,NAME", "1,3,0" },
		{ "gpu수", "3" },
		{ "nope", "--fields 'nope': unknown column; expected any of name, Size, total_cost_krw, GPU수" },
		{ "name,,size", "--fields 'name,,size': empty column name; expected a comma-separated list of output columns" },
		{ "name, ", "--fields 'name, ': empty column name; expected a comma-separated list of output columns" },
		{ "", "--fields '': empty column name; expected a comma-separated list of output columns" },
		{ "size,SIZE", "--fields 'SIZE': column listed twice; expected each column at most once" },
		/* An output column by its name in the other language; a name given exactly comes first. */
		{ "총사업비,기업규모,gpus", "2,1,3" },
		{ "총 사업비", "2" },
		{ "size,기업규모", "--fields '기업규모': column listed twice; expected each column at most once" },
		{ "기관명", "0" },
		{ "정부지원금", "--fields '정부지원금': unknown column; expected any of name, Size, total_cost_krw, GPU수" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		size_t picked[4], n = 99;
		char msg[256], got[256] = "";
		if (out_fields(rows[i].list, names, 4, picked, &n, msg, sizeof msg)) {
			for (size_t k = 0, len = 0; k < n; k++)
				len += (size_t)snprintf(got + len, sizeof got - len, "%s%zu", k ? "," : "", picked[k]);
			CHECK_STR(i, got, rows[i].want);
		} else {
			CHECK_STR(i, msg, rows[i].want);
		}
		/* The syntax alone: only empty items are refused. */
		bool syntax_ok = out_fields(rows[i].list, NULL, 0, NULL, NULL, msg, sizeof msg);
		CHECK_INT(i, syntax_ok, strstr(rows[i].want, "empty column") == NULL);
	}
}

/* out_cols' fast path writes exactly what out_col writes, column by column, in every format. */
static void
test_out_cols(void **state)
{
	static const enum out_col cols[] = {
		OUT_TOTAL, OUT_SIZE, OUT_MONTHS, OUT_NAME, OUT_SELF_RATE, OUT_GPUS, OUT_LICENSE,
		OUT_CASH_RATE, OUT_UNIT_PRICE, OUT_GOV, OUT_PRIVATE, OUT_CASH_MIN, OUT_IN_KIND,
	};
	const char *names[sizeof cols / sizeof cols[0]];
	struct rules_scenario sc = { .type = RULES_MID, .license = RULES_CLOSED, .gpus = 128,
	                             .months = 59, .months_den = 6, .unit_price = 6600000 };
	struct rules_result r;
	(void)state;
	assert_int_equal(rules_compute(&programme_rates, &sc, &r), RULES_OK);
	struct out_record rec = { .sc = &sc, .res = &r };
	rec.text[OUT_NAME] = "a, \"b\"";
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
		names[i] = out_col_name(cols[i]);
	for (int f = OUT_CSV; f < OUT_FORMAT_COUNT; f++) {
		struct capture a, b;
		capture_open(&a);
		capture_open(&b);
		struct out_writer *wa = calloc(1, sizeof *wa), *wb = calloc(1, sizeof *wb);
		assert_non_null(wa);
		assert_non_null(wb);
		*wa = (struct out_writer){ .fp = a.fp, .format = (enum out_format)f, .names = names,
		                           .ncols = sizeof cols / sizeof cols[0] };
		*wb = *wa;
		wb->fp = b.fp;
		out_row_begin(wa);
		out_cols(wa, cols, sizeof cols / sizeof cols[0], &rec);
		out_row_end(wa);
		out_row_begin(wb);
		for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
			out_col(wb, cols[i], &rec);
		out_row_end(wb);
		out_flush(wa);
		out_flush(wb);
		const char *ta = capture_close(&a), *tb = capture_close(&b);
		CHECK_STR(f, ta, tb);
		if (f == OUT_CSV)
			CHECK_STR(f, strchr(ta, '\n') + 1,
			          "11867428572,mid,9.8333,\"a, \"\"b\"\"\",30,128,closed,13,6600000,"
			          "8307200000,3560228572,462829715,3097398857\n");
		free(a.text);
		free(b.text);
		free(wa);
		free(wb);
	}
}

static const char *const names3[] = { "name", "amount", "note" };

/* Writes the same two records in FORMAT and returns the text. */
static const char *
write_two(struct capture *c, enum out_format format, bool no_header, bool excel,
          const struct out_cell *row1, const struct out_cell *row2)
{
	capture_open(c);
	struct out_writer w = { .fp = c->fp, .format = format, .names = names3, .ncols = 3,
	                        .no_header = no_header, .excel = excel };
	out_row(&w, row1);
	out_row(&w, row2);
	out_flush(&w);
	return capture_close(c);
}

#define TEXT(s) OUT_TEXT(s, sizeof s - 1)

static void
test_writers(void **state)
{
	const struct out_cell plain[3] = { TEXT("카카오"), OUT_NUMBER(17402880000, 0), TEXT("") };
	const struct out_cell tricky[3] = {
		TEXT("a,b"), OUT_NUMBER(103000, 4), TEXT("say \"hi\"\nnext\tcol\\"),
	};
	const struct out_cell formula[3] = { TEXT("=SUM(A1)"), OUT_NUMBER(125000, 4), TEXT("+1,@x") };
	const struct {
		enum out_format format;
		bool no_header, excel;
		const struct out_cell *row2;
		const char *want;
	} rows[] = {
		{ OUT_CSV, false, false, tricky,
		  "name,amount,note\n카카오,17402880000,\n\"a,b\",10.3,\"say \"\"hi\"\"\nnext\tcol\\\"\n" },
		{ OUT_CSV, true, false, tricky,
		  "카카오,17402880000,\n\"a,b\",10.3,\"say \"\"hi\"\"\nnext\tcol\\\"\n" },
		{ OUT_TSV, false, false, tricky,
		  "name\tamount\tnote\n카카오\t17402880000\t\na,b\t10.3\tsay \"hi\"\\nnext\\tcol\\\\\n" },
		{ OUT_JSON, false, false, tricky,
		  "{\"name\":\"카카오\",\"amount\":17402880000,\"note\":\"\"}\n"
		  "{\"name\":\"a,b\",\"amount\":10.3,\"note\":\"say \\\"hi\\\"\\nnext\\tcol\\\\\"}\n" },
		/* --excel: BOM, CRLF, formula-like text neutralised, numbers untouched */
		{ OUT_CSV, false, true, formula,
		  "\xEF\xBB\xBFname,amount,note\r\n카카오,17402880000,\r\n'=SUM(A1),12.5,\"'+1,@x\"\r\n" },
		{ OUT_TSV, true, true, formula,
		  "\xEF\xBB\xBF카카오\t17402880000\t\r\n'=SUM(A1)\t12.5\t'+1,@x\r\n" },
		/* JSON is not for Excel: --excel leaves it alone */
		{ OUT_JSON, false, true, formula,
		  "{\"name\":\"카카오\",\"amount\":17402880000,\"note\":\"\"}\n"
		  "{\"name\":\"=SUM(A1)\",\"amount\":12.5,\"note\":\"+1,@x\"}\n" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct capture c;
		const char *got = write_two(&c, rows[i].format, rows[i].no_header, rows[i].excel,
		                            plain, rows[i].row2);
		CHECK_STR(i, got, rows[i].want);
		free(c.text);
	}
}

/* Writes CELL alone as one record of a one-column writer and returns the text. */
static const char *
write_one(struct capture *c, enum out_format format, bool excel, const char *cell)
{
	static const char *const one[] = { "k" };
	capture_open(c);
	struct out_writer *w = calloc(1, sizeof *w);
	assert_non_null(w);
	*w = (struct out_writer){ .fp = c->fp, .format = format, .names = one, .ncols = 1,
	                          .no_header = true, .excel = excel };
	struct out_cell cellv = OUT_TEXT(cell, strlen(cell));
	out_row(w, &cellv);
	out_flush(w);
	free(w);
	return capture_close(c);
}

/*
 * --excel guards formula-like text, not numbers: a cell Excel reads as a
 * plain number ([+-] digits with at most one point, optional exponent) is
 * written as it is, so Excel stores it as a number (issue 8, item 9).
 */
static void
test_excel_numbers(void **state)
{
	static const struct {
		const char *cell;
		const char *csv, *tsv;      /* the record, without the BOM */
	} rows[] = {
		/* numbers: never guarded */
		{ "-5", "-5\r\n", "-5\r\n" },
		{ "-1.5", "-1.5\r\n", "-1.5\r\n" },
		{ "+3", "+3\r\n", "+3\r\n" },
		{ "-1e5", "-1e5\r\n", "-1e5\r\n" },
		{ "-.5", "-.5\r\n", "-.5\r\n" },
		{ "-5.", "-5.\r\n", "-5.\r\n" },
		{ "+1.25E-3", "+1.25E-3\r\n", "+1.25E-3\r\n" },
		{ "-2e+10", "-2e+10\r\n", "-2e+10\r\n" },
		{ "-0", "-0\r\n", "-0\r\n" },
		{ "5.", "5.\r\n", "5.\r\n" },
		/* not numbers: guarded when they start like a formula */
		{ "-", "'-\r\n", "'-\r\n" },
		{ "+", "'+\r\n", "'+\r\n" },
		{ "--5", "'--5\r\n", "'--5\r\n" },
		{ "+-5", "'+-5\r\n", "'+-5\r\n" },
		{ "-5x", "'-5x\r\n", "'-5x\r\n" },
		{ "=1+1", "'=1+1\r\n", "'=1+1\r\n" },
		{ "=5", "'=5\r\n", "'=5\r\n" },
		{ "@x", "'@x\r\n", "'@x\r\n" },
		{ "@5", "'@5\r\n", "'@5\r\n" },
		{ "-1,000", "\"'-1,000\"\r\n", "'-1,000\r\n" },
		{ "- 5", "'- 5\r\n", "'- 5\r\n" },
		{ "-5 ", "'-5 \r\n", "'-5 \r\n" },
		{ "-1e", "'-1e\r\n", "'-1e\r\n" },
		{ "-1e+", "'-1e+\r\n", "'-1e+\r\n" },
		{ "-e5", "'-e5\r\n", "'-e5\r\n" },
		{ "-.", "'-.\r\n", "'-.\r\n" },
		{ "-1.2.3", "'-1.2.3\r\n", "'-1.2.3\r\n" },
		{ "-1e5.0", "'-1e5.0\r\n", "'-1e5.0\r\n" },
		{ "-5%", "'-5%\r\n", "'-5%\r\n" },
		{ "-$5", "'-$5\r\n", "'-$5\r\n" },
		{ "-0x10", "'-0x10\r\n", "'-0x10\r\n" },
		{ "\t5", "'\t5\r\n", "'\\t5\r\n" },
		{ "\r5", "\"'\r5\"\r\n", "'\\r5\r\n" },
		/* not formula-like: never guarded */
		{ "abc", "abc\r\n", "abc\r\n" },
		{ "5-", "5-\r\n", "5-\r\n" },
		{ "", "\r\n", "\r\n" },
	};
	/* Without --excel nothing is guarded. */
	static const struct {
		enum out_format format;
		const char *cell, *want;
	} bare[] = {
		{ OUT_CSV, "-5", "-5\n" },
		{ OUT_CSV, "=1+1", "=1+1\n" },
		{ OUT_CSV, "-1,000", "\"-1,000\"\n" },
		{ OUT_CSV, "@x", "@x\n" },
		{ OUT_TSV, "\t5", "\\t5\n" },
		{ OUT_TSV, "+", "+\n" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		for (int f = OUT_CSV; f <= OUT_TSV; f++) {
			char want[64];
			struct capture c;
			snprintf(want, sizeof want, "\xEF\xBB\xBF%s", f == OUT_CSV ? rows[i].csv : rows[i].tsv);
			CHECK_STR(i, write_one(&c, (enum out_format)f, true, rows[i].cell), want);
			free(c.text);
		}
	}
	for (size_t i = 0; i < sizeof bare / sizeof bare[0]; i++) {
		struct capture c;
		CHECK_STR(i, write_one(&c, bare[i].format, false, bare[i].cell), bare[i].want);
		free(c.text);
	}
}

/* The LEN bytes at GOT are WANT's WANTLEN bytes; else fails naming ROW and the first difference. */
static void
check_bytes(size_t row, const char *got, size_t len, const char *want, size_t wantlen)
{
	size_t k = 0;
	while (k < len && k < wantlen && got[k] == want[k])
		k++;
	if (len != wantlen || k != len)
		fail_msg("row %zu: %zu bytes, want %zu; first difference at byte %zu", row, len,
		         wantlen, k);
}

/* What a writer of FORMAT (EXCEL) wrote for NREC records, one of three ways: see write_way(). */
struct three_ways {
	struct capture c[3];
	struct out_writer *w[3];
};

/*
 * Opens three writers of FORMAT over the COUNT columns COLS: way 0 writes
 * each record with out_cols(), way 1 with out_col() column by column, way
 * 2, the plain path, with out_row() of out_value()'s cells.
 */
static void
ways_open(struct three_ways *t, enum out_format format, bool excel, const char *const *names,
          size_t count)
{
	for (int k = 0; k < 3; k++) {
		capture_open(&t->c[k]);
		t->w[k] = calloc(1, sizeof *t->w[k]);
		assert_non_null(t->w[k]);
		*t->w[k] = (struct out_writer){ .fp = t->c[k].fp, .format = format, .names = names,
		                                .ncols = count, .excel = excel };
	}
}

static void
ways_write(struct three_ways *t, const enum out_col *cols, size_t count, const struct out_record *rec)
{
	struct out_cell cells[OUT_COL_COUNT + 8];
	assert_true(count <= sizeof cells / sizeof cells[0]);
	out_row_begin(t->w[0]);
	out_cols(t->w[0], cols, count, rec);
	out_row_end(t->w[0]);
	out_row_begin(t->w[1]);
	for (size_t i = 0; i < count; i++)
		out_col(t->w[1], cols[i], rec);
	out_row_end(t->w[1]);
	for (size_t i = 0; i < count; i++)
		cells[i] = out_value(cols[i], rec);
	out_row(t->w[2], cells);
}

/* Closes the writers; fails naming ROW unless all three wrote the same bytes. */
static void
ways_check(struct three_ways *t, size_t row)
{
	for (int k = 0; k < 3; k++) {
		out_flush(t->w[k]);
		capture_close(&t->c[k]);
		free(t->w[k]);
	}
	check_bytes(row * 10 + 0, t->c[0].text, t->c[0].len, t->c[2].text, t->c[2].len);
	check_bytes(row * 10 + 1, t->c[1].text, t->c[1].len, t->c[2].text, t->c[2].len);
	for (int k = 0; k < 3; k++)
		free(t->c[k].text);
}

/* 0, 9, 10, 99, 100, ... 10^19 - 1, 10^19, UINT64_MAX and their neighbours; returns how many. */
static size_t
edge_values(uint64_t *v)
{
	size_t n = 0;
	for (uint64_t p = 1; ; p *= 10) {
		v[n++] = p - 1;
		v[n++] = p;
		v[n++] = p + 1;
		if (p > UINT64_MAX / 10)
			break;
	}
	v[n++] = UINT64_MAX - 1;
	v[n++] = UINT64_MAX;
	return n;
}

/*
 * Numbers written by out_cols() and out_col(), which keep the text of the
 * recent values of unit price, rates and months, come out byte for byte
 * as the plain path writes them (out_row() of out_value()'s cells): in
 * every format, with and without --excel, for values around every power
 * of ten, the same value record after record, a few values in turn, and
 * more values than a column keeps, so that slots are taken over.
 */
static void
test_number_cache(void **state)
{
	static const enum out_col cols[] = {
		OUT_UNIT_PRICE, OUT_GPUS, OUT_MONTHS, OUT_SIZE, OUT_GOV, OUT_SELF_RATE, OUT_PRIVATE,
		OUT_CASH_RATE, OUT_CASH_MIN, OUT_IN_KIND, OUT_TOTAL, OUT_CASH_SPARE, OUT_NAME,
	};
	enum { NCOLS = sizeof cols / sizeof cols[0] };
	const char *names[NCOLS];
	uint64_t values[128];
	size_t nvalues = edge_values(values);
	uint64_t x = 0x9E3779B97F4A7C15ull;
	(void)state;
	while (nvalues < sizeof values / sizeof values[0]) {     /* and some at random */
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		values[nvalues++] = x >> (x % 64);
	}
	for (size_t i = 0; i < NCOLS; i++)
		names[i] = out_col_name(cols[i]);
	for (int f = OUT_CSV; f <= OUT_JSON; f++) {
		for (int excel = 0; excel < 2; excel++) {
			struct three_ways t;
			ways_open(&t, (enum out_format)f, excel, names, NCOLS);
			for (size_t r = 0; r < 6 * nvalues; r++) {
				/* Each value twice running, then three in turn, then any at random. */
				size_t pick[NCOLS];
				for (size_t i = 0; i < NCOLS; i++) {
					x ^= x << 13, x ^= x >> 7, x ^= x << 17;
					pick[i] = r < 2 * nvalues ? r / 2 : r < 4 * nvalues ? (r + i) % 3 : x % nvalues;
				}
				/* Every column reads its number from where out_value() finds it. */
				struct rules_scenario sc = { .type = RULES_SME, .license = RULES_CLOSED,
				                             .gpus = values[pick[1]], .months = values[pick[2]],
				                             .months_den = RULES_MONTHS_SCALE,
				                             .unit_price = values[pick[0]] };
				struct rules_result res = {
					.self_ppm = (uint32_t)values[pick[5]], .cash_ppm = (uint32_t)values[pick[7]],
					.gov = (int64_t)values[pick[4]], .private_share = (int64_t)values[pick[6]],
					.cash_min = (int64_t)values[pick[8]], .in_kind_max = (int64_t)values[pick[9]],
					.total = (int64_t)values[pick[10]],
				};
				struct out_plan plan = { .cash_spare = (int64_t)values[pick[11]] };
				struct out_record rec = { .sc = &sc, .res = &res, .plan = r % 2 ? &plan : NULL };
				rec.text[OUT_NAME] = r % 3 ? "-5" : "=x";
				ways_write(&t, cols, NCOLS, &rec);
			}
			ways_check(&t, (size_t)f * 2 + (size_t)excel);
		}
	}
}

/*
 * out_cols() writes what out_col() writes cell by cell, however a record's
 * cells are split into calls: runs of any length (none, one, many, more
 * than the buffer has room for at once), starting at the first cell or
 * after others, of numbers only (after a cell that nearly fills the
 * buffer) or mixing them with words, budgets and a
 * column past the table, and in JSON past the keys the writer keeps
 * rendered; in csv, tsv and JSON, with and without --excel, with and
 * without a budget.
 */
static void
test_out_cols_runs(void **state)
{
	enum { NCELLS = 1100 };     /* 1100 numbers do not fit the buffer at once */
	static const size_t sizes[] = { 0, 1, 2, 3, 5, 8, 13, 21, 0, 34, 12, 11 };
	static char namebuf[NCELLS + 1][8];
	static const char *names[NCELLS + 1];
	static enum out_col mixed[NCELLS], numbers[NCELLS];
	static char filler[60000];
	struct rules_scenario sc = { .type = RULES_SME, .license = RULES_RESEARCH, .gpus = 256,
	                             .months = 103, .months_den = 10, .unit_price = 6600000 };
	struct rules_result r;
	struct out_plan plan = { .cash = 300000000, .in_kind = 1200000000, .cash_spare = -2, .spare = 5,
	                         .private_short = 7 };
	(void)state;
	assert_int_equal(rules_compute(&programme_rates, &sc, &r), RULES_OK);
	for (size_t i = 0; i <= NCELLS; i++) {      /* and the filler's */
		snprintf(namebuf[i], sizeof namebuf[i], "c%zu", i);
		names[i] = namebuf[i];
	}
	for (size_t i = 0; i < NCELLS; i++) {
		mixed[i] = (enum out_col)(i * 7 % (OUT_COL_COUNT + 1));     /* OUT_COL_COUNT: past the table */
		numbers[i] = (enum out_col)(OUT_GPUS + i % (OUT_TOTAL + 1 - OUT_GPUS));
	}
	memset(filler, 'f', sizeof filler);
	for (int f = OUT_CSV; f <= OUT_JSON; f++) {
		for (int k = 0; k < 8; k++) {
			bool excel = k & 1, whole = k & 2;
			const enum out_col *cells = k & 4 ? numbers : mixed;
			struct out_record rec = { .sc = &sc, .res = &r, .plan = k == 1 ? NULL : &plan };
			rec.text[OUT_NAME] = "a, \"b\"";
			rec.text[OUT_LIMITED_BY] = "=cash";
			struct capture c[2];
			struct out_writer *w[2];
			for (int way = 0; way < 2; way++) {
				capture_open(&c[way]);
				w[way] = calloc(1, sizeof *w[way]);
				assert_non_null(w[way]);
				*w[way] = (struct out_writer){ .fp = c[way].fp, .format = (enum out_format)f,
				                               .names = names, .ncols = NCELLS + 1, .excel = excel };
			}
			for (int record = 0; record < 2; record++) {
				for (int way = 0; way < 2; way++) {
					out_row_begin(w[way]);
					if (k & 4)          /* the buffer nearly full before the numbers */
						out_text(w[way], filler, sizeof filler);
					for (size_t i = 0, call = 0; i < NCELLS; call++) {
						size_t n = whole && call == 1 ? NCELLS - i : sizes[call % (sizeof sizes / sizeof sizes[0])];
						if (n > NCELLS - i)
							n = NCELLS - i;
						if (way == 0) {
							out_cols(w[way], cells + i, n, &rec);
						} else {
							for (size_t j = 0; j < n; j++)
								out_col(w[way], cells[i + j], &rec);
						}
						i += n;
					}
					out_row_end(w[way]);
				}
			}
			for (int way = 0; way < 2; way++) {
				out_flush(w[way]);
				capture_close(&c[way]);
				free(w[way]);
			}
			check_bytes((size_t)f * 8 + (size_t)k, c[0].text, c[0].len, c[1].text, c[1].len);
			assert_true(c[0].len > NCELLS * 2);
			free(c[0].text);
			free(c[1].text);
		}
	}
}

/*
 * out_cols_csv() against out_cols() in a csv writer, on the record of
 * test_out_cols_runs() and on one of edge values (0, 1, 10^8, the most an
 * int64_t holds, a unit price of every digit): runs of its mixed and of
 * its number columns from many starts, of many lengths.  A run of numbers
 * out_cols() prints itself gives the writer's bytes (its second record
 * too, from the kept texts), and -1 with room for a byte less, in a
 * buffer of just that size; any other run gives -1.
 */
static void
test_out_cols_csv(void **state)
{
	enum { NCELLS = 200 };
	static const size_t sizes[] = { 0, 1, 2, 3, 5, 8, 9, 13, 21, 34 };
	static const char *names[NCELLS];
	enum out_col mixed[NCELLS], numbers[NCELLS];
	struct rules_scenario sc = { .type = RULES_SME, .license = RULES_RESEARCH, .gpus = 256,
	                             .months = 103, .months_den = 10, .unit_price = 6600000 };
	struct rules_result r[2];
	struct out_plan plan = { .cash = 300000000, .in_kind = 1200000000, .cash_spare = -2, .spare = 5 };
	(void)state;
	assert_int_equal(rules_compute(&programme_rates, &sc, &r[0]), RULES_OK);
	r[1] = r[0];
	r[1].gov = 0, r[1].private_share = INT64_MAX, r[1].cash_min = 1, r[1].in_kind_max = 100000000;
	r[1].total = 99999999;
	for (size_t i = 0; i < NCELLS; i++) {       /* as test_out_cols_runs() has them */
		names[i] = "c";
		mixed[i] = (enum out_col)(i * 7 % (OUT_COL_COUNT + 1));
		numbers[i] = (enum out_col)(OUT_GPUS + i % (OUT_TOTAL + 1 - OUT_GPUS));
	}
	for (int edge = 0; edge < 2; edge++) {
		struct rules_scenario used = sc;
		if (edge)
			used.unit_price = 1234567890123456789u;
		struct out_record rec = { .sc = &used, .res = &r[edge], .plan = &plan };
		for (int k = 0; k < 2; k++) {
			const enum out_col *all = k ? numbers : mixed;
			for (size_t at = 0; at + 34 <= NCELLS; at += 3) {
				for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
					const enum out_col *cols = all + at;
					size_t count = sizes[z];
					bool numbers_only = true;
					for (size_t i = 0; i < count; i++) {
						const struct out_col_def *def = out_col_def(cols[i]);
						numbers_only = numbers_only && def != NULL && def->kind != OUT_KIND_TEXT &&
						               def->from != OUT_FROM_PLAN;
					}
					struct capture c;
					capture_open(&c);
					struct out_writer *w = calloc(1, sizeof *w);
					assert_non_null(w);
					*w = (struct out_writer){ .fp = c.fp, .format = OUT_CSV, .no_header = true,
					                          .names = names, .ncols = NCELLS };
					for (int record = 0; record < 2; record++) {
						out_row_begin(w);
						out_cols(w, cols, count, &rec);
						out_row_end(w);
					}
					out_flush(w);
					free(w);
					capture_close(&c);
					size_t len = (size_t)(strchr(c.text, '\n') - c.text);
					size_t row = (size_t)edge * 100000 + (size_t)k * 10000 + at * 10 + z;
					check_bytes(row, c.text + len + 1, c.len - len - 2, c.text, len);
					char buf[1024];
					long got = out_cols_csv(cols, count, &rec, buf, sizeof buf);
					if (!numbers_only) {
						if (got != -1)
							fail_msg("row %zu: %ld, want -1: not all numbers", row, got);
						free(c.text);
						continue;
					}
					assert_true(got >= 0);
					check_bytes(row, buf, (size_t)got, c.text, len);
					for (size_t n = len > 0 ? len - 1 : 0; n <= len; n++) {     /* just too small, just right */
						char *exact = malloc(n + 1);
						assert_non_null(exact);
						got = out_cols_csv(cols, count, &rec, exact, n);
						if (got != (n == len ? (long)len : -1))
							fail_msg("row %zu: room %zu: %ld, want %s", row, n, got, n == len ? "all" : "-1");
						if (n == len)
							check_bytes(row, exact, (size_t)got, c.text, len);
						free(exact);
					}
					free(c.text);
				}
			}
		}
	}
}

/* S as a JSON string: the test's own escaper, one byte at a time, as JSON and output.h say. */
static size_t
json_quoted(char *d, const char *s, size_t len)
{
	size_t n = 0;
	d[n++] = '"';
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *e = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\n' ? "\\n" :
		                c == '\r' ? "\\r" : c == '\t' ? "\\t" : NULL;
		if (e != NULL)
			n += (size_t)sprintf(d + n, "%s", e);
		else if (c < 0x20 || c == 0x7f)
			n += (size_t)sprintf(d + n, "\\u%04x", c);
		else
			d[n++] = (char)c;
	}
	d[n++] = '"';
	return n;
}

/*
 * JSON keys are rendered once, as many as the writer holds, and values
 * are copied in runs between the bytes that need escaping: both come out
 * as the test's own escaper writes them, for short and long names and
 * values (past the writer's pieces of 8 KiB), escapes at either end,
 * more columns than keys are kept, and a name too long to keep.  Row
 * NSHAPES has the long text in every cell, the last row numbers.
 */
static void
test_json_strings(void **state)
{
	enum { NCOLS = OUT_KEYS + 6, BIG = 20000 };
	static const char *const shapes[] = {
		"", "a", "gpus", "a\"b", "back\\slash", "\x01", "tab\there", "\x7f", "é 정부지원금",
		"\"", "line\r\n", "total_cost_krw_and_a_bit_more_than_thirty_two_bytes",
	};
	enum { NSHAPES = sizeof shapes / sizeof shapes[0] };
	char *names[NCOLS], *big = malloc(BIG);
	const char *cnames[NCOLS];
	size_t cap = 6 * (size_t)NCOLS * (BIG + BIG / 4 + 64);
	char *want = malloc(cap);
	(void)state;
	assert_non_null(big);
	assert_non_null(want);
	for (size_t i = 0; i < BIG; i++)        /* escapes here and there, some at 8 KiB boundaries */
		big[i] = i % 8192 == 8191 || i % 8192 == 0 ? '"' : i % 97 == 0 ? '\x02' : (char)('a' + i % 26);
	for (size_t i = 0; i < NCOLS; i++) {
		const char *shape = shapes[i % NSHAPES];
		bool too_long = i == OUT_KEYS - 2;      /* a name too long to keep: this and later ones are not */
		size_t len = too_long ? BIG / 4 : strlen(shape);
		names[i] = malloc(len + 1);
		assert_non_null(names[i]);
		memcpy(names[i], too_long ? big : shape, len);
		names[i][len] = '\0';
		cnames[i] = names[i];
	}
	for (size_t row = 0; row < NSHAPES + 2; row++) {
		struct capture c;
		struct out_writer *w = calloc(1, sizeof *w);
		size_t n = 0;
		assert_non_null(w);
		capture_open(&c);
		*w = (struct out_writer){ .fp = c.fp, .format = OUT_JSON, .names = cnames, .ncols = NCOLS };
		out_row_begin(w);
		want[n++] = '{';
		for (size_t i = 0; i < NCOLS; i++) {
			if (i > 0)
				want[n++] = ',';
			n += json_quoted(want + n, names[i], strlen(names[i]));
			want[n++] = ':';
			if (row == NSHAPES + 1) {
				out_number(w, i * 1000003, 4);
				n += num_fmt_fixed(want + n, i * 1000003, 4);
				continue;
			}
			const char *v = row < NSHAPES ? shapes[(row + i) % NSHAPES] : big;
			size_t vlen = row < NSHAPES ? strlen(v) : BIG - i;
			out_text(w, v, vlen);
			n += json_quoted(want + n, v, vlen);
		}
		out_row_end(w);
		memcpy(want + n, "}\n", 2);
		n += 2;
		assert_true(n <= cap);
		out_flush(w);
		capture_close(&c);
		check_bytes(row, c.text, c.len, want, n);
		free(c.text);
		free(w);
	}
	for (size_t i = 0; i < NCOLS; i++)
		free(names[i]);
	free(big);
	free(want);
}

/*
 * out_csv_run() writes a run of plain cells as out_text_plain() writes
 * them one by one: in every format, with and without --excel, for every
 * run of one to three cells of SHAPES (formula-like, numbers, empty,
 * Hangul, a tab, bytes JSON escapes, bytes --excel's SSE2 look takes
 * for a formula's start but are not, eight bytes and more, up to runs of
 * 64 bytes and more, which JSON splits another way; a quote, which
 * a plain csv cell never holds, but JSON must escape), after no cell
 * or after one, and with a cell after; in JSON also with a key too long
 * to be rendered once (the run's cells then take the general way).  The
 * run built in place (out_csv_space(), out_csv_done()) comes out the same.
 */
static void
test_csv_run(void **state)
{
	static const char *const shapes[] = {
		"", "a", "=1+1", "-5", "-x", "+", "@", "\t5", "5-", "-1.5e3", "카카오", "'q", "back\\",
		"del\x7f", "\x1f", "eight by", "two words", "q\"", "=x", "sixteen bytes 16",
		"seventeen bytes17", "thirty three bytes and no comma", "1/2", ")x\v",
	};
	enum { NSHAPES = sizeof shapes / sizeof shapes[0] };
	/* The third name too long for the writer's rendered JSON keys: its key and the next are written as they come. */
	static char long_name[OUT_KEY_BYTES];
	memset(long_name, 'k', sizeof long_name - 1);
	const char *const names[2][5] = { { "a", "b", "c", "d", "e" }, { "a", "b", long_name, "d", "e" } };
	(void)state;
	for (int f = OUT_CSV; f <= OUT_JSON; f++) {
		for (int excel = 0; excel < 2 + (f == OUT_JSON); excel++) {
			for (size_t combo = 0; combo < NSHAPES * NSHAPES * NSHAPES * 3; combo++) {
				size_t cells = 1 + combo / (NSHAPES * NSHAPES * NSHAPES), before = combo % 2;
				const char *cell[3] = { shapes[combo % NSHAPES], shapes[combo / NSHAPES % NSHAPES],
				                        shapes[combo / (NSHAPES * NSHAPES) % NSHAPES] };
				char run[128];
				size_t len = 0;
				for (size_t k = 0; k < cells; k++)
					len += (size_t)sprintf(run + len, "%s%s", k > 0 ? "," : "", cell[k]);
				struct capture c[3];
				for (int way = 0; way < 3; way++) {
					struct out_writer *w = calloc(1, sizeof *w);
					assert_non_null(w);
					capture_open(&c[way]);
					*w = (struct out_writer){ .fp = c[way].fp, .format = (enum out_format)f,
					                          .names = names[excel == 2], .ncols = before + cells + 1,
					                          .excel = excel == 1 };
					out_row_begin(w);
					if (before)
						out_text_plain(w, "x", 1);
					char *space;
					if (way == 0) {
						out_csv_run(w, run, len, cells);
					} else if (way == 2) {
						/* Built in place where the writer allows it (csv without --excel). */
						if ((space = out_csv_space(w, len)) != NULL) {
							memcpy(space, run, len);
							out_csv_done(w, len, cells);
						} else {
							assert_true(f != OUT_CSV || excel == 1);
							out_csv_run(w, run, len, cells);
						}
					} else {
						for (size_t k = 0; k < cells; k++)
							out_text_plain(w, cell[k], strlen(cell[k]));
					}
					out_text_plain(w, "-y", 2);
					out_row_end(w);
					out_flush(w);
					capture_close(&c[way]);
					free(w);
				}
				check_bytes(((size_t)f * 3 + (size_t)excel) * 100000 + combo, c[0].text, c[0].len,
				            c[1].text, c[1].len);
				check_bytes(((size_t)f * 3 + (size_t)excel) * 100000 + combo, c[2].text, c[2].len,
				            c[1].text, c[1].len);
				for (int way = 0; way < 3; way++)
					free(c[way].text);
			}
		}
	}
}

/*
 * A cell longer than the writer's buffer (64 KiB) is written byte for byte
 * as a short one is: csv quotes it only when it holds a comma, quote, CR or
 * LF, tsv escapes only tab, CR, LF and backslash, --excel still guards it
 * (issue 8, item 17).  The cell is HEAD, then FILL up to SIZE bytes, then
 * TAIL; the record "a",cell,"b" must come out as WHEAD, the same fill, WTAIL.
 */
static void
test_long_cells(void **state)
{
	static const size_t sizes[] = { 65535, 65536, 65537, 200000 };
	static const struct {
		enum out_format format;
		bool excel;
		const char *head, *tail;
		char fill;
		const char *whead, *wtail;
	} rows[] = {
		{ OUT_CSV, false, "", "", 'x', "a,", ",b\n" },
		{ OUT_CSV, false, "\"q", ",\n", 'x', "a,\"\"\"q", ",\n\",b\n" },
		{ OUT_CSV, false, "\t=", "\\", 'x', "a,\t=", "\\,b\n" },
		{ OUT_CSV, false, "=", "", 'x', "a,=", ",b\n" },
		{ OUT_CSV, true, "", "", 'x', "\xEF\xBB\xBF" "a,", ",b\r\n" },
		{ OUT_CSV, true, "=", "", 'x', "\xEF\xBB\xBF" "a,'=", ",b\r\n" },
		{ OUT_CSV, true, "=\"", ",", 'x', "\xEF\xBB\xBF" "a,\"'=\"\"", ",\",b\r\n" },
		{ OUT_CSV, true, "-", "", '5', "\xEF\xBB\xBF" "a,-", ",b\r\n" },
		{ OUT_CSV, true, "-", "x", '5', "\xEF\xBB\xBF" "a,'-", "x,b\r\n" },
		{ OUT_TSV, false, "", "", 'x', "a\t", "\tb\n" },
		{ OUT_TSV, false, "\"a,", "\r\n", 'x', "a\t\"a,", "\\r\\n\tb\n" },
		{ OUT_TSV, false, "\t\\", "\t", 'x', "a\t\\t\\\\", "\\t\tb\n" },
		{ OUT_TSV, true, "", "", 'x', "\xEF\xBB\xBF" "a\t", "\tb\r\n" },
		{ OUT_TSV, true, "=", "", 'x', "\xEF\xBB\xBF" "a\t'=", "\tb\r\n" },
		{ OUT_TSV, true, "\t", "\\", 'x', "\xEF\xBB\xBF" "a\t'\\t", "\\\\\tb\r\n" },
		{ OUT_TSV, true, "-", "", '5', "\xEF\xBB\xBF" "a\t-", "\tb\r\n" },
		{ OUT_JSON, false, "=\"", "", 'x', "{\"name\":\"a\",\"amount\":\"=\\\"",
		  "\",\"note\":\"b\"}\n" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
			size_t row = i * 10 + s;
			size_t hl = strlen(rows[i].head), tl = strlen(rows[i].tail), n = sizes[s];
			size_t k = n - hl - tl, whl = strlen(rows[i].whead), wtl = strlen(rows[i].wtail);
			char *cell = malloc(n), *want = malloc(whl + k + wtl);
			assert_non_null(cell);
			assert_non_null(want);
			memcpy(cell, rows[i].head, hl);
			memset(cell + hl, rows[i].fill, k);
			memcpy(cell + hl + k, rows[i].tail, tl);
			memcpy(want, rows[i].whead, whl);
			memset(want + whl, rows[i].fill, k);
			memcpy(want + whl + k, rows[i].wtail, wtl);
			bool plain = strpbrk(rows[i].head, ",\"\r\n") == NULL &&
			             strpbrk(rows[i].tail, ",\"\r\n") == NULL;
			/* out_row, and cell by cell (out_text_plain where the cell allows it) */
			for (int way = 0; way < 2; way++) {
				struct capture c;
				struct out_writer *w = calloc(1, sizeof *w);
				assert_non_null(w);
				capture_open(&c);
				*w = (struct out_writer){ .fp = c.fp, .format = rows[i].format,
				                          .names = names3, .ncols = 3, .no_header = true,
				                          .excel = rows[i].excel };
				if (way == 0) {
					const struct out_cell cells[3] = { TEXT("a"), OUT_TEXT(cell, n), TEXT("b") };
					out_row(w, cells);
				} else {
					out_row_begin(w);
					out_text_plain(w, "a", 1);
					if (plain)
						out_text_plain(w, cell, n);
					else
						out_text(w, cell, n);
					out_text_plain(w, "b", 1);
					out_row_end(w);
				}
				out_flush(w);
				capture_close(&c);
				check_bytes(row, c.text, c.len, want, whl + k + wtl);
				free(c.text);
				free(w);
			}
			free(cell);
			free(want);
		}
	}
}

static void
test_json_control(void **state)
{
	static const char *const one[] = { "k" };
	struct out_cell cell = OUT_TEXT("\x01\x7f" "é", 4);
	struct capture c;
	(void)state;
	capture_open(&c);
	struct out_writer w = { .fp = c.fp, .format = OUT_JSON, .names = one, .ncols = 1 };
	out_row(&w, &cell);
	out_flush(&w);
	assert_string_equal(capture_close(&c), "{\"k\":\"\\u0001\\u007fé\"}\n");
	free(c.text);
}

static void
test_table(void **state)
{
	struct rules_scenario sc = { .type = RULES_SME, .license = RULES_COMMERCIAL, .gpus = 0,
	                             .months = 100000, .months_den = 10000, .unit_price = 6600000 };
	struct rules_result r;
	enum out_col cols[] = { OUT_GOV, OUT_SIZE, OUT_TOTAL };
	struct capture c;
	(void)state;
	assert_int_equal(rules_compute(&programme_rates, &sc, &r), RULES_OK);
	capture_open(&c);
	struct out_record rec = { .sc = &sc, .res = &r };
	table_scenario(c.fp, &rec, cols, 3);
	/* labels padded to the widest (Hangul counts two columns), amounts right-aligned */
	assert_string_equal(capture_close(&c),
		"government support (정부지원금)  0원\n"
		"company size (기업규모)          sme (중소기업)\n"
		"total cost (총사업비)            0원\n"
		"note: the team declines the GPUs: no government support and no private contribution\n");
	free(c.text);
}

/*
 * out_write_block() against fwrite(), the plain way it replaces: a block
 * goes after what stdio holds and before what is written after it,
 * straight to a file, through stdio to a memory stream; and a write that
 * fails is reported as after fwrite(): FP's error indicator or fclose()
 * fails, with the same errno, which close_stdout() (main.c) prints.
 */
enum sink { SINK_FILE, SINK_MEMORY, SINK_FULL, SINK_READ_ONLY };

struct sink_row {
	enum sink sink;
	size_t stdio_buf;      /* setvbuf() size, as main() sets; 0: stdio's own */
	const char *before, *after;
	size_t n;
	int err;               /* the errno a failure leaves, or 0 */
};

struct sunk {
	bool failed, closed;   /* ferror() before fclose(), and fclose() == 0 */
	int err;               /* errno after fclose() */
	char *bytes;           /* what reached the file or memory */
	size_t len;
};

/* Writes ROW's text and block to a new sink of its kind, with out_write_block() or fwrite(). */
static struct sunk
sink_write(const struct sink_row *row, const char *block, bool fast)
{
	static char sbuf[1 << 16];
	char path[] = "/tmp/kai-cost-test-XXXXXX";
	struct sunk r = { 0 };
	FILE *fp = NULL;
	switch (row->sink) {
	case SINK_FILE:
	case SINK_READ_ONLY: {
		int fd = mkstemp(path);
		assert_true(fd >= 0);
		fp = fdopen(fd, "w");
		if (row->sink == SINK_READ_ONLY) {
			/* as kai-cost >&- leaves standard output: open, but not for writing */
			int ro = open("/dev/null", O_RDONLY);
			assert_true(ro >= 0 && dup2(ro, fd) == fd);
			close(ro);
		}
		break;
	}
	case SINK_MEMORY:
		fp = open_memstream(&r.bytes, &r.len);
		break;
	case SINK_FULL:
		fp = fopen("/dev/full", "w");
		break;
	}
	assert_non_null(fp);
	if (row->stdio_buf > 0)
		assert_int_equal(setvbuf(fp, sbuf, _IOFBF, row->stdio_buf), 0);
	fputs(row->before, fp);
	if (fast)
		out_write_block(fp, block, row->n);
	else
		fwrite(block, 1, row->n, fp);
	fputs(row->after, fp);
	r.failed = ferror(fp) != 0;
	errno = 0;
	r.closed = fclose(fp) == 0;
	r.err = errno;
	if (row->sink == SINK_FILE) {
		FILE *in = fopen(path, "rb");
		assert_non_null(in);
		r.bytes = malloc(row->n + 64);
		assert_non_null(r.bytes);
		r.len = fread(r.bytes, 1, row->n + 64, in);
		fclose(in);
	}
	if (row->sink == SINK_FILE || row->sink == SINK_READ_ONLY)
		unlink(path);
	return r;
}

static void
test_write_block(void **state)
{
	static const struct sink_row rows[] = {
		{ SINK_FILE, 0, "", "", 0, 0 },
		{ SINK_FILE, 0, "head", "tail", 10, 0 },
		{ SINK_FILE, 1 << 16, "head", "tail", 65536, 0 },
		{ SINK_FILE, 1 << 16, "", "tail", 200000, 0 },
		{ SINK_MEMORY, 0, "head", "tail", 70000, 0 },
		/* the usual failures: the error and its errno */
		{ SINK_FULL, 1 << 16, "", "", 10, ENOSPC },
		{ SINK_FULL, 1 << 16, "", "", 65000, ENOSPC },
		{ SINK_FULL, 1 << 16, "head", "", 5000, ENOSPC },
		{ SINK_READ_ONLY, 1 << 16, "", "", 5000, EBADF },
		{ SINK_READ_ONLY, 1 << 16, "head", "tail", 65000, EBADF },
		/* a block of stdio's buffer or more, the last write: stdio keeps the error but not errno, both ways */
		{ SINK_FULL, 1 << 16, "", "", 65536, 0 },
		{ SINK_FULL, 1 << 16, "", "", 200000, 0 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct sink_row *row = &rows[i];
		char *block = malloc(row->n + 1);
		assert_non_null(block);
		for (size_t k = 0; k < row->n; k++)
			block[k] = (char)('a' + k % 23);      /* a block out of place shows */
		struct sunk fast = sink_write(row, block, true), plain = sink_write(row, block, false);
		/* What close_stdout() reports: whether it failed, and errno (a failure may show sooner) */
		CHECK_INT(i, fast.failed || !fast.closed, plain.failed || !plain.closed);
		CHECK_INT(i, fast.err, plain.err);
		if (row->sink == SINK_FULL || row->sink == SINK_READ_ONLY) {
			CHECK_INT(i, fast.failed || !fast.closed, 1);
			CHECK_INT(i, fast.err, row->err);
		} else {
			size_t bl = strlen(row->before), al = strlen(row->after), len = bl + row->n + al;
			char *want = malloc(len + 1);
			assert_non_null(want);
			memcpy(want, row->before, bl);
			memcpy(want + bl, block, row->n);
			memcpy(want + bl + row->n, row->after, al);
			CHECK_INT(i, fast.failed || !fast.closed, 0);
			check_bytes(i, fast.bytes, fast.len, want, len);
			check_bytes(i, plain.bytes, plain.len, want, len);
			free(want);
		}
		free(fast.bytes);
		free(plain.bytes);
		free(block);
	}
}

/*
 * out_row_begin() and out_row_end() inline (plain csv and tsv, JSON's { }
 * and --excel's CRLF put without a call) frame a record byte for byte as
 * out_row_open() and out_row_close() do: every format, with and without
 * --excel, with records of every length from 1 to 40 bytes, so that the
 * buffer's end falls at every place of a record's head and tail.
 */
static void
test_row_framing(void **state)
{
	static const char *const names[] = { "a", "b" };
	(void)state;
	for (int f = OUT_CSV; f <= OUT_JSON; f++) {
		for (int excel = 0; excel < 2; excel++) {
			struct capture c[2];
			for (int way = 0; way < 2; way++) {
				struct out_writer *w = calloc(1, sizeof *w);
				assert_non_null(w);
				capture_open(&c[way]);
				*w = (struct out_writer){ .fp = c[way].fp, .format = (enum out_format)f,
				                          .names = names, .ncols = 2, .excel = excel };
				char text[40];
				memset(text, 'x', sizeof text);
				/* Past the buffer's 64 KiB twice over, by records of every length. */
				for (size_t r = 0; r < 3 * sizeof w->buf / 20; r++) {
					size_t len = r % sizeof text;
					if (way == 0) {
						out_row_begin(w);
					} else {
						out_begin(w);
						out_row_open(w);
					}
					out_text(w, text, len);
					out_number(w, r, 0);
					if (way == 0)
						out_row_end(w);
					else
						out_row_close(w);
				}
				out_flush(w);
				capture_close(&c[way]);
				free(w);
			}
			check_bytes((size_t)f * 2 + (size_t)excel, c[0].text, c[0].len, c[1].text, c[1].len);
			for (int way = 0; way < 2; way++)
				free(c[way].text);
		}
	}
}

/*
 * JSON keys of every length around KEY_COPY (32 bytes rendered, with the
 * comma, quotes and colon): rendered ones are copied at that fixed size,
 * and the first longer one leaves it and the rest to the general way.
 * Each record, by out_text(), out_csv_run() and out_number(), against the
 * keys escaped here.
 */
static void
test_json_key_lengths(void **state)
{
	(void)state;
	for (size_t len = 0; len <= 40; len++) {
		for (size_t at = 0; at < 3; at++) {     /* the long name first, in the middle, last */
			char name[41], want[512];
			memset(name, 'k', len);
			name[len] = '\0';
			const char *names[3] = { "a", "bb", "ccc" };
			names[at] = name;
			struct capture c;
			struct out_writer *w = calloc(1, sizeof *w);
			assert_non_null(w);
			capture_open(&c);
			*w = (struct out_writer){ .fp = c.fp, .format = OUT_JSON, .names = names, .ncols = 3 };
			out_row_begin(w);
			out_csv_run(w, "x,yz", 4, 2);
			out_number(w, 12345, 0);
			out_row_end(w);
			out_row_begin(w);
			out_text(w, "t", 1);
			out_number(w, 7, 0);
			out_text(w, "u", 1);
			out_row_end(w);
			out_flush(w);
			capture_close(&c);
			const char *values[2][3] = { { "\"x\"", "\"yz\"", "12345" }, { "\"t\"", "7", "\"u\"" } };
			size_t n = 0;
			for (int row = 0; row < 2; row++) {
				want[n++] = '{';
				for (size_t i = 0; i < 3; i++) {
					if (i > 0)
						want[n++] = ',';
					n += json_quoted(want + n, names[i], strlen(names[i]));
					n += (size_t)sprintf(want + n, ":%s", values[row][i]);
				}
				n += (size_t)sprintf(want + n, "}\n");
			}
			check_bytes(len * 3 + at, c.text, c.len, want, n);
			free(c.text);
			free(w);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_korean_names),
		cmocka_unit_test(test_out_cols),
		cmocka_unit_test(test_number_cache),
		cmocka_unit_test(test_out_cols_runs),
		cmocka_unit_test(test_out_cols_csv),
		cmocka_unit_test(test_json_strings),
		cmocka_unit_test(test_json_key_lengths),
		cmocka_unit_test(test_csv_run),
		cmocka_unit_test(test_row_framing),
		cmocka_unit_test(test_writers),
		cmocka_unit_test(test_excel_numbers),
		cmocka_unit_test(test_long_cells),
		cmocka_unit_test(test_json_control),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_write_block),
	};
	return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}
