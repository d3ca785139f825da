/*
 * main.c - the command line: argp options, dispatch, and exit statuses.
 * This is the only module that prints diagnostics or decides how the
 * program ends; everything it calls returns a status.
 */
#include <argp.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>

#include "batch.h"
#include "field.h"
#include "num.h"
#include "output.h"
#include "rules.h"

#ifndef KAI_VERSION
#define KAI_VERSION "unknown"
#endif

const char *argp_program_version = "kai-cost " KAI_VERSION;

static const char args_doc[] = "[FILE...]";

static const char doc[] =
	"Exact cost of the 특화 AI 파운데이션 모델 사업 (industry-specialised AI "
	"foundation model programme): government support (정부지원금), private "
	"contribution (민간부담금), its minimum cash share (현금) and maximum "
	"in-kind share (현물), to the won."
	"\v"
	"Examples:\n"
	"  kai-cost --size sme --license commercial --gpus 256 --months 10\n"
	"  kai-cost -s 중소기업 -l 연구용 -g 256 -m 10.3 -f json\n"
	"  kai-cost -s mid -l closed -g 128 -m 6 -f csv --fields private_share_krw\n"
	"  kai-cost --compare -g 256 -m 10 -f csv | sort -t, -k8,8n\n"
	"  kai-cost candidates.csv -o costed.csv\n"
	"  some-export | kai-cost - --format json | jq .total_cost_krw\n"
	"  kai-cost --encoding=cp949 --excel 후보.csv -o 결과.csv\n"
	"\n"
	"With FILE arguments each FILE is a CSV of scenarios ('-' is standard input) "
	"with a header naming the columns size, license, gpus, months and optionally "
	"unit_price (or 기업규모, 공개방식, GPU수, 개월수, 단가); every input column is "
	"written unchanged, followed by the computed columns.\n"
	"\n"
	"SIZE is large, mid or sme (대기업, 중견, 중견기업, 중소, 중소기업). MODE is "
	"commercial, research or closed (none; 상업용, 연구용, 비공개). Numbers may "
	"carry thousands separators (6,600,000).\n"
	"\n"
	"Exit status: 0 success, 64 bad command line, 65 bad data, 66 input file "
	"cannot be opened, 74 read or write error, 70 internal error.";

enum {
	OPT_BASIS = 0x100,
	OPT_FIELDS,
	OPT_NO_HEADER,
	OPT_COMPARE,
	OPT_STRICT,
	OPT_ENCODING,
	OPT_EXCEL,
};

static const struct argp_option options[] = {
	{ 0, 0, 0, 0, "Scenario:", 1 },
	{ "size", 's', "SIZE", 0, "company size bearing the cost: large, mid, sme", 1 },
	{ "license", 'l', "MODE", 0, "open-source mode: commercial, research, closed", 1 },
	{ "gpus", 'g', "N", 0, "GPUs, 0 to 100,000 (0: the team declines the GPUs)", 1 },
	{ "months", 'm', "M", 0, "agreement months, above 0 and at most 1,200, up to 4 decimals", 1 },
	{ "unit-price", 'p', "KRW", 0, "won per GPU per month (default 6,600,000)", 1 },
	{ "basis", OPT_BASIS, "BASIS", 0,
	  "the self-burden rate is a share of the 'total' cost (default) or of the 'subsidy'", 1 },
	{ "compare", OPT_COMPARE, 0, 0,
	  "all nine size x license combinations for the given GPUs and months", 1 },
	{ 0, 0, 0, 0, "Output:", 2 },
	{ "format", 'f', "FMT", 0, "table (default), csv, tsv or json (one object per line)", 2 },
	{ "fields", OPT_FIELDS, "LIST", 0, "comma-separated output columns, in that order", 2 },
	{ "no-header", OPT_NO_HEADER, 0, 0, "no header line in csv and tsv", 2 },
	{ "output", 'o', "FILE", 0, "write results to FILE instead of standard output", 2 },
	{ "excel", OPT_EXCEL, 0, 0, "csv/tsv for Korean Excel: UTF-8 BOM, CRLF, "
	  "text starting with = + - @ neutralised", 2 },
	{ 0, 0, 0, 0, "Batch input (FILE arguments):", 3 },
	{ "encoding", OPT_ENCODING, "ENC", 0, "input encoding: utf-8 (default) or cp949 "
	  "(EUC-KR, Korean Excel's CSV)", 3 },
	{ "strict", OPT_STRICT, 0, 0, "stop at the first bad record", 3 },
	{ 0, 0, 0, 0, "Informational options:", -1 },
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
	FIELD_ALIAS_END,
};

