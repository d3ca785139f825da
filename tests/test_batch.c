/*
 * test_batch.c - the batch reader, fed every input in every read size from
 * one byte up, so that records, quoted newlines, CRLF pairs, the BOM and
 * CP949 double-byte characters all cross read boundaries.  Expected amounts
 * come from the SPEC's worked examples and an independent exact computation.
 */
#include <dirent.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "batch.h"
#include "check.h"
#include "field.h"
#include "i18n.h"
#include "programme.h"

/* Computed columns, unit_price_krw .. total_cost_krw, of scenarios used below. */
/* sme commercial, 256 GPUs, 2025-11-15 to 2026-09-09 (59/6 months), from the price on. */
/* The built-in rules in force on 2026-01-01: stage dates and warnings, for the rows that name it. */
static struct rs_pick pick;

#define SC_DATES "6600000,16614400000,5,874442106,10,87444211,786997895,17488842106"
#define SC10  "6600000,16896000000,5,889263158,10,88926316,800336842,17785263158"   /* sme commercial 256 10 */
#define SR103 "6600000,17402880000,12.5,2486125715,10,248612572,2237513143,19889005715" /* sme research 256 10.3 */
#define MR11  "6600000,6600000,15,1164706,13,151412,1013294,7764706"                /* mid research 1 1 */
#define LC10  "6600000,16896000000,50,16896000000,15,2534400000,14361600000,33792000000" /* large closed 256 10 */
#define SR103_10_3 "6600000,17402880000,12.5,2486125715,10,248612572,2237513143,19889005715"
#define SC1P  "1000000,1000000,5,52632,10,5264,47368,1052632"                       /* sme commercial 1 1 @1,000,000 */
#define HEAD  "size,license,gpus,months"
#define COMPUTED_LIST "unit_price_krw, gov_subsidy_krw, self_rate_pct, private_share_krw, cash_rate_pct, cash_min_krw, in_kind_max_krw, total_cost_krw"
#define KO_HEAD "기업규모,공개방식,GPU수,개월수"
#define KO_COMPUTED "단가,정부지원금,자부담율,민간부담금,현금비율,현금최소,현물최대,총사업비"
#define COMPUTED "unit_price_krw,gov_subsidy_krw,self_rate_pct,private_share_krw,cash_rate_pct,cash_min_krw,in_kind_max_krw,total_cost_krw"

/* Collects reports as "LINE: message\n" lines. */
struct reports {
	char text[4096];
	size_t len;
};

static void
collect(void *ctx, const char *file, unsigned long line, const char *msg)
{
	struct reports *r = ctx;
	(void)file;
	r->len += (size_t)snprintf(r->text + r->len, sizeof r->text - r->len, "%lu: %s\n", line, msg);
}

struct run {
	char *out;
	size_t out_len;
	struct reports rep;
	enum batch_status status;
};

/* Runs the reader over the N bytes of IN with OPT, reading CHUNK bytes at a time. */
static void
run_batch(struct run *r, struct batch_options opt, const char *in, size_t n, size_t chunk)
{
	FILE *out = open_memstream(&r->out, &r->out_len);
	FILE *fp = fmemopen((void *)in, n, "rb");
	assert_non_null(out);
	if (n > 0)
		assert_non_null(fp);
	else
		fp = fopen("/dev/null", "rb");
	r->rep.len = 0;
	r->rep.text[0] = '\0';
	opt.chunk = chunk;
	opt.report = collect;
	opt.ctx = &r->rep;
	if (opt.rates == NULL)
		opt.rates = &programme_rates;
	if (opt.defaults.unit_price == 0)
		opt.defaults.unit_price = PROGRAMME_UNIT_PRICE;
	struct batch *b = batch_new(&opt, out);
	assert_non_null(b);
	r->status = batch_file(b, fp, "in.csv");
	batch_free(b);
	fclose(fp);
	assert_int_equal(fclose(out), 0);
}

#define IN(s) s, sizeof s - 1

