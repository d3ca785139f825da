/*
 * xlsx.c - a run's records as an Excel workbook.  See xlsx.h; the formula
 * design and the exactness limit are in docs/decisions.md, "Reports".
 *
 * Three sheets: the records, whose figures are formulas over each record's
 * inputs and the rates sheet (each with kai-cost's own result cached, so a
 * reader that does not recalculate shows the same figures); the rates in
 * force with their sources; and a chart of the records' bars.
 *
 * libxlsxwriter writes to a file name, so the workbook is made in a
 * temporary file and then copied to the caller's FILE: -o's atomic
 * replacement (outfile.h) and a pipe both work as for the other formats.
 */
#include "xlsx.h"

#include <errno.h>
#include <signal.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "field.h"
#include "i18n.h"
#include "num.h"
#include "rules.h"
#include "ruleset.h"

/*
 * Every amount a formula handles, inputs, intermediates and results, stays
 * below this, or the record's figures are written as values.  Spreadsheets
 * count in doubles, exact to 2^53, but show and in places compute (Excel's
 * 15 significant digits, LibreOffice's approximate floor and subtraction)
 * with 15 digits; 10^14 won (100조원) keeps every figure within them.
 */
#define XLSX_EXACT_MAX 100000000000000ull

/* A team total's formula lists its members' cells one by one only up to this many. */
#define XLSX_SUM_CELLS_MAX 100u

/* The most characters an Excel cell holds; longer text is cut, with a note. */
#define XLSX_CELL_CHARS_MAX 32767u

/* The chart shows at most this many bars; more would be unreadable. */
#define XLSX_CHART_BARS_MAX 100u

#define RECORDS_SHEET "결과 records"
#define RATES_SHEET   "요율 rates"
#define CHART_SHEET   "차트 chart"

#define FORMULA_MAX 8192          /* Excel's longest formula, in characters */

struct book {
	const struct sheet *s;
	lxw_workbook *wb;
	lxw_worksheet *records, *rates, *chart;
	lxw_format *head, *money, *count, *tenths, *pct, *text, *note, *eok;   /* tenths: months; eok: 억원 */
	lxw_error err;              /* the first error, and where */
	const char *err_what;
	lxw_row_t err_row;
	lxw_col_t err_col;
	/* The rates sheet's row of each self rate [license][type] and cash rate [type]. */
	lxw_row_t self_row[RULES_LICENSE_COUNT][RULES_TYPE_COUNT], cash_row[RULES_TYPE_COUNT];
	lxw_row_t rates_rows;
	int gpus, months, price, self, cash, gov, priv, cashmin, inkind, total;   /* columns, or -1 */
	int bcash, bkind;
	int first_amount;           /* the first column of the five amounts: notes go there */
	size_t cut;                 /* text cells cut to XLSX_CELL_CHARS_MAX, and the first of them */
	lxw_row_t cut_row;
	lxw_col_t cut_col;
};

/* Keeps the first failure of a libxlsxwriter call. */
static void
keep_error(struct book *b, lxw_error err, const char *what, lxw_row_t row, lxw_col_t col)
{
	if (err != LXW_NO_ERROR && b->err == LXW_NO_ERROR) {
		b->err = err;
		b->err_what = what;
		b->err_row = row;
		b->err_col = col;
	}
}

/* "C7": the cell at ROW, COL; with ABS "$C$7" (libxlsxwriter's own naming). */
static char *
ref(char buf[LXW_MAX_CELL_NAME_LENGTH], lxw_row_t row, int col, bool abs)
{
	lxw_rowcol_to_cell_abs(buf, row, (lxw_col_t)col, abs, abs);
	return buf;
}

/* Appends to the formula F (FORMULA_MAX bytes); false when it would not fit. */
static bool
cat(char *f, const char *fmt, ...)
{
	size_t len = strlen(f);
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(f + len, FORMULA_MAX - len, fmt, ap);
	va_end(ap);
	return n >= 0 && (size_t)n < FORMULA_MAX - len;
}

/* A spreadsheet number for VALUE / 10^PLACES: the double nearest, exact for money below 2^53. */
static double
number(uint64_t value, unsigned places, bool negative)
{
	uint64_t scale = 1;
	for (unsigned i = 0; i < places; i++)
		scale *= 10;
	double d = (double)(value / scale) + (double)(value % scale) / (double)scale;
	return negative ? -d : d;
}

/* The Korean term of column COL's label ("정부지원금" of "government support (정부지원금)"). */
static void
korean_name(char *buf, size_t n, enum out_col col)
{
	const char *label = out_col_def(col)->label;
	const char *open = strrchr(label, '(');
	const char *close = open != NULL ? strchr(open, ')') : NULL;
	if (open == NULL || close == NULL)
		snprintf(buf, n, "%s", label);
	else
		snprintf(buf, n, "%.*s", (int)(close - open - 1), open + 1);
}

/* The first row of data: two header rows above, Korean names over machine names. */
#define FIRST_ROW 2

/* Writes column C's two header cells in WS: KOREAN over ENGLISH. */
static void
write_head(struct book *b, lxw_worksheet *ws, const char *what, lxw_col_t c, const char *korean,
           const char *english)
{
	keep_error(b, worksheet_write_string(ws, 0, c, korean, b->head), what, 0, c);
	keep_error(b, worksheet_write_string(ws, 1, c, english, b->head), what, 1, c);
	worksheet_freeze_panes(ws, FIRST_ROW, 0);
}

