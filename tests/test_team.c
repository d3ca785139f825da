/*
 * test_team.c - the pure consortium rules of team.h: the eligibility rules
 * (team_check), the rules' codes and words, role and foreign values, the
 * team sums and the effective rates.
 *
 * Where the expected values come from:
 *   - eligibility: docs/rules.md, "Eligibility", plus the lead-type rule
 *     (a nonprofit lead fails) as team.h states it; every rule has a row that
 *     passes and a row that fails, with the exact problems in rule order;
 *   - rule codes: docs/rules.md; the words: team.h's promise ("what it
 *     requires"), written out here;
 *   - rates: exact half-up rounding worked by hand (part * 10^6 / whole);
 *   - the worked example: docs/rules.md, "Team figures", whose amounts
 *     tests/oracle/consortium.py --self-test computes independently with
 *     exact fractions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "check.h"
#include "field.h"
#include "programme.h"
#include "team.h"

/* A member: role, type, foreign, GPUs. */
#define LEAD(t, f, g)  { TEAM_LEAD, RULES_##t, f, g }
#define PART(t, f, g)  { TEAM_PARTICIPANT, RULES_##t, f, g }
#define DEM(t, f, g)   { TEAM_DEMAND, RULES_##t, f, g }
#define DOM   TEAM_DOMESTIC
#define GLOB  TEAM_GLOBAL_SERVICE
#define OTHER TEAM_FOREIGN_OTHER

/* A problem: rule and member index (-1 for the team). */
#define P(rule, member) { TEAM_##rule, member }

#define MEMBERS_MAX 6
#define WANT_MAX 12