static const struct {
	const char *what;
	struct batch_options opt;
	const char *in;
	size_t len;
	const char *out;
	const char *reports;
	enum batch_status status;
} rows[] = {
	{ "plain LF", { .format = OUT_CSV },
	  IN(HEAD "\nsme,commercial,256,10\nmid,research,1,1\n"),
	  HEAD "," COMPUTED "\nsme,commercial,256,10," SC10 "\nmid,research,1,1," MR11 "\n", "", BATCH_OK },
	{ "no newline at the end", { .format = OUT_CSV },
	  IN(HEAD "\nsme,commercial,256,10"),
	  HEAD "," COMPUTED "\nsme,commercial,256,10," SC10 "\n", "", BATCH_OK },
	{ "CRLF and a byte-order mark", { .format = OUT_CSV },
	  IN("\xEF\xBB\xBF" HEAD "\r\nsme,commercial,256,10\r\nsme,research,256,10.3\r\n"),
	  HEAD "," COMPUTED "\nsme,commercial,256,10," SC10 "\nsme,research,256,10.3," SR103 "\n", "", BATCH_OK },
	{ "quoted commas, quotes and newlines; lines counted through them", { .format = OUT_CSV },
	  IN("name," HEAD "\n\"a, \"\"b\"\"\nc\",sme,commercial,256,10\n\"x\r\ny\",mid,research,1,1\nbad,sme,commercial,-1,10\n"),
	  "name," HEAD "," COMPUTED "\n\"a, \"\"b\"\"\nc\",sme,commercial,256,10," SC10
	  "\n\"x\r\ny\",mid,research,1,1," MR11 "\n",
	  "6: gpus '-1': negative; expected a whole number of GPUs from 0 to 100,000\n", BATCH_INVALID },
	{ "a bare CR ends a record, as libcsv reads it", { .format = OUT_CSV },
	  IN(HEAD "\nsme,commercial,256,10\rmid,research,1,1\nsme,commercial,x,1\n"),
	  HEAD "," COMPUTED "\nsme,commercial,256,10," SC10 "\nmid,research,1,1," MR11 "\n",
	  "3: gpus 'x': not a number; expected a whole number of GPUs from 0 to 100,000\n", BATCH_INVALID },
	{ "lines inside a quoted field are never split at their commas", { .format = OUT_CSV },
	  IN("name," HEAD "\n\"first\nsecond, still\nthird\",sme,commercial,256,10\nx,mid,research,1,1\ny,sme,commercial,-1,1\n"),
	  "name," HEAD "," COMPUTED "\n\"first\nsecond, still\nthird\",sme,commercial,256,10," SC10
	  "\nx,mid,research,1,1," MR11 "\n",
	  "6: gpus '-1': negative; expected a whole number of GPUs from 0 to 100,000\n", BATCH_INVALID },
	{ "a quote opened after a bare CR carries on to the next line", { .format = OUT_CSV },
	  IN("name," HEAD "\nx,sme,commercial,256,10\r\"y\nz,w\",mid,research,1,1\nq,sme,commercial,-1,1\n"),
	  "name," HEAD "," COMPUTED "\nx,sme,commercial,256,10," SC10 "\n\"y\nz,w\",mid,research,1,1," MR11 "\n",
	  "4: gpus '-1': negative; expected a whole number of GPUs from 0 to 100,000\n", BATCH_INVALID },
	{ "quoted numbers and values", { .format = OUT_CSV },
	  IN(HEAD "\n\"sme\",\"commercial\",\"256\",\"10\"\n"),
	  HEAD "," COMPUTED "\nsme,commercial,256,10," SC10 "\n", "", BATCH_OK },
	{ "Korean headers and values, passed through unchanged", { .format = OUT_CSV },
	  IN("기업규모,공개방식,GPU수,개월수\n중소기업,상업용,256,10\n대기업,비공개,256,10\n"),
	  "기업규모,공개방식,GPU수,개월수," COMPUTED "\n중소기업,상업용,256,10," SC10 "\n대기업,비공개,256,10," LC10 "\n",
	  "", BATCH_OK },
	{ "extra and reordered columns, header names trimmed and in any case", { .format = OUT_CSV },
	  IN("Months, GPUS ,note,License,SIZE\n10,256,first,commercial,sme\n"),
	  "Months, GPUS ,note,License,SIZE," COMPUTED "\n10,256,first,commercial,sme," SC10 "\n", "", BATCH_OK },
	{ "spaces around values are kept in the output and ignored when read", { .format = OUT_CSV },
	  IN(HEAD "\n sme , commercial , 256 , 10 \n"),
	  HEAD "," COMPUTED "\n sme , commercial , 256 , 10 ," SC10 "\n", "", BATCH_OK },
	{ "blank lines skipped, with their lines counted", { .format = OUT_CSV },
	  IN("\n" HEAD "\n\nsme,commercial,256,10\r\n\r\n  \n\nsme,commercial,abc,10\n\n"),
	  HEAD "," COMPUTED "\nsme,commercial,256,10," SC10 "\n",
	  "8: gpus 'abc': not a number; expected a whole number of GPUs from 0 to 100,000\n", BATCH_INVALID },
	{ "a unit_price column, blank meaning the default", { .format = OUT_CSV },
	  IN(HEAD ",unit_price\nsme,commercial,1,1,\"1,000,000\"\nsme,commercial,256,10,\n"),
	  HEAD ",unit_price," COMPUTED "\nsme,commercial,1,1,\"1,000,000\"," SC1P "\nsme,commercial,256,10,," SC10 "\n",
	  "", BATCH_OK },
	{ "단가 is the unit price", { .format = OUT_CSV },
	  IN(HEAD ",단가\nsme,commercial,1,1,1000000\n"),
	  HEAD ",단가," COMPUTED "\nsme,commercial,1,1,1000000," SC1P "\n", "", BATCH_OK },
	{ "kai-cost's own output: computed columns replaced in place", { .format = OUT_CSV },
	  IN(HEAD "," COMPUTED "\nsme,commercial,256,10,6600000,2,3,4,5,6,7,8\n"),
	  HEAD "," COMPUTED "\nsme,commercial,256,10," SC10 "\n", "", BATCH_OK },
	/* unit_price_krw is read as the price, so that a run with --unit-price reads back the same. */
	{ "kai-cost's own unit_price_krw is the price", { .format = OUT_CSV },
	  IN(HEAD "," COMPUTED "\nsme,commercial,256,10,1,2,3,4,5,6,7,8\n"),
	  HEAD "," COMPUTED "\nsme,commercial,256,10,1,2560,5,135,10,14,121,2695\n", "", BATCH_OK },
	/* Found by the fuzzer's re-run check: with unit_price beside it, unit_price_krw is recomputed. */
	{ "unit_price and unit_price_krw", { .format = OUT_CSV, .fields = "unit_price,unit_price_krw,gov_subsidy_krw" },
	  IN(HEAD ",unit_price,unit_price_krw\nsme,commercial,256,10,\"6,600,000\",1\nsme,commercial,1,1,,1\n"
	     "sme,commercial,1,1,2,\n"),
	  "unit_price,unit_price_krw,gov_subsidy_krw\n\"6,600,000\",6600000,16896000000\n,6600000,6600000\n2,2,2\n",
	  "", BATCH_OK },
	{ "a computed column in the middle, in another case, keeps its place and name", { .format = OUT_CSV },
	  IN("TOTAL_COST_KRW," HEAD "\nold,sme,commercial,256,10\n"),
	  "TOTAL_COST_KRW," HEAD ",unit_price_krw,gov_subsidy_krw,self_rate_pct,private_share_krw,"
	  "cash_rate_pct,cash_min_krw,in_kind_max_krw\n17785263158,sme,commercial,256,10,"
	  "6600000,16896000000,5,889263158,10,88926316,800336842\n", "", BATCH_OK },
	{ "every kind of bad record, each with its line; the good ones written", { .format = OUT_CSV },
	  IN(HEAD "\nhuge,commercial,1,1\nsme,maybe,1,1\nsme,commercial,1.5,1\nsme,commercial,1,1.23456\n"
	     "sme,commercial,1,0\nsme,commercial,1,10,3\nsme,commercial,1\n,commercial,1,1\n"
	     "sme,commercial,100001,1\nmid,research,1,1\nsme,commercial,1,\"10,3\"\n"),
	  HEAD "," COMPUTED "\nmid,research,1,1," MR11 "\n",
	  "2: size 'huge': unknown company size; expected large, mid or sme (대기업, 중견기업, 중소기업)\n"
	  "3: license 'maybe': unknown open-source mode; expected commercial, research or closed (상업용, 연구용, 비공개)\n"
	  "4: gpus '1.5': too many decimal places; expected a whole number of GPUs from 0 to 100,000\n"
	  "5: months '1.23456': too many decimal places; expected a number of months above 0 and at most 1,200, with at most 4 decimal places\n"
	  "6: months '0': too small; expected a number of months above 0 and at most 1,200, with at most 4 decimal places\n"
	  "7: 5 fields; expected 4 as in the header\n"
	  "8: 3 fields; expected 4 as in the header\n"
	  "9: size '': missing value; expected large, mid or sme (대기업, 중견기업, 중소기업)\n"
	  "10: gpus '100001': too large; expected a whole number of GPUs from 0 to 100,000\n"
	  "12: months '10,3': misplaced thousands separator; expected a number of months above 0 and at most 1,200, with at most 4 decimal places\n",
	  BATCH_INVALID },
	{ "--strict stops at the first bad record", { .format = OUT_CSV, .strict = true },
	  IN(HEAD "\nsme,commercial,256,10\nhuge,commercial,1,1\nmid,research,1,1\n"),
	  HEAD "," COMPUTED "\nsme,commercial,256,10," SC10 "\n",
	  "3: size 'huge': unknown company size; expected large, mid or sme (대기업, 중견기업, 중소기업)\n", BATCH_STOP },
	{ "an unterminated quote stops the file at the record's first line", { .format = OUT_CSV },
	  IN(HEAD "\nsme,commercial,256,10\n\"sme,commercial,1,1\nmid,research,1,1\n"),
	  HEAD "," COMPUTED "\nsme,commercial,256,10," SC10 "\n",
	  "3: unterminated quoted field; expected a closing '\"'\n", BATCH_INVALID },
	{ "a stray quote stops the file", { .format = OUT_CSV },
	  IN(HEAD "\nsme,commercial,256,10\nsme,comm\"ercial,1,1\nmid,research,1,1\n"),
	  HEAD "," COMPUTED "\nsme,commercial,256,10," SC10 "\n",
	  "3: malformed CSV: a quote inside an unquoted field or text after a closing quote; expected RFC 4180 quoting\n",
	  BATCH_INVALID },
	{ "text after a closing quote stops the file", { .format = OUT_CSV },
	  IN(HEAD "\n\"sme\"x,commercial,1,1\n"),
	  HEAD "," COMPUTED "\n",
	  "2: malformed CSV: a quote inside an unquoted field or text after a closing quote; expected RFC 4180 quoting\n",
	  BATCH_INVALID },
	{ "invalid UTF-8 that looks like CP949 gets the hint", { .format = OUT_CSV },
	  IN("name," HEAD "\n\xC4\xAB\xC4\xAB\xBF\xC0,sme,commercial,256,10\nok,sme,commercial,256,10\n"),
	  "name," HEAD "," COMPUTED "\nok,sme,commercial,256,10," SC10 "\n",
	  "2: column 'name': invalid UTF-8; the bytes look like CP949 (Korean Excel): try --encoding=cp949\n",
	  BATCH_INVALID },
	{ "other invalid UTF-8 does not", { .format = OUT_CSV },
	  IN("name," HEAD "\n\xFF\xFE,sme,commercial,256,10\n\xED\xA0\x80,sme,commercial,256,10\n"),
	  "name," HEAD "," COMPUTED "\n",
	  "2: column 'name': invalid UTF-8; expected a file saved as UTF-8\n"
	  "3: column 'name': invalid UTF-8; expected a file saved as UTF-8\n", BATCH_INVALID },
	{ "a CP949 header without --encoding", { .format = OUT_CSV },
	  IN("\xB1\xE2\xBE\xF7\xB1\xD4\xB8\xF0,license,gpus,months\n"),
	  "", "1: header, column 1: invalid UTF-8; the bytes look like CP949 (Korean Excel): try --encoding=cp949\n",
	  BATCH_INVALID },
	{ "CP949 with --encoding=cp949", { .format = OUT_CSV, .encoding = CSVR_CP949 },
	  /* 이름,기업규모,공개방식,GPU수,개월수 / "카카오, 팀",중소기업,상업용,256,10 / 네이버,대기업,비공개,256,10 / 3 fields */
	  IN("\xC0\xCC\xB8\xA7,\xB1\xE2\xBE\xF7\xB1\xD4\xB8\xF0,\xB0\xF8\xB0\xB3\xB9\xE6\xBD\xC4,GPU\xBC\xF6,\xB0\xB3\xBF\xF9\xBC\xF6\r\n"
	     "\"\xC4\xAB\xC4\xAB\xBF\xC0, \xC6\xC0\",\xC1\xDF\xBC\xD2\xB1\xE2\xBE\xF7,\xBB\xF3\xBE\xF7\xBF\xEB,256,10\r\n"
	     "\xB3\xD7\xC0\xCC\xB9\xF6,\xB4\xEB\xB1\xE2\xBE\xF7,\xBA\xF1\xB0\xF8\xB0\xB3,256,10\r\n"
	     "\xB3\xD7\xC0\xCC\xB9\xF6,1,2\r\n"),
	  "이름,기업규모,공개방식,GPU수,개월수," COMPUTED "\n\"카카오, 팀\",중소기업,상업용,256,10," SC10
	  "\n네이버,대기업,비공개,256,10," LC10 "\n",
	  "4: 3 fields; expected 5 as in the header\n", BATCH_INVALID },
	{ "a byte that is not CP949", { .format = OUT_CSV, .encoding = CSVR_CP949 },
	  IN(HEAD "\nsme,commercial,256,10\nsme,\xFF\xFF,1,1\n"),
	  HEAD "," COMPUTED "\nsme,commercial,256,10," SC10 "\n",
	  "3: invalid CP949 byte 0xFF; expected a file saved as CP949 (EUC-KR)\n", BATCH_INVALID },
	{ "a UTF-8 BOM with --encoding=cp949", { .format = OUT_CSV, .encoding = CSVR_CP949 },
	  IN("\xEF\xBB\xBF" HEAD "\n"), "",
	  "1: the file starts with a UTF-8 byte-order mark; expected CP949 (drop --encoding=cp949 for UTF-8 files)\n",
	  BATCH_INVALID },
	{ "--excel: BOM, CRLF, formula-like text neutralised, numbers untouched", { .format = OUT_CSV, .excel = true },
	  IN("name," HEAD "\n\"=HYPERLINK(\"\"x\"\")\",sme,commercial,256,10\n-2,sme,commercial,256,10\n"
	     "-x,sme,commercial,256,10\n"),
	  "\xEF\xBB\xBFname," HEAD "," COMPUTED "\r\n\"'=HYPERLINK(\"\"x\"\")\",sme,commercial,256,10," SC10
	  "\r\n-2,sme,commercial,256,10," SC10 "\r\n'-x,sme,commercial,256,10," SC10 "\r\n", "", BATCH_OK },
	{ "tsv", { .format = OUT_TSV, .fields = "name,total_cost_krw" },
	  IN("name," HEAD "\n\"a\tb\",sme,commercial,256,10\n"),
	  "name\ttotal_cost_krw\na\\tb\t17785263158\n", "", BATCH_OK },
	{ "json: input columns as strings, computed ones as numbers", { .format = OUT_JSON },
	  IN("name," HEAD "\n\"say \"\"hi\"\"\",sme,commercial,256,10\n"),
	  "{\"name\":\"say \\\"hi\\\"\",\"size\":\"sme\",\"license\":\"commercial\",\"gpus\":\"256\",\"months\":\"10\","
	  "\"unit_price_krw\":6600000,\"gov_subsidy_krw\":16896000000,\"self_rate_pct\":5,"
	  "\"private_share_krw\":889263158,\"cash_rate_pct\":10,\"cash_min_krw\":88926316,"
	  "\"in_kind_max_krw\":800336842,\"total_cost_krw\":17785263158}\n", "", BATCH_OK },
	/* Plain lines of the usual layout, an input run then the computed columns: write_record()'s unrolled walk. */
	{ "json: a plain line", { .format = OUT_JSON },
	  IN("name," HEAD "\nx,sme,commercial,256,10\n"),
	  "{\"name\":\"x\",\"size\":\"sme\",\"license\":\"commercial\",\"gpus\":\"256\",\"months\":\"10\","
	  "\"unit_price_krw\":6600000,\"gov_subsidy_krw\":16896000000,\"self_rate_pct\":5,"
	  "\"private_share_krw\":889263158,\"cash_rate_pct\":10,\"cash_min_krw\":88926316,"
	  "\"in_kind_max_krw\":800336842,\"total_cost_krw\":17785263158}\n", "", BATCH_OK },
	{ "tsv: a plain line", { .format = OUT_TSV },
	  IN("name," HEAD "\nx,sme,commercial,256,10\n"),
	  "name\tsize\tlicense\tgpus\tmonths\tunit_price_krw\tgov_subsidy_krw\tself_rate_pct\tprivate_share_krw\t"
	  "cash_rate_pct\tcash_min_krw\tin_kind_max_krw\ttotal_cost_krw\n"
	  "x\tsme\tcommercial\t256\t10\t6600000\t16896000000\t5\t889263158\t10\t88926316\t800336842\t17785263158\n",
	  "", BATCH_OK },
	{ "--fields picks input and computed columns in any order", { .format = OUT_CSV, .fields = "total_cost_krw, NAME" },
	  IN("name," HEAD "\nx,sme,commercial,256,10\n"),
	  "total_cost_krw,name\n17785263158,x\n", "", BATCH_OK },
	{ "--no-header", { .format = OUT_CSV, .no_header = true, .fields = "size,cash_min_krw" },
	  IN(HEAD "\nsme,commercial,256,10\n"), "sme,88926316\n", "", BATCH_OK },
	{ "--fields naming no column", { .format = OUT_CSV, .fields = "name,nope" },
	  IN("name," HEAD "\nx,sme,commercial,256,10\n"), "",
	  "0: --fields 'nope': unknown column; expected any of name, size, license, gpus, months, " COMPUTED_LIST "\n",
	  BATCH_USAGE },
	{ "--fields listing a column twice", { .format = OUT_CSV, .fields = "size,SIZE" },
	  IN(HEAD "\nsme,commercial,256,10\n"), "",
	  "0: --fields 'SIZE': column listed twice; expected each column at most once\n", BATCH_USAGE },
	{ "a header with only some columns", { .format = OUT_CSV },
	  IN("size,license,gpus\nsme,commercial,256\n"), "",
	  "1: no months column; expected the columns size, license, gpus and months (or 기업규모, 공개방식, GPU수, 개월수)\n",
	  BATCH_INVALID },
	{ "two columns for one field", { .format = OUT_CSV },
	  IN("size,기업규모,license,gpus,months\nsme,sme,commercial,256,10\n"), "",
	  "1: columns 'size' and '기업규모' both give size; expected one\n", BATCH_INVALID },
	{ "an empty file has no header", { .format = OUT_CSV },
	  IN(""), "", "0: no header; expected a first line naming the columns size, license, gpus and months\n",
	  BATCH_INVALID },
	{ "from and to instead of months: a months column is added", { .format = OUT_CSV },
	  IN("name,size,license,gpus,from,to\na,sme,research,256,2025-11-01,2026-09-09\n"
	     "b,sme,research,256,2025-11-15,2026-09-09\n"),
	  "name,size,license,gpus,from,to,months," COMPUTED "\na,sme,research,256,2025-11-01,2026-09-09,10.3,"
	  SR103_10_3 "\nb,sme,research,256,2025-11-15,2026-09-09,9.8333,"
	  "6600000,16614400000,12.5,2373485715,10,237348572,2136137143,18987885715\n", "", BATCH_OK },
	{ "시작일 and 종료일, and bad periods with their lines", { .format = OUT_CSV, .fields = "name,months" },
	  IN("name,기업규모,공개방식,GPU수,시작일,종료일\nok,sme,research,1,2026-02-01,2026-02-14\n"
	     "bad,sme,research,1,2026-02-30,2026-03-01\nempty,sme,research,1,2026-02-01,\n"
	     "back,sme,research,1,2026-03-02,2026-03-01\nlong,sme,research,1,1900-01-01,2026-01-01\n"),
	  "name,months\nok,0.5\n",
	  "3: 시작일 '2026-02-30': not a date; expected a real date YYYY-MM-DD\n"
	  "4: 종료일 '': missing value; expected a real date YYYY-MM-DD\n"
	  "5: the period 2026-03-02 to 2026-03-01: ends before it starts; expected an end on or after "
	  "the start, at most 1,200 months later\n"
	  "6: the period 1900-01-01 to 2026-01-01: too long; expected an end on or after the start, "
	  "at most 1,200 months later\n", BATCH_INVALID },
	/*
	 * Months beside dates (kai-cost's own output): the dates give the period,
	 * and the months must be theirs as written, 59/6 = 9.8333, or blank.
	 * 16,614,400,000 = 256 x 6,600,000 x 59/6; private ceil(x 5/95).
	 */
	{ "months beside dates that agree", { .format = OUT_CSV },
	  IN(HEAD ",from,to\nsme,commercial,256,9.8333,2025-11-15,2026-09-09\n"
	     "sme,commercial,256,,2025-11-15,2026-09-09\nsme,commercial,256,10,,\n"),
	  HEAD ",from,to," COMPUTED "\nsme,commercial,256,9.8333,2025-11-15,2026-09-09," SC_DATES
	  "\nsme,commercial,256,9.8333,2025-11-15,2026-09-09," SC_DATES "\nsme,commercial,256,10,,," SC10 "\n",
	  "", BATCH_OK },
	{ "months beside dates that disagree", { .format = OUT_CSV },
	  IN(HEAD ",from,to\nsme,commercial,256,9.83,2025-11-15,2026-09-09\nsme,commercial,256,,,\n"
	     "sme,commercial,256,x,2025-11-15,2026-09-09\n"),
	  HEAD ",from,to," COMPUTED "\n",
	  "2: months '9.83': 2025-11-15 to 2026-09-09 gives 9.8333 months; expected the months of the "
	  "dates, or a blank cell\n"
	  "3: months '': missing value; expected a number of months above 0 and at most 1,200, with at "
	  "most 4 decimal places\n"
	  "4: months 'x': not a number; expected a number of months above 0 and at most 1,200, with at "
	  "most 4 decimal places\n", BATCH_INVALID },
	/* kai-cost --stages output read back: each stage as --stages computes it, months checked. */
	{ "stage rows", { .format = OUT_CSV, .pick = &pick },
	  IN("stage," HEAD ",from,to\n1,sme,commercial,256,4.5333,2025-11-15,2026-09-09\n"
	     "2,sme,commercial,256,5.3,2025-11-15,2026-09-09\ntotal,sme,commercial,256,,2025-11-15,2026-09-09\n"
	     "2,sme,commercial,256,9.8333,2025-11-15,2026-09-09\n3,sme,commercial,256,,2025-11-15,2026-09-09\n"
	     "1,sme,commercial,256,10,,\n"),
	  "stage," HEAD ",from,to," COMPUTED "\n"
	  "1,sme,commercial,256,4.5333,2025-11-15,2026-09-09,6600000,7659520000,5,403132632,10,40313264,362819368,8062652632\n"
	  "2,sme,commercial,256,5.3,2025-11-15,2026-09-09,6600000,8954880000,5,471309474,10,47130947,424178527,9426189474\n"
	  "total,sme,commercial,256,9.8333,2025-11-15,2026-09-09," SC_DATES "\n",
	  "5: months '9.8333': stage 2 of 2025-11-15 to 2026-09-09 gives 5.3 months; expected the months "
	  "of the dates, or a blank cell\n"
	  "6: stage '3': unknown stage; expected 1, 2, total or a blank cell\n"
	  "7: stage '1': a stage of no dates; expected the period's from and to with it\n", BATCH_INVALID },
	/* Found by the fuzzer: the second name was printed past its end on the split path. */
	{ "two columns for one date", { .format = OUT_CSV },
	  IN("from,시작일,x\nx,y,z\n"), "",
	  "1: columns 'from' and '시작일' both give the start date; expected one\n", BATCH_INVALID },
	/* Found by the fuzzer: a second byte-order mark is part of no name, so 'stage' is the stage column. */
	{ "a byte-order mark inside a name", { .format = OUT_CSV, .pick = &pick },
	  IN("\xEF\xBB\xBF\xEF\xBB\xBFstage,size,license,gpus,from,to\n1,sme,commercial,256,2025-11-15,2026-09-09\n"),
	  "\xEF\xBB\xBFstage,size,license,gpus,from,to,months," COMPUTED "\n"
	  "1,sme,commercial,256,2025-11-15,2026-09-09,4.5333,6600000,7659520000,5,403132632,10,40313264,362819368,8062652632\n",
	  "", BATCH_OK },
	{ "a stage column without dates", { .format = OUT_CSV, .pick = &pick },
	  IN("stage," HEAD "\n1,sme,commercial,256,10\n"), "",
	  "1: a 'stage' column without 'from' and 'to' columns; expected the period's dates with it (a "
	  "stage is a part of them)\n", BATCH_INVALID },
	{ "from without to", { .format = OUT_CSV },
	  IN("size,license,gpus,from\nsme,commercial,256,2025-11-01\n"), "",
	  "1: a 'from' column without a 'to' column; expected both\n", BATCH_INVALID },
	{ "a header and no records", { .format = OUT_CSV },
	  IN("\xEF\xBB\xBF" HEAD "\r\n"), HEAD "," COMPUTED "\n", "", BATCH_OK },
	{ "0 GPUs", { .format = OUT_CSV, .fields = "gpus,total_cost_krw" },
	  IN(HEAD "\nsme,commercial,0,10\n"), "gpus,total_cost_krw\n0,0\n", "", BATCH_OK },
	{ "--basis=subsidy from the defaults", { .format = OUT_CSV, .fields = "private_share_krw",
	  .defaults = { .basis = RULES_BASIS_SUBSIDY } },
	  IN(HEAD "\nsme,commercial,256,10\n"), "private_share_krw\n844800000\n", "", BATCH_OK },
	/* --header=ko: Korean names; the input's 단가 is the output's, computed in place. */
	{ "--header=ko names the computed columns in Korean", { .format = OUT_CSV, .header_ko = true },
	  IN(KO_HEAD ",단가\n중소기업,상업용,256,10,\n중견기업,연구용,1,1,\"6,600,000\"\n"),
	  KO_HEAD "," KO_COMPUTED "\n중소기업,상업용,256,10," SC10 "\n중견기업,연구용,1,1," MR11 "\n", "", BATCH_OK },
	{ "--header=ko output read back with --header=ko: the same bytes", { .format = OUT_CSV, .header_ko = true },
	  IN(KO_HEAD "," KO_COMPUTED "\n중소기업,상업용,256,10," SC10 "\n중견기업,연구용,1,1," MR11 "\n"),
	  KO_HEAD "," KO_COMPUTED "\n중소기업,상업용,256,10," SC10 "\n중견기업,연구용,1,1," MR11 "\n", "", BATCH_OK },
	{ "--header=ko over English names: those are recomputed in place too", { .format = OUT_CSV, .header_ko = true },
	  IN(HEAD ",unit_price_krw,total_cost_krw\nsme,commercial,256,10,6600000,1\n"),
	  HEAD ",unit_price_krw,total_cost_krw,정부지원금,자부담율,민간부담금,현금비율,현금최소,현물최대\n"
	  "sme,commercial,256,10,6600000,17785263158,16896000000,5,889263158,10,88926316,800336842\n", "", BATCH_OK },
	{ "--header=ko: a Korean-named computed column is recomputed in place", { .format = OUT_CSV, .header_ko = true },
	  IN(HEAD ",정부지원금\nsme,commercial,256,10,x\n"),
	  HEAD ",정부지원금,단가,자부담율,민간부담금,현금비율,현금최소,현물최대,총사업비\n"
	  "sme,commercial,256,10,16896000000,6600000,5,889263158,10,88926316,800336842,17785263158\n", "", BATCH_OK },
	{ "English names out: a Korean-named column is passed through, as before", { .format = OUT_CSV },
	  IN(HEAD ",정부지원금\nsme,commercial,256,10,x\n"),
	  HEAD ",정부지원금," COMPUTED "\nsme,commercial,256,10,x," SC10 "\n", "", BATCH_OK },
	{ "English names out: the input's 단가 is the unit price, passed through", { .format = OUT_CSV },
	  IN(KO_HEAD ",단가\n중소기업,상업용,256,10,\n"),
	  KO_HEAD ",단가," COMPUTED "\n중소기업,상업용,256,10,," SC10 "\n", "", BATCH_OK },
	{ "--header=ko: stage, dates and budget by their Korean names, read back", { .format = OUT_CSV,
	  .header_ko = true, .pick = &pick },
	  IN("단계," KO_HEAD ",시작일,종료일,현금예산,현물예산\n1,sme,commercial,256,4.5333,2025-11-15,2026-09-09,3억,\n"
	     "total,sme,commercial,256,,2025-11-15,2026-09-09,,\n"),
	  "단계," KO_HEAD ",시작일,종료일,현금예산,현물예산," KO_COMPUTED ",현금여유,예산여유,제약\n"
	  "1,sme,commercial,256,4.5333,2025-11-15,2026-09-09,300000000,0,6600000,7659520000,5,403132632,10,"
	  "40313264,362819368,8062652632,259686736,-103132632,total\n"
	  "total,sme,commercial,256,9.8333,2025-11-15,2026-09-09,,," SC_DATES ",,,\n", "", BATCH_OK },
	{ "--header=ko --fields: names in either language", { .format = OUT_CSV, .header_ko = true,
	  .fields = "총사업비,size, gpus ,unit_price_krw" },
	  IN(HEAD "\nsme,commercial,256,10\n"), "총사업비,size,gpus,단가\n17785263158,sme,256,6600000\n", "", BATCH_OK },
	{ "--header=ko: 단가 and unit_price_krw both the output's price", { .format = OUT_CSV, .header_ko = true },
	  IN(HEAD ",단가,unit_price_krw\nsme,commercial,256,10,1,1\n"), "",
	  "1: columns '단가' and 'unit_price_krw' both give unit_price; expected one\n", BATCH_INVALID },
};