/* ---- the rates sheet ---- */

/* Writes one rates-sheet row for ENTRY (PARAM, SIZE, LICENSE) holding VALUE in FORMAT. */
static void
rates_row(struct book *b, lxw_row_t row, enum rs_param param, int size, int license,
          double value, lxw_format *format)
{
	const struct rs_entry *e = ruleset_entry(b->s->pick, param, size, license);
	char from[11], to[11];
	lxw_worksheet *ws = b->rates;
	keep_error(b, worksheet_write_string(ws, row, 0, ruleset_param_name(param), b->text), "rates", row, 0);
	if (size >= 0)
		keep_error(b, worksheet_write_string(ws, row, 1, rules_type_name((enum rules_type)size), b->text),
		           "rates", row, 1);
	if (license >= 0)
		keep_error(b, worksheet_write_string(ws, row, 2, rules_license_name((enum rules_license)license),
		                                     b->text), "rates", row, 2);
	keep_error(b, worksheet_write_number(ws, row, 3, value, format), "rates", row, 3);
	if (e != NULL) {
		keep_error(b, worksheet_write_string(ws, row, 4, cal_format(from, e->from), b->text), "rates", row, 4);
		if (!e->open)
			keep_error(b, worksheet_write_string(ws, row, 5, cal_format(to, e->to), b->text), "rates", row, 5);
		if (e->source != NULL)
			keep_error(b, worksheet_write_string(ws, row, 6, e->source, b->text), "rates", row, 6);
	}
}

/* The rates in force: every self rate and cash rate, the unit price and GPUs per team. */
static void
write_rates(struct book *b)
{
	static const char *const korean[] = { "항목", "유형", "공개방식", "값", "시행일", "종료일", "출처" };
	static const char *const english[] = {
		"parameter", "type", "license", "value", "effective_from", "effective_to", "source",
	};
	static const double widths[] = { 16, 12, 12, 14, 14, 14, 90 };
	const struct rs_pick *pick = b->s->pick;
	lxw_worksheet *ws = b->rates;
	for (lxw_col_t c = 0; c < 7; c++) {
		write_head(b, ws, "rates", c, korean[c], english[c]);
		worksheet_set_column(ws, c, c, widths[c], NULL);
	}
	lxw_row_t row = FIRST_ROW;
	for (int l = 0; l < RULES_LICENSE_COUNT; l++) {
		for (int t = 0; t < RULES_TYPE_COUNT; t++) {
			b->self_row[l][t] = row;
			rates_row(b, row++, RS_SELF_RATE, t, l, number(pick->rates.self_ppm[l][t], 6, false), b->pct);
		}
	}
	for (int t = 0; t < RULES_TYPE_COUNT; t++) {
		b->cash_row[t] = row;
		rates_row(b, row++, RS_CASH_RATE, t, -1, number(pick->rates.cash_ppm[t], 6, false), b->pct);
	}
	rates_row(b, row++, RS_UNIT_PRICE, -1, -1, (double)pick->unit_price, b->money);
	rates_row(b, row++, RS_GPUS_PER_TEAM, -1, -1, (double)pick->gpus_per_team, b->count);
	b->rates_rows = row;
	row++;
	keep_error(b, worksheet_write_string(ws, row, 0, "결과 시트의 요율 칸은 이 시트의 값을 참조합니다. 값을 "
	           "바꾸면 다시 계산됩니다. / The records' rate cells refer to these values: edit one and "
	           "the records recompute.", b->note), "rates", row, 0);
}

/* "'요율 rates'!$D$5": the rates sheet's value cell at ROW. */
static char *
rate_ref(char buf[48], lxw_row_t row)
{
	char cell[LXW_MAX_CELL_NAME_LENGTH];
	snprintf(buf, 48, "'%s'!%s", RATES_SHEET, ref(cell, row, 3, true));
	return buf;
}

/* ---- the records sheet ---- */

/*
 * The text of input column COL of record ROW for a formula: its cell when
 * the sheet has the column, else the record's own value as a constant.
 */
static char *
input(char buf[48], lxw_row_t row, int col, uint64_t value)
{
	if (col >= 0)
		return ref(buf, row, col, false);
	snprintf(buf, 48, "%" PRIu64, value);
	return buf;
}

/* The self rate's and the cash rate's cells for record R at sheet row ROW. */
static void
rate_cells(const struct book *b, const struct sheet_row *r, lxw_row_t row, char self[48], char cash[48])
{
	if (b->self >= 0)
		ref(self, row, b->self, false);
	else
		rate_ref(self, b->self_row[r->sc.license][r->sc.type]);
	if (b->cash >= 0)
		ref(cash, row, b->cash, false);
	else
		rate_ref(cash, b->cash_row[r->sc.type]);
}

/*
 * ceil or floor of X * R / D in integers, kept small: QUOTIENT(X,D)*R +
 * QUOTIENT((X-D*QUOTIENT(X,D))*R + (D-1 when CEIL), D).  X and the result
 * stay below XLSX_EXACT_MAX, the remainder times R below D*R; no step is a
 * float quotient.  The remainder is not MOD(X,D): Excel's MOD fails (#NUM!)
 * once X/D reaches 2^27.
 */
