/*
 * members.c - consortium budgets.  See members.h.
 *
 * Data flow: the record reader hands over each row -> on_header() maps the
 * columns, on_row() parses a member into the file's list and its team's ->
 * at the end of the file, run_team() computes each team in the order of
 * its first row: every member at its own rate, the sums, the effective
 * rates and the eligibility rules -> the records, or a table for people.
 */
#include "members.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "i18n.h"
#include "num.h"
#include "plan.h"
#include "scenario.h"
#include "table.h"
#include "team.h"

#define MSG_MAX 1024
#define JOINED_MAX 512    /* the runs of a record joined: longer ones go run by run */

/* The input columns a members file may have; any other is passed through. */
enum mcol { M_TEAM, M_NAME, M_ROLE, M_TYPE, M_FOREIGN, M_GPUS, M_MONTHS, M_FROM, M_TO, M_LICENSE,
            M_UNIT_PRICE, M_CASH, M_IN_KIND,
            M_PRICE_KRW,    /* with --header=ko: the output's 단가, the run's unit price read back */
            M_COUNT };

static const char *const mcol_names[M_COUNT] = {
	"team", "name", "role", "type", "foreign", "gpus", "months", "from", "to", "license", "unit_price",
	"cash", "in_kind", "단가",
};

static const struct field_alias mcol_aliases[] = {
	FIELD_ALIAS("team", M_TEAM), FIELD_ALIAS("팀", M_TEAM), FIELD_ALIAS("컨소시엄", M_TEAM),
	FIELD_ALIAS("name", M_NAME), FIELD_ALIAS("기관명", M_NAME),
	FIELD_ALIAS("role", M_ROLE), FIELD_ALIAS("역할", M_ROLE),
	FIELD_ALIAS("type", M_TYPE), FIELD_ALIAS("유형", M_TYPE), FIELD_ALIAS("기관유형", M_TYPE),
	FIELD_ALIAS("foreign", M_FOREIGN), FIELD_ALIAS("해외", M_FOREIGN),
	FIELD_ALIAS("gpus", M_GPUS), FIELD_ALIAS("gpu수", M_GPUS),
	FIELD_ALIAS("months", M_MONTHS), FIELD_ALIAS("개월수", M_MONTHS), FIELD_ALIAS("협약개월수", M_MONTHS),
	FIELD_ALIAS("from", M_FROM), FIELD_ALIAS("시작일", M_FROM),
	FIELD_ALIAS("to", M_TO), FIELD_ALIAS("종료일", M_TO),
	FIELD_ALIAS("license", M_LICENSE), FIELD_ALIAS("공개방식", M_LICENSE),
	FIELD_ALIAS("unit_price", M_UNIT_PRICE), FIELD_ALIAS("단가", M_UNIT_PRICE),
	/* What each institution plans to put in; kai-cost's own budget columns read back. */
	FIELD_ALIAS("cash", M_CASH), FIELD_ALIAS("현금", M_CASH), FIELD_ALIAS("budget_cash", M_CASH),
	FIELD_ALIAS("budget_cash_krw", M_CASH), FIELD_ALIAS("현금예산", M_CASH),
	FIELD_ALIAS("in_kind", M_IN_KIND), FIELD_ALIAS("현물", M_IN_KIND),
	FIELD_ALIAS("budget_in_kind", M_IN_KIND), FIELD_ALIAS("budget_in_kind_krw", M_IN_KIND),
	FIELD_ALIAS("현물예산", M_IN_KIND),
	FIELD_ALIAS_END,
};

/*
 * The computed columns of every member and team record, in order; from and
 * to only when dates give a period (the team's or a member's), so that the
 * output carries the period exactly and reads back to the same amounts.
 */
static const enum out_col member_cols[] = {
	OUT_TEAM, OUT_NAME, OUT_ROLE, OUT_TYPE, OUT_FOREIGN, OUT_LICENSE, OUT_GPUS, OUT_MONTHS,
	OUT_FROM, OUT_TO,
	OUT_UNIT_PRICE, OUT_GOV, OUT_SELF_RATE, OUT_PRIVATE, OUT_CASH_RATE, OUT_CASH_MIN,
	OUT_IN_KIND, OUT_TOTAL,
	OUT_BUDGET_CASH, OUT_BUDGET_IN_KIND, OUT_CASH_SHORT, OUT_PRIVATE_SHORT, OUT_PLAN_OK,
	OUT_ELIGIBLE, OUT_PROBLEMS,
};

/* The columns of a members plan: written only when the file gives cash or in_kind. */
static bool
plan_col(enum out_col c)
{
	return c >= OUT_BUDGET_CASH && c <= OUT_PLAN_OK;
}
#define NMEMBER_COLS (sizeof member_cols / sizeof member_cols[0])

/* Rows kai-cost itself derives, in its own output: recomputed, never read as members. */
static const struct field_alias total_roles[] = {
	FIELD_ALIAS("total", 0), FIELD_ALIAS("합계", 0), FIELD_ALIAS_END,
};
static const struct field_alias part_stages[] = {
	FIELD_ALIAS("1", 1), FIELD_ALIAS("2", 2), FIELD_ALIAS_END,
};

/* A member's period: the team's, its own months, or its own dates. */
enum period { PERIOD_TEAM, PERIOD_MONTHS, PERIOD_DATES };

/*
 * No member: the end of a team's list, or a row without a period or plan
 * of its own.  Rows are counted in 32 bits: a file of four billion rows
 * would need 128 GB to keep, and is refused as memory run out (on_row()).
 */
#define NO_ROW UINT32_MAX

/* What a member may have of its own; all zero (the team's period, no plan) for most. */
struct member_own {
	enum period period;
	uint64_t months, months_den;
	struct cal_date from, to;
	char from_text[11], to_text[11];   /* the dates written, or "" */
	struct plan_budget plan;           /* the cash and in kind it plans to put in */
};

/*
 * A row kept until its team is computed, in 32 bytes.  A file keeps every
 * row until its end, so a row holds only what every row needs: what most
 * rows do not have is kept apart (struct member_own), its text is in the
 * file's one text, and its words (struct team_member) are packed.  Smaller
 * rows are fewer pages to touch and to fault in: 100,000 rows of 64 bytes
 * were most of a members run's memory.
 */
struct member {
	unsigned long line;
	size_t cells;                /* where in the file's text its cells written later start,
	                              * NUL-separated: name, then pass-through */
	uint32_t next;               /* the team's next member, an index into the file's, or NO_ROW */
	uint32_t own;                /* its own period or plan, an index into the file's, or NO_ROW */
	uint32_t gpus;               /* at most RULES_GPUS_MAX */
	unsigned char role, type, foreign;   /* enum team_role, rules_type, team_foreign */
	bool plain;                  /* its cells hold no comma, quote, CR or LF */
};

_Static_assert(RULES_GPUS_MAX <= UINT32_MAX, "a member's GPUs fit in its row");
_Static_assert(TEAM_ROLE_COUNT <= UCHAR_MAX && RULES_TYPE_COUNT <= UCHAR_MAX &&
               TEAM_FOREIGN_COUNT <= UCHAR_MAX, "a member's words fit in its row");

struct team {
	size_t name;                 /* where in the file's text its name starts */
	size_t name_len;
	unsigned long line;          /* its first row */
	bool bad;                    /* a row of it was bad: not computed */
	bool plain;                  /* its name holds no comma, quote, CR or LF */
	bool has_license;
	enum rules_license license;
	unsigned long license_line;
	uint32_t first, last;        /* its first and last members, indexes into the file's */
	size_t n;
};

/*
 * The words of one column seen before, with what each was read as.  Most
 * files use a few words (roles, types) over and over: each distinct word
 * is parsed once, then found by its bytes.  A word goes into the slot its
 * bytes pick, in place of the one there; a word longer than MEMO_WORD
 * bytes, or one refused, is not kept but parsed every time (the parser
 * words the message).  What a word is read as depends on its bytes alone,
 * so the words kept from one file serve the next.
 */
#define MEMO_SLOTS 16
#define MEMO_WORD  15

struct memo {
	struct {
		unsigned char len;      /* 0: no word kept */
		char text[MEMO_WORD];
		int value;
	} slot[MEMO_SLOTS];
};

/*
 * Members' figures computed before, by what differs between members'
 * scenarios: type, GPUs, license and months (every other field of a
 * member's scenario is the run's, M->opt.defaults).  Members of one type
 * with the same GPUs come to the same figures, and most files repeat a
 * few sizes over and over: a scenario found here is not computed again.
 * A scenario goes into the slot its fields pick, in place of the one
 * there.
 *
 * Beside them, in csv, the text of the numbers they print (the layout's
 * text run, M->text_seg), as out_cols_csv() printed them once: the same
 * figures are the same text in every record, and printing ten numbers was
 * most of a member record's cost.
 */
#define FIGURES_BITS 9
#define FIGURES_TEXT 255          /* the longest text kept */

struct figures {
	bool kept;
	enum rules_type type;
	enum rules_license license;
	uint64_t gpus, months, months_den;
	struct rules_result res;
	unsigned char text_len;   /* 0: no text kept */
	char text[FIGURES_TEXT];
};

/* Some text and its length: a word of a record, as the writer's fast path copies it. */
struct word {
	const char *p;
	size_t n;
};

/*
 * One team's figures: N members, then the team total at index N, for the
 * whole period and, with --stages, for each stage.
 */
struct costed {
	size_t n;
	const struct member **row;       /* N: the team's members, in order */
	struct rules_scenario *sc[3];    /* [0] the whole period, [1] stage 1, [2] stage 2 */
	struct rules_result *res[3];
	struct team_member *info;        /* N */
	struct figures **fig;            /* N: where each member's figures are kept, or NULL */
	struct team_problem *problems;
	size_t nproblems;
	char codes[TEAM_RULE_COUNT * 24];/* the problems' codes joined by ';' */
	size_t codes_len;
	struct out_plan *plans;          /* N + 1: each member's plan against its share, the team's */
	bool *plan_ok;                   /* N + 1 */
};

/*
 * A run of output columns written one way, COUNT from column AT: a cell
 * passed through, or a computed column through out_col() (the plain
 * path); on the fast path, numbers together through out_cols(), or words
 * together, joined in csv.  Found once from the layout (setup_layout()),
 * so that a record is a few runs, not a test of every column.
 *
 * In joined csv, a run of the words that a member's record has by its
 * role, type, foreign value and license alone (keyed_col()) is SEG_KEYED:
 * its text, joined once for each of those, is kept in TEXTS by that key
 * (member_key()), and a member's record copies it whole.
 */