/*
 * Every row, read in every size from 1 byte to the whole input at once, and
 * both with plain lines split by the reader and with every line through libcsv.
 */
static void
test_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		for (int libcsv_only = 0; libcsv_only <= 1; libcsv_only++) {
			struct batch_options opt = rows[i].opt;
			opt.libcsv_only = libcsv_only;
			for (size_t chunk = 1; chunk <= rows[i].len + 1; chunk++) {
				struct run r;
				run_batch(&r, opt, rows[i].in, rows[i].len, chunk);
				if (strcmp(r.out, rows[i].out) != 0)
					fail_msg("%s (read size %zu, libcsv only %d): output\n%s\nwant\n%s",
					         rows[i].what, chunk, libcsv_only, r.out, rows[i].out);
				if (strcmp(r.rep.text, rows[i].reports) != 0)
					fail_msg("%s (read size %zu, libcsv only %d): reports\n%s\nwant\n%s",
					         rows[i].what, chunk, libcsv_only, r.rep.text, rows[i].reports);
				if (r.status != rows[i].status)
					fail_msg("%s (read size %zu, libcsv only %d): status %d, want %d",
					         rows[i].what, chunk, libcsv_only, r.status, rows[i].status);
				free(r.out);
				if (chunk == 64 && rows[i].len > 200)
					chunk = rows[i].len - 1;   /* long inputs: small sizes and whole */
			}
		}
	}
}