static const struct {
	const char *what;
	struct team_member m[MEMBERS_MAX];
	size_t n;
	uint64_t cap;
	bool fine_tuning;
	struct team_problem want[WANT_MAX];
	size_t nwant;
} check_rows[] = {
	/* one-lead */
	{ "one lead: eligible", { LEAD(SME, DOM, 200), PART(UNIVERSITY, DOM, 24) }, 2, 256, false, { { 0 } }, 0 },
	{ "no lead", { PART(SME, DOM, 200), PART(UNIVERSITY, DOM, 24) }, 2, 256, false,
	  { P(ONE_LEAD, -1) }, 1 },
	{ "two leads", { LEAD(SME, DOM, 100), LEAD(MID, DOM, 100), PART(UNIVERSITY, DOM, 24) }, 3, 256, false,
	  { P(ONE_LEAD, -1) }, 1 },
	/* lead-not-large */
	{ "a large lead", { LEAD(LARGE, DOM, 200), PART(UNIVERSITY, DOM, 24) }, 2, 256, false,
	  { P(LEAD_NOT_LARGE, 0) }, 1 },
	{ "a large participant and a large demand", { PART(LARGE, DOM, 8), LEAD(SME, DOM, 200),
	  PART(UNIVERSITY, DOM, 24), DEM(LARGE, DOM, 0) }, 4, 256, false, { { 0 } }, 0 },
	{ "a large lead, second in the list", { PART(UNIVERSITY, DOM, 24), LEAD(LARGE, DOM, 200) }, 2, 256, false,
	  { P(LEAD_NOT_LARGE, 1) }, 1 },
	/* lead-type */
	{ "a nonprofit lead", { LEAD(NONPROFIT, DOM, 200), PART(UNIVERSITY, DOM, 24) }, 2, 256, false,
	  { P(LEAD_TYPE, 0) }, 1 },
	{ "a university lead", { LEAD(UNIVERSITY, DOM, 200) }, 1, 256, false, { { 0 } }, 0 },
	{ "an institute lead", { LEAD(INSTITUTE, DOM, 200), PART(UNIVERSITY, DOM, 24) }, 2, 256, false, { { 0 } }, 0 },
	{ "a mid lead", { LEAD(MID, DOM, 200), PART(UNIVERSITY, DOM, 24) }, 2, 256, false, { { 0 } }, 0 },
	{ "a nonprofit participant", { LEAD(SME, DOM, 200), PART(UNIVERSITY, DOM, 24), PART(NONPROFIT, DOM, 16) },
	  3, 256, false, { { 0 } }, 0 },
	/* lead-domestic */
	{ "a foreign lead for global service", { LEAD(SME, GLOB, 200), PART(UNIVERSITY, DOM, 24) }, 2, 256, false,
	  { P(LEAD_DOMESTIC, 0) }, 1 },
	{ "a foreign lead for something else", { PART(UNIVERSITY, DOM, 24), LEAD(SME, OTHER, 200) }, 2, 256, false,
	  { P(LEAD_DOMESTIC, 1), P(FOREIGN_GLOBAL, 1) }, 2 },
	/* university */
	{ "a university as lead", { LEAD(UNIVERSITY, DOM, 24), PART(SME, DOM, 200) }, 2, 256, false, { { 0 } }, 0 },
	{ "a university only as demand", { LEAD(SME, DOM, 200), DEM(UNIVERSITY, DOM, 24) }, 2, 256, false,
	  { P(UNIVERSITY, -1) }, 1 },
	{ "no university", { LEAD(SME, DOM, 200), PART(INSTITUTE, DOM, 24), PART(NONPROFIT, DOM, 16) },
	  3, 256, false, { P(UNIVERSITY, -1) }, 1 },
	{ "a university as demand and another as participant",
	  { LEAD(SME, DOM, 200), DEM(UNIVERSITY, DOM, 0), PART(UNIVERSITY, DOM, 24) }, 3, 256, false, { { 0 } }, 0 },
	/* foreign-global-only */
	{ "a foreign participant for global service",
	  { LEAD(SME, DOM, 200), PART(UNIVERSITY, DOM, 24), PART(MID, GLOB, 16), DEM(LARGE, GLOB, 0) },
	  4, 256, false, { { 0 } }, 0 },
	{ "a foreign participant for something else",
	  { LEAD(SME, DOM, 200), PART(UNIVERSITY, DOM, 24), PART(MID, OTHER, 16) }, 3, 256, false,
	  { P(FOREIGN_GLOBAL, 2) }, 1 },
	{ "two such members: reported once each",
	  { LEAD(SME, DOM, 200), PART(MID, OTHER, 8), PART(UNIVERSITY, DOM, 24), DEM(NONPROFIT, OTHER, 0) },
	  4, 256, false, { P(FOREIGN_GLOBAL, 1), P(FOREIGN_GLOBAL, 3) }, 2 },
	/* gpu-cap */
	{ "GPUs equal to the cap", { LEAD(SME, DOM, 200), PART(UNIVERSITY, DOM, 24), PART(MID, DOM, 32) },
	  3, 256, false, { { 0 } }, 0 },
	{ "one GPU over the cap", { LEAD(SME, DOM, 200), PART(UNIVERSITY, DOM, 24), PART(MID, DOM, 33) },
	  3, 256, false, { P(GPU_CAP, -1) }, 1 },
	{ "another cap: at it", { LEAD(SME, DOM, 100), PART(UNIVERSITY, DOM, 28) }, 2, 128, false, { { 0 } }, 0 },
	{ "another cap: over it", { LEAD(SME, DOM, 100), PART(UNIVERSITY, DOM, 29) }, 2, 128, false,
	  { P(GPU_CAP, -1) }, 1 },
	{ "the most GPUs a member may have, twice", { LEAD(SME, DOM, RULES_GPUS_MAX),
	  PART(UNIVERSITY, DOM, RULES_GPUS_MAX) }, 2, 2 * RULES_GPUS_MAX, false, { { 0 } }, 0 },
	/* method */
	{ "not fine-tuning", { LEAD(SME, DOM, 200), PART(UNIVERSITY, DOM, 24) }, 2, 256, false, { { 0 } }, 0 },
	{ "fine-tuning", { LEAD(SME, DOM, 200), PART(UNIVERSITY, DOM, 24) }, 2, 256, true,
	  { P(METHOD, -1) }, 1 },
	/* several at once */
	{ "no members at all", { { 0 } }, 0, 256, false, { P(ONE_LEAD, -1), P(UNIVERSITY, -1) }, 2 },
	{ "every rule broken at once",
	  { LEAD(LARGE, OTHER, 200), LEAD(NONPROFIT, GLOB, 50), DEM(UNIVERSITY, DOM, 10), PART(MID, OTHER, 0) },
	  4, 256, true,
	  { P(ONE_LEAD, -1), P(LEAD_NOT_LARGE, 0), P(LEAD_TYPE, 1), P(LEAD_DOMESTIC, 0), P(LEAD_DOMESTIC, 1),
	    P(UNIVERSITY, -1), P(FOREIGN_GLOBAL, 0), P(FOREIGN_GLOBAL, 3), P(GPU_CAP, -1), P(METHOD, -1) }, 10 },
	/* the worked example of docs/rules.md */
	{ "the worked example", { LEAD(SME, DOM, 200), PART(MID, DOM, 16), PART(UNIVERSITY, DOM, 24),
	  PART(NONPROFIT, DOM, 16), DEM(LARGE, DOM, 0) }, 5, 256, false, { { 0 } }, 0 },
	{ "the worked example with a large lead", { LEAD(LARGE, DOM, 200), PART(MID, DOM, 16),
	  PART(UNIVERSITY, DOM, 24), PART(NONPROFIT, DOM, 16), DEM(LARGE, DOM, 0) }, 5, 256, false,
	  { P(LEAD_NOT_LARGE, 0) }, 1 },
};

