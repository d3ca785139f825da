/*
 * main.c - the command line: argp options, dispatch, and exit statuses.
 * This is the only module that prints diagnostics or decides how the
 * program ends; everything it calls returns a status.
 */
#include <argp.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "calendar.h"
#include "field.h"
#include "i18n.h"
#include "members.h"
#include "num.h"
#include "outfile.h"
#include "output.h"
#include "rules.h"
#include "ruleset.h"
#include "scenario.h"
#include "sheet.h"
#include "md.h"
#include "svg.h"
#include "table.h"
#include "xlsx.h"

#ifndef KAI_VERSION
#define KAI_VERSION "unknown"
#endif
#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

const char *argp_program_version = "kai-cost " KAI_VERSION;

static const char args_doc[] = "[FILE...]";

/*
 * argp looks its own words up in the root parser's text domain (ours), not
 * in libc's, so the catalogue carries them too, as glibc's Korean has them.
 */
static const char *const argp_words[] __attribute__((unused)) = {
	N_("Usage:"), N_("  or: "), N_(" [OPTION...]"),
	N_("Give this help list"), N_("Give a short usage message"), N_("Print program version"),
	N_("Mandatory or optional arguments to long options are also mandatory or optional "
	   "for any corresponding short options."),
	N_("Try `%s --help' or `%s --usage' for more information.\n"),
};

/*
 * TRANSLATORS: the example lines (two spaces in) are printed as they are,
 * never folded: keep each a whole command of at most 78 columns (Hangul
 * takes two).  The rest is folded to the terminal's width.
 */
static const char doc[] =
	N_("Exact cost of the 특화 AI 파운데이션 모델 사업 (industry-specialised AI "
	"foundation model programme): government support (정부지원금), private "
	"contribution (민간부담금), its minimum cash share (현금) and maximum "
	"in-kind share (현물), to the won."
	"\v"
	"Examples:\n"
	"  kai-cost --size sme --license commercial --gpus 256 --months 10\n"
	"  kai-cost -s 중소기업 -l 연구용 -g 256 -m 10.3 -f json\n"
	"  kai-cost -s mid -l closed -g 128 -m 6 -f csv --fields private_share_krw\n"
	"  kai-cost --compare -g 256 -m 10 -f csv | sort -t, -k8,8n\n"
	"  kai-cost -s sme -l closed -g 256 --from 2025-11-01 --to 2026-09-09 --stages\n"
	"  kai-cost -s sme -l commercial -g 256 -m 10.3 --explain\n"
	"  kai-cost candidates.csv -o costed.csv\n"
	"  some-export | kai-cost - --format json | jq .total_cost_krw\n"
	"  kai-cost --encoding=cp949 --excel 후보.csv -o 결과.csv\n"
	"  kai-cost --members team.csv -l commercial --from 2025-11-01 --to 2026-09-09\n"
	"  kai-cost -s sme -l research -m 10.3 --solve gpus --cash 3억 --in-kind 12억\n"
	"\n"
	"With FILE arguments each FILE is a CSV of scenarios ('-' is standard input) "
	"with a header naming the columns size, license, gpus, months and optionally "
	"unit_price (or 기업규모, 공개방식, GPU수, 개월수, 단가); every input column is "
	"written unchanged, followed by the computed columns.  With no FILE, no "
	"--members and no scenario option, a CSV on standard input is read (unless "
	"it is a terminal).\n"
	"\n"
	"With --members each FILE is a CSV of a consortium's member institutions with "
	"the columns name, role (lead, participant, demand), type (large, mid, sme, "
	"university, institute, nonprofit) and gpus, and optionally team, foreign, "
	"months or from/to, and license (or 기관명, 역할, 유형, GPU수, 팀, 해외, 개월수, "
	"공개방식); each member is costed at its own rate, each team is totalled and "
	"checked for eligibility.\n"
	"\n"
	"SIZE is large, mid or sme (대기업, 중견, 중견기업, 중소, 중소기업). MODE is "
	"commercial, research or closed (none; 상업용, 연구용, 비공개). Numbers may "
	"carry thousands separators (6,600,000).\n"
	"\n"
	"-o FILE is replaced only when the run succeeds (exit 0, or 65 with the bad "
	"records reported) and writes something; otherwise it is left as it was.\n"
	"\n"
	"Exit status: 0 success, 64 bad command line, 65 bad data, 66 input file "
	"cannot be opened, 74 read or write error, 70 internal error or out of memory.");

enum {
	OPT_BASIS = 0x100,
	OPT_FIELDS,
	OPT_NO_HEADER,
	OPT_COMPARE,
	OPT_STRICT,
	OPT_ENCODING,
	OPT_INPUT_FORMAT,
	OPT_HEADER,
	OPT_EXCEL,
	OPT_RULES,
	OPT_AS_OF,
	OPT_FROM,
	OPT_TO,
	OPT_STAGES,
	OPT_EXPLAIN,
	OPT_METHOD,
	OPT_MEMBERS,
	OPT_ELIGIBILITY,
	OPT_CASH,
	OPT_IN_KIND,
	OPT_SOLVE,
};

static const struct argp_option options[] = {
	{ 0, 0, 0, 0, N_("Scenario:"), 1 },
	{ "size", 's', "SIZE", 0, N_("company size bearing the cost: large, mid, sme"), 1 },
	{ "license", 'l', "MODE", 0, N_("open-source mode: commercial, research, closed"), 1 },
	{ "gpus", 'g', "N", 0, N_("GPUs, 0 to 100,000 (0: the team declines the GPUs)"), 1 },
	{ "months", 'm', "M", 0, N_("agreement months, above 0 and at most 1,200, up to 4 decimals"), 1 },
	{ "unit-price", 'p', "KRW", 0, N_("won per GPU per month (default: the rules table's, 6,600,000)"), 1 },
	{ "basis", OPT_BASIS, "BASIS", 0,
	  N_("the self-burden rate is a share of the 'total' cost (default) or of the 'subsidy'"), 1 },
	{ "from", OPT_FROM, "DATE", 0, N_("agreement start (YYYY-MM-DD), with --to instead of --months"), 1 },
	{ "to", OPT_TO, "DATE", 0, N_("agreement end, included: whole months plus partial months by days"), 1 },
	{ "compare", OPT_COMPARE, 0, 0,
	  N_("all nine size x license combinations for the given GPUs and months"), 1 },
	{ "stages", OPT_STAGES, 0, 0, N_("split --from/--to into stage 1 and stage 2"), 1 },
	{ "method", OPT_METHOD, "METHOD", 0,
	  N_("from-scratch, continued-pretraining or fine-tuning (not eligible)"), 1 },
	{ 0, 0, 0, 0, N_("Budget:"), 6 },
	{ "cash", OPT_CASH, "KRW", 0, N_("cash the team can put in: 300000000, 300,000,000, 3억, "
	  "1억 5,000만; adds the budget columns (does the plan fit?)"), 6 },
	{ "in-kind", OPT_IN_KIND, "KRW", 0, N_("value it can put in kind: staff cost, owned assets "
	  "(default 0)"), 6 },
	{ "solve", OPT_SOLVE, "WHAT", 0, N_("gpus, months or end: the most GPUs, months (1/10,000) "
	  "or the latest end date (from --from, else the programme start) that the budget covers"), 6 },
	{ 0, 0, 0, 0, N_("Consortium:"), 5 },
	{ "members", OPT_MEMBERS, "FILE", 0, N_("cost every member institution of the teams in FILE "
	  "('-': standard input); may be given more than once"), 5 },
	{ "eligibility", OPT_ELIGIBILITY, "MODE", 0, N_("warn (default: report each broken rule), "
	  "error (also exit 65) or off"), 5 },
	{ 0, 0, 0, 0, N_("Rules:"), 4 },
	{ "rules", OPT_RULES, "FILE", 0, N_("rates, price and dates from FILE instead of the "
	  "built-in data/rules.csv"), 4 },
	{ "as-of", OPT_AS_OF, "DATE", 0, N_("use the rules in force on DATE (default: today)"), 4 },
	{ "explain", OPT_EXPLAIN, 0, 0, N_("table: show each value's source and every step"), 4 },
	{ 0, 0, 0, 0, N_("Output:"), 2 },
	{ "format", 'f', "FMT", 0, N_("table (default), csv, tsv, json (one object per line); "
	  "reports: xlsx (a workbook of live formulas), svg (a chart), md (a Markdown table)"), 2 },
	{ "fields", OPT_FIELDS, "LIST", 0, N_("comma-separated output columns, in that order"), 2 },
	{ "no-header", OPT_NO_HEADER, 0, 0, N_("no header line in csv and tsv"), 2 },
	{ "header", OPT_HEADER, "LANG", 0, N_("column names in csv, tsv and xlsx: en (default) "
	  "or ko (Korean: 정부지원금, 민간부담금, ...)"), 2 },
	{ "output", 'o', "FILE", 0, N_("write results to FILE instead of standard output; "
	  "FILE is replaced only when the run succeeds"), 2 },
	{ "excel", OPT_EXCEL, 0, 0, N_("csv/tsv for Korean Excel: UTF-8 BOM, CRLF, "
	  "text starting with = + - @ neutralised"), 2 },
	{ 0, 0, 0, 0, N_("Batch input (FILE arguments):"), 3 },
	{ "encoding", OPT_ENCODING, "ENC", 0, N_("input encoding: utf-8 (default) or cp949 "
	  "(EUC-KR, Korean Excel's CSV)"), 3 },
	{ "input-format", OPT_INPUT_FORMAT, "FMT", 0, N_("csv or tsv (default: by the file "
	  "name: .tsv is tsv, anything else csv)"), 3 },
	{ "strict", OPT_STRICT, 0, 0, N_("stop at the first bad record"), 3 },
	{ 0, 0, 0, 0, N_("Informational options:"), -1 },
	{ 0 }
};