/* Several files through one reader: one header, and a later header must match. */
static void
test_several_files(void **state)
{
	static const char first[] = "name," HEAD "\na,sme,commercial,256,10\n";
	static const char same[] = "\xEF\xBB\xBF" "NAME, size ,license,gpus,months\r\nb,mid,research,1,1\r\n";
	static const char other[] = "name,gpus,size,license,months\nc,256,sme,commercial,10\n";
	char *text;
	size_t len;
	struct reports rep = { .len = 0 };
	FILE *out = open_memstream(&text, &len);
	struct batch_options opt = { .format = OUT_CSV, .rates = &programme_rates,
	                             .defaults = { .unit_price = PROGRAMME_UNIT_PRICE },
	                             .report = collect, .ctx = &rep };
	struct batch *b = batch_new(&opt, out);
	(void)state;

	const char *inputs[] = { first, same, other, first };
	enum batch_status want[] = { BATCH_OK, BATCH_OK, BATCH_INVALID, BATCH_OK };
	for (int i = 0; i < 4; i++) {
		FILE *in = fmemopen((void *)inputs[i], strlen(inputs[i]), "rb");
		CHECK_INT(i, batch_file(b, in, "f"), want[i]);
		fclose(in);
	}
	batch_free(b);
	fclose(out);
	assert_string_equal(text, "name," HEAD "," COMPUTED "\na,sme,commercial,256,10," SC10
	                    "\nb,mid,research,1,1," MR11 "\na,sme,commercial,256,10," SC10 "\n");
	assert_string_equal(rep.text, "1: header differs from the first file's; expected the columns "
	                    "name, size, license, gpus, months\n");
	free(text);
}