static bool
muldiv(char *f, const char *x, const char *r, const char *d, bool ceil)
{
	return cat(f, "QUOTIENT(%s,%s)*%s+QUOTIENT((%s-%s*QUOTIENT(%s,%s))*%s%s%s%s,%s)", x, d, r, x, d, x, d, r,
	           ceil ? "+" : "", ceil ? d : "", ceil ? "-1" : "", d);
}

/*
 * The denominator the formulas read record R's months cell with: 1/10,000
 * of a month (as --months takes them) when its exact months have at most 4
 * decimals, else their own denominator (59/6: sixths).
 */
static uint64_t
months_den(const struct sheet_row *r)
{
	return RULES_MONTHS_SCALE % r->sc.months_den == 0 ? RULES_MONTHS_SCALE : r->sc.months_den;
}

/* Whether every amount of R's own formulas, its budget's too, stays below XLSX_EXACT_MAX. */
static bool
exact(const struct sheet_row *r)
{
	uint64_t a;
	return !__builtin_mul_overflow(r->sc.gpus, r->sc.unit_price, &a) && a < XLSX_EXACT_MAX &&
	       (uint64_t)r->res.total < XLSX_EXACT_MAX &&
	       (!r->planned || (uint64_t)r->plan.cash + (uint64_t)r->plan.in_kind < XLSX_EXACT_MAX);
}

/*
 * The formula of money column COL of record R (sheet row ROW, computed from
 * its own inputs) into F: support, private share, cash minimum, in-kind
 * maximum or total, each from the ones before it: the cell when the sheet
 * has it, else its formula inline.
 */
static bool
own_formula(const struct book *b, const struct sheet_row *r, lxw_row_t row, enum out_col col, char *f,
            bool inner)
{
	char g[48], p[48], m[48], self[48], cash[48], d[24], mn[96], s[96], dr[128], part[FORMULA_MAX];
	uint64_t den = months_den(r);
	int have = col == OUT_GOV ? b->gov : col == OUT_PRIVATE ? b->priv : col == OUT_CASH_MIN ? b->cashmin
	         : col == OUT_IN_KIND ? b->inkind : b->total;

	if (have >= 0 && inner)          /* an earlier figure inside a later one: its cell */
		return cat(f, "%s", ref(g, row, have, false));
	input(g, row, b->gpus, r->sc.gpus);
	input(p, row, b->price, r->sc.unit_price);
	rate_cells(b, r, row, self, cash);
	snprintf(d, sizeof d, "%" PRIu64, den);
	if (b->months >= 0)
		snprintf(mn, sizeof mn, "ROUND(%s*%s,0)", ref(m, row, b->months, false), d);
	else       /* no months cell: the exact months in DENths */
		snprintf(mn, sizeof mn, "%" PRIu64, r->sc.months * (den / r->sc.months_den));
	snprintf(s, sizeof s, "ROUND(%s*1000000,0)", self);
	if (r->sc.basis == RULES_BASIS_TOTAL)
		snprintf(dr, sizeof dr, "(1000000-%s)", s);
	else
		snprintf(dr, sizeof dr, "1000000");

	part[0] = '\0';
	if (inner && !cat(f, "("))
		return false;
	bool ok = true;
	switch (col) {
	case OUT_GOV: {
		char a[128];
		snprintf(a, sizeof a, "%s*%s", g, p);
		ok = muldiv(f, a, mn, d, false);
		break;
	}
	case OUT_PRIVATE:
		ok = own_formula(b, r, row, OUT_GOV, part, true) && muldiv(f, part, s, dr, true);
		break;
	case OUT_CASH_MIN: {
		char c[96];
		snprintf(c, sizeof c, "ROUND(%s*1000000,0)", cash);
		ok = own_formula(b, r, row, OUT_PRIVATE, part, true) && muldiv(f, part, c, "1000000", true);
		break;
	}
	case OUT_IN_KIND:
		ok = own_formula(b, r, row, OUT_PRIVATE, part, true) && cat(f, "%s-", part);
		part[0] = '\0';
		ok = ok && own_formula(b, r, row, OUT_CASH_MIN, part, true) && cat(f, "%s", part);
		break;
	default:     /* OUT_TOTAL */
		ok = own_formula(b, r, row, OUT_GOV, part, true) && cat(f, "%s+", part);
		part[0] = '\0';
		ok = ok && own_formula(b, r, row, OUT_PRIVATE, part, true) && cat(f, "%s", part);
		break;
	}
	return ok && (!inner || cat(f, ")"));
}

/* The row of the sheet that record I is on, below the header's two. */
static lxw_row_t
sheet_row(size_t i)
{
	return (lxw_row_t)(i + FIRST_ROW);
}

/* Writes the cell at ROW, COL as FORMULA with the cached VALUE, or VALUE alone when FORMULA is empty. */
static void
put_formula(struct book *b, lxw_row_t row, lxw_col_t col, const char *formula, double value,
            lxw_format *format)
{
	lxw_error e = formula[0] != '\0'
	            ? worksheet_write_formula_num(b->records, row, col, formula, format, value)
	            : worksheet_write_number(b->records, row, col, value, format);
	keep_error(b, e, "records", row, col);
}