static const struct field_alias encoding_names[] = {
	FIELD_ALIAS("utf-8", BATCH_UTF8), FIELD_ALIAS("utf8", BATCH_UTF8),
	FIELD_ALIAS("cp949", BATCH_CP949), FIELD_ALIAS("euc-kr", BATCH_CP949), FIELD_ALIAS("euckr", BATCH_CP949),
	FIELD_ALIAS("uhc", BATCH_CP949), FIELD_ALIAS("ms949", BATCH_CP949),
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
	enum batch_encoding encoding;
	const char *output;
	char **files;               /* FILE arguments */
	int nfiles;
};

/* Fills A->cols from the comma-separated LIST, or explains in MSG why not. */
static bool
parse_fields(struct arguments *a, const char *list, char *msg, size_t n)
{
	bool seen[OUT_COL_COUNT] = { false };
	const char *p = list;

	a->ncols = 0;
	for (;;) {
		const char *comma = strchr(p, ','), *end = comma ? comma : p + strlen(p);
		const char *b = p, *e = end;
		while (b < e && *b == ' ')
			b++;
		while (e > b && e[-1] == ' ')
			e--;
		enum out_col col;
		if (b == e) {
			snprintf(msg, n, "--fields '%s': empty column name; expected a "
			         "comma-separated list of output columns", list);
			return false;
		}
		if (!out_col_from_name(b, (size_t)(e - b), &col)) {
			snprintf(msg, n, "--fields '%.*s': unknown column; expected any of size, license, "
			         "gpus, months, unit_price_krw, gov_subsidy_krw, self_rate_pct, "
			         "private_share_krw, cash_rate_pct, cash_min_krw, in_kind_max_krw, "
			         "total_cost_krw", (int)(e - b), b);
			return false;
		}
		if (seen[col]) {
			snprintf(msg, n, "--fields '%.*s': column listed twice; expected each column "
			         "at most once", (int)(e - b), b);
			return false;
		}
		seen[col] = true;
		a->cols[a->ncols++] = col;
		if (comma == NULL)
			return true;
		p = comma + 1;
	}
}

/* Whether the comma-separated LIST has an item that is empty or only spaces. */
static bool
has_empty_item(const char *list)
{
	for (const char *p = list;; ) {
		size_t n = strcspn(p, ","), k = 0;
		while (k < n && p[k] == ' ')
			k++;
		if (k == n)
			return true;
		if (p[n] == '\0')
			return false;
		p += n + 1;
	}
}

/* The checks that need the whole command line; each failure exits 64. */
static void
check_arguments(struct argp_state *state, struct arguments *a)
{
	char msg[512];
	bool batch = a->nfiles > 0;

	if (!a->format_given)
		a->format = batch ? OUT_CSV : OUT_TABLE;
	if (a->excel && a->format != OUT_CSV && a->format != OUT_TSV)
		argp_failure(state, EX_USAGE, 0, "--excel applies to csv and tsv output; "
		             "expected --format csv or tsv with it");

	if (batch) {
		static const char *const scenario_opts[] = { "--size", "--license", "--gpus", "--months" };
		for (int f = FIELD_SIZE; f <= FIELD_MONTHS; f++)
			if (a->given[f])
				argp_failure(state, EX_USAGE, 0, "%s applies to one scenario; expected "
				             "the FILE's %s column instead", scenario_opts[f], field_name(f));
		if (a->compare)
			argp_failure(state, EX_USAGE, 0, "--compare works on options, not FILE input; "
			             "expected no FILE with it");
		if (a->fields != NULL && has_empty_item(a->fields))
			argp_failure(state, EX_USAGE, 0, "--fields '%s': empty column name; expected a "
			             "comma-separated list of output columns", a->fields);
		return;
	}

	if (a->strict || a->encoding_given)
		argp_failure(state, EX_USAGE, 0, "%s applies to FILE input; expected a FILE argument",
		             a->strict ? "--strict" : "--encoding");
	if (a->compare && (a->given[FIELD_SIZE] || a->given[FIELD_LICENSE]))
		argp_failure(state, EX_USAGE, 0, "--compare computes every size and license; "
		             "expected no --size or --license with it");
	if (a->compare && a->format == OUT_TABLE && a->fields != NULL)
		argp_failure(state, EX_USAGE, 0, "--fields applies to csv, tsv and json; "
		             "expected --format with --compare --fields");
	if (a->fields != NULL && !parse_fields(a, a->fields, msg, sizeof msg))
		argp_failure(state, EX_USAGE, 0, "%s", msg);
	for (size_t i = 0; i < sizeof field_options / sizeof field_options[0]; i++) {
		enum field_id id = field_options[i].field;
		bool needed = id == FIELD_GPUS || id == FIELD_MONTHS ||
		              (!a->compare && (id == FIELD_SIZE || id == FIELD_LICENSE));
		if (needed && !a->given[id])
			argp_failure(state, EX_USAGE, 0, "missing %s; expected %s (see --help)",
			             field_options[i].label, field_expected(id));
	}
}