/* Memory stays flat: 100,000 records go through buffers sized by one record. */
static void
test_many_records(void **state)
{
	static const char head[] = HEAD "\n";
	static const char rec[] = "sme,commercial,256,10\n";
	size_t n = 100000, len = sizeof head - 1 + n * (sizeof rec - 1);
	char *in = malloc(len + 1), *text;
	size_t out_len;
	struct reports rep = { .len = 0 };
	(void)state;
	assert_non_null(in);
	memcpy(in, head, sizeof head - 1);
	for (size_t i = 0; i < n; i++)
		memcpy(in + sizeof head - 1 + i * (sizeof rec - 1), rec, sizeof rec - 1);

	FILE *out = open_memstream(&text, &out_len);
	FILE *fp = fmemopen(in, len, "rb");
	struct batch_options opt = { .format = OUT_CSV, .no_header = true, .fields = "total_cost_krw",
	                             .rates = &programme_rates,
	                             .defaults = { .unit_price = PROGRAMME_UNIT_PRICE },
	                             .report = collect, .ctx = &rep };
	struct batch *b = batch_new(&opt, out);
	assert_int_equal(batch_file(b, fp, "big"), BATCH_OK);
	batch_free(b);
	fclose(fp);
	fclose(out);
	assert_int_equal(out_len, n * sizeof "17785263158");
	assert_memory_equal(text + out_len - 12, "17785263158\n", 12);
	assert_int_equal(rep.len, 0);
	free(text);
	free(in);
}