/* The number format of a column of KIND. */
static lxw_format *
format_of(const struct book *b, enum out_kind kind)
{
	switch (kind) {
	case OUT_KIND_COUNT:  return b->count;
	case OUT_KIND_MONTHS: return b->tenths;
	case OUT_KIND_PCT:    return b->pct;
	case OUT_KIND_WON:
	case OUT_KIND_SIGNED: return b->money;
	default:              return b->text;
	}
}

/* Whether COL is one of the five amounts of a record's own figures. */
static bool
amount(int col)
{
	return col == OUT_GOV || col == OUT_PRIVATE || col == OUT_CASH_MIN || col == OUT_IN_KIND ||
	       col == OUT_TOTAL;
}

/* The formula of a team total's column C: the sum of its members' cells (or "" past the limit). */
static void
sum_formula(const struct book *b, size_t i, int c, char *f)
{
	const struct out_derivation *d = &b->s->rows[i].derive;
	char first[LXW_MAX_CELL_NAME_LENGTH], last[LXW_MAX_CELL_NAME_LENGTH];
	size_t start = i - d->first;
	f[0] = '\0';
	if (d->step == 1) {
		snprintf(f, FORMULA_MAX, "SUM(%s:%s)", ref(first, sheet_row(start), c, false),
		         ref(last, sheet_row(start + d->count - 1), c, false));
		return;
	}
	if (d->count > XLSX_SUM_CELLS_MAX)
		return;
	bool ok = cat(f, "SUM(");
	for (unsigned k = 0; k < d->count && ok; k++)
		ok = cat(f, "%s%s", k ? "," : "", ref(first, sheet_row(start + (size_t)k * d->step), c, false));
	if (!ok || !cat(f, ")"))
		f[0] = '\0';
}

/* Why record I's figures are values, or NULL when they are formulas. */
static const char *
why_values(const struct book *b, size_t i)
{
	const struct sheet_row *r = &b->s->rows[i];
	if (r->derive.kind == OUT_FIXED)
		return "값으로 씀: 2단계는 전체 기간에서 1단계를 뺀 값이며, 그 둘이 이 시트에 없습니다. / "
		       "Written as values: stage 2 is the whole period less stage 1, and neither is in this sheet.";
	if ((uint64_t)r->res.total >= XLSX_EXACT_MAX ||
	    (r->derive.kind == OUT_OWN && !exact(r)))
		return "값으로 씀: 100조원(10^14)을 넘는 금액은 스프레드시트의 수식으로 정확히 계산할 수 "
		       "없습니다. / Written as values: past 10^14 won a spreadsheet's arithmetic is no longer exact.";
	return NULL;
}

/*
 * The record that holds record I's whole period when I is a stage of it
 * (--stages: stage 1, stage 2, then the whole), or -1: a stage's GPUs and
 * unit price are the whole period's, one input in one cell.
 */
static long
whole_row(const struct book *b, size_t i)
{
	const struct sheet *s = b->s;
	if (s->rows[i].derive.kind == OUT_REST && i + 1 < s->nrows)
		return (long)i + 1;
	if (s->rows[i].derive.kind == OUT_OWN && i + 2 < s->nrows && s->rows[i + 1].derive.kind == OUT_REST)
		return (long)i + 2;
	return -1;
}

/* The formula of column I (writing COL) of record I into F, or "" for a value. */
static void
cell_formula(const struct book *b, size_t i, size_t c, char *f)
{
	const struct sheet_row *r = &b->s->rows[i];
	int col = b->s->col[c];
	lxw_row_t row = sheet_row(i);
	char x[LXW_MAX_CELL_NAME_LENGTH], y[LXW_MAX_CELL_NAME_LENGTH], z[LXW_MAX_CELL_NAME_LENGTH];
	f[0] = '\0';
	if (!r->figures || why_values(b, i) != NULL)
		return;
	if (col == OUT_SELF_RATE || col == OUT_CASH_RATE) {
		if (r->derive.kind == OUT_SUM) {    /* the effective rate: a share of the sums */
			int part = col == OUT_SELF_RATE ? b->priv : b->cashmin;
			int whole = col == OUT_SELF_RATE ? b->total : b->priv;
			if (part >= 0 && whole >= 0)
				snprintf(f, FORMULA_MAX, "IF(%s=0,0,%s/%s)", ref(x, row, whole, false),
				         ref(y, row, part, false), ref(z, row, whole, false));
			return;
		}
		rate_ref(f, col == OUT_SELF_RATE ? b->self_row[r->sc.license][r->sc.type] : b->cash_row[r->sc.type]);
		return;
	}
	const struct out_col_def *def = out_col_def((enum out_col)col);
	if (def == NULL || (def->kind != OUT_KIND_WON && def->kind != OUT_KIND_SIGNED && col != OUT_GPUS))
		return;
	long whole = whole_row(b, i);
	if ((col == OUT_GPUS || col == OUT_UNIT_PRICE) && whole >= 0) {
		snprintf(f, FORMULA_MAX, "%s", ref(x, sheet_row((size_t)whole), (int)c, false));
		return;
	}
	if (r->derive.kind == OUT_SUM) {
		if (col != OUT_UNIT_PRICE)
			sum_formula(b, i, (int)c, f);
		return;
	}
	if (r->derive.kind == OUT_REST) {
		if (amount(col))
			snprintf(f, FORMULA_MAX, "%s-%s", ref(x, row + 1, (int)c, false), ref(y, row - 1, (int)c, false));
		return;
	}
	if (amount(col)) {
		if (!own_formula(b, r, row, (enum out_col)col, f, false))
			f[0] = '\0';
		return;
	}
	/*
	 * A budget's figures: what is spare or short of the record's own
	 * amounts, from their cells or, when --fields left them out, their
	 * formulas; a budget left out is its value.
	 */
	char cash[48], kind[48], need[FORMULA_MAX];
	if (!r->planned || r->derive.kind != OUT_OWN)
		return;
	if (b->bcash >= 0)
		ref(cash, row, b->bcash, false);
	else
		snprintf(cash, sizeof cash, "%" PRId64, r->plan.cash);
	if (b->bkind >= 0)
		ref(kind, row, b->bkind, false);
	else
		snprintf(kind, sizeof kind, "%" PRId64, r->plan.in_kind);
	need[0] = '\0';
	bool of_cash = col == OUT_CASH_SPARE || col == OUT_CASH_SHORT;
	if (!own_formula(b, r, row, of_cash ? OUT_CASH_MIN : OUT_PRIVATE, need, true))
		return;
	const char *x_ = need;
	switch (col) {
	case OUT_CASH_SPARE:    snprintf(f, FORMULA_MAX, "%s-%s", cash, x_); break;
	case OUT_SPARE:         snprintf(f, FORMULA_MAX, "%s+%s-%s", cash, kind, x_); break;
	case OUT_CASH_SHORT:    snprintf(f, FORMULA_MAX, "MAX(0,%s-%s)", x_, cash); break;
	case OUT_PRIVATE_SHORT: snprintf(f, FORMULA_MAX, "MAX(0,%s-%s-%s)", x_, cash, kind); break;
	default: break;
	}
}