static error_t
parse_opt(int key, char *arg, struct argp_state *state)
{
	struct arguments *a = state->input;
	char msg[512];
	int v;

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
		if (!field_lookup(format_names, arg, strlen(arg), &v))
			argp_failure(state, EX_USAGE, 0, "--format '%s': unknown format; "
			             "expected table, csv, tsv or json", arg);
		a->format = (enum out_format)v;
		a->format_given = true;
		break;
	case OPT_BASIS:
		if (!field_lookup(basis_names, arg, strlen(arg), &v))
			argp_failure(state, EX_USAGE, 0, "--basis '%s': unknown basis; "
			             "expected total or subsidy", arg);
		a->sc.basis = (enum rules_basis)v;
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
	case OPT_ENCODING:
		if (!field_lookup(encoding_names, arg, strlen(arg), &v))
			argp_failure(state, EX_USAGE, 0, "--encoding '%s': unknown encoding; "
			             "expected utf-8 or cp949", arg);
		a->encoding = (enum batch_encoding)v;
		a->encoding_given = true;
		break;
	case OPT_NO_HEADER:
		a->no_header = true;
		break;
	case OPT_COMPARE:
		a->compare = true;
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

static const struct argp argp = { options, parse_opt, args_doc, doc, 0, 0, 0 };

/* Writes one scenario and its result as a machine-format record. */
static void
write_record(struct out_writer *w, const struct arguments *a,
             const struct rules_scenario *sc, const struct rules_result *res)
{
	struct out_cell cells[OUT_COL_COUNT];

	for (size_t i = 0; i < a->ncols; i++)
		cells[i] = out_col_cell(a->cols[i], sc, res);
	out_row(w, cells);
}

/* Computes SC, or reports why not: inputs were checked, so this is internal. */
static bool
compute(const struct rules_scenario *sc, struct rules_result *res)
{
	enum rules_status st = rules_compute(&rules_programme_rates, sc, res);
	if (st == RULES_OK)
		return true;
	fprintf(stderr, "kai-cost: internal error: %s\n", rules_strerror(st));
	return false;
}

static int
run(const struct arguments *a, FILE *out)
{
	const char *names[OUT_COL_COUNT];
	for (size_t i = 0; i < a->ncols; i++)
		names[i] = out_col_name(a->cols[i]);
	struct out_writer w = {
		.fp = out, .format = a->format, .names = names, .ncols = a->ncols,
		.no_header = a->no_header,
	};

	if (!a->compare) {
		struct rules_result res;
		if (!compute(&a->sc, &res))
			return EX_SOFTWARE;
		if (a->format == OUT_TABLE)
			out_table(out, &a->sc, &res, a->cols, a->ncols);
		else
			write_record(&w, a, &a->sc, &res);
		out_flush(&w);
		return EX_OK;
	}

	struct rules_result res[RULES_LICENSE_COUNT][RULES_SIZE_COUNT];
	struct rules_scenario sc[RULES_LICENSE_COUNT][RULES_SIZE_COUNT];
	for (int l = 0; l < RULES_LICENSE_COUNT; l++) {
		for (int s = 0; s < RULES_SIZE_COUNT; s++) {
			sc[l][s] = a->sc;
			sc[l][s].license = (enum rules_license)l;
			sc[l][s].size = (enum rules_size)s;
			if (!compute(&sc[l][s], &res[l][s]))
				return EX_SOFTWARE;
		}
	}
	if (a->format == OUT_TABLE) {
		out_compare_table(out, &a->sc, res);
		return EX_OK;
	}
	for (int l = 0; l < RULES_LICENSE_COUNT; l++)
		for (int s = 0; s < RULES_SIZE_COUNT; s++)
			write_record(&w, a, &sc[l][s], &res[l][s]);
	out_flush(&w);
	return EX_OK;
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

/* Reads every FILE in turn; a file that cannot be opened is reported and skipped. */
static int
run_batch(const struct arguments *a, FILE *out)
{
	static const int exit_of[] = {
		[BATCH_OK] = EX_OK, [BATCH_INVALID] = EX_DATAERR, [BATCH_STOP] = EX_DATAERR,
		[BATCH_USAGE] = EX_USAGE, [BATCH_READ_ERROR] = EX_IOERR, [BATCH_NOMEM] = EX_SOFTWARE,
	};
	struct batch_options opt = {
		.format = a->format, .no_header = a->no_header, .excel = a->excel,
		.strict = a->strict, .encoding = a->encoding, .fields = a->fields,
		.defaults = a->sc, .rates = &rules_programme_rates, .report = report,
	};
	struct batch *b = batch_new(&opt, out);
	if (b == NULL) {
		fprintf(stderr, "kai-cost: cannot start the batch reader: %s\n", strerror(errno));
		return EX_SOFTWARE;
	}

	int status = EX_OK;
	for (int i = 0; i < a->nfiles; i++) {
		const char *path = a->files[i];
		bool is_stdin = strcmp(path, "-") == 0;
		const char *name = is_stdin ? "<stdin>" : path;
		FILE *in = is_stdin ? stdin : fopen(path, "rb");
		struct stat st;
		if (in != NULL && fstat(fileno(in), &st) == 0 && S_ISDIR(st.st_mode)) {
			fclose(in);
			in = NULL;
			errno = EISDIR;
		}
		if (in == NULL) {
			fprintf(stderr, "kai-cost: %s: cannot open: %s\n", name, strerror(errno));
			status = worse(status, EX_NOINPUT);
			continue;
		}
		enum batch_status bs = batch_file(b, in, name);
		if (!is_stdin)
			fclose(in);
		status = worse(status, exit_of[bs]);
		if (bs >= BATCH_STOP)
			break;
	}
	batch_free(b);
	return status;
}

/* Whether PATH names the same file as one of the FILE arguments. */
static const char *
same_as_input(const struct arguments *a, const char *path)
{
	struct stat o, in;
	if (stat(path, &o) != 0)
		return NULL;
	for (int i = 0; i < a->nfiles; i++)
		if (stat(a->files[i], &in) == 0 && in.st_dev == o.st_dev && in.st_ino == o.st_ino)
			return a->files[i];
	return NULL;
}

/* Flushes and closes OUT; a write error (a full disk) is an error, not silence. */
static int
finish(FILE *out, const char *name, int status)
{
	int failed = ferror(out);
	errno = 0;
	if (fclose(out) != 0 || failed) {
		fprintf(stderr, "kai-cost: write error on %s: %s\n", name,
		        errno != 0 ? strerror(errno) : "output error");
		return EX_IOERR;
	}
	return status;
}

int
main(int argc, char **argv)
{
	struct arguments a = {
		.sc = { .basis = RULES_BASIS_TOTAL, .unit_price = RULES_UNIT_PRICE_DEFAULT,
		        .months_den = RULES_MONTHS_SCALE },
		.format = OUT_TABLE,
	};
	for (int i = 0; i < OUT_COL_COUNT; i++)
		a.cols[i] = (enum out_col)i;
	a.ncols = OUT_COL_COUNT;

	/* getopt names the program by argv[0]: make every message start "kai-cost: ". */
	static char program_name[] = "kai-cost";
	if (argc > 0)
		argv[0] = program_name;
	argp_parse(&argp, argc, argv, 0, 0, &a);

	/* Opened only now, so that a usage error never truncates the file. */
	FILE *out = stdout;
	const char *out_name = "standard output";
	if (a.output != NULL && strcmp(a.output, "-") != 0) {
		const char *input = same_as_input(&a, a.output);
		if (input != NULL) {
			fprintf(stderr, "kai-cost: --output '%s' is the input file '%s'; expected "
			        "another file\n", a.output, input);
			return EX_USAGE;
		}
		out = fopen(a.output, "w");
		if (out == NULL) {
			fprintf(stderr, "kai-cost: cannot open output file '%s': %s\n",
			        a.output, strerror(errno));
			return EX_IOERR;
		}
		out_name = a.output;
	}
	static char outbuf[1 << 16];     /* batch output is large: write it in big blocks */
	setvbuf(out, outbuf, _IOFBF, sizeof outbuf);
	return finish(out, out_name, a.nfiles > 0 ? run_batch(&a, out) : run(&a, out));
}