/* With the rules' values at hand, records get their warnings, and their figures unchanged. */
static void
test_warnings(void **state)
{
	static const char in[] = "name,size,license,gpus,from,to\n"
	                         "ok,sme,research,256,2025-11-01,2026-09-09\n"
	                         "big,sme,research,300,2025-11-01,2026-09-09\n"
	                         "early,sme,research,1,2025-10-01,2025-10-31\n";
	(void)state;

	struct run r;
	struct batch_options opt = { .format = OUT_CSV, .fields = "name,gov_subsidy_krw", .pick = &pick };
	run_batch(&r, opt, in, sizeof in - 1, 0);
	assert_string_equal(r.out, "name,gov_subsidy_krw\nok,17402880000\nbig,20394000000\nearly,6600000\n");
	assert_string_equal(r.rep.text,
		"3: warning: 300 GPUs is more than the 256 each selected team receives\n"
		"4: warning: the period 2025-10-01 to 2025-10-31 is not inside the programme's, "
		"2025-11-01 to 2026-09-09\n");
	assert_int_equal(r.status, BATCH_OK);
	free(r.out);

	/* Past three of a kind in a file, the rest are counted at its end. */
	static const char many[] = "size,license,gpus,months\n"
	                           "sme,research,300,1\nsme,research,301,1\nsme,research,302,11\n"
	                           "sme,research,303,1\nsme,research,304,1\nsme,research,1,12\n";
	opt.fields = "gpus";
	run_batch(&r, opt, many, sizeof many - 1, 0);
	assert_string_equal(r.out, "gpus\n300\n301\n302\n303\n304\n1\n");
	assert_string_equal(r.rep.text,
		"2: warning: 300 GPUs is more than the 256 each selected team receives\n"
		"3: warning: 301 GPUs is more than the 256 each selected team receives\n"
		"4: warning: 302 GPUs is more than the 256 each selected team receives\n"
		"4: warning: 11 months is longer than the programme, 10.3 months from 2025-11-01 to 2026-09-09\n"
		"7: warning: 12 months is longer than the programme, 10.3 months from 2025-11-01 to 2026-09-09\n"
		"0: warning: 2 more records with more GPUs than each selected team receives\n");
	assert_int_equal(r.status, BATCH_OK);
	free(r.out);
}