/* The exact months of R as a formula ("=59/6") when 4 decimals do not hold them, else "". */
static void
months_formula(const struct sheet_row *r, char *f)
{
	f[0] = '\0';
	if (RULES_MONTHS_SCALE % r->sc.months_den != 0)
		snprintf(f, FORMULA_MAX, "%" PRIu64 "/%" PRIu64, r->sc.months, r->sc.months_den);
}

/*
 * Writes the LEN bytes at TEXT as a text cell at ROW, COL of the records:
 * as they are, or, past XLSX_CELL_CHARS_MAX characters, cut there with a
 * note saying how long they were.
 */
static void
put_text(struct book *b, lxw_row_t row, lxw_col_t col, const char *text, size_t len)
{
	size_t chars = 0, at = 0;
	while (at < len && chars < XLSX_CELL_CHARS_MAX) {
		size_t n = field_utf8_length(text + at, len - at);
		at += n > 0 ? n : 1;
		chars++;
	}
	if (at == len) {
		keep_error(b, worksheet_write_string(b->records, row, col, text, b->text), "records", row, col);
		return;
	}
	size_t total = chars;
	for (size_t k = at; k < len; total++) {
		size_t n = field_utf8_length(text + k, len - k);
		k += n > 0 ? n : 1;
	}
	char *head = malloc(at + 1);
	if (head == NULL) {
		keep_error(b, LXW_ERROR_MEMORY_MALLOC_FAILED, "records", row, col);
		return;
	}
	memcpy(head, text, at);
	head[at] = '\0';
	keep_error(b, worksheet_write_string(b->records, row, col, head, b->text), "records", row, col);
	free(head);
	char note[512], most[NUM_BUF], all[NUM_BUF];
	num_fmt_grouped(most, XLSX_CELL_CHARS_MAX);
	num_fmt_grouped(all, total);
	snprintf(note, sizeof note, "잘림: %s자 가운데 앞의 %s자만 담았습니다(Excel 칸의 최대 길이). / "
	         "Cut: the first %s of %s characters; an Excel cell holds at most %s.", all, most, most, all, most);
	keep_error(b, worksheet_write_comment(b->records, row, col, note), "records", row, col);
	if (b->cut++ == 0) {
		b->cut_row = row;
		b->cut_col = col;
	}
}