/*
 * Runs team_check() on the N members at M into a buffer of exactly
 * TEAM_PROBLEMS_MAX(N) problems on the heap, so that the sanitizers catch a
 * write past it.  Returns the buffer (to free) and the count in *K.
 */
static struct team_problem *
check(const struct team_member *m, size_t n, uint64_t cap, bool fine_tuning, size_t *k)
{
	struct team_problem *out = malloc(TEAM_PROBLEMS_MAX(n) * sizeof *out);
	assert_non_null(out);
	*k = team_check(m, n, cap, fine_tuning, out);
	if (*k > TEAM_PROBLEMS_MAX(n))
		fail_msg("%zu problems for %zu members; at most %zu", *k, n, (size_t)TEAM_PROBLEMS_MAX(n));
	return out;
}

static void
test_check(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof check_rows / sizeof check_rows[0]; i++) {
		size_t k;
		struct team_problem *got = check(check_rows[i].m, check_rows[i].n, check_rows[i].cap,
		                                 check_rows[i].fine_tuning, &k);
		if (k != check_rows[i].nwant)
			fail_msg("%s: %zu problems, want %zu (first: %s %ld)", check_rows[i].what, k,
			         check_rows[i].nwant, k ? team_rule_code(got[0].rule) : "-", k ? got[0].member : 0);
		for (size_t j = 0; j < k; j++) {
			const struct team_problem *w = &check_rows[i].want[j];
			if (got[j].rule != w->rule || got[j].member != w->member)
				fail_msg("%s: problem %zu is %s member %ld, want %s member %ld", check_rows[i].what, j,
				         team_rule_code(got[j].rule), got[j].member, team_rule_code(w->rule), w->member);
		}
		free(got);
	}
}

/*
 * The rules as docs/rules.md lists them, one whole pass over the members
 * for each, with nothing skipped: the plain oracle for team_check(), which
 * makes one pass and the others only when a lead or a foreign member
 * breaks a rule.
 */
static size_t
check_plainly(const struct team_member *m, size_t n, uint64_t cap, bool fine_tuning, struct team_problem *out)
{
	size_t k = 0, leads = 0;
	bool university = false;
	uint64_t gpus = 0;
	for (size_t i = 0; i < n; i++)
		leads += m[i].role == TEAM_LEAD;
	if (leads != 1)
		out[k++] = (struct team_problem){ TEAM_ONE_LEAD, -1 };
	for (size_t i = 0; i < n; i++)
		if (m[i].role == TEAM_LEAD && m[i].type == RULES_LARGE)
			out[k++] = (struct team_problem){ TEAM_LEAD_NOT_LARGE, (long)i };
	for (size_t i = 0; i < n; i++)
		if (m[i].role == TEAM_LEAD && m[i].type == RULES_NONPROFIT)
			out[k++] = (struct team_problem){ TEAM_LEAD_TYPE, (long)i };
	for (size_t i = 0; i < n; i++)
		if (m[i].role == TEAM_LEAD && m[i].foreign != TEAM_DOMESTIC)
			out[k++] = (struct team_problem){ TEAM_LEAD_DOMESTIC, (long)i };
	for (size_t i = 0; i < n; i++)
		university |= m[i].type == RULES_UNIVERSITY && m[i].role != TEAM_DEMAND;
	if (!university)
		out[k++] = (struct team_problem){ TEAM_UNIVERSITY, -1 };
	for (size_t i = 0; i < n; i++)
		if (m[i].foreign == TEAM_FOREIGN_OTHER)
			out[k++] = (struct team_problem){ TEAM_FOREIGN_GLOBAL, (long)i };
	for (size_t i = 0; i < n; i++)
		gpus += m[i].gpus;
	if (gpus > cap)
		out[k++] = (struct team_problem){ TEAM_GPU_CAP, -1 };
	if (fine_tuning)
		out[k++] = (struct team_problem){ TEAM_METHOD, -1 };
	return k;
}

