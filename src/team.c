/*
 * team.c - the consortium rules.  See team.h; docs/rules.md gives each
 * eligibility rule's source.
 */
#include "team.h"

#include "field.h"

__extension__ typedef unsigned __int128 u128;

static const struct {
	const char *code, *words;
} rules[TEAM_RULE_COUNT] = {
	[TEAM_ONE_LEAD]       = { "one-lead", N_("a consortium has exactly one lead (주관기관)") },
	[TEAM_LEAD_NOT_LARGE] = { "lead-not-large",
	                          N_("a large company may take part only as a participant, not as the lead") },
	[TEAM_LEAD_TYPE]      = { "lead-type",
	                          N_("the lead is a company, a university or a research institute") },
	[TEAM_LEAD_DOMESTIC]  = { "lead-domestic", N_("the lead is a domestic institution") },
	[TEAM_UNIVERSITY]     = { "university",
	                          N_("the team needs a university as the lead or a participant") },
	[TEAM_FOREIGN_GLOBAL] = { "foreign-global-only",
	                          N_("a foreign institution takes part only for global service development") },
	[TEAM_GPU_CAP]        = { "gpu-cap", N_("the team uses at most the GPUs each selected team receives") },
	[TEAM_METHOD]         = { "method", N_("fine-tuning an existing model is not eligible; the programme "
	                          "funds training from scratch or continued large-scale pre-training") },
};

const char *
team_rule_code(enum team_rule rule)
{
	return (unsigned)rule < TEAM_RULE_COUNT ? rules[rule].code : "?";
}

const char *
team_rule_words(enum team_rule rule)
{
	return (unsigned)rule < TEAM_RULE_COUNT ? rules[rule].words : "?";
}

static const struct field_alias role_aliases[] = {
	FIELD_ALIAS("lead", TEAM_LEAD), FIELD_ALIAS("주관", TEAM_LEAD), FIELD_ALIAS("주관기관", TEAM_LEAD),
	FIELD_ALIAS("participant", TEAM_PARTICIPANT), FIELD_ALIAS("참여", TEAM_PARTICIPANT),
	FIELD_ALIAS("참여기관", TEAM_PARTICIPANT),
	FIELD_ALIAS("demand", TEAM_DEMAND), FIELD_ALIAS("수요", TEAM_DEMAND), FIELD_ALIAS("수요기관", TEAM_DEMAND),
	FIELD_ALIAS_END,
};

static const struct field_alias foreign_aliases[] = {
	FIELD_ALIAS("", TEAM_DOMESTIC), FIELD_ALIAS("no", TEAM_DOMESTIC), FIELD_ALIAS("아니오", TEAM_DOMESTIC),
	FIELD_ALIAS("global-service", TEAM_GLOBAL_SERVICE), FIELD_ALIAS("글로벌서비스", TEAM_GLOBAL_SERVICE),
	FIELD_ALIAS("yes", TEAM_FOREIGN_OTHER), FIELD_ALIAS("예", TEAM_FOREIGN_OTHER),
	FIELD_ALIAS_END,
};

static const char *const role_names[TEAM_ROLE_COUNT] = { "lead", "participant", "demand" };
static const char *const role_korean[TEAM_ROLE_COUNT] = { "주관", "참여", "수요" };
static const char *const foreign_names[TEAM_FOREIGN_COUNT] = { "no", "global-service", "yes" };

bool
team_parse_role(const char *s, size_t len, enum team_role *role)
{
	int v;
	if (!field_lookup(role_aliases, s, len, &v))
		return false;
	*role = (enum team_role)v;
	return true;
}

bool
team_parse_foreign(const char *s, size_t len, enum team_foreign *foreign)
{
	int v;
	if (!field_lookup(foreign_aliases, s, len, &v))
		return false;
	*foreign = (enum team_foreign)v;
	return true;
}

const char *
team_parse_type(const char *s, size_t len, enum rules_type *type)
{
	struct rules_scenario sc = { .type = *type };
	const char *reason = field_parse(FIELD_TYPE, s, len, &sc);
	*type = sc.type;
	return reason;
}

const char *team_role_name(enum team_role r) { return (unsigned)r < TEAM_ROLE_COUNT ? role_names[r] : "?"; }
const char *team_role_korean(enum team_role r) { return (unsigned)r < TEAM_ROLE_COUNT ? role_korean[r] : "?"; }
const char *team_foreign_name(enum team_foreign f) { return (unsigned)f < TEAM_FOREIGN_COUNT ? foreign_names[f] : "?"; }

/* The rules each lead keeps, in rule order. */
static const enum team_rule lead_rules[] = { TEAM_LEAD_NOT_LARGE, TEAM_LEAD_TYPE, TEAM_LEAD_DOMESTIC };

/* Whether member M, a lead, breaks lead rule RULE. */
static inline bool
lead_breaks(enum team_rule rule, const struct team_member *m)
{
	return rule == TEAM_LEAD_NOT_LARGE ? m->type == RULES_LARGE
	     : rule == TEAM_LEAD_TYPE ? m->type == RULES_NONPROFIT
	     : m->foreign != TEAM_DOMESTIC;
}

size_t
team_check(const struct team_member *m, size_t n, uint64_t gpus_cap, bool fine_tuning,
           struct team_problem *out)
{
	size_t k = 0, leads = 0;
	bool university = false, lead_broken = false, foreign = false;
	uint64_t gpus = 0;

	/*
	 * One pass finds what the rules need, and whether any lead or foreign
	 * member breaks one: most teams break none, and the passes that list
	 * each breach in rule order are then not made.
	 */
	for (size_t i = 0; i < n; i++) {
		bool lead = m[i].role == TEAM_LEAD;
		leads += lead;
		university |= m[i].type == RULES_UNIVERSITY && m[i].role != TEAM_DEMAND;
		for (size_t r = 0; lead && r < sizeof lead_rules / sizeof lead_rules[0]; r++)
			lead_broken |= lead_breaks(lead_rules[r], &m[i]);
		foreign |= m[i].foreign == TEAM_FOREIGN_OTHER;
		gpus += m[i].gpus;      /* at most RULES_GPUS_MAX each: no overflow for any real team */
	}
	if (leads != 1)
		out[k++] = (struct team_problem){ TEAM_ONE_LEAD, -1 };
	/* Each lead's own rules, in rule order. */
	for (size_t r = 0; lead_broken && r < sizeof lead_rules / sizeof lead_rules[0]; r++) {
		for (size_t i = 0; i < n; i++) {
			if (m[i].role == TEAM_LEAD && lead_breaks(lead_rules[r], &m[i]))
				out[k++] = (struct team_problem){ lead_rules[r], (long)i };
		}
	}
	if (!university)
		out[k++] = (struct team_problem){ TEAM_UNIVERSITY, -1 };
	for (size_t i = 0; foreign && i < n; i++)
		if (m[i].foreign == TEAM_FOREIGN_OTHER)
			out[k++] = (struct team_problem){ TEAM_FOREIGN_GLOBAL, (long)i };
	if (gpus > gpus_cap)
		out[k++] = (struct team_problem){ TEAM_GPU_CAP, -1 };
	if (fine_tuning)
		out[k++] = (struct team_problem){ TEAM_METHOD, -1 };
	return k;
}

uint32_t
team_rate_ppm(int64_t part, int64_t whole)
{
	if (whole <= 0 || part <= 0)
		return 0;
	/* Half up: (2 * part * 10^6 + whole) / (2 * whole), in 128 bits. */
	u128 num = (u128)part * 2 * 1000000u + (u128)whole;
	return (uint32_t)(num / ((u128)whole * 2));
}