/* Writes cell C of record I. */
static void
write_cell(struct book *b, size_t i, size_t c)
{
	const struct sheet *s = b->s;
	const struct sheet_row *r = &s->rows[i];
	const struct out_cell *cell = sheet_cell(s, i, c);
	lxw_row_t row = sheet_row(i);
	lxw_col_t col = (lxw_col_t)c;
	int oc = s->col[c];
	char f[FORMULA_MAX];

	if (!cell->number) {        /* text exactly as read: never a number or a date */
		if (cell->len > 0)
			put_text(b, row, col, cell->text, cell->len);
		return;
	}
	const struct out_col_def *def = oc >= 0 ? out_col_def((enum out_col)oc) : NULL;
	lxw_format *format = def != NULL ? format_of(b, def->kind) : NULL;
	double value = number(cell->value, cell->places, cell->negative);
	if (r->figures && (int)c == b->first_amount && why_values(b, i) != NULL)
		keep_error(b, worksheet_write_comment(b->records, row, col, why_values(b, i)), "records", row, col);
	if (cell->places == 0 && cell->value > (1ull << 53)) {     /* not a double: the digits as text */
		char digits[NUM_BUF + 1];
		snprintf(digits, sizeof digits, "%s%" PRIu64, cell->negative ? "-" : "", cell->value);
		keep_error(b, worksheet_write_string(b->records, row, col, digits, b->text), "records", row, col);
		return;
	}
	if (oc == OUT_SELF_RATE || oc == OUT_CASH_RATE)
		value = number(cell->value, cell->places + 2, false);   /* a percentage: 12.5 is 0.125 */
	f[0] = '\0';
	if (oc == OUT_MONTHS && r->figures && r->derive.kind == OUT_OWN) {
		months_formula(r, f);
		if (f[0] != '\0') {
			value = (double)r->sc.months / (double)r->sc.months_den;
			char note[256];
			snprintf(note, sizeof note, "정확한 개월 수 %s: 수식은 이 칸을 1/%" PRIu64 "개월 단위로 "
			         "읽습니다. / The exact months; the formulas read this cell to the nearest 1/%" PRIu64
			         " month.", f, r->sc.months_den, r->sc.months_den);
			keep_error(b, worksheet_write_comment(b->records, row, col, note), "records", row, col);
		}
	} else if (oc >= 0) {
		cell_formula(b, i, c, f);
	}
	put_formula(b, row, col, f, value, format);
}

/* The header: each column's Korean term over its machine name, frozen, and the column widths. */
static void
write_header(struct book *b)
{
	const struct sheet *s = b->s;
	for (size_t c = 0; c < s->ncols; c++) {
		char korean[128];
		int oc = s->col[c];
		double width = 14;
		if (oc >= 0) {
			korean_name(korean, sizeof korean, (enum out_col)oc);
			enum out_kind kind = out_col_def((enum out_col)oc)->kind;
			width = kind == OUT_KIND_WON || kind == OUT_KIND_SIGNED ? 20 : kind == OUT_KIND_TEXT ? 16 : 12;
		} else {
			snprintf(korean, sizeof korean, "%s", s->names[c]);
		}
		/* Text columns as wide as their longest cell, in display columns (Hangul counts 2). */
		size_t widest = 0;
		for (size_t i = 0; i < s->nrows && i < 1000; i++) {
			const struct out_cell *cell = sheet_cell(s, i, c);
			size_t w = cell->number ? 0 : field_display_width(cell->text, cell->len);
			widest = w > widest ? w : widest;
		}
		if ((double)widest + 2 > width)
			width = widest + 2 > 50 ? 50 : (double)widest + 2;
		write_head(b, b->records, "records", (lxw_col_t)c, korean, s->names[c]);
		worksheet_set_column(b->records, (lxw_col_t)c, (lxw_col_t)c, width, NULL);
	}
}

/* The chart sheet: each bar's name and three amounts (the records' cells), and a stacked bar chart. */
static void
write_chart(struct book *b)
{
	const struct sheet *s = b->s;
	static const char *const korean[] = {
		"막대", "정부지원금", "현금 최소", "현물 최대", "정부지원금 (억원)", "현금 최소 (억원)", "현물 최대 (억원)",
	};
	static const char *const english[] = {
		"bar", "gov_subsidy_krw", "cash_min_krw", "in_kind_max_krw",
		"gov_subsidy_eok", "cash_min_eok", "in_kind_max_eok",
	};
	static const char *const series[] = {
		"정부지원금 government support", "현금 최소 cash minimum", "현물 최대 in-kind maximum",
	};
	static const uint32_t colours[] = { 0x0072B2, 0xE69F00, 0x009E73 };
	const int cols[3] = { b->gov, b->cashmin, b->inkind };
	lxw_worksheet *ws = b->chart;
	for (lxw_col_t c = 0; c < 7; c++) {
		write_head(b, ws, "chart", c, korean[c], english[c]);
		worksheet_set_column(ws, c, c, c == 0 ? 28 : 18, NULL);
	}
	lxw_row_t row = FIRST_ROW;
	for (size_t i = 0; i < s->nrows; i++) {
		if (!sheet_bar(s, i))
			continue;
		if (row - FIRST_ROW == XLSX_CHART_BARS_MAX) {
			char note[160];
			snprintf(note, sizeof note, "차트 없음: 막대가 %u개를 넘습니다. / No chart: more than %u bars.",
			         XLSX_CHART_BARS_MAX, XLSX_CHART_BARS_MAX);
			keep_error(b, worksheet_write_string(ws, row + 1, 0, note, b->note), "chart", row + 1, 0);
			return;
		}
		char label[256], f[FORMULA_MAX], cell[LXW_MAX_CELL_NAME_LENGTH];
		keep_error(b, worksheet_write_string(ws, row, 0, sheet_label(s, i, label, sizeof label), b->text),
		           "chart", row, 0);
		const int64_t v[3] = { s->rows[i].res.gov, s->rows[i].res.cash_min, s->rows[i].res.in_kind_max };
		for (int k = 0; k < 3; k++) {
			f[0] = '\0';
			if (cols[k] >= 0)
				snprintf(f, sizeof f, "'%s'!%s", RECORDS_SHEET, ref(cell, sheet_row(i), cols[k], false));
			lxw_error e = f[0] ? worksheet_write_formula_num(ws, row, (lxw_col_t)(k + 1), f, b->money, (double)v[k])
			                   : worksheet_write_number(ws, row, (lxw_col_t)(k + 1), (double)v[k], b->money);
			keep_error(b, e, "chart", row, (lxw_col_t)(k + 1));
			/* The chart's own scale: 억원, for people (no spreadsheet draws 10^8 as a unit). */
			char w[LXW_MAX_CELL_NAME_LENGTH];
			snprintf(f, sizeof f, "%s/100000000", ref(w, row, k + 1, false));
			keep_error(b, worksheet_write_formula_num(ws, row, (lxw_col_t)(k + 4), f, b->eok,
			                                          (double)v[k] / 1e8), "chart", row, (lxw_col_t)(k + 4));
		}
		row++;
	}
	lxw_row_t bars = row - FIRST_ROW;
	if (bars == 0)
		return;
	lxw_chart *chart = workbook_add_chart(b->wb, LXW_CHART_BAR_STACKED);
	if (chart == NULL) {
		keep_error(b, LXW_ERROR_MEMORY_MALLOC_FAILED, "chart", 0, 0);
		return;
	}
	for (int k = 0; k < 3; k++) {
		char cats[96], vals[96], a[LXW_MAX_CELL_NAME_LENGTH], z[LXW_MAX_CELL_NAME_LENGTH];
		snprintf(cats, sizeof cats, "='%s'!%s:%s", CHART_SHEET, ref(a, FIRST_ROW, 0, true),
		         ref(z, row - 1, 0, true));
		snprintf(vals, sizeof vals, "='%s'!%s:%s", CHART_SHEET, ref(a, FIRST_ROW, k + 4, true),
		         ref(z, row - 1, k + 4, true));
		lxw_chart_series *ser = chart_add_series(chart, cats, vals);
		if (ser == NULL) {
			keep_error(b, LXW_ERROR_MEMORY_MALLOC_FAILED, "chart", 0, 0);
			return;
		}
		chart_series_set_name(ser, series[k]);
		lxw_chart_fill fill = { .color = colours[k] };
		chart_series_set_fill(ser, &fill);
	}
	chart_title_set_name(chart, "정부지원금 · 현금 최소 · 현물 최대 (억원)");
	chart_axis_set_reverse(chart->y_axis);       /* the first record at the top */
	chart_axis_set_num_format(chart->x_axis, "#,##0\"억\"");
	chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
	lxw_chart_options opt = { .x_scale = 2.0, .y_scale = 1.0 + (double)bars / 12.0 };
	keep_error(b, worksheet_insert_chart_opt(ws, FIRST_ROW, 8, chart, &opt), "chart", FIRST_ROW, 8);
}