/*
 * Every team of up to three members, each of every role, type and foreign
 * value (GPUs by its place, the cap between the sums, fine-tuning on
 * every other team): team_check() lists the same problems as the plain
 * oracle, in the same order.
 */
static void
test_check_every_team(void **state)
{
	enum { WAYS = TEAM_ROLE_COUNT * RULES_TYPE_COUNT * TEAM_FOREIGN_COUNT };
	struct team_member m[3];
	struct team_problem want[TEAM_PROBLEMS_MAX(3)];
	size_t teams = 0;
	(void)state;
	for (size_t n = 0; n <= 3; n++) {
		size_t all = 1;
		for (size_t i = 0; i < n; i++)
			all *= WAYS;
		for (size_t code = 0; code < all; code++, teams++) {
			size_t c = code;
			for (size_t i = 0; i < n; i++, c /= WAYS) {
				size_t w = c % WAYS;
				m[i] = (struct team_member){ .role = (enum team_role)(w % TEAM_ROLE_COUNT),
					.type = (enum rules_type)(w / TEAM_ROLE_COUNT % RULES_TYPE_COUNT),
					.foreign = (enum team_foreign)(w / TEAM_ROLE_COUNT / RULES_TYPE_COUNT),
					.gpus = 100 * (i + 1) };
			}
			uint64_t cap = code % 3 == 0 ? 250 : 600;
			bool fine_tuning = code % 2 == 1;
			size_t k, nwant = check_plainly(m, n, cap, fine_tuning, want);
			struct team_problem *got = check(m, n, cap, fine_tuning, &k);
			CHECK_INT(teams, k, nwant);
			for (size_t j = 0; j < k; j++) {
				CHECK_INT(teams, got[j].rule, want[j].rule);
				CHECK_INT(teams, got[j].member, want[j].member);
			}
			free(got);
		}
	}
}

/*
 * The bound: every team of up to three members of every role, type and
 * foreign value, with and without fine-tuning and GPUs over the cap, stays
 * within TEAM_PROBLEMS_MAX(n); and a long team of large foreign leads, each
 * breaking three rules, is exactly 3n + the four team-wide rules.
 */
static void
test_bound(void **state)
{
	enum { KINDS = TEAM_ROLE_COUNT * RULES_TYPE_COUNT * TEAM_FOREIGN_COUNT };
	struct team_member m[3];
	size_t most = 0;
	(void)state;
	for (size_t n = 0; n <= 3; n++) {
		size_t combos = 1;
		for (size_t i = 0; i < n; i++)
			combos *= KINDS;
		for (size_t c = 0; c < combos; c++) {
			size_t rest = c;
			for (size_t i = 0; i < n; i++, rest /= KINDS) {
				size_t kind = rest % KINDS;
				m[i] = (struct team_member){
					.role = (enum team_role)(kind % TEAM_ROLE_COUNT),
					.type = (enum rules_type)(kind / TEAM_ROLE_COUNT % RULES_TYPE_COUNT),
					.foreign = (enum team_foreign)(kind / TEAM_ROLE_COUNT / RULES_TYPE_COUNT),
					.gpus = 100,
				};
			}
			for (int ft = 0; ft <= 1; ft++) {
				size_t k;
				free(check(m, n, 250, ft, &k));   /* check() fails past the bound */
				if (n == 3 && k > most)
					most = k;
			}
		}
	}
	assert_int_equal(most, 3 * 3 + 4);

	enum { N = 100 };
	struct team_member *big = calloc(N, sizeof *big);
	assert_non_null(big);
	for (size_t i = 0; i < N; i++)
		big[i] = (struct team_member)LEAD(LARGE, OTHER, 1000);
	size_t k;
	struct team_problem *got = check(big, N, 256, true, &k);
	assert_int_equal(k, 3 * N + 4);
	/* In rule order: one-lead, then each rule over every lead, then the team's. */
	CHECK_INT(0, got[0].rule, TEAM_ONE_LEAD);
	for (size_t i = 0; i < N; i++) {
		CHECK_INT(i, got[1 + i].rule, TEAM_LEAD_NOT_LARGE);
		CHECK_INT(i, got[1 + i].member, i);
		CHECK_INT(i, got[1 + N + i].rule, TEAM_LEAD_DOMESTIC);
		CHECK_INT(i, got[1 + N + i].member, i);
		CHECK_INT(i, got[2 + 2 * N + i].rule, TEAM_FOREIGN_GLOBAL);
		CHECK_INT(i, got[2 + 2 * N + i].member, i);
	}
	CHECK_INT(0, got[1 + 2 * N].rule, TEAM_UNIVERSITY);
	CHECK_INT(0, got[2 + 3 * N].rule, TEAM_GPU_CAP);
	CHECK_INT(0, got[3 + 3 * N].rule, TEAM_METHOD);
	free(got);
	free(big);
}

