/*
 * team.h - the consortium rules: member roles and foreign participation,
 * team totals summed from the members' own rounded figures, the effective
 * rates, and the programme's eligibility rules (docs/rules.md,
 * "Eligibility").  Pure: nothing here prints, exits, allocates or writes a
 * global.
 */
#ifndef KAI_TEAM_H
#define KAI_TEAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "i18n.h"
#include "rules.h"

/* A member's role in its consortium. */
enum team_role { TEAM_LEAD, TEAM_PARTICIPANT, TEAM_DEMAND, TEAM_ROLE_COUNT };

/* Foreign participation: none, for global service development, or other. */
enum team_foreign { TEAM_DOMESTIC, TEAM_GLOBAL_SERVICE, TEAM_FOREIGN_OTHER, TEAM_FOREIGN_COUNT };

/* What the eligibility rules look at, per member. */
struct team_member {
	enum team_role role;
	enum rules_type type;
	enum team_foreign foreign;
	uint64_t gpus;
};

/* The eligibility rules, in the order they are checked and listed. */
enum team_rule {
	TEAM_ONE_LEAD,          /* exactly one lead */
	TEAM_LEAD_NOT_LARGE,    /* a large company may not lead */
	TEAM_LEAD_TYPE,         /* the lead is a company, university or research institute */
	TEAM_LEAD_DOMESTIC,     /* the lead is not foreign */
	TEAM_UNIVERSITY,        /* a university takes part as lead or participant */
	TEAM_FOREIGN_GLOBAL,    /* a foreign member only for global service development */
	TEAM_GPU_CAP,           /* the team's GPUs at most the rules table's GPUs per team */
	TEAM_METHOD,            /* fine-tuning is not eligible */
	TEAM_RULE_COUNT
};

/* One broken rule; MEMBER is the index of the member it concerns, or -1. */
struct team_problem {
	enum team_rule rule;
	long member;
};

/* The most problems team_check() reports: a member breaks at most three rules. */
#define TEAM_PROBLEMS_MAX(n) (3 * (n) + TEAM_RULE_COUNT)

/*
 * Checks the N MEMBERS of a team against every rule, with GPUS_CAP GPUs per
 * team and FINE_TUNING when the run's method is fine-tuning.  Writes the
 * problems, in rule order, into OUT (room for TEAM_PROBLEMS_MAX(N)) and
 * returns how many; 0 means eligible.
 */
size_t team_check(const struct team_member *members, size_t n, uint64_t gpus_cap,
                  bool fine_tuning, struct team_problem *out);

/* The rule's short code ("one-lead") and what it requires, in words. */
const char *team_rule_code(enum team_rule rule);
/* The rule in words for people, in English: translate with _() where it is printed. */
const char *team_rule_words(enum team_rule rule);

/*
 * Parses the LEN bytes at S (trimmed, ASCII case-insensitive) as a role:
 * lead, participant, demand, or 주관(기관), 참여(기관), 수요(기관).
 */
bool team_parse_role(const char *s, size_t len, enum team_role *role);
/* A foreign value: blank or no, global-service (글로벌서비스), yes. */
bool team_parse_foreign(const char *s, size_t len, enum team_foreign *foreign);
/*
 * A member's institution type, as field_parse(FIELD_TYPE) reads it
 * (field.h): NULL with the type in *TYPE, or the reason it is refused with
 * *TYPE unchanged.
 */
const char *team_parse_type(const char *s, size_t len, enum rules_type *type);

const char *team_role_name(enum team_role role);       /* "lead" */
const char *team_role_korean(enum team_role role);     /* "주관" (주관기관) */
const char *team_foreign_name(enum team_foreign foreign); /* "no", "global-service", "yes" */

/* What a role or foreign value may be, for messages: marked, translate with _(). */
#define TEAM_ROLE_EXPECTED N_("lead, participant or demand (주관기관, 참여기관, 수요기관)")
#define TEAM_FOREIGN_EXPECTED N_("no (or blank), global-service or yes (글로벌서비스, 예)")

/*
 * Adds the amounts of MEMBER into *TOTAL (gov, private share, cash minimum,
 * in-kind maximum, total).  False, leaving *TOTAL partly summed, when a sum
 * would not fit in 64 bits.
 */
static inline bool
team_add(struct rules_result *total, const struct rules_result *member)
{
	/* Inline: a members run adds every member, and the call cost more than the sums. */
	return !__builtin_add_overflow(total->gov, member->gov, &total->gov) &&
	       !__builtin_add_overflow(total->private_share, member->private_share, &total->private_share) &&
	       !__builtin_add_overflow(total->cash_min, member->cash_min, &total->cash_min) &&
	       !__builtin_add_overflow(total->in_kind_max, member->in_kind_max, &total->in_kind_max) &&
	       !__builtin_add_overflow(total->total, member->total, &total->total);
}

/*
 * PART / WHOLE as parts per million, rounded half up: a percentage with 4
 * decimal places.  0 when WHOLE is 0.  Used for the team's effective rates:
 * private ÷ total and cash minimum ÷ private.
 */
uint32_t team_rate_ppm(int64_t part, int64_t whole);

#endif