/* Which option sets which scenario field, and how a message names it. */
static const struct {
	int key;
	enum field_id field;
	const char *label;
} field_options[] = {
	{ 's', FIELD_SIZE, "--size" },
	{ 'l', FIELD_LICENSE, "--license" },
	{ 'g', FIELD_GPUS, "--gpus" },
	{ 'm', FIELD_MONTHS, "--months" },
	{ 'p', FIELD_UNIT_PRICE, "--unit-price" },
};

static const struct field_alias format_names[] = {
	FIELD_ALIAS("table", OUT_TABLE), FIELD_ALIAS("csv", OUT_CSV), FIELD_ALIAS("tsv", OUT_TSV), FIELD_ALIAS("json", OUT_JSON),
	FIELD_ALIAS("xlsx", OUT_XLSX), FIELD_ALIAS("svg", OUT_SVG), FIELD_ALIAS("md", OUT_MD),
	FIELD_ALIAS("markdown", OUT_MD),
	FIELD_ALIAS_END,
};

static const struct field_alias input_names[] = {
	FIELD_ALIAS("csv", CSVR_CSV), FIELD_ALIAS("tsv", CSVR_TSV),
	FIELD_ALIAS_END,
};

static const struct field_alias header_names[] = {
	FIELD_ALIAS("en", 0), FIELD_ALIAS("english", 0), FIELD_ALIAS("영어", 0),
	FIELD_ALIAS("ko", 1), FIELD_ALIAS("korean", 1),
	FIELD_ALIAS("한국어", 1),
	FIELD_ALIAS_END,
};

static const struct field_alias encoding_names[] = {
	FIELD_ALIAS("utf-8", CSVR_UTF8), FIELD_ALIAS("utf8", CSVR_UTF8),
	FIELD_ALIAS("cp949", CSVR_CP949), FIELD_ALIAS("euc-kr", CSVR_CP949), FIELD_ALIAS("euckr", CSVR_CP949),
	FIELD_ALIAS("uhc", CSVR_CP949), FIELD_ALIAS("ms949", CSVR_CP949),
	FIELD_ALIAS_END,
};

enum method { METHOD_FROM_SCRATCH, METHOD_CONTINUED, METHOD_FINE_TUNING };

static const struct field_alias method_names[] = {
	FIELD_ALIAS("from-scratch", METHOD_FROM_SCRATCH), FIELD_ALIAS("scratch", METHOD_FROM_SCRATCH),
	FIELD_ALIAS("continued-pretraining", METHOD_CONTINUED), FIELD_ALIAS("pretraining", METHOD_CONTINUED),
	FIELD_ALIAS("fine-tuning", METHOD_FINE_TUNING), FIELD_ALIAS("finetuning", METHOD_FINE_TUNING),
	FIELD_ALIAS_END,
};

static const struct field_alias eligibility_names[] = {
	FIELD_ALIAS("warn", MEMBERS_WARN), FIELD_ALIAS("error", MEMBERS_ERROR), FIELD_ALIAS("off", MEMBERS_OFF),
	FIELD_ALIAS_END,
};

static const struct field_alias solve_names[] = {
	FIELD_ALIAS("gpus", PLAN_GPUS), FIELD_ALIAS("months", PLAN_MONTHS), FIELD_ALIAS("end", PLAN_END),
	FIELD_ALIAS_END,
};

static const struct field_alias basis_names[] = {
	FIELD_ALIAS("total", RULES_BASIS_TOTAL), FIELD_ALIAS("subsidy", RULES_BASIS_SUBSIDY),
	FIELD_ALIAS_END,
};

struct arguments {
	struct rules_scenario sc;
	bool given[FIELD_COUNT];
	enum out_format format;
	bool format_given;
	enum out_col cols[OUT_COL_COUNT];
	size_t ncols;
	const char *fields;         /* --fields as given, or NULL */
	bool no_header;
	bool compare;
	bool excel;
	bool strict;
	bool encoding_given;
	enum csvr_encoding encoding;
	enum csvr_format input;     /* --input-format, or CSVR_AUTO: by each file's name */
	bool header_given, header_ko;
	const char *output;
	char **files;               /* FILE arguments */
	int nfiles;
	const char *rules;          /* --rules FILE, or NULL for the built-in table */
	bool as_of_given, from_given, to_given;
	struct cal_date as_of, from, to;
	bool stages, explain;
	enum method method;
	char **members;             /* --members FILEs */
	int nmembers;
	bool eligibility_given;
	enum members_eligibility eligibility;
	bool stdin_hint;            /* no input and no scenario option at a terminal */
	bool cash_given, in_kind_given;
	struct plan_budget money;   /* --cash, --in-kind */
	bool solve;
	enum plan_var var;          /* --solve */
};


/* What a command line gave, as bits, for the tables of conflicts below. */
enum {
	G_SIZE = 1 << 0, G_LICENSE = 1 << 1, G_GPUS = 1 << 2, G_MONTHS = 1 << 3,
	G_FROM = 1 << 4, G_TO = 1 << 5, G_COMPARE = 1 << 6, G_STAGES = 1 << 7,
	G_EXPLAIN = 1 << 8, G_STRICT = 1 << 9, G_ENCODING = 1 << 10, G_FILES = 1 << 11,
	G_MEMBERS = 1 << 12, G_FIELDS = 1 << 13, G_EXCEL = 1 << 14, G_ELIGIBILITY = 1 << 15,
	G_TABLE = 1 << 16, G_CSV = 1 << 17, G_TSV = 1 << 18, G_JSON = 1 << 19,
	G_DATES = G_FROM | G_TO,
	G_ONE = 1 << 20,            /* one scenario: neither FILE nor --members */
	G_BUDGET = 1 << 21,         /* --cash or --in-kind */
	G_SOLVE = 1 << 22, G_SOLVE_GPUS = 1 << 23, G_SOLVE_MONTHS = 1 << 24, G_SOLVE_END = 1 << 25,
	G_XLSX = 1 << 26, G_SVG = 1 << 27, G_MD = 1 << 28, G_NO_HEADER = 1 << 29,
	G_REPORT = G_XLSX | G_SVG | G_MD,
	G_INPUT = 1u << 30, G_HEADER = 1u << 31,
};

/*
 * Options that cannot go together: when everything in WHEN was given and
 * anything in WITH, the run stops with MSG (exit 64).  Checked in order;
 * the first that applies is reported.
 */