/* The formats: header, money (#,##0"원"), count, months, percentage, text, note. */
static bool
add_formats(struct book *b)
{
	lxw_format **all[] = { &b->head, &b->money, &b->count, &b->tenths, &b->pct, &b->text, &b->note, &b->eok };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		if ((*all[i] = workbook_add_format(b->wb)) == NULL)
			return false;
	format_set_bold(b->head);
	format_set_text_wrap(b->head);
	format_set_align(b->head, LXW_ALIGN_CENTER);
	format_set_align(b->head, LXW_ALIGN_VERTICAL_CENTER);
	format_set_bg_color(b->head, 0xDDEBF7);
	format_set_bottom(b->head, LXW_BORDER_THIN);
	format_set_num_format(b->money, "#,##0\"원\"");
	format_set_num_format(b->count, "#,##0");
	format_set_num_format(b->tenths, "0.0###");
	format_set_num_format(b->pct, "0.00##%");
	format_set_num_format(b->text, "@");    /* text stays text when someone edits it */
	format_set_italic(b->note);
	format_set_num_format(b->eok, "#,##0.0000");
	return true;
}

/* The workbook of B->s into the file PATH. */
static lxw_error
make_book(struct book *b, const char *path)
{
	const struct sheet *s = b->s;
	lxw_workbook_options wopt = { .constant_memory = LXW_FALSE };
	b->wb = workbook_new_opt(path, &wopt);
	if (b->wb == NULL)
		return LXW_ERROR_CREATING_XLSX_FILE;
	if (!add_formats(b) ||
	    (b->records = workbook_add_worksheet(b->wb, RECORDS_SHEET)) == NULL ||
	    (b->rates = workbook_add_worksheet(b->wb, RATES_SHEET)) == NULL ||
	    (b->chart = workbook_add_worksheet(b->wb, CHART_SHEET)) == NULL) {
		workbook_close(b->wb);
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	}
	lxw_doc_properties props = {
		.title = (char *)(s->title != NULL ? s->title : "kai-cost"),
		.subject = "특화 AI 파운데이션 모델 사업 비용 / programme costs",
		.author = "kai-cost " KAI_VERSION,
		.comments = "Figures are formulas over the inputs and the rates sheet, with kai-cost's exact results cached.",
	};
	workbook_set_properties(b->wb, &props);

	write_rates(b);
	write_header(b);
	for (size_t i = 0; i < s->nrows; i++)
		for (size_t c = 0; c < s->ncols; c++)
			write_cell(b, i, c);
	write_chart(b);

	/* Printable: landscape A4 (A3 past 15 columns), one page wide, the header on every page. */
	worksheet_set_landscape(b->records);
	worksheet_set_paper(b->records, s->ncols > 15 ? 8 : 9);
	worksheet_fit_to_pages(b->records, 1, 0);
	worksheet_repeat_rows(b->records, 0, FIRST_ROW - 1);
	worksheet_set_header(b->records, "&L&\"-,Bold\"kai-cost&R&D");
	worksheet_set_footer(b->records, "&C&P / &N");
	worksheet_set_landscape(b->rates);
	worksheet_fit_to_pages(b->rates, 1, 0);
	worksheet_set_landscape(b->chart);
	worksheet_fit_to_pages(b->chart, 1, 1);
	worksheet_activate(b->records);

	lxw_error closed = workbook_close(b->wb);
	return b->err != LXW_NO_ERROR ? b->err : closed;
}