static void
test_rule_names(void **state)
{
	static const struct {
		enum team_rule rule;
		const char *code, *words;
	} rows[] = {
		{ TEAM_ONE_LEAD, "one-lead", "a consortium has exactly one lead (주관기관)" },
		{ TEAM_LEAD_NOT_LARGE, "lead-not-large",
		  "a large company may take part only as a participant, not as the lead" },
		{ TEAM_LEAD_TYPE, "lead-type", "the lead is a company, a university or a research institute" },
		{ TEAM_LEAD_DOMESTIC, "lead-domestic", "the lead is a domestic institution" },
		{ TEAM_UNIVERSITY, "university", "the team needs a university as the lead or a participant" },
		{ TEAM_FOREIGN_GLOBAL, "foreign-global-only",
		  "a foreign institution takes part only for global service development" },
		{ TEAM_GPU_CAP, "gpu-cap", "the team uses at most the GPUs each selected team receives" },
		{ TEAM_METHOD, "method", "fine-tuning an existing model is not eligible; the programme funds "
		  "training from scratch or continued large-scale pre-training" },
		{ TEAM_RULE_COUNT, "?", "?" },
		{ (enum team_rule)-1, "?", "?" },
		{ (enum team_rule)1000, "?", "?" },
	};
	(void)state;
	assert_int_equal(TEAM_RULE_COUNT, 8);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		CHECK_STR(i, team_rule_code(rows[i].rule), rows[i].code);
		CHECK_STR(i, team_rule_words(rows[i].rule), rows[i].words);
	}
}

#define S(s) s, sizeof s - 1