static const struct {
	unsigned when, with;
	const char *msg;
} conflicts[] = {
	{ G_EXCEL, G_TABLE | G_JSON | G_REPORT, N_("--excel applies to csv and tsv output; expected --format csv or tsv with it") },
	{ G_NO_HEADER, G_REPORT, N_("--no-header applies to csv and tsv output; a report always has its header") },
	{ G_MEMBERS, G_FILES, N_("--members reads members files; expected no FILE argument with it") },
	{ G_FILES, G_SIZE, N_("--size applies to one scenario; expected the FILE's size column instead") },
	{ G_FILES, G_LICENSE, N_("--license applies to one scenario; expected the FILE's license column instead") },
	{ G_FILES, G_GPUS, N_("--gpus applies to one scenario; expected the FILE's gpus column instead") },
	{ G_FILES, G_MONTHS, N_("--months applies to one scenario; expected the FILE's months column instead") },
	{ G_FILES, G_COMPARE, N_("--compare works on options, not FILE input; expected no FILE with it") },
	{ G_FILES, G_FROM, N_("--from applies to one scenario; expected the FILE's from and to columns instead") },
	{ G_FILES, G_TO, N_("--to applies to one scenario; expected the FILE's from and to columns instead") },
	{ G_FILES, G_STAGES, N_("--stages applies to one scenario; expected no FILE with it") },
	{ G_FILES, G_EXPLAIN, N_("--explain applies to one scenario; expected no FILE with it") },
	{ G_MEMBERS, G_SIZE, N_("--size applies to one scenario; expected the members file's type column instead") },
	{ G_MEMBERS, G_GPUS, N_("--gpus applies to one scenario; expected the members file's gpus column instead") },
	{ G_MEMBERS, G_COMPARE, N_("--compare works on one scenario's options; expected no --members with it") },
	{ G_ONE, G_STRICT, N_("--strict applies to FILE input; expected a FILE argument") },
	{ G_ONE, G_ENCODING, N_("--encoding applies to FILE input; expected a FILE argument") },
	{ G_ONE, G_INPUT, N_("--input-format applies to FILE input; expected a FILE argument") },
	{ G_HEADER, G_TABLE | G_JSON | G_SVG | G_MD, N_("--header names the columns of csv, tsv and xlsx; "
	  "expected --format csv, tsv or xlsx with it (JSON keys are always English)") },
	{ G_ONE, G_ELIGIBILITY, N_("--eligibility applies to consortium runs; expected --members with it") },
	{ G_FILES, G_ELIGIBILITY, N_("--eligibility applies to consortium runs; expected --members with it") },
	{ G_COMPARE, G_SIZE | G_LICENSE, N_("--compare computes every size and license; expected no --size or --license with it") },
	{ G_COMPARE | G_TABLE, G_FIELDS, N_("--fields applies to csv, tsv and json; expected --format with --compare --fields") },
	{ G_MONTHS, G_DATES, N_("--months and --from/--to both give the period; expected one or the other") },
	{ G_STAGES, G_COMPARE, N_("--stages splits one scenario; expected no --compare with it") },
	{ G_EXPLAIN, G_COMPARE, N_("--explain adds to the table of one scenario; expected --format table and no --compare with it") },
	{ G_FILES, G_BUDGET, N_("--cash and --in-kind apply to one scenario; expected the FILE's budget_cash and budget_in_kind columns instead") },
	{ G_MEMBERS, G_BUDGET, N_("--cash and --in-kind apply to one scenario; expected the members file's cash and in_kind columns instead") },
	{ G_MEMBERS, G_SOLVE, N_("--solve works on one scenario or a FILE; expected no --members with it") },
	{ G_SOLVE_GPUS, G_GPUS, N_("--solve gpus finds the GPUs; expected no --gpus with it") },
	{ G_SOLVE_MONTHS, G_DATES, N_("--solve months finds the months; expected no --from or --to with it (at most --months, if given)") },
	{ G_SOLVE_END, G_MONTHS | G_TO, N_("--solve end finds the end date; expected --from (or none: the programme start) and no --to or --months") },
	{ G_SOLVE, G_STAGES | G_EXPLAIN, N_("--solve answers with the solved scenario's table; expected no --stages or --explain with it") },
	{ G_BUDGET, G_STAGES, N_("--cash and --in-kind check the whole period; expected no --stages with them") },
	{ 0, 0, NULL },
};

/*
 * Options that need another: when everything in WHEN was given and none of
 * NEEDS, the run stops with MSG (exit 64).
 */
static const struct {
	unsigned when, needs;
	const char *msg;
} requirements[] = {
	{ G_FROM, G_TO | G_SOLVE_END, N_("missing --to; expected --from and --to together") },
	{ G_SOLVE | G_ONE, G_BUDGET, N_("--solve needs a budget; expected --cash and --in-kind (either may be left out for 0)") },
	{ G_BUDGET | G_COMPARE | G_TABLE, G_SOLVE, N_("--cash with --compare: the matrix shows no budget check; expected --solve, or --format csv, tsv or json") },
	{ G_TO, G_FROM, N_("missing --from; expected --from and --to together") },
	{ G_STAGES, G_DATES, N_("--stages needs the period's dates; expected --from and --to with it") },
	{ G_EXPLAIN, G_TABLE, N_("--explain adds to the table of one scenario; expected --format table and no --compare with it") },
};

/*
 * No FILE, no --members and no option of one scenario: a CSV on standard
 * input is read as if '-' were given (cat candidates.csv | kai-cost), unless
 * standard input is a terminal, where a usage error with a hint is more use
 * than waiting for typed CSV.
 */
static void
default_input(struct arguments *a)
{
	static char dash[] = "-";
	static char *stdin_only[] = { dash, NULL };
	bool scenario = a->given[FIELD_SIZE] || a->given[FIELD_LICENSE] || a->given[FIELD_GPUS] ||
	                a->given[FIELD_MONTHS] || a->from_given || a->to_given || a->compare ||
	                a->stages || a->explain || a->cash_given || a->in_kind_given;
	if (a->nfiles > 0 || a->nmembers > 0 || scenario)
		return;
	if (isatty(STDIN_FILENO)) {
		a->stdin_hint = true;
	} else {
		a->files = stdin_only;
		a->nfiles = 1;
	}
}