enum seg_kind { SEG_PASS, SEG_COL, SEG_NUMBERS, SEG_WORDS, SEG_KEYED };

#define KEYS (TEAM_ROLE_COUNT * RULES_TYPE_COUNT * TEAM_FOREIGN_COUNT * RULES_LICENSE_COUNT)
#define KEYED_TEXT 96             /* the longest text kept */

struct keyed_text {
	bool kept;
	unsigned char len;
	char text[KEYED_TEXT];
};

struct segment {
	enum seg_kind kind;
	size_t at, count;
	struct keyed_text *texts;       /* SEG_KEYED: KEYS, or NULL without memory */
};

struct members {
	struct members_options opt;
	FILE *out;
	struct out_writer *writer;
	struct csvr *reader;

	/* The file being read. */
	const char *name;
	size_t name_len;             /* strlen(NAME): the team of a file without a team column */
	bool header_read, file_done, all_bad;
	enum members_status status;
	int col[M_COUNT];            /* input column of each, or -1 */
	int stage_col;               /* a stage column (kai-cost's --stages output), or -1 */
	bool own_cols;               /* a column a member may have of its own: 단가, cash, in_kind, a period */
	size_t ncols;
	size_t *pass;                /* input columns passed through */
	size_t npass;
	struct member *rows;
	size_t nrows, rows_cap;
	struct member_own *owns;     /* the rows' own periods and plans */
	size_t nowns, owns_cap;
	char *text;                  /* the teams' names and the rows' cells written later, one after another */
	size_t text_len, text_cap;
	struct team *teams;
	size_t nteams, teams_cap;
	size_t last_team;            /* the previous row's team: the next row's most likely */
	bool cell_kept;              /* LAST_CELL holds the previous row's team cell, as it came */
	size_t last_cell_len;
	char last_cell[64];
	struct memo roles, types, foreigns, licenses;   /* words read before (plain_reader: unused) */
	struct figures *figures;     /* 1 << FIGURES_BITS: members computed before (plain_reader: unused) */
	/* One team's figures at a time, kept for the next (room for costed_cap - 1 members). */
	struct costed costed;
	size_t costed_cap;
	size_t *team_slots;          /* open addressing by name: 1 + a team's index, 0 for none */
	size_t nslots;               /* a power of two, at least twice NTEAMS */

	/* The output columns, fixed by the first file's header. */
	bool layout_ready;
	bool dated;                  /* the output has from and to columns */
	bool planned;                /* the first file gives cash or in_kind: the plan columns */
	char from_text[11], to_text[11];   /* the team period's dates, or "" */
	const char **names;          /* every output column's name */
	int *ids;                    /* what each writes: an enum out_col, or -1 when passed through */
	struct word *cells;          /* a stored row's cells, found once per member written */
	long *source;                /* per output column: pass-through index, or -1 - out_col */
	enum out_col *cols;          /* per output column that is computed: the column it writes */
	struct segment *segs;        /* the output columns as runs written one way (write_record()) */
	size_t nsegs;
	bool fast;                   /* csv, tsv or json, not plain_writer: write_record()'s fast path */
	bool joined;                 /* the fast path in csv without --excel: words joined in the writer's buffer */
	/*
	 * The run of numbers whose text is kept with the figures (struct
	 * figures), or NULL: in joined csv, the first run of numbers with
	 * no budget (a budget is a member's own, not its figures').
	 * out_cols_csv() prints it once for each figures.
	 */
	const struct segment *text_seg;
	/*
	 * kai-cost's own words with their lengths, measured once: the same few
	 * words record after record (strlen() on short words took a tenth of a
	 * members run, by perf).
	 */
	struct word role_word[TEAM_ROLE_COUNT], type_word[RULES_TYPE_COUNT];
	struct word foreign_word[TEAM_FOREIGN_COUNT], license_word[RULES_LICENSE_COUNT];
	struct word from_word, to_word;    /* the team period's dates, or "" */
	size_t nout;
	char *pass_names;            /* the first file's pass-through names, NUL-separated */
	size_t first_npass;
	char price_expected[160];    /* what a 단가 cell read back may hold */
};