static void
test_parse_role(void **state)
{
	static const struct {
		const char *s;
		size_t len;
		bool ok;
		enum team_role want;
	} rows[] = {
		{ S("lead"), true, TEAM_LEAD },
		{ S("LEAD"), true, TEAM_LEAD },
		{ S(" Lead\t"), true, TEAM_LEAD },
		{ S("주관"), true, TEAM_LEAD },
		{ S("주관기관"), true, TEAM_LEAD },
		{ S("  주관기관 "), true, TEAM_LEAD },
		{ S("participant"), true, TEAM_PARTICIPANT },
		{ S("Participant"), true, TEAM_PARTICIPANT },
		{ S("참여"), true, TEAM_PARTICIPANT },
		{ S("참여기관"), true, TEAM_PARTICIPANT },
		{ S("demand"), true, TEAM_DEMAND },
		{ S(" DEMAND "), true, TEAM_DEMAND },
		{ S("수요"), true, TEAM_DEMAND },
		{ S("수요기관"), true, TEAM_DEMAND },
		{ "leadership", 4, true, TEAM_LEAD },          /* only LEN bytes are read */
		{ S("boss"), false, 0 },
		{ S("leader"), false, 0 },
		{ S("lea"), false, 0 },
		{ S(""), false, 0 },
		{ S("   "), false, 0 },
		{ S("lead participant"), false, 0 },
		{ S("주"), false, 0 },
		{ S("주관 기관"), false, 0 },
		{ S("기관"), false, 0 },
		{ S("참여기관들"), false, 0 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		enum team_role got = TEAM_ROLE_COUNT;
		CHECK_INT(i, team_parse_role(rows[i].s, rows[i].len, &got), rows[i].ok);
		if (rows[i].ok)
			CHECK_INT(i, got, rows[i].want);
		else
			CHECK_INT(i, got, TEAM_ROLE_COUNT);   /* untouched */
	}
	CHECK_STR(0, team_role_name(TEAM_LEAD), "lead");
	CHECK_STR(1, team_role_name(TEAM_PARTICIPANT), "participant");
	CHECK_STR(2, team_role_name(TEAM_DEMAND), "demand");
	CHECK_STR(3, team_role_name(TEAM_ROLE_COUNT), "?");
	CHECK_STR(0, team_role_korean(TEAM_LEAD), "주관");
	CHECK_STR(1, team_role_korean(TEAM_PARTICIPANT), "참여");
	CHECK_STR(2, team_role_korean(TEAM_DEMAND), "수요");
	CHECK_STR(3, team_role_korean(TEAM_ROLE_COUNT), "?");
}

static void
test_parse_foreign(void **state)
{
	static const struct {
		const char *s;
		size_t len;
		bool ok;
		enum team_foreign want;
	} rows[] = {
		{ S(""), true, TEAM_DOMESTIC },
		{ S("  "), true, TEAM_DOMESTIC },
		{ S("\t"), true, TEAM_DOMESTIC },
		{ S("no"), true, TEAM_DOMESTIC },
		{ S(" No "), true, TEAM_DOMESTIC },
		{ S("아니오"), true, TEAM_DOMESTIC },
		{ S("global-service"), true, TEAM_GLOBAL_SERVICE },
		{ S("GLOBAL-SERVICE"), true, TEAM_GLOBAL_SERVICE },
		{ S(" Global-Service "), true, TEAM_GLOBAL_SERVICE },
		{ S("글로벌서비스"), true, TEAM_GLOBAL_SERVICE },
		{ S("yes"), true, TEAM_FOREIGN_OTHER },
		{ S("YES"), true, TEAM_FOREIGN_OTHER },
		{ S("\tYes"), true, TEAM_FOREIGN_OTHER },
		{ S("예"), true, TEAM_FOREIGN_OTHER },
		{ "yes please", 3, true, TEAM_FOREIGN_OTHER },  /* only LEN bytes are read */
		{ S("maybe"), false, 0 },
		{ S("global service"), false, 0 },
		{ S("global"), false, 0 },
		{ S("y"), false, 0 },
		{ S("n"), false, 0 },
		{ S("true"), false, 0 },
		{ S("글로벌 서비스"), false, 0 },
		{ S("아니요"), false, 0 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		enum team_foreign got = TEAM_FOREIGN_COUNT;
		CHECK_INT(i, team_parse_foreign(rows[i].s, rows[i].len, &got), rows[i].ok);
		if (rows[i].ok)
			CHECK_INT(i, got, rows[i].want);
		else
			CHECK_INT(i, got, TEAM_FOREIGN_COUNT);   /* untouched */
	}
	CHECK_STR(0, team_foreign_name(TEAM_DOMESTIC), "no");
	CHECK_STR(1, team_foreign_name(TEAM_GLOBAL_SERVICE), "global-service");
	CHECK_STR(2, team_foreign_name(TEAM_FOREIGN_OTHER), "yes");
	CHECK_STR(3, team_foreign_name(TEAM_FOREIGN_COUNT), "?");
}

/*
 * team_parse_type: as field_parse(FIELD_TYPE) reads it, which each row is
 * compared with too: kai-cost's own words, aliases, any case, spaces.
 */
static void
test_parse_type(void **state)
{
	static const struct {
		const char *s;
		size_t len;
		const char *reason;     /* NULL: parsed */
		enum rules_type want;
	} rows[] = {
		{ S("large"), NULL, RULES_LARGE },
		{ S("mid"), NULL, RULES_MID },
		{ S("sme"), NULL, RULES_SME },
		{ S("university"), NULL, RULES_UNIVERSITY },
		{ S("institute"), NULL, RULES_INSTITUTE },
		{ S("nonprofit"), NULL, RULES_NONPROFIT },
		{ S("SME"), NULL, RULES_SME },
		{ S(" Mid\t"), NULL, RULES_MID },
		{ S("non-profit"), NULL, RULES_NONPROFIT },
		{ S("중소기업"), NULL, RULES_SME },
		{ S("대학교"), NULL, RULES_UNIVERSITY },
		{ S("\xe1\x84\x83\xe1\x85\xa2\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xa8"), NULL, RULES_UNIVERSITY }, /* 대학, NFD */
		{ "midway", 3, NULL, RULES_MID },              /* only LEN bytes are read */
		{ "smelter", 3, NULL, RULES_SME },
		{ S("'sme"), "unknown institution type", RULES_TYPE_COUNT },   /* no Excel guard before s */
		{ S("mids"), "unknown institution type", RULES_TYPE_COUNT },
		{ S("me"), "unknown institution type", RULES_TYPE_COUNT },
		{ S("company"), "unknown institution type", RULES_TYPE_COUNT },
		{ S(""), "unknown institution type", RULES_TYPE_COUNT },
		{ S("  "), "unknown institution type", RULES_TYPE_COUNT },
	};
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		enum rules_type got = RULES_TYPE_COUNT;
		struct rules_scenario plain = { .type = RULES_TYPE_COUNT };
		const char *reason = team_parse_type(rows[i].s, rows[i].len, &got);
		const char *plain_reason = field_parse(FIELD_TYPE, rows[i].s, rows[i].len, &plain);
		CHECK_STR(i, reason ? reason : "(parsed)", rows[i].reason ? rows[i].reason : "(parsed)");
		CHECK_INT(i, got, rows[i].want);        /* untouched when refused */
		CHECK_STR(i, plain_reason ? plain_reason : "(parsed)", reason ? reason : "(parsed)");
		CHECK_INT(i, plain.type, got);
	}
}

#define RES(g, p, c, k, t) { .gov = (g), .private_share = (p), .cash_min = (c), .in_kind_max = (k), .total = (t) }

static void
test_add(void **state)
{
	static const struct {
		struct rules_result a, b;
		bool ok;
		struct rules_result want;     /* when OK */
	} rows[] = {
		{ RES(0, 0, 0, 0, 0), RES(0, 0, 0, 0, 0), true, RES(0, 0, 0, 0, 0) },
		{ RES(13596000000, 715578948, 71557895, 644021053, 14311578948),
		  RES(1087680000, 69426383, 9025430, 60400953, 1157106383), true,
		  RES(14683680000, 785005331, 80583325, 704422006, 15468685331) },
		{ RES(1, 2, 3, 4, 5), RES(10, 20, 30, 40, 50), true, RES(11, 22, 33, 44, 55) },
		{ RES(INT64_MAX - 1, 0, 0, 0, 0), RES(1, 0, 0, 0, 0), true, RES(INT64_MAX, 0, 0, 0, 0) },
		{ RES(0, 0, 0, 0, INT64_MAX), RES(0, 0, 0, 0, 0), true, RES(0, 0, 0, 0, INT64_MAX) },
		{ RES(INT64_MAX, 0, 0, 0, 0), RES(1, 0, 0, 0, 0), false, { 0 } },
		{ RES(0, INT64_MAX, 0, 0, 0), RES(0, 1, 0, 0, 0), false, { 0 } },
		{ RES(0, 0, INT64_MAX, 0, 0), RES(0, 0, 1, 0, 0), false, { 0 } },
		{ RES(0, 0, 0, INT64_MAX, 0), RES(0, 0, 0, 1, 0), false, { 0 } },
		{ RES(0, 0, 0, 0, INT64_MAX), RES(0, 0, 0, 0, 1), false, { 0 } },
		{ RES(INT64_MAX / 2 + 1, 0, 0, 0, 0), RES(INT64_MAX / 2 + 1, 0, 0, 0, 0), false, { 0 } },
	};
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct rules_result sum = rows[i].a;
		CHECK_INT(i, team_add(&sum, &rows[i].b), rows[i].ok);
		if (!rows[i].ok)
			continue;
		CHECK_INT(i, sum.gov, rows[i].want.gov);
		CHECK_INT(i, sum.private_share, rows[i].want.private_share);
		CHECK_INT(i, sum.cash_min, rows[i].want.cash_min);
		CHECK_INT(i, sum.in_kind_max, rows[i].want.in_kind_max);
		CHECK_INT(i, sum.total, rows[i].want.total);
	}
}