static enum sheet_status write_book(struct book *b, const char *path, FILE *fp, char *msg, size_t n);

/* Copies the file at PATH to FP; false with errno set when it cannot be read. */
static bool
copy_file(const char *path, FILE *fp)
{
	FILE *in = fopen(path, "rb");
	if (in == NULL)
		return false;
	char buf[1 << 16];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		fwrite(buf, 1, n, fp);
	bool ok = !ferror(in);
	fclose(in);
	return ok;
}

enum sheet_status
xlsx_write(const struct sheet *s, FILE *fp, char *msg, size_t n)
{
	struct book b = { .s = s, .first_amount = -1 };
	if (s->names == NULL)       /* no header: the input was refused, no workbook to replace -o with */
		return SHEET_OK;
	int *cols[] = { &b.gpus, &b.months, &b.price, &b.self, &b.cash, &b.gov, &b.priv, &b.cashmin,
	                &b.inkind, &b.total, &b.bcash, &b.bkind };
	static const enum out_col ids[] = { OUT_GPUS, OUT_MONTHS, OUT_UNIT_PRICE, OUT_SELF_RATE, OUT_CASH_RATE,
	                                    OUT_GOV, OUT_PRIVATE, OUT_CASH_MIN, OUT_IN_KIND, OUT_TOTAL,
	                                    OUT_BUDGET_CASH, OUT_BUDGET_IN_KIND };
	for (size_t k = 0; k < sizeof ids / sizeof ids[0]; k++)
		*cols[k] = sheet_find(s, ids[k]);
	for (size_t c = 0; c < s->ncols && b.first_amount < 0; c++)
		if (amount(s->col[c]))
			b.first_amount = (int)c;

	/* $TMPDIR, or /tmp when it is unset or cannot take the file. */
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd = -1;
	if (dir != NULL && *dir != '\0' && (size_t)snprintf(path, sizeof path, "%s/kai-cost-XXXXXX", dir) < sizeof path)
		fd = mkstemp(path);
	if (fd < 0) {
		snprintf(path, sizeof path, "/tmp/kai-cost-XXXXXX");
		fd = mkstemp(path);
	}
	if (fd < 0) {
		snprintf(msg, n, _("cannot make the workbook: cannot create a temporary file in %s%s: %s"),
		         dir != NULL && *dir != '\0' ? dir : "/tmp", dir != NULL && *dir != '\0' ? " or /tmp" : "",
		         strerror(errno));
		return SHEET_FAILED;
	}
	close(fd);
	/*
	 * Signals that end the run wait until the temporary file is gone: a
	 * SIGPIPE, SIGINT or SIGTERM meanwhile is delivered after the unlink.
	 */
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGPIPE);
	sigprocmask(SIG_BLOCK, &block, &old);
	enum sheet_status st = write_book(&b, path, fp, msg, n);
	unlink(path);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return st;
}

/* The workbook of B made in the temporary file PATH, then copied to FP. */
static enum sheet_status
write_book(struct book *b, const char *path, FILE *fp, char *msg, size_t n)
{
	lxw_error err = make_book(b, path);
	if (err != LXW_NO_ERROR) {
		char cell[LXW_MAX_CELL_NAME_LENGTH] = "";
		if (b->err_what != NULL)
			ref(cell, b->err_row, (int)b->err_col, false);
		if (b->err_what != NULL)
			snprintf(msg, n, _("cannot make the workbook (sheet %s, cell %s): %s"), b->err_what, cell,
			         lxw_strerror(err));
		else
			snprintf(msg, n, _("cannot make the workbook: %s"), lxw_strerror(err));
		return SHEET_FAILED;
	}
	bool ok = copy_file(path, fp);
	int e = errno;
	if (!ok) {
		snprintf(msg, n, _("cannot read the workbook back from its temporary file: %s"), strerror(e));
		return SHEET_FAILED;
	}
	if (b->cut > 0) {           /* written, but say so: the caller prints MSG as a warning */
		char cell[LXW_MAX_CELL_NAME_LENGTH];
		char most[NUM_BUF];
		num_fmt_grouped(most, XLSX_CELL_CHARS_MAX);
		snprintf(msg, n, ngettext("%zu text cell cut to %s characters, the most an Excel cell holds "
		                          "(the first: cell %s of the records); a note on each says so",
		                          "%zu text cells cut to %s characters, the most an Excel cell holds "
		                          "(the first: cell %s of the records); a note on each says so", b->cut),
		         b->cut, most, ref(cell, b->cut_row, (int)b->cut_col, false));
	}
	return SHEET_OK;
}