/* The checks that need the whole command line; each failure exits 64. */
static void
check_arguments(struct argp_state *state, struct arguments *a)
{
	char msg[1024];
	default_input(a);
	bool files = a->nfiles > 0, members = a->nmembers > 0;

	if (!a->format_given)
		a->format = files ? OUT_CSV : OUT_TABLE;
	static const unsigned format_bits[OUT_FORMAT_COUNT] = {
		[OUT_TABLE] = G_TABLE, [OUT_CSV] = G_CSV, [OUT_TSV] = G_TSV, [OUT_JSON] = G_JSON,
		[OUT_XLSX] = G_XLSX, [OUT_SVG] = G_SVG, [OUT_MD] = G_MD,
	};
	unsigned g = format_bits[a->format] |
	             (a->given[FIELD_SIZE] ? G_SIZE : 0) | (a->given[FIELD_LICENSE] ? G_LICENSE : 0) |
	             (a->given[FIELD_GPUS] ? G_GPUS : 0) | (a->given[FIELD_MONTHS] ? G_MONTHS : 0) |
	             (a->from_given ? G_FROM : 0) | (a->to_given ? G_TO : 0) |
	             (a->compare ? G_COMPARE : 0) | (a->stages ? G_STAGES : 0) |
	             (a->explain ? G_EXPLAIN : 0) | (a->strict ? G_STRICT : 0) |
	             (a->encoding_given ? G_ENCODING : 0) | (files ? G_FILES : 0) |
	             (a->input != CSVR_AUTO ? G_INPUT : 0) | (a->header_given ? G_HEADER : 0) |
	             (members ? G_MEMBERS : 0) | (a->fields ? G_FIELDS : 0) |
	             (a->excel ? G_EXCEL : 0) | (a->no_header ? G_NO_HEADER : 0) | (a->eligibility_given ? G_ELIGIBILITY : 0) |
	             (!files && !members ? G_ONE : 0) |
	             (a->cash_given || a->in_kind_given ? G_BUDGET : 0) | (a->solve ? G_SOLVE : 0) |
	             (a->solve && a->var == PLAN_GPUS ? G_SOLVE_GPUS : 0) |
	             (a->solve && a->var == PLAN_MONTHS ? G_SOLVE_MONTHS : 0) |
	             (a->solve && a->var == PLAN_END ? G_SOLVE_END : 0);

	for (size_t i = 0; conflicts[i].when != 0; i++)
		if ((g & conflicts[i].when) == conflicts[i].when && (g & conflicts[i].with))
			argp_failure(state, EX_USAGE, 0, "%s", _(conflicts[i].msg));
	for (size_t i = 0; i < sizeof requirements / sizeof requirements[0]; i++)
		if ((g & requirements[i].when) == requirements[i].when && !(g & requirements[i].needs))
			argp_failure(state, EX_USAGE, 0, "%s", _(requirements[i].msg));

	/* --fields: its syntax now; its names when the columns are known (a FILE's header). */
	if (a->fields != NULL && (files || members) && !out_fields(a->fields, NULL, 0, NULL, NULL, msg, sizeof msg))
		argp_failure(state, EX_USAGE, 0, "%s", msg);
	if (!files && !members && !scenario_columns(a->fields, a->from_given ||
	    (a->solve && a->var == PLAN_END), a->cash_given || a->in_kind_given, a->cols, &a->ncols,
	    msg, sizeof msg))
		argp_failure(state, EX_USAGE, 0, "%s", msg);
	if ((g & G_DATES) == G_DATES && cal_serial(a->to) < cal_serial(a->from)) {
		char from[11], to[11];
		argp_failure(state, EX_USAGE, 0, _("--to '%s' is before --from '%s'; expected a later date"),
		             cal_format(to, a->to), cal_format(from, a->from));
	}
	if (files)
		return;

	/* What one scenario, or a consortium's team period, cannot do without. */
	bool dates = (g & G_DATES) == G_DATES;
	for (size_t i = 0; i < sizeof field_options / sizeof field_options[0]; i++) {
		enum field_id id = field_options[i].field;
		bool needed = (id == FIELD_MONTHS && !dates && !a->solve) ||
		              (!members && id == FIELD_GPUS && !(a->solve && a->var == PLAN_GPUS)) ||
		              (!members && !a->compare && (id == FIELD_SIZE || id == FIELD_LICENSE));
		if (!needed || a->given[id])
			continue;
		const char *fmt = id == FIELD_MONTHS
			? (a->stdin_hint ? _("missing %s (or --from and --to); expected %s (see --help; "
			                     "to read a CSV from standard input, give '-')")
			                 : _("missing %s (or --from and --to); expected %s (see --help)"))
			: (a->stdin_hint ? _("missing %s; expected %s (see --help; to read a CSV from "
			                     "standard input, give '-')")
			                 : _("missing %s; expected %s (see --help)"));
		argp_failure(state, EX_USAGE, 0, fmt, field_options[i].label, field_expected(id));
	}
}

/* Parses ARG as the date of OPTION, or exits 64. */
static struct cal_date
parse_date(struct argp_state *state, const char *option, const char *arg)
{
	struct cal_date d;
	char msg[512];
	if (!cal_parse(arg, strlen(arg), &d))
		argp_failure(state, EX_USAGE, 0, "%s", field_describe(msg, sizeof msg, option, arg,
		             strlen(arg), _("not a date"), _("a real date YYYY-MM-DD")));
	return d;
}

/*
 * Looks ARG up in TABLE as the value of the enum-valued OPTION, or exits 64
 * saying REASON ("unknown format") and what is EXPECTED, both translated.  The value is shown as
 * field_describe() shows values: escaped, so a message stays one harmless line.
 */
static int
parse_enum(struct argp_state *state, const struct field_alias *table, const char *option,
           const char *arg, const char *reason, const char *expected)
{
	int v = 0;
	char msg[512];
	if (!field_lookup(table, arg, strlen(arg), &v)) {
		argp_failure(state, EX_USAGE, 0, "%s", field_describe(msg, sizeof msg, option, arg,
		             strlen(arg), reason, expected));
	}
	return v;
}

