/*
 * test_output.c - output columns and the machine-format writers.
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_korean_names),
		cmocka_unit_test(test_out_cols),
		cmocka_unit_test(test_writers),
		cmocka_unit_test(test_excel_numbers),
		cmocka_unit_test(test_long_cells),
		cmocka_unit_test(test_json_control),
		cmocka_unit_test(test_table),
	};
	return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}