/*
 * The table's fast writer (table_batch_new()) against table_scenario()
 * record by record (plain_table): the same output, reports and status for
 * the N bytes of IN read with OPT.  WHAT names the case in a failure.
 */
static void
same_tables(const char *what, struct batch_options opt, const char *in, size_t n)
{
	struct run fast, plain;
	opt.format = OUT_TABLE;
	opt.sheet = NULL;
	opt.plain_table = false;
	run_batch(&fast, opt, in, n, 0);
	opt.plain_table = true;
	run_batch(&plain, opt, in, n, 0);
	if (fast.out_len != plain.out_len || memcmp(fast.out, plain.out, fast.out_len) != 0) {
		size_t at = 0;
		while (at < fast.out_len && at < plain.out_len && fast.out[at] == plain.out[at])
			at++;
		size_t from = at > 200 ? at - 200 : 0;
		fail_msg("%s: the tables differ at byte %zu:\n%.300s\nwant\n%.300s", what, at,
		         fast.out + from, plain.out + from);
	}
	if (strcmp(fast.rep.text, plain.rep.text) != 0)
		fail_msg("%s: reports\n%s\nwant\n%s", what, fast.rep.text, plain.rep.text);
	if (fast.status != plain.status)
		fail_msg("%s: status %d, want %d", what, fast.status, plain.status);
	free(fast.out);
	free(plain.out);
}

/*
 * Scenarios of every size and license (English and Korean words), GPUs
 * from 0 (declined) to the most, months from the least to the most, 41
 * unit prices (more than the writer keeps, so kept texts are given up and
 * made again), and budgets blank, 0, short (negative spares) and huge;
 * with BUDGET the budget columns, without them none.  A malloc'd CSV text.
 */
static char *
grid(bool budget, size_t *len)
{
	static const char *const sizes[] = { "sme", "mid", "large", "대기업" };
	static const char *const licenses[] = { "commercial", "research", "closed", "비공개" };
	static const char *const gpus[] = { "0", "1", "7", "256", "1,000", "100000" };
	static const char *const months[] = { "1", "10.3", "0.0001", "1200" };
	static const char *const budgets[] = { ",", "0,", "1,1", "3억,12억", "1000조,1000조", ",5" };
	size_t nbudgets = budget ? sizeof budgets / sizeof budgets[0] : 1;
	size_t cap = 4096, k = 0, count = 0;
	char *text = malloc(cap);
	assert_non_null(text);
	k += (size_t)snprintf(text, cap, "name,size,license,gpus,months,unit_price%s\n",
	                      budget ? ",budget_cash,budget_in_kind" : "");
	for (size_t a = 0; a < 4; a++)
		for (size_t l = 0; l < 4; l++)
			for (size_t g = 0; g < 6; g++)
				for (size_t m = 0; m < 4; m++)
					for (size_t i = 0; i < nbudgets; i++, count++) {
						char price[32] = "";    /* 40 prices and the default (blank) */
						if (count % 41 == 40)
							snprintf(price, sizeof price, "10000000000");
						else if (count % 41 != 0)
							snprintf(price, sizeof price, "%zu", count % 41 * 123457);
						if (cap - k < 256) {
							text = realloc(text, cap *= 2);
							assert_non_null(text);
						}
						k += (size_t)snprintf(text + k, cap - k, "team %zu,%s,%s,\"%s\",%s,%s%s%s\n",
						                      count, sizes[a], licenses[l], gpus[g], months[m], price,
						                      budget ? "," : "", budget ? budgets[i] : "");
					}
	*len = k;
	return text;
}