static error_t
parse_opt(int key, char *arg, struct argp_state *state)
{
	struct arguments *a = state->input;
	char msg[512];

	for (size_t i = 0; i < sizeof field_options / sizeof field_options[0]; i++) {
		if (field_options[i].key != key)
			continue;
		enum field_id id = field_options[i].field;
		const char *reason = field_parse(id, arg, strlen(arg), &a->sc);
		if (reason != NULL)
			argp_failure(state, EX_USAGE, 0, "%s", field_message(msg, sizeof msg,
			             field_options[i].label, id, arg, strlen(arg), reason));
		a->given[id] = true;
		return 0;
	}

	switch (key) {
	case 'f':
		a->format = (enum out_format)parse_enum(state, format_names, "--format", arg,
		                                        _("unknown format"), _("table, csv, tsv, json, xlsx, svg or md"));
		a->format_given = true;
		break;
	case OPT_BASIS:
		a->sc.basis = (enum rules_basis)parse_enum(state, basis_names, "--basis", arg,
		                                           _("unknown basis"), _("total or subsidy"));
		break;
	case OPT_FIELDS:
		a->fields = arg;        /* checked at the end: batch output has the input's columns too */
		break;
	case OPT_STRICT:
		a->strict = true;
		break;
	case OPT_EXCEL:
		a->excel = true;
		break;
	case OPT_INPUT_FORMAT:
		a->input = (enum csvr_format)parse_enum(state, input_names, "--input-format", arg,
		                                        _("unknown input format"), _("csv or tsv"));
		break;
	case OPT_HEADER:
		a->header_ko = parse_enum(state, header_names, "--header", arg, _("unknown header language"),
		                          _("en or ko")) == 1;
		a->header_given = true;
		break;
	case OPT_ENCODING:
		a->encoding = (enum csvr_encoding)parse_enum(state, encoding_names, "--encoding", arg,
		                                             _("unknown encoding"), _("utf-8 or cp949"));
		a->encoding_given = true;
		break;
	case OPT_NO_HEADER:
		a->no_header = true;
		break;
	case OPT_RULES:
		a->rules = arg;
		break;
	case OPT_AS_OF:
		a->as_of = parse_date(state, "--as-of", arg);
		a->as_of_given = true;
		break;
	case OPT_FROM:
		a->from = parse_date(state, "--from", arg);
		a->from_given = true;
		break;
	case OPT_TO:
		a->to = parse_date(state, "--to", arg);
		a->to_given = true;
		break;
	case OPT_STAGES:
		a->stages = true;
		break;
	case OPT_EXPLAIN:
		a->explain = true;
		break;
	case OPT_METHOD:
		a->method = (enum method)parse_enum(state, method_names, "--method", arg, _("unknown method"),
		                                    _("from-scratch, continued-pretraining or fine-tuning"));
		break;
	case OPT_COMPARE:
		a->compare = true;
		break;
	case OPT_MEMBERS: {
		char **grown = realloc(a->members, (size_t)(a->nmembers + 1) * sizeof *grown);
		if (grown == NULL)
			argp_failure(state, EX_SOFTWARE, 0, "%s", _("out of memory"));
		a->members = grown;
		a->members[a->nmembers++] = arg;
		break;
	}
	case OPT_CASH:
	case OPT_IN_KIND: {
		uint64_t *to = key == OPT_CASH ? &a->money.cash : &a->money.in_kind;
		enum num_status st = num_parse_won(arg, strlen(arg), PLAN_BUDGET_MAX, to);
		char msg[512];
		if (st != NUM_OK)
			argp_failure(state, EX_USAGE, 0, "%s", field_describe(msg, sizeof msg,
			             key == OPT_CASH ? "--cash" : "--in-kind", arg, strlen(arg), num_strerror(st),
			             _("an amount of won: 300000000, 300,000,000, 3억 or 1억 5,000만, "
			               "at most 1,000조 (1,000,000,000,000,000) won")));
		*(key == OPT_CASH ? &a->cash_given : &a->in_kind_given) = true;
		break;
	}
	case OPT_SOLVE:
		a->var = (enum plan_var)parse_enum(state, solve_names, "--solve", arg, _("unknown variable"),
		                                   _("gpus, months or end"));
		a->solve = true;
		break;
	case OPT_ELIGIBILITY:
		a->eligibility = (enum members_eligibility)parse_enum(state, eligibility_names,
		                 "--eligibility", arg, _("unknown mode"), _("warn, error or off"));
		a->eligibility_given = true;
		break;
	case 'o':
		a->output = arg;
		break;
	case ARGP_KEY_ARGS:
		a->files = state->argv + state->next;
		a->nfiles = state->argc - state->next;
		state->next = state->argc;
		break;
	case ARGP_KEY_END:
		check_arguments(state, a);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/*
 * --help, --usage and --version, in place of argp's own (ARGP_NO_HELP).
 * argp folds help text by bytes: Korean lines (a syllable is three bytes
 * and two columns) broke early and unevenly.  Here argp writes each part
 * of the help unfolded, to memory, and table_wrap_help() folds it as argp
 * would, by display width, at the terminal's width ($COLUMNS, else the
 * terminal's, else 80; at least HELP_MIN, at most HELP_MAX columns): the
 * doc paragraphs, the option docs at argp's doc column, the group
 * headers.  An indented line of the text after the options (an example
 * command) is printed whole, never broken.  The usage lines are argp's
 * own at that width (options are ASCII, so bytes are columns).  Whoever
 * sets ARGP_HELP_FMT gets argp's own layout.
 */
enum { OPT_USAGE = -3 };
enum { HELP_MIN = 40, HELP_MAX = 100, HELP_DOC_COL = 29, HELP_HEADER_COL = 1 };

static const struct argp_option help_options[] = {
	{ "help", '?', 0, 0, N_("Give this help list"), -1 },
	{ "usage", OPT_USAGE, 0, 0, N_("Give a short usage message"), -1 },
	{ "version", 'V', 0, 0, N_("Print program version"), -1 },
	{ 0 }
};

/* Has argp write the FLAGS part of the help at right margin RMARGIN; false without memory. */
static bool
help_part(const struct argp_state *state, FILE *fp, unsigned flags, int rmargin)
{
	char fmt[32];
	snprintf(fmt, sizeof fmt, "rmargin=%d", rmargin);
	if (setenv("ARGP_HELP_FMT", fmt, 1) != 0)
		return false;
	argp_state_help(state, fp, flags);
	return true;
}

/*
 * The FLAGS part of the help, unfolded by argp, folded to RMARGIN: an
 * option's doc goes on at the doc column, a header's at its column; with
 * VERBATIM an indented line stays whole.  False without memory.
 */
static bool
help_folded(const struct argp_state *state, FILE *fp, unsigned flags, size_t rmargin, bool verbatim)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	if (mem == NULL)
		return false;
	bool ok = help_part(state, mem, flags, 1000000);
	if (fclose(mem) != 0 || !ok) {
		free(buf);
		return false;
	}
	for (const char *p = buf, *e = buf + len; p < e;) {
		const char *nl = memchr(p, '\n', (size_t)(e - p)), *end = nl != NULL ? nl : e;
		size_t indent = p[0] != ' ' ? 0 : p + 1 < end && p[1] == ' ' ? HELP_DOC_COL : HELP_HEADER_COL;
		if (verbatim && p[0] == ' ')
			fprintf(fp, "%.*s\n", (int)(end - p), p);
		else
			table_wrap_help(fp, p, (size_t)(end - p), rmargin, verbatim ? 0 : indent);
		p = end + 1;
	}
	free(buf);
	return true;
}

static error_t
help_parse(int key, char *arg, struct argp_state *state)
{
	(void)arg;
	FILE *fp = state->out_stream;
	if (key == 'V') {
		fprintf(fp, "%s\n", argp_program_version);
		exit(EX_OK);
	}
	if (key != '?' && key != OPT_USAGE)
		return ARGP_ERR_UNKNOWN;
	size_t width = table_width(fp);
	width = width == 0 ? 80 : width < HELP_MIN ? HELP_MIN : width > HELP_MAX ? HELP_MAX : width;
	int rmargin = (int)width - 1;       /* argp's 79 for 80 columns */
	if (getenv("ARGP_HELP_FMT") != NULL)     /* argp's own, and exit */
		argp_state_help(state, fp, key == '?' ? ARGP_HELP_STD_HELP : ARGP_HELP_USAGE | ARGP_HELP_EXIT_OK);
	if (key == OPT_USAGE) {
		if (!help_part(state, fp, ARGP_HELP_USAGE, rmargin))
			argp_state_help(state, fp, ARGP_HELP_USAGE);
		exit(EX_OK);
	}
	/* As argp puts them: usage, the doc, a blank line, the options, a blank line, the rest. */
	bool ok = help_part(state, fp, ARGP_HELP_SHORT_USAGE, rmargin) &&
	          help_folded(state, fp, ARGP_HELP_PRE_DOC, (size_t)rmargin, false);
	if (ok) {
		putc('\n', fp);
		ok = help_folded(state, fp, ARGP_HELP_LONG, (size_t)rmargin, false);
	}
	if (ok) {
		putc('\n', fp);
		ok = help_folded(state, fp, ARGP_HELP_POST_DOC, (size_t)rmargin, true);
	}
	if (!ok) {
		fputs(_("kai-cost: out of memory\n"), stderr);
		exit(EX_SOFTWARE);
	}
	exit(EX_OK);
}

static const struct argp help_argp = { help_options, help_parse, 0, 0, 0, 0, I18N_DOMAIN };
static const struct argp_child children[] = { { &help_argp, 0, 0, 0 }, { 0 } };

/* argp translates the option docs, group headers and doc in our domain. */
static const struct argp argp = { options, parse_opt, args_doc, doc, children, 0, I18N_DOMAIN };

/* What the rules table gave for this run. */
struct context {
	struct rs_pick pick;
	const char *rules_name;     /* for messages and --explain */
};

/* One scenario, --compare or --stages, through the scenario module. */
static int
run(const struct arguments *a, const struct context *ctx, FILE *out, struct sheet *sheet)
{
	struct scenario_options opt = {
		.sheet = sheet,
		.header_ko = a->header_ko,
		.format = a->format, .cols = a->cols, .ncols = a->ncols,
		.no_header = a->no_header, .excel = a->excel,
		.compare = a->compare, .stages = a->stages, .explain = a->explain,
		.dates = a->from_given, .from = a->from, .to = a->to,
		.pick = &ctx->pick, .rules_name = ctx->rules_name,
		.price_given = a->given[FIELD_UNIT_PRICE],
		.budget = a->cash_given || a->in_kind_given, .money = a->money,
		.solve = a->solve, .var = a->var,
	};
	if (a->solve) {
		const struct rs_pick *pick = &ctx->pick;
		/* The caps: the rules table's, --months when shorter, the programme end. */
		opt.cap = scenario_cap(pick, a->var, a->given[FIELD_MONTHS], a->sc.months);
		opt.dates = a->var == PLAN_END;
		opt.from = a->from_given ? a->from : pick->programme_start;
		opt.last = pick->programme_end;
		if (a->var == PLAN_END && cal_serial(opt.from) > cal_serial(opt.last)) {
			char from[11], last[11];
			fprintf(stderr, _("kai-cost: --from '%s' is after the programme end %s; expected a start "
			        "on or before it\n"), cal_format(from, opt.from), cal_format(last, opt.last));
			return EX_USAGE;
		}
	}
	char msg[512];
	enum rules_status st = scenario_run(&opt, &a->sc, out, msg, sizeof msg);
	if (st == RULES_OK)
		return EX_OK;
	fprintf(stderr, "kai-cost: %s\n", msg);
	return st == RULES_E_OVERFLOW ? EX_DATAERR : EX_SOFTWARE;   /* too large: the data's doing */
}

/* Exit statuses from least to most severe: a run exits with its worst. */
static int
worse(int a, int b)
{
	static const int order[] = { EX_OK, EX_DATAERR, EX_NOINPUT, EX_USAGE, EX_SOFTWARE, EX_IOERR };
	int ra = 0, rb = 0;
	for (int i = 0; i < (int)(sizeof order / sizeof order[0]); i++) {
		if (order[i] == a)
			ra = i;
		if (order[i] == b)
			rb = i;
	}
	return ra >= rb ? a : b;
}

/* The one line for any run that memory ran out on; the caller exits 70. */
static void
out_of_memory(void)
{
	fputs(_("kai-cost: out of memory\n"), stderr);
}

/* Whether the shell reads ARG back as it is: no space, quote or other special character. */
static bool
shell_plain(const char *arg)
{
	if (*arg == '\0')
		return false;
	for (const unsigned char *p = (const unsigned char *)arg; *p; p++)
		if (!(*p >= 0x80 || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("-_./:=,+@%", *p) != NULL))
			return false;
	return true;
}

/*
 * The command line as typed, quoted for the shell, for a report's title:
 * what to run again for the same report.  Taken before argp reorders ARGV;
 * NULL without memory (the report then has no title).
 */
static char *
command_line(int argc, char **argv)
{
	size_t len = 1;
	for (int i = 0; i < argc; i++)
		len += 4 * strlen(argv[i]) + 3;     /* every byte a quote at worst, the quotes, a space */
	char *line = malloc(len), *at = line;
	if (line == NULL)
		return NULL;
	for (int i = 0; i < argc; i++) {
		if (i > 0)
			*at++ = ' ';
		if (shell_plain(argv[i])) {
			at = stpcpy(at, argv[i]);
			continue;
		}
		*at++ = '\'';
		for (const char *p = argv[i]; *p; p++)
			at = *p == '\'' ? stpcpy(at, "'\\''") : (*at = *p, at + 1);
		*at++ = '\'';
	}
	*at = '\0';
	return line;
}

/* The command line, for a report's title (a global: still reachable when a run ends early). */
static char *title;

/* The sheet that a report format's records go to, with TITLE, or NULL without memory. */
static struct sheet *
new_sheet(const struct arguments *a, const struct context *ctx, const char *title)
{
	enum sheet_kind kind = a->nmembers > 0 ? SHEET_MEMBERS : a->nfiles > 0 ? SHEET_BATCH
	                     : a->compare ? SHEET_COMPARE : a->stages ? SHEET_STAGES : SHEET_ONE;
	return sheet_new(kind, &ctx->pick, title);
}

/*
 * Writes the report of SHEET to OUT after a run that ended with STATUS, and
 * returns the run's status then: a run that failed writes nothing, a sheet
 * past its records' limit is refused (64), a workbook that could not be
 * made fails the run (74).
 */
static int
write_report(const struct sheet *sheet, enum out_format format, FILE *out, int status)
{
	char msg[512];
	if (status != EX_OK && status != EX_DATAERR)
		return status;
	if (sheet->nomem) {
		out_of_memory();
		return EX_SOFTWARE;
	}
	if (sheet->full) {
		char most[NUM_BUF];
		num_fmt_grouped(most, SHEET_ROWS_MAX);
		fprintf(stderr, _("kai-cost: more than %s records for a report; expected at most %s "
		        "(csv, tsv and json have no limit)\n"), most, most);
		return EX_USAGE;
	}
	msg[0] = '\0';
	enum sheet_status st = format == OUT_XLSX ? xlsx_write(sheet, out, msg, sizeof msg)
	                     : format == OUT_SVG ? svg_write(sheet, out, msg, sizeof msg)
	                     : md_write(sheet, out, msg, sizeof msg);
	if (st == SHEET_OK) {
		if (msg[0] != '\0')        /* written, with something the reader should know */
			fprintf(stderr, _("kai-cost: warning: %s\n"), msg);
		return status;
	}
	fprintf(stderr, "kai-cost: %s\n", msg);
	return st == SHEET_TOO_MANY ? EX_USAGE : EX_IOERR;
}

static void
report(void *ctx, const char *file, unsigned long line, const char *msg)
{
	(void)ctx;
	if (file == NULL)
		fprintf(stderr, "kai-cost: %s\n", msg);
	else if (line == 0)
		fprintf(stderr, "kai-cost: %s: %s\n", file, msg);
	else
		fprintf(stderr, "kai-cost: %s:%lu: %s\n", file, line, msg);
}

/* Opens PATH ('-': standard input) for reading, or reports why not; NAME is its name in messages. */
static FILE *
open_input(const char *path, const char **name)
{
	bool is_stdin = strcmp(path, "-") == 0;
	*name = is_stdin ? "<stdin>" : path;
	FILE *in = is_stdin ? stdin : fopen(path, "rb");
	struct stat st;
	if (in != NULL && fstat(fileno(in), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(in);
		in = NULL;
		errno = EISDIR;
	}
	if (in == NULL)
		fprintf(stderr, _("kai-cost: %s: cannot open: %s\n"), *name, strerror(errno));
	return in;
}

/*
 * Reads each of the N PATHS in turn with READ, which returns the exit
 * status of that file and sets *STOP when no further file should be read.
 * A file that cannot be opened is reported and skipped.  Returns the worst
 * status.
 */
static int
read_inputs(char *const *paths, int n, int (*read)(void *reader, FILE *in, const char *name, bool *stop),
            void *reader)
{
	int status = EX_OK;
	bool stop = false;
	for (int i = 0; i < n && !stop; i++) {
		const char *name;
		FILE *in = open_input(paths[i], &name);
		if (in == NULL) {
			status = worse(status, EX_NOINPUT);
			continue;
		}
		status = worse(status, read(reader, in, name, &stop));
		if (in != stdin)
			fclose(in);
	}
	return status;
}

static int
read_batch_file(void *reader, FILE *in, const char *name, bool *stop)
{
	static const int exit_of[] = {
		[BATCH_OK] = EX_OK, [BATCH_INVALID] = EX_DATAERR, [BATCH_STOP] = EX_DATAERR,
		[BATCH_USAGE] = EX_USAGE, [BATCH_READ_ERROR] = EX_IOERR, [BATCH_NOMEM] = EX_SOFTWARE,
	};
	enum batch_status bs = batch_file(reader, in, name);
	*stop = bs >= BATCH_STOP;
	if (bs == BATCH_NOMEM)
		out_of_memory();
	return exit_of[bs];
}

static int
read_members_file(void *reader, FILE *in, const char *name, bool *stop)
{
	static const int exit_of[] = {
		[MEMBERS_OK] = EX_OK, [MEMBERS_INELIGIBLE] = EX_DATAERR, [MEMBERS_INVALID] = EX_DATAERR,
		[MEMBERS_STOP] = EX_DATAERR, [MEMBERS_USAGE] = EX_USAGE,
		[MEMBERS_READ_ERROR] = EX_IOERR, [MEMBERS_NOMEM] = EX_SOFTWARE,
	};
	enum members_status ms = members_file(reader, in, name);
	*stop = ms >= MEMBERS_STOP;
	if (ms == MEMBERS_NOMEM)
		out_of_memory();
	return exit_of[ms];
}

/* The FILE arguments: batch input. */
static int
run_batch(const struct arguments *a, const struct context *ctx, FILE *out, struct sheet *sheet)
{
	struct batch_options opt = {
		.sheet = sheet,
		.format = a->format, .no_header = a->no_header, .excel = a->excel,
		.strict = a->strict, .encoding = a->encoding, .input = a->input, .fields = a->fields,
		.header_ko = a->header_ko,
		.defaults = a->sc, .rates = &ctx->pick.rates, .pick = &ctx->pick, .report = report,
		.solve = a->solve, .var = a->var,
	};
	struct batch *b = batch_new(&opt, out);
	if (b == NULL) {
		if (errno == ENOMEM)
			out_of_memory();
		else
			fprintf(stderr, _("kai-cost: cannot start the batch reader: %s\n"), strerror(errno));
		return EX_SOFTWARE;
	}
	int status = read_inputs(a->files, a->nfiles, read_batch_file, b);
	batch_free(b);
	return status;
}

/* The --members files: consortium budgets. */
static int
run_members(const struct arguments *a, const struct context *ctx, FILE *out, struct sheet *sheet)
{
	struct members_options opt = {
		.sheet = sheet,
		.format = a->format, .no_header = a->no_header, .excel = a->excel, .strict = a->strict,
		.explain = a->explain, .stages = a->stages, .encoding = a->encoding, .input = a->input,
		.fields = a->fields, .header_ko = a->header_ko,
		.license_given = a->given[FIELD_LICENSE], .license = a->sc.license,
		.defaults = a->sc, .dates = a->from_given, .from = a->from, .to = a->to,
		.eligibility = a->eligibility, .fine_tuning = a->method == METHOD_FINE_TUNING,
		.pick = &ctx->pick, .rules_name = ctx->rules_name,
		.price_given = a->given[FIELD_UNIT_PRICE], .report = report,
	};
	struct members *m = members_new(&opt, out);
	if (m == NULL) {
		if (errno == ENOMEM)
			out_of_memory();
		else
			fprintf(stderr, _("kai-cost: cannot start the members reader: %s\n"), strerror(errno));
		return EX_SOFTWARE;
	}
	int status = read_inputs(a->members, a->nmembers, read_members_file, m);
	members_free(m);
	return status;
}

/* Whether A and B are one file, whatever the names or links that lead to it. */
static bool
same_inode(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* Which of the N PATHS ('-': standard input) is the file O, as messages name it, or NULL. */
static const char *
same_file(char *const *paths, int n, const struct stat *o)
{
	struct stat in;
	for (int i = 0; i < n; i++) {
		bool is_stdin = strcmp(paths[i], "-") == 0;
		if ((is_stdin ? fstat(STDIN_FILENO, &in) : stat(paths[i], &in)) == 0 && same_inode(&in, o))
			return is_stdin ? "<stdin>" : paths[i];
	}
	return NULL;
}

/*
 * Which input the -o file PATH is, or NULL: a FILE or --members argument
 * (standard input for '-'), or the --rules file (then *RULES).  Only a
 * regular file is compared: writing to /dev/null loses no input, even when
 * it is standard input as well.
 */
static const char *
same_as_input(const struct arguments *a, const char *path, bool *rules)
{
	struct stat o, in;
	*rules = false;
	if (stat(path, &o) != 0 || !S_ISREG(o.st_mode))
		return NULL;
	const char *input = same_file(a->files, a->nfiles, &o);
	if (input == NULL)
		input = same_file(a->members, a->nmembers, &o);
	if (input == NULL && a->rules != NULL && stat(a->rules, &in) == 0 && same_inode(&in, &o)) {
		*rules = true;
		input = a->rules;
	}
	return input;
}

/*
 * Closes the -o file.  It replaces the old file only for a run that
 * succeeded or only skipped bad records (0 or 65); after a usage error, a
 * missing input, an I/O or internal error the old file stays as it was.
 * Returns the run's exit status, made 74 by a write error.
 */
static int
finish(struct outfile *of, const char *name, int status)
{
	switch (outfile_close(of, status == EX_OK || status == EX_DATAERR)) {
	case OUTFILE_OK:
	case OUTFILE_KEPT:
		return status;
	case OUTFILE_EMPTY:
		fprintf(stderr, _("kai-cost: warning: no output; '%s' left as it was\n"), name);
		return status;
	case OUTFILE_RENAME:
		fprintf(stderr, _("kai-cost: cannot replace output file '%s': %s\n"), name, strerror(of->err));
		return EX_IOERR;
	default:
		fprintf(stderr, _("kai-cost: write error on %s: %s\n"), name,
		        of->err != 0 ? strerror(of->err) : _("output error"));
		return EX_IOERR;
	}
}

/*
 * Registered with atexit(), so that it runs however the program ends
 * (argp exits by itself after --help, --usage and --version): standard
 * output must reach its file, or the run fails with one message, as
 * gnulib's close_stdout does.
 */
static void
close_stdout(void)
{
	bool failed = ferror(stdout) != 0;
	errno = 0;
	if (fclose(stdout) != 0 || failed) {
		fprintf(stderr, _("kai-cost: write error on standard output: %s\n"),
		        errno != 0 ? strerror(errno) : _("output error"));
		_exit(EX_IOERR);
	}
}

/*
 * Makes sure descriptors 0, 1 and 2 are open before anything else is, so
 * that no file opened later becomes one of them by accident (with 2>&- a
 * diagnostic would land in the -o file).  A closed one gets /dev/null
 * opened the other way round, as gnulib's stdopen does: reading a closed
 * standard input, or writing a closed standard output, still fails (EBADF)
 * instead of silently reading nothing or losing the results.
 */
static void
open_std_fds(void)
{
	for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		if (open("/dev/null", fd == STDIN_FILENO ? O_WRONLY : O_RDONLY) != fd)
			_exit(EX_SOFTWARE);     /* no /dev/null: nowhere safe to say so */
	}
}

/* The largest --rules file read, in bytes: a rules table is a few kilobytes. */
#define RULES_FILE_MAX ((size_t)1 << 20)
_Static_assert(RULES_FILE_MAX % ((size_t)1 << 20) == 0, "RULES_FILE_MAX is shown in MiB");

enum slurp_status { SLURP_OK, SLURP_OPEN, SLURP_READ, SLURP_TOO_LARGE, SLURP_NOMEM };

/*
 * Reads PATH to its end into *TEXT (*LEN bytes, malloc'd; freed by the
 * caller whatever the outcome), at most RULES_FILE_MAX bytes.  Reading to
 * end of file, not to the size fstat gives, works for pipes too
 * (--rules <(...)).  SLURP_OPEN and SLURP_READ leave errno set.
 */
static enum slurp_status
slurp(const char *path, char **text, size_t *len)
{
	*text = NULL;
	*len = 0;
	FILE *fp = fopen(path, "rb");
	if (fp == NULL)
		return errno == ENOMEM ? SLURP_NOMEM : SLURP_OPEN;
	struct stat st;
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(fp);
		errno = EISDIR;
		return SLURP_OPEN;
	}
	enum slurp_status status = SLURP_OK;
	size_t cap = 0;
	for (;;) {
		if (*len == cap) {
			if (cap > RULES_FILE_MAX) {     /* one byte past the maximum was read */
				status = SLURP_TOO_LARGE;
				break;
			}
			size_t grown = cap == 0 ? 8192 : 2 * cap;
			if (grown > RULES_FILE_MAX + 1)
				grown = RULES_FILE_MAX + 1;
			char *p = realloc(*text, grown);
			if (p == NULL) {
				status = SLURP_NOMEM;
				break;
			}
			*text = p;
			cap = grown;
		}
		size_t n = fread(*text + *len, 1, cap - *len, fp);
		*len += n;
		if (n == 0) {
			if (ferror(fp))
				status = SLURP_READ;
			break;
		}
	}
	int err = errno;
	fclose(fp);
	errno = err;
	return status;
}

/*
 * Loads the rules table (the built-in one or --rules) and picks the values
 * in force on --as-of (default: today) into CTX.  Returns 0, or the exit
 * status after reporting why not.
 */
static int
load_rules(const struct arguments *a, struct context *ctx, struct ruleset *rs)
{
	char msg[512], *text = NULL;
	unsigned long line;
	size_t len;
	bool ok;

	if (a->rules == NULL) {
		ctx->rules_name = _("built-in data/rules.csv");
		ok = ruleset_parse(rs, ruleset_builtin, ruleset_builtin_len, msg, sizeof msg, &line);
		if (!ok) {
			fprintf(stderr, _("kai-cost: internal error: built-in rules line %lu: %s\n"), line, msg);
			return EX_SOFTWARE;
		}
	} else {
		ctx->rules_name = a->rules;
		enum slurp_status st = slurp(a->rules, &text, &len);
		if (st != SLURP_OK) {
			int err = errno;
			free(text);
			switch (st) {
			case SLURP_NOMEM:
				out_of_memory();
				return EX_SOFTWARE;
			case SLURP_TOO_LARGE:
				fprintf(stderr, _("kai-cost: --rules '%s': larger than %zu MiB; expected a rules "
				        "table of at most %zu MiB\n"), a->rules, RULES_FILE_MAX >> 20,
				        RULES_FILE_MAX >> 20);
				return EX_DATAERR;
			case SLURP_READ:
				fprintf(stderr, _("kai-cost: --rules '%s': read error: %s\n"), a->rules, strerror(err));
				return EX_IOERR;
			default:
				fprintf(stderr, _("kai-cost: --rules '%s': cannot open: %s\n"), a->rules, strerror(err));
				return EX_NOINPUT;
			}
		}
		ok = ruleset_parse(rs, text, len, msg, sizeof msg, &line);
		free(text);
		if (!ok) {
			report(NULL, a->rules, line, msg);
			return EX_DATAERR;
		}
	}

	struct cal_date on = a->as_of;
	if (!a->as_of_given) {
		time_t now = time(NULL);
		struct tm tm;
		localtime_r(&now, &tm);
		on = (struct cal_date){ tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday };
	}
	if (!ruleset_pick(rs, on, &ctx->pick, msg, sizeof msg)) {
		report(NULL, ctx->rules_name, 0, msg);
		ruleset_free(rs);
		return EX_DATAERR;
	}
	return 0;
}

/*
 * Messages, tables and --help in the user's language (LC_MESSAGES), text in
 * the user's character set (LC_CTYPE); numbers never by the locale: they are
 * formatted by num.c, and LC_NUMERIC stays "C" so that nothing else could
 * print or read 1.5 as "1,5".  The catalogue is under $KAI_COST_LOCALEDIR
 * when set (an uninstalled build: build/locale), else LOCALEDIR.
 */
static void
i18n_start(void)
{
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	/*
	 * kai-cost writes UTF-8 (원, 억, the tables), whatever the locale; the C
	 * library's own messages (strerror, argp) come in the locale's codeset.
	 * Under a locale that is not UTF-8 (ko_KR.EUC-KR) the two would mix in
	 * one line, so messages stay English there.
	 */
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_MESSAGES, "C");
	const char *dir = getenv(I18N_LOCALEDIR_ENV);
	bindtextdomain(I18N_DOMAIN, dir != NULL && *dir != '\0' ? dir : LOCALEDIR);
	bind_textdomain_codeset(I18N_DOMAIN, "UTF-8");
	textdomain(I18N_DOMAIN);
}