static void
test_rate(void **state)
{
	static const struct {
		int64_t part, whole;
		uint32_t want;
	} rows[] = {
		{ 785005331, 18187885331, 43161 },    /* 4.31608...% -> 4.3161% */
		{ 80583325, 785005331, 102653 },      /* 10.26532...% -> 10.2653% */
		{ 1, 3, 333333 },                     /* 333333.33 down */
		{ 2, 3, 666667 },                     /* 666666.67 up */
		{ 1, 8, 125000 },                     /* exact */
		{ 1, 2000000, 1 },                    /* 0.5 ppm: half rounds up */
		{ 3, 2000000, 2 },                    /* 1.5 ppm -> 2 */
		{ 1, 2000001, 0 },                    /* just under half: down */
		{ 1999999, 4000000000000, 0 },        /* 0.49999975 ppm */
		{ 1, 1, 1000000 },
		{ 5, 100, 50000 },
		{ 0, 18187885331, 0 },
		{ 0, 1, 0 },
		{ 785005331, 0, 0 },                  /* no whole: 0 */
		{ 0, 0, 0 },
		{ INT64_MAX, INT64_MAX, 1000000 },    /* no overflow on the way */
		{ INT64_MAX / 2, INT64_MAX, 500000 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		CHECK_INT(i, team_rate_ppm(rows[i].part, rows[i].whole), rows[i].want);
}

/*
 * The worked example of docs/rules.md, "Team figures", from the members up:
 * each member at its own type's rate with rules_compute(), summed with
 * team_add(), the effective rates with team_rate_ppm(), and its eligibility.
 */
static void
test_worked(void **state)
{
	static const struct {
		struct team_member m;
		int64_t gov, private_share, cash_min;
	} rows[] = {
		{ LEAD(SME, DOM, 200), 13596000000, 715578948, 71557895 },
		{ PART(MID, DOM, 16), 1087680000, 69426383, 9025430 },
		{ PART(UNIVERSITY, DOM, 24), 1631520000, 0, 0 },
		{ PART(NONPROFIT, DOM, 16), 1087680000, 0, 0 },
		{ DEM(LARGE, DOM, 0), 0, 0, 0 },
	};
	enum { N = sizeof rows / sizeof rows[0] };
	struct team_member m[N];
	struct rules_result sum = { 0 };
	(void)state;
	for (size_t i = 0; i < N; i++) {
		struct rules_scenario sc = {
			.type = rows[i].m.type, .license = RULES_COMMERCIAL, .basis = RULES_BASIS_TOTAL,
			.gpus = rows[i].m.gpus, .months = 103000, .months_den = 10000,
			.unit_price = PROGRAMME_UNIT_PRICE,
		};
		struct rules_result res;
		CHECK_INT(i, rules_compute(&programme_rates, &sc, &res), RULES_OK);
		CHECK_INT(i, res.gov, rows[i].gov);
		CHECK_INT(i, res.private_share, rows[i].private_share);
		CHECK_INT(i, res.cash_min, rows[i].cash_min);
		CHECK_INT(i, res.in_kind_max, rows[i].private_share - rows[i].cash_min);
		CHECK_INT(i, res.total, rows[i].gov + rows[i].private_share);
		assert_true(team_add(&sum, &res));
		m[i] = rows[i].m;
	}
	assert_int_equal(sum.gov, 17402880000);
	assert_int_equal(sum.private_share, 785005331);
	assert_int_equal(sum.cash_min, 80583325);
	assert_int_equal(sum.in_kind_max, 704422006);
	assert_int_equal(sum.total, 18187885331);
	assert_int_equal(team_rate_ppm(sum.private_share, sum.total), 43161);
	assert_int_equal(team_rate_ppm(sum.cash_min, sum.private_share), 102653);

	size_t k;
	struct team_problem *got = check(m, N, 256, false, &k);
	assert_int_equal(k, 0);
	free(got);
	m[0].type = RULES_LARGE;
	got = check(m, N, 256, false, &k);
	assert_int_equal(k, 1);
	assert_int_equal(got[0].rule, TEAM_LEAD_NOT_LARGE);
	assert_int_equal(got[0].member, 0);
	free(got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_check_every_team),
		cmocka_unit_test(test_bound),
		cmocka_unit_test(test_rule_names),
		cmocka_unit_test(test_parse_role),
		cmocka_unit_test(test_parse_foreign),
		cmocka_unit_test(test_parse_type),
		cmocka_unit_test(test_add),
		cmocka_unit_test(test_rate),
		cmocka_unit_test(test_worked),
	};
	return cmocka_run_group_tests_name("team", tests, NULL, NULL);
}