/* Every unit test input and fuzz seed, and the grid of scenarios, through both table writers. */
static void
compare_tables(void)
{
	static const struct batch_options opts[] = {
		{ .format = OUT_TABLE },
		{ .format = OUT_TABLE, .defaults = { .basis = RULES_BASIS_SUBSIDY } },
		{ .format = OUT_TABLE, .pick = &pick },
		{ .format = OUT_TABLE, .fields = "limited_by,spare_krw,cash_spare_krw,budget_cash_krw,name,"
		  "self_rate_pct,cash_rate_pct,unit_price_krw,size,license,months,gpus,total_cost_krw" },
		{ .format = OUT_TABLE, .fields = "budget_in_kind_krw" },
		{ .format = OUT_TABLE, .fields = "self_rate_pct", .defaults = { .basis = RULES_BASIS_SUBSIDY } },
		/* amounts first, a negative one among them, and words after a value that run past 64 bytes */
		{ .format = OUT_TABLE, .fields = "cash_spare_krw,in_kind_max_krw,unit_price_krw,spare_krw,"
		  "cash_rate_pct,cash_min_krw,budget_cash,self_rate_pct,gov_subsidy_krw" },
	};
	/*
	 * Amounts of every width, around 1만 (below it no Korean form), with
	 * groups of zeros (1억, 1억 1), the largest a record can reach, and
	 * spares short by as much: the writer prints them in place, padded.
	 */
	static const char amounts[] =
		"name,size,license,gpus,months,unit_price,budget_cash,budget_in_kind\n"
		"tiny,sme,research,1,0.0001,1,0,0\n"
		"below 1만,sme,research,1,1,9999,,\n"
		"1만,mid,research,1,1,10000,1,\n"
		"above 1만,large,closed,1,1,10001,10000,1\n"
		"1억,sme,commercial,1,1,100000000,1억,1억\n"
		"1억 1,sme,commercial,1,1,100000001,100000001,0\n"
		"zeros,mid,commercial,100,1,100000000,1000조,1000조\n"
		"largest,large,closed,100000,1200,10000000000,0,0\n"
		"largest short,large,closed,100000,1200,10000000000,1,\n";
	char what[512];

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		same_tables(rows[i].what, rows[i].opt, rows[i].in, rows[i].len);
	for (size_t o = 0; o < sizeof opts / sizeof opts[0]; o++) {
		snprintf(what, sizeof what, "odd amounts, options %zu", o);
		same_tables(what, opts[o], amounts, sizeof amounts - 1);
	}
	for (int budget = 0; budget <= 1; budget++) {
		size_t len;
		char *text = grid(budget, &len);
		for (size_t o = 0; o < sizeof opts / sizeof opts[0]; o++) {
			snprintf(what, sizeof what, "the grid (budget %d), options %zu", budget, o);
			same_tables(what, opts[o], text, len);
		}
		free(text);
	}
	/* A first line longer than the writer gathers at once. */
	static const char head[] = "name,size,license,gpus,months,note\n";
	size_t len = sizeof head - 1 + 40000 + 64;
	char *text = malloc(len);
	assert_non_null(text);
	memcpy(text, head, sizeof head - 1);
	memset(text + sizeof head - 1, 'x', 40000);
	len = sizeof head - 1 + 40000;
	len += (size_t)sprintf(text + len, ",sme,research,1,1,a\nx,mid,closed,2,3,b\n");
	for (size_t o = 0; o < sizeof opts / sizeof opts[0]; o++)
		same_tables("a long name", opts[o], text, len);
	free(text);
	/* A NUL in a cell, which %.*s would cut: the record is refused, so the fast writer copies whole cells. */
	static const char nul[] = "name,size,license,gpus,months\nx\0y,sme,research,1,1\nz,mid,closed,2,3\n";
	for (size_t o = 0; o < sizeof opts / sizeof opts[0]; o++)
		same_tables("a NUL in a name", opts[o], nul, sizeof nul - 1);

	static const char *const dirs[] = { "tests/fuzz/seeds", "tests/fuzz/regressions" };
	for (size_t d = 0; d < 2; d++) {
		DIR *dir = opendir(dirs[d]);
		struct dirent *e;
		assert_non_null(dir);       /* the tests run at the top of the tree */
		while ((e = readdir(dir)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			snprintf(what, sizeof what, "%s/%s", dirs[d], e->d_name);
			FILE *fp = fopen(what, "rb");
			assert_non_null(fp);
			char buf[1 << 16];
			size_t n = fread(buf, 1, sizeof buf, fp);
			fclose(fp);
			/* The first byte chooses the fuzzer's options; here it is only the first of the text. */
			for (size_t o = 0; o < sizeof opts / sizeof opts[0]; o++)
				same_tables(what, opts[o], buf, n);
		}
		closedir(dir);
	}
}

static void
test_table_paths(void **state)
{
	(void)state;
	compare_tables();
}

/* The same on a narrow terminal: the note on declined GPUs folded to 40 columns, as table_scenario() folds it. */
static void
test_table_paths_narrow(void **state)
{
	(void)state;
	assert_int_equal(setenv("COLUMNS", "40", 1), 0);
	compare_tables();
	unsetenv("COLUMNS");
}

/*
 * The same in Korean (labels, words and Hangul widths), under a ko_KR.UTF-8
 * locale of the system's or, as tests/lib.sh makes one, of localedef's in a
 * scratch LOCPATH, with the build's catalogue; skipped without them.
 */
static void
test_table_paths_korean(void **state)
{
	char dir[] = "/tmp/kai-cost-test-XXXXXX", cmd[256];
	bool made = false;
	(void)state;

	if (setlocale(LC_ALL, "ko_KR.UTF-8") == NULL && mkdtemp(dir) != NULL) {
		made = true;
		snprintf(cmd, sizeof cmd, "localedef -i ko_KR -f UTF-8 %s/ko_KR.UTF-8 >/dev/null 2>&1", dir);
		if (system(cmd) == 0 && setenv("LOCPATH", dir, 1) == 0)
			setlocale(LC_ALL, "ko_KR.UTF-8");
	}
	unsetenv("LANGUAGE");
	bindtextdomain(I18N_DOMAIN, "build/locale");
	bind_textdomain_codeset(I18N_DOMAIN, "UTF-8");
	textdomain(I18N_DOMAIN);
	const char *label = "total cost (총사업비)";
	bool korean = strcmp(_(label), label) != 0;
	if (korean)
		compare_tables();
	setlocale(LC_ALL, "C");
	if (made) {
		snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "cannot remove %s\n", dir);
	}
	if (!korean) {
		fprintf(stderr, "no ko_KR.UTF-8 locale or no build/locale catalogue: skipped\n");
		skip();
	}
}

/* The reader asks field_parse() first and looks for a blank cell only when it refuses: it refuses them all. */
static void
test_blank_cells(void **state)
{
	static const char *const blanks[] = { "", " ", "\t", " \t  " };
	(void)state;
	for (int f = 0; f < FIELD_COUNT; f++) {
		for (size_t i = 0; i < sizeof blanks / sizeof blanks[0]; i++) {
			struct rules_scenario sc = { .gpus = 7 }, before = sc;
			if (field_parse((enum field_id)f, blanks[i], strlen(blanks[i]), &sc) == NULL)
				fail_msg("%s '%s': accepted", field_name((enum field_id)f), blanks[i]);
			assert_memory_equal(&sc, &before, sizeof sc);
		}
	}
}

static int
setup(void **state)
{
	(void)state;
	const struct rs_pick *p = programme_pick();
	if (p == NULL)
		return -1;
	pick = *p;
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_warnings),
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_several_files),
		cmocka_unit_test(test_many_records),
		cmocka_unit_test(test_blank_cells),
		cmocka_unit_test(test_table_paths),
		cmocka_unit_test(test_table_paths_narrow),
		cmocka_unit_test(test_table_paths_korean),
	};
	return cmocka_run_group_tests_name("batch", tests, setup, NULL);
}