int
main(int argc, char **argv)
{
	static struct arguments a = {
		.sc = { .basis = RULES_BASIS_TOTAL, .months_den = RULES_MONTHS_SCALE },
		.format = OUT_TABLE,
	};

	open_std_fds();
	atexit(close_stdout);
	/*
	 * Big blocks for batch output; and --help, written before argp exits,
	 * stays in the buffer until close_stdout(), which then learns why a
	 * write failed (a write straight from a small buffer loses its errno).
	 */
	static char stdout_buf[1 << 16];
	setvbuf(stdout, stdout_buf, _IOFBF, sizeof stdout_buf);

	/* getopt names the program by argv[0]: make every message start "kai-cost: ". */
	static char program_name[] = "kai-cost";
	if (argc > 0)
		argv[0] = program_name;
	title = command_line(argc, argv);
	i18n_start();
	argp_parse(&argp, argc, argv, ARGP_NO_HELP, 0, &a);

	/* Before anything is read: an input must not be replaced by its own results. */
	bool to_file = a.output != NULL && strcmp(a.output, "-") != 0;
	/* -o /dev/tty is a terminal too; only a character device is opened to ask (not a FIFO's reader). */
	struct stat o;
	int tty = -1;
	bool terminal = !to_file ? isatty(STDOUT_FILENO)
	              : stat(a.output, &o) == 0 && S_ISCHR(o.st_mode) &&
	                (tty = open(a.output, O_WRONLY | O_NOCTTY | O_NONBLOCK)) >= 0 && isatty(tty);
	if (tty >= 0)
		close(tty);
	if ((a.format == OUT_XLSX || a.format == OUT_SVG) && terminal) {
		fprintf(stderr, _("kai-cost: --format %s is not for a terminal; expected -o FILE or "
		        "standard output redirected to a file or pipe\n"), a.format == OUT_XLSX ? "xlsx" : "svg");
		return EX_USAGE;
	}
	bool rules = false;
	const char *input = to_file ? same_as_input(&a, a.output, &rules) : NULL;
	if (input != NULL) {
		fprintf(stderr, rules ? _("kai-cost: --output '%s' is the --rules file '%s'; expected another file\n")
		              : _("kai-cost: --output '%s' is the input file '%s'; expected another file\n"),
		        a.output, input);
		return EX_USAGE;
	}

	static struct context ctx;
	struct ruleset rs;
	int status = load_rules(&a, &ctx, &rs);
	if (status != 0)
		return status;
	if (!a.given[FIELD_UNIT_PRICE])
		a.sc.unit_price = ctx.pick.unit_price;
	if (a.from_given && a.to_given)
		scenario_set_period(&a.sc, a.from, a.to);
	if (a.nfiles == 0 && a.sc.months > 1200 * a.sc.months_den) {
		fputs(_("kai-cost: --from/--to: the period is longer than 1,200 months; "
		        "expected at most 1,200\n"), stderr);
		ruleset_free(&rs);
		return EX_USAGE;
	}
	if (a.method == METHOD_FINE_TUNING && a.nmembers == 0) {
		fputs(_("kai-cost: --method fine-tuning: not eligible; the programme funds "
		        "training a model from scratch or continued large-scale pre-training of an "
		        "existing general model, not fine-tuning\n"), stderr);
		ruleset_free(&rs);
		return EX_DATAERR;
	}
	if (a.nfiles == 0 && a.nmembers == 0) {
		bool period = a.from_given && a.to_given;   /* not with --solve end: it finds the end */
		const struct cal_date *from = period ? &a.from : NULL, *to = period ? &a.to : NULL;
		unsigned kinds = ruleset_check(&ctx.pick, &a.sc, from, to);
		for (unsigned kind = RS_WARN_GPUS; kind <= RS_WARN_PERIOD; kind <<= 1) {
			char msg[RS_WARNING_MAX];
			if (kinds & kind) {
				ruleset_warning(msg, sizeof msg, kind, &ctx.pick, &a.sc, from, to);
				fprintf(stderr, "kai-cost: %s\n", msg);
			}
		}
	}

	/*
	 * Opened only now, so that a usage error never creates anything; a
	 * regular file is written through a temporary that replaces it only if
	 * the run succeeds (finish()).  Standard output is checked at exit.
	 */
	struct outfile of = { .fp = stdout };
	if (to_file) {
		enum outfile_status os = outfile_open(&of, a.output);
		if (os != OUTFILE_OK) {
			if (os == OUTFILE_NOMEM)
				out_of_memory();
			else
				fprintf(stderr, os == OUTFILE_TEMP
				        ? _("kai-cost: cannot open output file '%s': cannot create a temporary "
				            "file beside it: %s\n")
				        : _("kai-cost: cannot open output file '%s': %s\n"), a.output,
				        strerror(of.err));
			ruleset_free(&rs);
			free(a.members);
			return os == OUTFILE_NOMEM ? EX_SOFTWARE : EX_IOERR;
		}
		static char file_buf[1 << 16];
		setvbuf(of.fp, file_buf, _IOFBF, sizeof file_buf);
	}
	struct sheet *sheet = NULL;
	if (out_is_report(a.format) && (sheet = new_sheet(&a, &ctx, title)) == NULL) {
		out_of_memory();
		ruleset_free(&rs);
		free(a.members);
		free(title);
		return to_file ? finish(&of, a.output, EX_SOFTWARE) : EX_SOFTWARE;
	}
	status = a.nmembers > 0 ? run_members(&a, &ctx, of.fp, sheet)
	       : a.nfiles > 0 ? run_batch(&a, &ctx, of.fp, sheet) : run(&a, &ctx, of.fp, sheet);
	if (sheet != NULL)
		status = write_report(sheet, a.format, of.fp, status);
	sheet_free(sheet);
	free(title);
	ruleset_free(&rs);
	free(a.members);
	return to_file ? finish(&of, a.output, status) : status;
}