static void
report(struct members *m, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
report(struct members *m, unsigned long line, const char *fmt, ...)
{
	char msg[MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	m->opt.report(m->opt.ctx, m->name, line, msg);
}

static void
worsen(struct members *m, enum members_status st)
{
	if (st > m->status)
		m->status = st;
	if (st >= MEMBERS_STOP)
		m->file_done = true;
}

/* A bad row: its team is not computed; under --strict nothing more is. */
static void
bad_row(struct members *m, struct team *t)
{
	if (t != NULL)
		t->bad = true;
	else
		m->all_bad = true;      /* which team it belongs to is unknown */
	worsen(m, m->opt.strict ? MEMBERS_STOP : MEMBERS_INVALID);
}

/*
 * Room for one more of the *N items of SIZE bytes at *P, doubling *CAP
 * (from FIRST) when it is full.  False, with *P unchanged, without memory.
 */
static bool
room_for_one(void *p, size_t *n, size_t *cap, size_t size, size_t first)
{
	if (*n < *cap)
		return true;
	size_t want = *cap ? 2 * *cap : first;
	void *grown = realloc(*(void **)p, want * size);
	if (grown == NULL)
		return false;
	*(void **)p = grown;
	*cap = want;
	return true;
}

/* Row R's own period and plan: zeros, the team's period and no plan, when it has none. */
static const struct member_own *
own_of(const struct members *m, const struct member *r)
{
	static const struct member_own none = { .period = PERIOD_TEAM };
	return r->own == NO_ROW ? &none : &m->owns[r->own];
}

/* The stored cells of row R: its name first. */
static const char *
cells_of(const struct members *m, const struct member *r)
{
	return m->text + r->cells;
}

/* The name of team T, in the file's text: NUL-terminated, and NAME_LEN bytes (a NUL among them too). */
static const char *
name_of(const struct members *m, const struct team *t)
{
	return m->text + t->name;
}

/* What the eligibility rules look at of row R. */
static struct team_member
info_of(const struct member *r)
{
	return (struct team_member){ .role = (enum team_role)r->role, .type = (enum rules_type)r->type,
	                             .foreign = (enum team_foreign)r->foreign, .gpus = r->gpus };
}

/* Room for LEN more bytes of the file's text; false without memory. */
static bool
room_for_text(struct members *m, size_t len)
{
	if (len <= m->text_cap - m->text_len)
		return true;
	size_t want = m->text_cap ? m->text_cap : 4096;
	while (want - m->text_len < len)
		want *= 2;
	char *grown = realloc(m->text, want);
	if (grown == NULL)
		return false;
	m->text = grown;
	m->text_cap = want;
	return true;
}

/* ---- the header ---- */

/*
 * Whether NAME (LEN bytes) is the name of a member output column, as the
 * output names it (in Korean too with --header=ko): recomputed, not passed.
 * The stage column is known by either name, as batch input knows it.
 */
static bool
is_output_name(const struct members *m, const char *s, size_t len)
{
	for (size_t i = 0; i < NMEMBER_COLS; i++)
		if (out_col_is(member_cols[i], s, len, m->opt.header_ko))
			return true;
	return out_col_is(OUT_STAGE, s, len, true);
}

/*
 * Whether a member's record has the word of column COL by the member's
 * role, type and foreign value and its team's license alone: those words,
 * and the eligibility a member's record leaves blank (its team total's
 * says it).
 */
static bool
keyed_col(enum out_col col)
{
	return col == OUT_ROLE || col == OUT_TYPE || col == OUT_FOREIGN || col == OUT_LICENSE ||
	       col == OUT_ELIGIBLE || col == OUT_PROBLEMS;
}

/* How output column I is written: passed through, by out_col(), or in a run of numbers or of words. */
static enum seg_kind
seg_kind_of(const struct members *m, size_t i)
{
	if (m->source[i] >= 0)
		return SEG_PASS;
	if (!m->fast)
		return SEG_COL;
	if (out_col_def(m->cols[i])->kind != OUT_KIND_TEXT)
		return SEG_NUMBERS;
	return m->joined && keyed_col(m->cols[i]) ? SEG_KEYED : SEG_WORDS;
}

/* Finds the run of numbers whose text the figures keep (M->text_seg), if the layout has one. */
static void
setup_text_seg(struct members *m)
{
	for (size_t k = 0; m->joined && !m->opt.plain_reader && m->text_seg == NULL && k < m->nsegs; k++) {
		const struct segment *g = &m->segs[k];
		bool figures_only = g->kind == SEG_NUMBERS;
		for (size_t i = g->at; figures_only && i < g->at + g->count; i++)
			figures_only = out_col_def(m->cols[i])->from != OUT_FROM_PLAN;
		if (figures_only)
			m->text_seg = g;
	}
}

/* Fixes the output columns from the first file's header.  False after reporting. */
static bool
setup_layout(struct members *m, const struct csvr_record *rec)
{
	size_t most = m->npass + NMEMBER_COLS + 1, len = 0, k = 0;
	const char **all = calloc(most, sizeof *all);
	long *src = calloc(most, sizeof *src);
	size_t *picked = calloc(most, sizeof *picked);
	for (size_t i = 0; i < m->npass; i++)
		len += rec->fields[m->pass[i]].n + 1;
	m->pass_names = malloc(len + 1);
	m->names = calloc(most, sizeof *m->names);
	m->ids = calloc(most, sizeof *m->ids);
	m->source = calloc(most, sizeof *m->source);
	m->cols = calloc(most, sizeof *m->cols);
	m->segs = calloc(most, sizeof *m->segs);
	m->cells = calloc(m->npass + 1, sizeof *m->cells);
	bool ok = all && src && picked && m->pass_names && m->names && m->ids && m->source && m->cols &&
	          m->segs && m->cells;
	if (!ok) {
		worsen(m, MEMBERS_NOMEM);
		goto out;
	}
	char *at = m->pass_names;
	for (size_t i = 0; i < m->npass; i++) {
		const struct csvr_field *f = &rec->fields[m->pass[i]];
		memcpy(at, f->p, f->n);
		at[f->n] = '\0';
		all[k] = at;
		src[k++] = (long)i;
		at += f->n + 1;
	}
	m->first_npass = m->npass;
	if (m->opt.stages) {
		all[k] = out_col_header(OUT_STAGE, m->opt.header_ko);
		src[k++] = -1 - (long)OUT_STAGE;
	}
	m->dated = m->opt.dates || m->col[M_FROM] >= 0;
	m->planned = m->col[M_CASH] >= 0 || m->col[M_IN_KIND] >= 0;
	for (size_t i = 0; i < NMEMBER_COLS; i++) {
		if (!m->dated && (member_cols[i] == OUT_FROM || member_cols[i] == OUT_TO))
			continue;
		if (!m->planned && plan_col(member_cols[i]))
			continue;
		all[k] = out_col_header(member_cols[i], m->opt.header_ko);
		src[k++] = -1 - (long)member_cols[i];
	}
	size_t npicked = k;
	for (size_t i = 0; i < k; i++)
		picked[i] = i;
	if (m->opt.fields != NULL) {
		char msg[MSG_MAX];
		ok = out_fields(m->opt.fields, all, k, picked, &npicked, msg, sizeof msg);
		if (!ok) {
			report(m, 0, "%s", msg);
			worsen(m, MEMBERS_USAGE);
			goto out;
		}
	}
	for (size_t i = 0; i < npicked; i++) {
		m->names[i] = all[picked[i]];
		m->source[i] = src[picked[i]];
		m->ids[i] = m->source[i] >= 0 ? -1 : (int)(-1 - m->source[i]);
		m->cols[i] = m->source[i] >= 0 ? OUT_NAME : (enum out_col)(-1 - m->source[i]);
	}
	m->nout = npicked;
	m->fast = m->opt.sheet == NULL && !m->opt.plain_writer;
	m->joined = m->fast && m->opt.format == OUT_CSV && !m->opt.excel;
	/* The runs of number columns and of computed words, each written at once. */
	m->nsegs = 0;
	for (size_t i = 0, j; i < npicked; i = j) {
		enum seg_kind kind = seg_kind_of(m, i);
		for (j = i + 1; (kind == SEG_NUMBERS || kind == SEG_WORDS || kind == SEG_KEYED) && j < npicked &&
		                seg_kind_of(m, j) == kind; j++)
			;
		/* Without memory for the texts, the words are joined each time. */
		struct keyed_text *texts = kind == SEG_KEYED ? calloc(KEYS, sizeof *texts) : NULL;
		m->segs[m->nsegs++] = (struct segment){ kind, i, j - i, texts };
	}
	setup_text_seg(m);
	m->writer->names = m->names;
	m->writer->ids = m->ids;
	m->writer->ncols = m->nout;
	m->layout_ready = true;
	if (m->opt.format != OUT_TABLE)
		out_begin(m->writer);
out:
	free(all);
	free(src);
	free(picked);
	return ok;
}

static bool
on_header(struct members *m, const struct csvr_record *rec)
{
	char msg[MSG_MAX];
	if (rec->bad != CSVR_GOOD) {
		report(m, rec->line, "%s", csvr_bad_message(msg, sizeof msg, rec, m->opt.encoding, NULL, true));
		return false;
	}
	int dup = csvr_duplicate(rec, msg, sizeof msg);
	if (dup != 0) {
		if (dup > 0)
			report(m, rec->line, "%s", msg);
		else
			worsen(m, MEMBERS_NOMEM);
		return false;
	}
	for (int c = 0; c < M_COUNT; c++)
		m->col[c] = -1;
	m->stage_col = -1;
	free(m->pass);
	m->pass = calloc(rec->n, sizeof *m->pass);
	m->npass = 0;
	if (m->pass == NULL) {
		worsen(m, MEMBERS_NOMEM);
		return false;
	}
	for (size_t i = 0; i < rec->n; i++) {
		const struct csvr_field *f = &rec->fields[i];
		int c;
		const char *price = out_col_korean(OUT_UNIT_PRICE);
		if (out_col_is(OUT_STAGE, f->p, f->n, true))
			m->stage_col = (int)i;
		if (m->opt.header_ko && field_same_name(f->p, f->n, price, strlen(price))) {
			c = M_PRICE_KRW;        /* the output's own 단가, not a price of the member's */
		} else if (!field_name_lookup(mcol_aliases, f->p, f->n, &c)) {
			if (!is_output_name(m, f->p, f->n))
				m->pass[m->npass++] = i;
			continue;
		}
		if (m->col[c] >= 0) {
			const struct csvr_field *o = &rec->fields[m->col[c]];
			report(m, rec->line, _("columns '%.*s' and '%.*s' both give %s; expected one"),
			       (int)o->n, o->p, (int)f->n, f->p, mcol_names[c]);
			return false;
		}
		m->col[c] = (int)i;
	}
	m->ncols = rec->n;
	m->own_cols = m->col[M_PRICE_KRW] >= 0 || m->col[M_CASH] >= 0 || m->col[M_IN_KIND] >= 0 ||
	              m->col[M_FROM] >= 0 || m->col[M_TO] >= 0 || m->col[M_MONTHS] >= 0;
	static const int required[] = { M_NAME, M_ROLE, M_TYPE, M_GPUS };
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
		if (m->col[required[i]] < 0) {
			report(m, rec->line, _("no %s column; expected the columns name, role, type and gpus "
			       "(or 기관명, 역할, 유형, GPU수)"), mcol_names[required[i]]);
			return false;
		}
	}
	if (m->col[M_UNIT_PRICE] >= 0) {
		const struct csvr_field *f = &rec->fields[m->col[M_UNIT_PRICE]];
		report(m, rec->line, _("column '%.*s': the unit price is one for the whole run; expected "
		       "--unit-price instead (or --header=ko, to read back a file kai-cost wrote with it)"),
		       (int)f->n, f->p);
		return false;
	}
	if ((m->col[M_FROM] >= 0) != (m->col[M_TO] >= 0)) {
		report(m, rec->line, _("a '%s' column without a '%s' column; expected both"),
		       m->col[M_FROM] >= 0 ? "from" : "to", m->col[M_FROM] >= 0 ? "to" : "from");
		return false;
	}
	if (m->col[M_LICENSE] < 0 && !m->opt.license_given) {
		report(m, rec->line, _("no license column and no --license; expected one of them"));
		worsen(m, MEMBERS_USAGE);
		return false;
	}
	if (!m->layout_ready)
		return setup_layout(m, rec);
	/* A later file: the output has the first file's columns. */
	bool same = m->npass == m->first_npass;
	const char *n = m->pass_names;
	for (size_t i = 0; same && i < m->npass; n += strlen(n) + 1, i++)
		same = field_same_name(n, strlen(n), rec->fields[m->pass[i]].p, rec->fields[m->pass[i]].n);
	if (!same)
		report(m, rec->line, _("other columns than the first file's; expected the same "
		       "passed-through columns in every file"));
	return same;
}

/* ---- rows ---- */

/*
 * The hash of the LEN bytes at S, for the team slots alone: eight bytes at
 * a time, each word mixed in by a multiply.  A byte at a time (FNV-1a)
 * took a third of a new team's cost, hashed again as the slots grow.
 */
static size_t
name_hash(const char *s, size_t len)
{
	const uint64_t mix = UINT64_C(0x9E3779B97F4A7C15);     /* 2^64 / phi */
	uint64_t h = len * mix;
	size_t i = 0;
	for (; len - i >= 8; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		h = (h ^ w) * mix;
	}
	for (; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * mix;
	/* The high half into the low, where the slots are picked, and mixed once more. */
	h ^= h >> 32;
	h *= mix;
	return (size_t)(h ^ h >> 32);
}

/* Twice the slots, every team in its place again; false without memory. */
static bool
grow_slots(struct members *m)
{
	size_t n = m->nslots ? 2 * m->nslots : 64;
	size_t *slots = calloc(n, sizeof *slots);
	if (slots == NULL)
		return false;
	for (size_t i = 0; i < m->nteams; i++) {
		size_t at = name_hash(name_of(m, &m->teams[i]), m->teams[i].name_len) & (n - 1);
		while (slots[at] != 0)
			at = (at + 1) & (n - 1);
		slots[at] = i + 1;
	}
	free(m->team_slots);
	m->team_slots = slots;
	m->nslots = n;
	return true;
}

/* The team named by the LEN bytes at S, made on its first row.  NULL without memory. */
static struct team *
find_team(struct members *m, const char *s, size_t len, unsigned long line)
{
	field_trim_word(&s, &len);      /* '-A, as --excel writes -A, is the team -A */
	/* A team's rows mostly come together: the previous row's team first, without a hash. */
	struct team *t = m->last_team < m->nteams ? &m->teams[m->last_team] : NULL;
	if (t != NULL && t->name_len == len && memcmp(name_of(m, t), s, len) == 0)
		return t;
	/* A team's rows need not be adjacent: found by its name's hash, not by a scan of the teams. */
	if (2 * (m->nteams + 1) > m->nslots && !grow_slots(m))
		return NULL;
	size_t mask = m->nslots - 1, at = name_hash(s, len) & mask;
	for (; m->team_slots[at] != 0; at = (at + 1) & mask) {
		t = &m->teams[m->team_slots[at] - 1];
		if (t->name_len == len && memcmp(name_of(m, t), s, len) == 0) {
			m->last_team = (size_t)(t - m->teams);
			return t;
		}
	}
	if (!room_for_one(&m->teams, &m->nteams, &m->teams_cap, sizeof *m->teams, 8) ||
	    !room_for_text(m, len + 1))
		return NULL;
	/* All LEN bytes, a NUL among them too (a bad row's): the comparisons above read NAME_LEN. */
	t = &m->teams[m->nteams];
	*t = (struct team){ .name = m->text_len, .name_len = len, .line = line };
	char *name = m->text + m->text_len;
	memcpy(name, s, len);
	name[len] = '\0';
	m->text_len += len + 1;
	t->plain = strcspn(name, ",\"\r\n") == len;
	m->last_team = m->nteams;
	m->team_slots[at] = ++m->nteams;
	return t;
}

/*
 * Whether the LEN bytes (1 to 15) at A and B are the same.  Two loads from
 * each, from the start and to the end, cover every byte, overlapping when
 * LEN is not a power of two: a word compared so takes a few instructions,
 * where memcmp() took a call and more than the parse it saved.
 */
static inline bool
same_short(const char *a, const char *b, size_t len)
{
	if (len >= 8) {
		uint64_t a0, a1, b0, b1;
		memcpy(&a0, a, 8), memcpy(&a1, a + len - 8, 8);
		memcpy(&b0, b, 8), memcpy(&b1, b + len - 8, 8);
		return a0 == b0 && a1 == b1;
	}
	if (len >= 4) {
		uint32_t a0, a1, b0, b1;
		memcpy(&a0, a, 4), memcpy(&a1, a + len - 4, 4);
		memcpy(&b0, b, 4), memcpy(&b1, b + len - 4, 4);
		return a0 == b0 && a1 == b1;
	}
	return a[0] == b[0] && a[len / 2] == b[len / 2] && a[len - 1] == b[len - 1];
}

/*
 * Whether the LEN bytes (at most 64) at A and B are the same: eight at a
 * time, the last eight overlapping the ones before, where memcmp() took a
 * call (a team cell is compared on every row).  Fewer than eight go as
 * same_short() compares them.
 */
static inline bool
same_bytes(const char *a, const char *b, size_t len)
{
	if (len < 8)
		return len == 0 || same_short(a, b, len);
	for (size_t i = 0; i < len - 8; i += 8) {
		uint64_t x, y;
		memcpy(&x, a + i, 8), memcpy(&y, b + i, 8);
		if (x != y)
			return false;
	}
	uint64_t x, y;
	memcpy(&x, a + len - 8, 8), memcpy(&y, b + len - 8, 8);
	return x == y;
}

/*
 * The team of a row whose team cell is the LEN bytes at S when they are,
 * byte for byte, the previous row's team cell, or NULL.  A team's rows
 * mostly come together: its team is then found without a trim, a look at
 * any name or a check for a blank cell (a cell kept was a team's name).
 */
static inline struct team *
team_again(const struct members *m, const char *s, size_t len)
{
	if (m->cell_kept && len == m->last_cell_len && same_bytes(m->last_cell, s, len))
		return &m->teams[m->last_team];
	return NULL;
}

/*
 * The team of a row whose team cell is the LEN bytes at S, as find_team(),
 * the previous row's when team_again() finds it.  A longer cell than
 * LAST_CELL holds, and any with plain_reader, goes to find_team() every
 * time.
 */
static struct team *
team_of(struct members *m, const char *s, size_t len, unsigned long line)
{
	struct team *t = team_again(m, s, len);
	if (t != NULL)
		return t;
	t = find_team(m, s, len, line);       /* LAST_TEAM is T from here */
	m->cell_kept = t != NULL && len <= sizeof m->last_cell && !m->opt.plain_reader;
	if (m->cell_kept) {
		memcpy(m->last_cell, s, len);
		m->last_cell_len = len;
	}
	return t;
}

/*
 * The slot of MEMO_SLOTS for the LEN bytes at S (1 to MEMO_WORD): by their
 * length and first two bytes, the first syllable of a word in Hangul.  Each
 * of the usual words of a column, in English or Korean, has its own slot,
 * but for 중견기업 and 중소기업.
 */
static size_t
memo_slot(const char *s, size_t len)
{
	return (3 * len + (unsigned char)s[0] + (unsigned char)s[len > 1 ? 1 : 0]) % MEMO_SLOTS;
}

/* Whether the LEN bytes at S are the word kept in MEMO, its value into *VALUE; never with plain_reader. */
static inline bool
memo_find(const struct members *m, const struct memo *memo, const char *s, size_t len, int *value)
{
	if (m->opt.plain_reader || len == 0 || len > MEMO_WORD)
		return false;
	size_t k = memo_slot(s, len);
	if (memo->slot[k].len != len || !same_short(memo->slot[k].text, s, len))
		return false;
	*value = memo->slot[k].value;
	return true;
}

/* Keeps the LEN bytes at S, read as VALUE, in MEMO, if a word that long is kept at all. */
static void
memo_keep(struct memo *memo, const char *s, size_t len, int value)
{
	if (len == 0 || len > MEMO_WORD)
		return;
	size_t k = memo_slot(s, len);
	memo->slot[k].len = (unsigned char)len;
	memcpy(memo->slot[k].text, s, len);
	memo->slot[k].value = value;
}

/* The LEN bytes at S read as a role into *ROLE (team_parse_role()), found again when seen before. */
static bool
read_role(struct members *m, const char *s, size_t len, enum team_role *role)
{
	int v;
	if (memo_find(m, &m->roles, s, len, &v)) {
		*role = (enum team_role)v;
		return true;
	}
	if (!team_parse_role(s, len, role))
		return false;
	memo_keep(&m->roles, s, len, (int)*role);
	return true;
}

/* The cell of column C (an M_ value) in REC, or NULL when the file has no such column. */
static const struct csvr_field *
cell_of(const struct members *m, const struct csvr_record *rec, int c)
{
	return m->col[c] >= 0 ? &rec->fields[m->col[c]] : NULL;
}

/* Whether column C is in the file and not blank in REC. */
static bool
given(const struct members *m, const struct csvr_record *rec, int c)
{
	const struct csvr_field *f = cell_of(m, rec, c);
	return f != NULL && !csvr_blank(f->p, f->n);
}

/* The months of a member's own period must fit in the team's. */
static bool
fits_team(const struct members *m, const struct member_own *r)
{
	if (r->period == PERIOD_DATES && m->opt.dates)
		return cal_serial(r->from) >= cal_serial(m->opt.from) &&
		       cal_serial(r->to) <= cal_serial(m->opt.to);
	const struct rules_scenario *team = &m->opt.defaults;
	return (unsigned __int128)r->months * team->months_den <=
	       (unsigned __int128)team->months * r->months_den;
}

/*
 * Parses a member's own period, if the row gives one.  Returns NULL, or the
 * reason the cell of column *COL (an M_ value) is refused.
 */
static const char *
read_period(struct members *m, const struct csvr_record *rec, struct member_own *r, int *col)
{
	r->period = PERIOD_TEAM;
	if (m->col[M_FROM] >= 0 && (given(m, rec, M_FROM) || given(m, rec, M_TO))) {
		const struct csvr_field *a = cell_of(m, rec, M_FROM), *b = cell_of(m, rec, M_TO);
		*col = M_FROM;
		if (!cal_parse(a->p, a->n, &r->from))
			return _("not a date YYYY-MM-DD");
		*col = M_TO;
		if (!cal_parse(b->p, b->n, &r->to))
			return _("not a date YYYY-MM-DD");
		if (cal_serial(r->to) < cal_serial(r->from))
			return _("before the member's from date");
		struct cal_months cm;
		cal_months(r->from, r->to, &cm);
		r->period = PERIOD_DATES;
		r->months = cm.num;
		r->months_den = cm.den;
		cal_format(r->from_text, r->from);
		cal_format(r->to_text, r->to);
		if (given(m, rec, M_MONTHS)) {  /* beside the dates, months must be theirs */
			const struct csvr_field *f = cell_of(m, rec, M_MONTHS);
			struct rules_scenario sc = { .months = cm.num, .months_den = cm.den };
			bool agree;
			*col = M_MONTHS;
			const char *reason = field_months_beside(f->p, f->n, &sc, &agree);
			if (reason != NULL)
				return reason;
			if (!agree)
				return _("not the months of the member's from and to");
		}
	} else if (given(m, rec, M_MONTHS)) {
		const struct csvr_field *f = cell_of(m, rec, M_MONTHS);
		struct rules_scenario sc = { 0 };
		*col = M_MONTHS;
		const char *reason = field_parse(FIELD_MONTHS, f->p, f->n, &sc);
		if (reason != NULL)
			return reason;
		r->period = PERIOD_MONTHS;
		r->months = sc.months;
		r->months_den = sc.months_den;
	}
	if (r->period != PERIOD_TEAM && !fits_team(m, r))
		return _("outside the team period");
	if (m->opt.stages && r->period == PERIOD_MONTHS)
		return _("--stages needs the member's dates, not months");
	return NULL;
}

/*
 * What the cell of column WHICH (an M_ value), refused by parse_member(),
 * was expected to hold: a msgid, translated only when reported, so that a
 * row that parses asks gettext nothing.  OWN is the row's period so far.
 */
static const char *
expected_of(const struct members *m, int which, const struct member_own *own)
{
	switch (which) {
	case M_NAME:      return N_("the institution's name");
	case M_ROLE:      return TEAM_ROLE_EXPECTED;
	case M_TYPE:      return field_expected_msgid(FIELD_TYPE);
	case M_FOREIGN:   return TEAM_FOREIGN_EXPECTED;
	case M_GPUS:      return field_expected_msgid(FIELD_GPUS);
	case M_LICENSE:   return field_expected_msgid(FIELD_LICENSE);
	case M_PRICE_KRW: return m->price_expected;
	case M_CASH:
	case M_IN_KIND:   return N_("an amount of won: 300000000, 300,000,000 or 3억 (blank: 0), "
	                            "at most 1,000조 (1,000,000,000,000,000) won");
	default:          /* the period's columns: read_period() */
		return m->opt.stages && own->period == PERIOD_MONTHS ? N_("from and to columns")
		     : which == M_MONTHS && own->period == PERIOD_DATES
		     ? N_("the months of the dates as kai-cost writes them (4 places), or a blank cell")
		     : N_("a period inside the team's (--months, or --from and --to)");
	}
}

/*
 * GPUs written as plain digits, as nearly every cell is: into *GPUS, as
 * field_parse(FIELD_GPUS) reads them, without a call.  False for anything
 * else (a blank cell, spaces, separators, more digits than the most GPUs
 * have, a number past it), which field_parse() reads or refuses.
 */
static inline bool
quick_gpus(const char *s, size_t len, uint64_t *gpus)
{
	_Static_assert(RULES_GPUS_MAX < 1000000, "the most GPUs have at most 6 digits");
	uint64_t v = 0;
	if (len == 0 || len > 6)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned d = (unsigned)(unsigned char)s[i] - '0';
		if (d > 9)
			return false;
		v = v * 10 + d;
	}
	if (v > RULES_GPUS_MAX)
		return false;
	*gpus = v;
	return true;
}

/*
 * Parses what a member may have of its own in REC, into OWN (zeroed
 * first): kai-cost's 단가 read back, its plan and its period.  NULL, or the
 * reason the cell of column *WHICH is refused, as parse_member().
 */
static const char *
parse_own(struct members *m, const struct csvr_record *rec, struct member_own *own, int *which)
{
	const struct csvr_field *f = cell_of(m, rec, *which = M_PRICE_KRW);
	const char *reason;

	*own = (struct member_own){ .period = PERIOD_TEAM };
	if (f != NULL && !csvr_blank(f->p, f->n)) {     /* kai-cost's own 단가: the run's, or blank */
		struct rules_scenario price = { 0 };
		if ((reason = field_parse(FIELD_UNIT_PRICE, f->p, f->n, &price)) != NULL)
			return reason;
		if (price.unit_price != m->opt.defaults.unit_price)
			return _("not the run's unit price");
	}
	for (int c = M_CASH; c <= M_IN_KIND; c++) {
		f = cell_of(m, rec, *which = c);
		uint64_t *to = c == M_CASH ? &own->plan.cash : &own->plan.in_kind;
		enum num_status st;
		if (f != NULL && !csvr_blank(f->p, f->n) &&
		    (st = num_parse_won(f->p, f->n, PLAN_BUDGET_MAX, to)) != NUM_OK)
			return num_strerror(st);
	}
	return read_period(m, rec, own, which);
}

/*
 * Parses the member of REC into *FOREIGN, OWN and SC, its role read
 * already when ROLE_OK; *LICENSE is set when the row gives a license (into
 * SC).
 * Returns NULL, or the reason the cell of column *WHICH (an M_ value) is
 * refused (expected_of() says what it should hold).  Types, foreign values
 * and licenses seen before are found by their bytes (struct memo), and
 * GPUs in digits read without a call (quick_gpus()).  OWN is read only
 * when the file has a column for it (M->own_cols); else its period is the
 * team's and it plans nothing.
 */
static const char *
parse_member(struct members *m, const struct csvr_record *rec, bool role_ok, unsigned char *foreign,
             struct member_own *own, struct rules_scenario *sc, bool *license, int *which)
{
	const struct csvr_field *f = cell_of(m, rec, *which = M_NAME);
	const char *reason;
	int v;

	/* Blank: only spaces and tabs.  A cell starting with neither is not, without a call. */
	if (f->n == 0 || ((f->p[0] == ' ' || f->p[0] == '\t') && csvr_blank(f->p, f->n)))
		return _("missing value");
	if (!role_ok) {
		f = cell_of(m, rec, *which = M_ROLE);
		return csvr_blank(f->p, f->n) ? _("missing value") : _("unknown role");
	}
	f = cell_of(m, rec, *which = M_TYPE);
	if (memo_find(m, &m->types, f->p, f->n, &v)) {
		sc->type = (enum rules_type)v;
	} else {
		if (csvr_blank(f->p, f->n))
			return _("missing value");
		if ((reason = team_parse_type(f->p, f->n, &sc->type)) != NULL)
			return reason;
		memo_keep(&m->types, f->p, f->n, (int)sc->type);
	}
	f = cell_of(m, rec, *which = M_FOREIGN);
	if (f != NULL && memo_find(m, &m->foreigns, f->p, f->n, &v)) {
		*foreign = (unsigned char)v;
	} else if (f != NULL) {
		enum team_foreign parsed = TEAM_DOMESTIC;
		if (!team_parse_foreign(f->p, f->n, &parsed))
			return _("unknown value");
		*foreign = (unsigned char)parsed;
		memo_keep(&m->foreigns, f->p, f->n, (int)parsed);
	}
	f = cell_of(m, rec, *which = M_GPUS);
	if ((m->opt.plain_reader || !quick_gpus(f->p, f->n, &sc->gpus)) && !csvr_blank(f->p, f->n) &&
	    (reason = field_parse(FIELD_GPUS, f->p, f->n, sc)) != NULL)
		return reason;                          /* a blank cell is 0 GPUs */
	f = cell_of(m, rec, *which = M_LICENSE);
	if (f != NULL && memo_find(m, &m->licenses, f->p, f->n, &v)) {
		sc->license = (enum rules_license)v;
		*license = true;                        /* a word kept is not blank: it was given */
	} else if (given(m, rec, M_LICENSE)) {
		if ((reason = field_parse(FIELD_LICENSE, f->p, f->n, sc)) != NULL)
			return reason;
		memo_keep(&m->licenses, f->p, f->n, (int)sc->license);
		*license = true;
	}
	return m->own_cols ? parse_own(m, rec, own, which) : NULL;
}

static bool
on_row(struct members *m, const struct csvr_record *rec)
{
	struct team *t = NULL;
	char msg[MSG_MAX];
	int v;

	/* A team total or a stage row of kai-cost's own output: derived, so recomputed. */
	const struct csvr_field *role = (size_t)m->col[M_ROLE] < rec->n ? &rec->fields[m->col[M_ROLE]] : NULL;
	const struct csvr_field *stage = m->stage_col >= 0 && (size_t)m->stage_col < rec->n
	                               ? &rec->fields[m->stage_col] : NULL;
	enum team_role parsed = TEAM_LEAD;
	bool role_ok = role != NULL && read_role(m, role->p, role->n, &parsed);
	if (rec->bad == CSVR_GOOD && ((role && !role_ok && field_lookup(total_roles, role->p, role->n, &v)) ||
	                              (stage && field_lookup(part_stages, stage->p, stage->n, &v))))
		return true;
	if (rec->bad == CSVR_BAD_WIDE) {
		report(m, rec->line, "%s", csvr_bad_message(msg, sizeof msg, rec, m->opt.encoding, NULL, false));
		bad_row(m, NULL);
		return !m->file_done;
	}

	/* The team first, so that a bad row spoils only its own team. */
	if (m->col[M_TEAM] < 0) {
		t = team_of(m, m->name, m->name_len, rec->line);
	} else if ((size_t)m->col[M_TEAM] < rec->n &&
	           (rec->bad == CSVR_GOOD || rec->bad_field != (size_t)m->col[M_TEAM])) {
		const struct csvr_field *f = &rec->fields[m->col[M_TEAM]];
		t = team_again(m, f->p, f->n);
		if (t == NULL && csvr_blank(f->p, f->n)) {
			report(m, rec->line, _("team '': missing value; expected the name of the member's team"));
			bad_row(m, NULL);
			return !m->file_done;
		}
		if (t == NULL)
			t = team_of(m, f->p, f->n, rec->line);
	}
	if (t == NULL && m->col[M_TEAM] >= 0 && rec->bad != CSVR_GOOD &&
	    rec->bad_field == (size_t)m->col[M_TEAM]) {
		report(m, rec->line, "%s", csvr_bad_message(msg, sizeof msg, rec, m->opt.encoding,
		                                            mcol_names[M_TEAM], false));
		bad_row(m, NULL);               /* which team it belongs to is unknown */
		return !m->file_done;
	}
	if (t == NULL && (m->col[M_TEAM] < 0 || (size_t)m->col[M_TEAM] < rec->n)) {
		worsen(m, MEMBERS_NOMEM);
		return false;
	}
	if (rec->n != m->ncols) {
		report(m, rec->line, _("%zu fields; expected %zu as in the header"), rec->n, m->ncols);
		bad_row(m, t);
		return !m->file_done;
	}
	if (rec->bad != CSVR_GOOD) {
		const char *column = NULL;      /* a passed-through column goes by its number */
		for (int c = 0; c < M_COUNT; c++)
			if (m->col[c] >= 0 && (size_t)m->col[c] == rec->bad_field)
				column = mcol_names[c];
		report(m, rec->line, "%s", csvr_bad_message(msg, sizeof msg, rec, m->opt.encoding, column, false));
		bad_row(m, t);
		return !m->file_done;
	}

	unsigned char foreign = TEAM_DOMESTIC;     /* without a foreign column */
	struct member_own own;
	own.period = PERIOD_TEAM;       /* all of it only with M->own_cols (parse_own()) */
	int which = -1;
	bool license = false;
	struct rules_scenario sc = { 0 };
	const char *reason = parse_member(m, rec, role_ok, &foreign, &own, &sc, &license, &which);
	if (reason != NULL) {
		char text[MSG_MAX];
		const struct csvr_field *f = cell_of(m, rec, which);
		report(m, rec->line, "%s", field_describe(text, sizeof text, mcol_names[which], f->p, f->n,
		                                          reason, _(expected_of(m, which, &own))));
		bad_row(m, t);
		return !m->file_done;
	}

	/* One license per team: the first row that gives one sets it. */
	if (license) {
		const struct csvr_field *f = cell_of(m, rec, M_LICENSE);
		if (t->has_license && t->license != sc.license) {
			report(m, rec->line, _("license '%.*s': team '%s' has %s from line %lu; expected one "
			       "license for every row of a team"), (int)f->n, f->p, name_of(m, t),
			       rules_license_name(t->license), t->license_line);
			bad_row(m, t);
			return !m->file_done;
		}
		if (!t->has_license) {
			t->has_license = true;
			t->license = sc.license;
			t->license_line = rec->line;
		}
	}

	/* Keep the cells written later, name then the passed-through ones, in the file's text. */
	const struct csvr_field *name = cell_of(m, rec, M_NAME);
	size_t len = name->n + 1;
	for (size_t i = 0; i < m->npass; i++)
		len += rec->fields[m->pass[i]].n + 1;
	bool has_own = m->own_cols && (own.period != PERIOD_TEAM || own.plan.cash != 0 || own.plan.in_kind != 0);
	if (m->nrows >= NO_ROW || !room_for_text(m, len) ||
	    !room_for_one(&m->rows, &m->nrows, &m->rows_cap, sizeof *m->rows, 16) ||
	    (has_own && !room_for_one(&m->owns, &m->nowns, &m->owns_cap, sizeof *m->owns, 16))) {
		worsen(m, MEMBERS_NOMEM);
		return false;
	}
	uint32_t own_at = NO_ROW;
	if (has_own) {
		own_at = (uint32_t)m->nowns;
		m->owns[m->nowns++] = own;
	}
	m->rows[m->nrows] = (struct member){
		.line = rec->line, .cells = m->text_len, .next = NO_ROW, .own = own_at, .gpus = (uint32_t)sc.gpus,
		.role = (unsigned char)parsed, .type = (unsigned char)sc.type, .foreign = foreign, .plain = rec->plain,
	};
	char *at = m->text + m->text_len;
	m->text_len += len;
	out_copy_short(at, name->p, name->n);
	at[name->n] = '\0';
	at += name->n + 1;
	for (size_t i = 0; i < m->npass; i++) {
		const struct csvr_field *f = &rec->fields[m->pass[i]];
		out_copy_short(at, f->p, f->n);
		at[f->n] = '\0';
		at += f->n + 1;
	}
	if (t->n++ == 0)
		t->first = (uint32_t)m->nrows;
	else
		m->rows[t->last].next = (uint32_t)m->nrows;
	t->last = (uint32_t)m->nrows++;
	return true;
}

/* ---- teams ---- */

/* Whether output column COL writes words of the input (names), which may hold anything. */
static bool
input_words(enum out_col col)
{
	return col == OUT_TEAM || col == OUT_NAME;
}

/*
 * Joins the N bytes at S, and a comma, at AT, before END: where the next
 * go, or NULL when they do not fit.  Locals, not J's fields: the bytes
 * stored could be any field, to the compiler, which would load them again.
 */
static inline char *
join(char *at, const char *end, const char *s, size_t n)
{
	if (n >= (size_t)(end - at))
		return NULL;
	out_copy_short(at, s, n);
	at += n;
	*at++ = ',';
	return at;
}

/*
 * Keeps at T the words of keyed run G, WORDS holding them (a member's),
 * joined by commas.  False, with nothing kept, when they do not fit.
 */
static bool
keep_keyed(const struct members *m, const struct segment *g, const struct word *words, struct keyed_text *t)
{
	char *at = t->text;
	for (size_t k = g->at; at != NULL && k < g->at + g->count; k++) {
		struct word w = words[m->cols[k]];
		at = join(at, t->text + sizeof t->text, w.p, w.n);
	}
	if (at == NULL)
		return false;
	t->len = (unsigned char)(at - t->text - 1);     /* the last comma not counted */
	t->kept = true;
	return true;
}

/*
 * Joins the runs of a record from G on, before END, straight into the
 * writer's buffer, as csv without --excel writes cells that hold no comma,
 * quote, CR or LF: cells passed through (CELLS, NULL for a total), words
 * of WORDS, the text of numbers kept at FIG (when TEXT), or the text of a
 * keyed run kept for KEY (a member's: member_key(); -1 for a total).
 * Stops at a run that is none of those, or does not fit; returns it.
 * Each cell is joined with a comma after it, the last one's not written.
 */
static const struct segment *
join_runs(struct members *m, const struct segment *g, const struct segment *end, const struct word *words,
          const struct word *cells, const struct figures *fig, bool text, int key)
{
	char *space = out_csv_space(m->writer, JOINED_MAX);
	if (space == NULL)
		return g;
	char *at = space, *lim = space + JOINED_MAX, *next;
	size_t joined = 0;
	for (; g < end; g++, at = next) {
		switch (g->kind) {
		case SEG_PASS: {
			struct word s = cells != NULL ? cells[1 + (size_t)m->source[g->at]] : (struct word){ "", 0 };
			next = join(at, lim, s.p, s.n);
			break;
		}
		case SEG_NUMBERS:
			if (g != m->text_seg || !text)
				goto done;
			next = join(at, lim, fig->text, fig->text_len);
			break;
		case SEG_KEYED:
			if (key >= 0 && g->texts != NULL &&
			    (g->texts[key].kept || keep_keyed(m, g, words, &g->texts[key]))) {
				next = join(at, lim, g->texts[key].text, g->texts[key].len);
				break;
			}
			/* A total's words, or no memory for the texts: word by word. */
			/* fall through */
		case SEG_WORDS:
			next = at;
			for (size_t k = g->at; next != NULL && k < g->at + g->count; k++) {
				struct word w = words[m->cols[k]];
				next = join(next, lim, w.p, w.n);
			}
			break;
		default:
			goto done;
		}
		if (next == NULL)
			break;          /* the bytes past AT are not counted */
		joined += g->kind == SEG_PASS ? 1 : g->count;
	}
done:
	if (joined > 0)
		out_csv_done(m->writer, (size_t)(at - space) - 1, joined);
	return g;
}

/*
 * The COUNT computed words of the output columns COLS, as out_text() would
 * write each, WORDS holding them with their lengths.  PLAIN as for
 * write_record().
 */
static void
write_words(struct members *m, const struct word *words, const enum out_col *cols, size_t count,
            bool plain)
{
	for (size_t k = 0; k < count; k++) {
		struct word s = words[cols[k]];
		if (plain || !input_words(cols[k]))
			out_text_plain(m->writer, s.p, s.n);
		else
			out_text(m->writer, s.p, s.n);
	}
}

/*
 * Keeps at FIG the text of the numbers of the output columns COLS (COUNT)
 * of REC, the record of FIG's figures, as out_cols() writes them in csv.
 * A text that does not fit is not kept, and stays so: FIG->TEXT_LEN 0.
 */
static void
keep_text(const struct out_record *rec, const enum out_col *cols, size_t count, struct figures *fig)
{
	long len = out_cols_csv(cols, count, rec, fig->text, sizeof fig->text);
	if (len > 0)
		fig->text_len = (unsigned char)len;
}

/*
 * Writes one record REC, whose words with their lengths are WORDS: CELLS
 * the member's stored cells (NULL for a total).  PLAIN says that its words
 * from the input, the team's and member's names and the cells passed
 * through, hold no comma, quote, CR or LF.  FIG, when not NULL, keeps the
 * record's figures (a member's whole period), and the text of its numbers;
 * KEY is a member's key to its keyed runs' texts, -1 for a total.
 *
 * The fast path writes runs of numbers with out_cols() and words as
 * out_col() would, but without a look for quotes where none can be: the
 * other words are kai-cost's own (roles, types, dates, codes).  In csv
 * without --excel, where such words are copied as they are, the runs of a
 * plain record are joined straight into the writer's buffer, with the text
 * of the numbers kept with its figures (struct figures), one run after
 * another until one does not fit or is numbers to print.  The plain path,
 * every computed cell through out_col(), is what a report's sheet needs
 * (it takes the column and the record) and what the tests compare the
 * fast path with.
 */
static void
write_record(struct members *m, const struct out_record *rec, const struct word *words,
             const struct word *cells, bool plain, struct figures *fig, int key)
{
	struct out_writer *w = m->writer;
	bool joined = m->joined && plain;

	if (fig != NULL && m->text_seg != NULL && fig->text_len == 0)
		keep_text(rec, &m->cols[m->text_seg->at], m->text_seg->count, fig);
	bool text = fig != NULL && fig->text_len > 0;
	out_row_begin(w);
	for (const struct segment *g = m->segs, *end = g + m->nsegs; g < end; g++) {
		if (joined && (g = join_runs(m, g, end, words, cells, fig, text, key)) == end)
			break;
		const enum out_col *cols = &m->cols[g->at];
		switch (g->kind) {
		case SEG_PASS: {
			struct word s = cells != NULL ? cells[1 + (size_t)m->source[g->at]] : (struct word){ "", 0 };
			if (m->fast && plain)
				out_text_plain(w, s.p, s.n);
			else
				out_text(w, s.p, s.n);
			break;
		}
		case SEG_COL:
			out_col(w, cols[0], rec);
			break;
		case SEG_NUMBERS:
			if (g == m->text_seg && text)
				out_csv_run(w, fig->text, fig->text_len, g->count);
			else
				out_cols(w, cols, g->count, rec);
			break;
		case SEG_WORDS:
		case SEG_KEYED:
			write_words(m, words, cols, g->count, plain);
			break;
		}
	}
	out_row_end(w);
}

/* The stored cells of row R, found once for its records: rows may be 10,000 cells wide. */
static void
split_cells(struct members *m, const struct member *r)
{
	const char *at = cells_of(m, r);
	for (size_t k = 0; k <= m->first_npass; k++) {
		size_t n = strlen(at);
		m->cells[k] = (struct word){ at, n };
		at += n + 1;
	}
}

/* Column COL of REC is W: its text, and in WORDS with its length. */
static void
set_word(struct out_record *rec, struct word *words, enum out_col col, struct word w)
{
	rec->text[col] = w.p;
	words[col] = w;
}

/*
 * Fills REC and WORDS with what every record of team T in C shows alike:
 * its name and license, and a member's blank eligible and problems (the
 * total's are its own: member_text()).
 */
static void
team_text(const struct members *m, const struct team *t, const struct costed *c, struct out_record *rec,
          struct word *words)
{
	static const struct word none = { "", 0 };
	set_word(rec, words, OUT_TEAM, (struct word){ name_of(m, t), t->name_len });
	/* The scenario's word: out_value() reads it from REC->sc, the fast path from WORDS. */
	words[OUT_LICENSE] = m->license_word[c->sc[0][c->n].license];
	set_word(rec, words, OUT_ELIGIBLE, none);
	set_word(rec, words, OUT_PROBLEMS, none);
}

/*
 * Fills REC for member I of team T (the total when I == C->n) in part K:
 * its figures, plan and words, and WORDS with the words' lengths; a
 * member's name is M->cells[0] (split_cells()).  What every record of the
 * team shows alike is team_text()'s, set once for the team, and the other
 * fields of REC are left as they are, so that a record zeroed once serves
 * a whole team (a record is 300 bytes, and the figures most of a member's
 * cost).  A member's record after the total's needs team_text() again.
 */
static void
member_text(const struct members *m, const struct costed *c, int k, size_t i, struct out_record *rec,
            struct word *words)
{
	static const struct word none = { "", 0 }, yes = { "yes", 3 }, no = { "no", 2 }, total_role = { "total", 5 };
	bool planned = m->planned && k == 0;    /* the plan covers the whole period, not a stage */
	rec->sc = &c->sc[k][i];
	rec->res = &c->res[k][i];
	rec->plan = planned ? &c->plans[i] : NULL;
	set_word(rec, words, OUT_PLAN_OK, !planned ? none : c->plan_ok[i] ? yes : no);
	rec->text[OUT_PLAN_OK] = planned ? words[OUT_PLAN_OK].p : NULL;   /* NULL: no plan */
	if (i == c->n) {
		bool checked = m->opt.eligibility != MEMBERS_OFF;
		set_word(rec, words, OUT_NAME, none);
		set_word(rec, words, OUT_ROLE, total_role);
		set_word(rec, words, OUT_TYPE, none);
		set_word(rec, words, OUT_FOREIGN, none);
		set_word(rec, words, OUT_ELIGIBLE, !checked ? none : c->nproblems == 0 ? yes : no);
		set_word(rec, words, OUT_PROBLEMS, checked ? (struct word){ c->codes, c->codes_len } : none);
		set_word(rec, words, OUT_FROM, m->from_word);
		set_word(rec, words, OUT_TO, m->to_word);
		return;
	}
	const struct team_member *info = &c->info[i];
	set_word(rec, words, OUT_NAME, m->cells[0]);
	set_word(rec, words, OUT_ROLE, m->role_word[info->role]);
	set_word(rec, words, OUT_TYPE, m->type_word[info->type]);
	set_word(rec, words, OUT_FOREIGN, m->foreign_word[info->foreign]);
	const struct member_own *own = own_of(m, c->row[i]);
	if (own->period != PERIOD_TEAM) {
		set_word(rec, words, OUT_FROM, (struct word){ own->from_text, strlen(own->from_text) });
		set_word(rec, words, OUT_TO, (struct word){ own->to_text, strlen(own->to_text) });
	} else {
		set_word(rec, words, OUT_FROM, m->from_word);
		set_word(rec, words, OUT_TO, m->to_word);
	}
}

/*
 * The key to the texts of keyed runs (struct segment) of a member's
 * record: its role, type and foreign value, INFO, and its team's LICENSE.
 */
static int
member_key(const struct team_member *info, enum rules_license license)
{
	return (((int)info->role * RULES_TYPE_COUNT + (int)info->type) * TEAM_FOREIGN_COUNT +
	        (int)info->foreign) * RULES_LICENSE_COUNT + (int)license;
}

/* Reports each eligibility problem of team T on its own line. */
static void
report_problems(struct members *m, const struct team *t, const struct costed *c)
{
	for (size_t k = 0; k < c->nproblems; k++) {
		const struct team_problem *p = &c->problems[k];
		if (p->member >= 0) {
			const struct member *r = c->row[p->member];
			report(m, r->line, _("team '%s', member '%s': not eligible: %s: %s"), name_of(m, t),
			       cells_of(m, r), team_rule_code(p->rule), _(team_rule_words(p->rule)));
		} else {
			report(m, t->line, _("team '%s': not eligible: %s: %s"), name_of(m, t),
			       team_rule_code(p->rule), _(team_rule_words(p->rule)));
		}
	}
}

/* The team total of part K of C: the sums, the GPUs and the effective rates.  False on overflow. */
static bool
sum_team(struct costed *c, int k)
{
	struct rules_scenario *total = &c->sc[k][c->n];
	struct rules_result *sum = &c->res[k][c->n];

	*sum = (struct rules_result){ 0 };
	total->gpus = 0;
	for (size_t i = 0; i < c->n; i++)
		if (__builtin_add_overflow(total->gpus, c->sc[k][i].gpus, &total->gpus) ||
		    !team_add(sum, &c->res[k][i]))
			return false;
	/* The team's effective rates: private over total, cash minimum over private. */
	sum->self_ppm = team_rate_ppm(sum->private_share, sum->total);
	sum->cash_ppm = team_rate_ppm(sum->cash_min, sum->private_share);
	return true;
}

/* Whether F keeps the figures of a member's scenario SC. */
static inline bool
figures_of(const struct figures *f, const struct rules_scenario *sc)
{
	return f->kept && f->type == sc->type && f->license == sc->license && f->gpus == sc->gpus &&
	       f->months == sc->months && f->months_den == sc->months_den;
}

/*
 * The figures of a member's scenario SC into *RES, as rules_compute()
 * gives them: those of the same scenario computed before when they are
 * kept (struct figures), never with plain_reader.  *KEPT is where they are
 * kept now, or NULL.
 */
static enum rules_status
compute_member(struct members *m, const struct rules_scenario *sc, struct rules_result *res,
               struct figures **kept)
{
	const struct rules_rates *rates = &m->opt.pick->rates;
	*kept = NULL;
	if (m->opt.plain_reader)
		return rules_compute(rates, sc, res);
	/* Fibonacci hashing: the top bits of the fields' sum times 2^64 / phi. */
	uint64_t h = (sc->gpus * 31 + (uint64_t)sc->type * 7 + (uint64_t)sc->license + sc->months) *
	             UINT64_C(0x9E3779B97F4A7C15);
	struct figures *f = &m->figures[h >> (64 - FIGURES_BITS)];
	if (figures_of(f, sc)) {
		*res = f->res;
		*kept = f;
		return RULES_OK;
	}
	enum rules_status st = rules_compute(rates, sc, res);
	if (st == RULES_OK) {
		f->kept = true;
		f->type = sc->type;
		f->license = sc->license;
		f->gpus = sc->gpus;
		f->months = sc->months;
		f->months_den = sc->months_den;
		f->res = *res;
		f->text_len = 0;
		*kept = f;
	}
	return st;
}

/* Computes every member of T into C.  False after reporting why the team cannot be. */
static bool
compute_team(struct members *m, const struct team *t, struct costed *c)
{
	const struct rules_rates *rates = &m->opt.pick->rates;
	int parts = m->opt.stages ? 3 : 1;

	for (int k = 0; k < parts; k++) {
		c->sc[k][c->n] = m->opt.defaults;
		c->sc[k][c->n].license = t->has_license ? t->license : m->opt.license;
	}
	if (m->opt.stages) {        /* the team's own stages, for their months */
		struct cal_date end1, start2;
		scenario_stages(m->opt.pick, m->opt.from, m->opt.to, &c->sc[1][c->n], &c->sc[2][c->n],
		                &end1, &start2);
	}
	for (size_t i = 0; i < c->n; i++) {
		const struct member *r = c->row[i];
		const struct member_own *own = own_of(m, r);
		struct rules_scenario *sc = &c->sc[0][i];
		c->info[i] = info_of(r);
		*sc = c->sc[0][c->n];
		sc->type = c->info[i].type;
		sc->gpus = c->info[i].gpus;
		if (own->period != PERIOD_TEAM) {
			sc->months = own->months;
			sc->months_den = own->months_den;
		}
		enum rules_status st = compute_member(m, sc, &c->res[0][i], &c->fig[i]);
		if (st == RULES_OK && m->opt.stages) {
			/* Stage 1 computed on its own, stage 2 the rest, as for one scenario. */
			struct cal_date from = own->period == PERIOD_DATES ? own->from : m->opt.from;
			struct cal_date to = own->period == PERIOD_DATES ? own->to : m->opt.to, end1, start2;
			c->sc[1][i] = c->sc[2][i] = *sc;
			scenario_stages(m->opt.pick, from, to, &c->sc[1][i], &c->sc[2][i], &end1, &start2);
			st = rules_split(rates, sc, c->sc[1][i].months, c->sc[1][i].months_den, &c->res[0][i],
			                 &c->res[1][i], &c->res[2][i]);
		}
		if (st != RULES_OK) {
			char msg[MSG_MAX];
			report(m, r->line, _("member '%s': %s"), cells_of(m, r),
			       scenario_failure(msg, sizeof msg, rates, sc, st));
			return false;
		}
	}
	for (int k = 0; k < parts; k++) {
		if (!sum_team(c, k)) {
			report(m, t->line, _("team '%s': %s"), name_of(m, t), rules_strerror(RULES_E_OVERFLOW));
			return false;
		}
	}
	return true;
}

/* Each member's plan against its share, and the team's sums, into C.  False when the sums overflow. */
static bool
check_plans(const struct members *m, struct costed *c)
{
	struct out_plan *sum = &c->plans[c->n];
	*sum = (struct out_plan){ 0 };
	c->plan_ok[c->n] = true;
	for (size_t i = 0; i < c->n; i++) {
		const struct plan_budget *b = &own_of(m, c->row[i])->plan;
		const struct rules_result *res = &c->res[0][i];
		struct out_plan *p = &c->plans[i];
		*p = (struct out_plan){ .cash = (int64_t)b->cash, .in_kind = (int64_t)b->in_kind };
		p->cash_short = plan_cash_spare(res, b) < 0 ? -plan_cash_spare(res, b) : 0;
		p->private_short = plan_spare(res, b) < 0 ? -plan_spare(res, b) : 0;
		c->plan_ok[i] = p->cash_short == 0 && p->private_short == 0 && p->in_kind <= res->in_kind_max;
		/* The sums: budgets are at most PLAN_BUDGET_MAX each, yet a long team's could overflow. */
		if (__builtin_add_overflow(sum->cash, p->cash, &sum->cash) ||
		    __builtin_add_overflow(sum->in_kind, p->in_kind, &sum->in_kind) ||
		    __builtin_add_overflow(sum->cash_short, p->cash_short, &sum->cash_short) ||
		    __builtin_add_overflow(sum->private_short, p->private_short, &sum->private_short))
			return false;
		c->plan_ok[c->n] &= c->plan_ok[i];
	}
	return true;
}

/* Writes team T: its records, or its table (and --explain) for people. */
static void
write_team(struct members *m, const struct team *t, const struct costed *c)
{
	static const struct word stage_names[3] = { { "total", 5 }, { "1", 1 }, { "2", 1 } };
	static const int stage_order[3] = { 1, 2, 0 };
	struct out_record rec = { 0 };
	struct word words[OUT_COL_COUNT] = { 0 };

	if (m->opt.format != OUT_TABLE) {
		team_text(m, t, c, &rec, words);
		for (size_t i = 0; i <= c->n; i++) {
			const struct member *r = i < c->n ? c->row[i] : NULL;
			if (r != NULL)
				split_cells(m, r);
			bool plain = t->plain && (r == NULL || r->plain);
			for (int s = 0; s < (m->opt.stages ? 3 : 1); s++) {
				int k = m->opt.stages ? stage_order[s] : 0;
				member_text(m, c, k, i, &rec, words);
				if (m->opt.stages)
					set_word(&rec, words, OUT_STAGE, stage_names[k]);
				/* A total sums its members' records of the same part; a stage 2 is the rest. */
				unsigned parts = m->opt.stages ? 3 : 1;
				if (i == c->n)
					rec.derive = (struct out_derivation){ .kind = OUT_SUM,
						.first = (unsigned)(parts * c->n), .step = parts, .count = (unsigned)c->n };
				else
					rec.derive.kind = k == 2 ? OUT_REST : OUT_OWN;
				/* The figures kept for a member's whole period: still its own, when no other took their slot. */
				struct figures *fig = r != NULL && k == 0 ? c->fig[i] : NULL;
				if (fig != NULL && !figures_of(fig, &c->sc[0][i]))
					fig = NULL;
				write_record(m, &rec, words, r != NULL ? m->cells : NULL, plain, fig,
				             r != NULL ? member_key(&c->info[i], c->sc[0][c->n].license) : -1);
			}
		}
		return;
	}
	out_flush(m->writer);
	struct out_record *recs = calloc(c->n + 1, sizeof *recs);
	if (recs == NULL) {
		worsen(m, MEMBERS_NOMEM);
		return;
	}
	for (size_t i = 0; i <= c->n; i++) {
		if (i < c->n)
			split_cells(m, c->row[i]);
		team_text(m, t, c, &recs[i], words);
		member_text(m, c, 0, i, &recs[i], words);
	}
	struct table_team tt = {
		.name = name_of(m, t), .members = recs, .info = c->info, .n = c->n, .total = &recs[c->n],
		.problems = c->problems, .nproblems = c->nproblems,
		.checked = m->opt.eligibility != MEMBERS_OFF,
	};
	if (m->writer->started)
		putc('\n', m->out);
	m->writer->started = true;
	table_team(m->out, &tt);
	for (size_t i = 0; m->planned && i < c->n; i++)
		table_plan(m->out, recs[i].text[OUT_NAME], &c->res[0][i], &c->plans[i]);
	if (m->opt.stages) {
		for (size_t i = 0; i <= c->n; i++) {
			struct rules_scenario sc[3] = { c->sc[1][i], c->sc[2][i], c->sc[0][i] };
			struct rules_result res[3] = { c->res[1][i], c->res[2][i], c->res[0][i] };
			const char *const heads[3] = { _("stage 1"), _("stage 2"), _("total") };
			fprintf(m->out, "\n%s:\n", i < c->n ? recs[i].text[OUT_NAME] : _("team total (합계)"));
			table_stages(m->out, sc, res, heads);
		}
	}
	for (size_t i = 0; m->opt.explain && i < c->n; i++) {
		fprintf(m->out, "\n%s (%s):", recs[i].text[OUT_NAME], recs[i].text[OUT_ROLE]);
		struct table_sources ex = {
			.pick = m->opt.pick, .rules_name = m->opt.rules_name, .price_given = m->opt.price_given,
		};
		table_explain(m->out, &c->sc[0][i], &c->res[0][i], &ex);
	}
	free(recs);
}

/* Grows the array at *P to COUNT items of SIZE bytes; false, leaving it as it was, without memory. */
static bool
grow_to(void *p, size_t count, size_t size)
{
	void *grown = reallocarray(*(void **)p, count, size);
	if (grown == NULL)
		return false;
	*(void **)p = grown;
	return true;
}

/*
 * Room in M->costed for a team of N members: grown to the largest team yet,
 * and kept, so that a file of many teams allocates nothing per team.
 */
static bool
room_for_team(struct members *m, size_t n)
{
	struct costed *c = &m->costed;
	if (n < m->costed_cap)
		return true;
	size_t cap = n + 1 > 2 * m->costed_cap ? n + 1 : 2 * m->costed_cap;
	bool ok = grow_to(&c->row, cap, sizeof *c->row) && grow_to(&c->info, cap, sizeof *c->info) &&
	          grow_to(&c->fig, cap, sizeof *c->fig) &&
	          grow_to(&c->problems, TEAM_PROBLEMS_MAX(cap), sizeof *c->problems) &&
	          grow_to(&c->plans, cap, sizeof *c->plans) && grow_to(&c->plan_ok, cap, sizeof *c->plan_ok);
	for (int k = 0; k < 3 && ok; k++)
		ok = grow_to(&c->sc[k], cap, sizeof *c->sc[k]) && grow_to(&c->res[k], cap, sizeof *c->res[k]);
	if (ok)
		m->costed_cap = cap;
	return ok;
}

/* Computes, checks and writes team T, unless a row of it was bad. */
static void
run_team(struct members *m, const struct team *t)
{
	if (t->bad || m->all_bad) {
		report(m, t->line, _("team '%s': not computed: a row of it is bad (see above); expected "
		       "every row of a team to be valid"), name_of(m, t));
		return;
	}
	if (!t->has_license && !m->opt.license_given) {
		report(m, t->line, _("team '%s': no license in its rows and no --license; expected one "
		       "of them"), name_of(m, t));
		worsen(m, m->opt.strict ? MEMBERS_STOP : MEMBERS_INVALID);
		return;
	}
	size_t n = t->n;
	if (!room_for_team(m, n)) {
		worsen(m, MEMBERS_NOMEM);
		return;
	}
	struct costed *c = &m->costed;
	c->n = n;
	c->nproblems = 0;
	c->codes[0] = '\0';
	c->codes_len = 0;
	size_t i = 0;
	for (size_t r = t->first; i < n; r = m->rows[r].next)
		c->row[i++] = &m->rows[r];
	if (!compute_team(m, t, c)) {
		worsen(m, m->opt.strict ? MEMBERS_STOP : MEMBERS_INVALID);
	} else {
		if (m->opt.eligibility != MEMBERS_OFF) {
			c->nproblems = team_check(c->info, n, m->opt.pick->gpus_per_team, m->opt.fine_tuning,
			                          c->problems);
			/* Each rule once, however many members break it: problems come in rule order. */
			size_t len = 0;
			for (size_t k = 0; k < c->nproblems; k++)
				if (k == 0 || c->problems[k].rule != c->problems[k - 1].rule)
					len += (size_t)snprintf(c->codes + len, sizeof c->codes - len, "%s%s",
					                        len ? ";" : "", team_rule_code(c->problems[k].rule));
			c->codes_len = strlen(c->codes);
			report_problems(m, t, c);
			if (c->nproblems > 0 && m->opt.eligibility == MEMBERS_ERROR)
				worsen(m, MEMBERS_INELIGIBLE);
		}
		if (m->planned && !check_plans(m, c)) {
			report(m, t->line, _("team '%s': its members' cash and in kind add up past %s won; "
			       "expected smaller budgets"), name_of(m, t), "9,223,372,036,854,775,807");
			worsen(m, m->opt.strict ? MEMBERS_STOP : MEMBERS_INVALID);
		} else {
			write_team(m, t, c);
		}
	}
}

/* ---- files ---- */

static bool
on_record(void *ctx, const struct csvr_record *rec)
{
	struct members *m = ctx;

	if (!m->header_read) {
		m->header_read = true;
		if (!on_header(m, rec)) {
			worsen(m, m->opt.strict ? MEMBERS_STOP : MEMBERS_INVALID);
			m->file_done = true;
		}
		return !m->file_done;
	}
	return on_row(m, rec) && !m->file_done;
}

static void
on_error(void *ctx, unsigned long line, const char *msg)
{
	struct members *m = ctx;
	m->opt.report(m->opt.ctx, m->name, line, msg);
}

/* S, a word that stays put, with its length. */
static struct word
word_of(const char *s)
{
	return (struct word){ s, strlen(s) };
}

struct members *
members_new(const struct members_options *opt, FILE *out)
{
	struct members *m = calloc(1, sizeof *m);
	if (m == NULL)
		return NULL;
	m->opt = *opt;
	m->out = out;
	if (opt->dates) {
		cal_format(m->from_text, opt->from);
		cal_format(m->to_text, opt->to);
	}
	for (int i = 0; i < TEAM_ROLE_COUNT; i++)
		m->role_word[i] = word_of(team_role_name((enum team_role)i));
	for (int i = 0; i < RULES_TYPE_COUNT; i++)
		m->type_word[i] = word_of(rules_type_name((enum rules_type)i));
	for (int i = 0; i < TEAM_FOREIGN_COUNT; i++)
		m->foreign_word[i] = word_of(team_foreign_name((enum team_foreign)i));
	for (int i = 0; i < RULES_LICENSE_COUNT; i++)
		m->license_word[i] = word_of(rules_license_name((enum rules_license)i));
	m->from_word = word_of(m->from_text);
	m->to_word = word_of(m->to_text);
	char price[NUM_BUF];
	num_fmt_uint(price, opt->defaults.unit_price);
	snprintf(m->price_expected, sizeof m->price_expected,
	         _("%s, the run's unit price (--unit-price; one for every member), or a blank cell"), price);
	m->writer = calloc(1, sizeof *m->writer);
	m->figures = calloc((size_t)1 << FIGURES_BITS, sizeof *m->figures);
	struct csvr_options ropt = {
		.encoding = opt->encoding, .chunk = opt->chunk, .libcsv_only = opt->libcsv_only,
		.record = on_record, .error = on_error, .ctx = m,
	};
	m->reader = csvr_new(&ropt);
	if (m->writer == NULL || m->figures == NULL || m->reader == NULL) {
		members_free(m);
		return NULL;
	}
	*m->writer = (struct out_writer){ .fp = out, .format = opt->format, .sheet = opt->sheet,
	                                  .no_header = opt->no_header, .excel = opt->excel };
	return m;
}

/* Forgets the rows and teams of the file just read. */
static void
clear_file(struct members *m)
{
	m->nrows = m->nowns = m->nteams = m->text_len = m->last_team = 0;
	m->cell_kept = false;
	if (m->team_slots != NULL)
		memset(m->team_slots, 0, m->nslots * sizeof *m->team_slots);
}

void
members_free(struct members *m)
{
	if (m == NULL)
		return;
	clear_file(m);
	csvr_free(m->reader);
	free(m->writer);
	free(m->rows);
	free(m->owns);
	free(m->text);
	free(m->teams);
	free(m->costed.row);
	free(m->costed.info);
	free(m->costed.fig);
	free(m->figures);
	free(m->costed.problems);
	free(m->costed.plans);
	free(m->costed.plan_ok);
	for (int k = 0; k < 3; k++) {
		free(m->costed.sc[k]);
		free(m->costed.res[k]);
	}
	free(m->team_slots);
	free(m->pass);
	free(m->names);
	free(m->ids);
	free(m->cells);
	free(m->source);
	free(m->cols);
	for (size_t i = 0; m->segs != NULL && i < m->nsegs; i++)
		free(m->segs[i].texts);
	free(m->segs);
	free(m->pass_names);
	free(m);
}

enum members_status
members_file(struct members *m, FILE *in, const char *name)
{
	m->name = name;
	m->name_len = strlen(name);
	m->header_read = m->file_done = m->all_bad = false;
	m->status = MEMBERS_OK;
	csvr_set_format(m->reader, csvr_format_of(m->opt.input, name));

	enum csvr_status st = csvr_file(m->reader, in);
	bool whole = st == CSVR_OK || (st == CSVR_STOPPED && m->status < MEMBERS_STOP);
	if (st == CSVR_MALFORMED)
		worsen(m, m->opt.strict ? MEMBERS_STOP : MEMBERS_INVALID);
	else if (st == CSVR_READ_ERROR)
		worsen(m, MEMBERS_READ_ERROR);
	else if (st == CSVR_NOMEM)
		worsen(m, MEMBERS_NOMEM);
	if (!m->header_read && m->status == MEMBERS_OK) {
		report(m, 0, _("no header; expected a first line naming the columns name, role, type "
		       "and gpus"));
		worsen(m, m->opt.strict ? MEMBERS_STOP : MEMBERS_INVALID);
	}
	if (whole && m->header_read && m->status < MEMBERS_STOP && !m->file_done) {
		for (size_t i = 0; i < m->nteams && m->status < MEMBERS_STOP; i++)
			run_team(m, &m->teams[i]);
	} else if (m->nteams > 0 && m->status < MEMBERS_STOP) {
		report(m, 0, _("no team computed: the file could not be read to its end"));
	}
	clear_file(m);
	out_flush(m->writer);
	return m->status;
}
