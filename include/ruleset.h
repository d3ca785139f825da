/*
 * ruleset.h - the programme's figures as data: a rules table (data/rules.csv
 * and --rules files) parsed and checked, and the values in force on a date,
 * each with the line and source it came from.
 *
 * A rules table is CSV with the header
 *   parameter,size,license,value,effective_from,effective_to,source
 * and one record per value:
 *   self_rate_pct   size, license  percent, 0 to under 100, 4 decimals at most
 *   cash_rate_pct   size           percent, 0 to 100
 *   unit_price_krw                 won per GPU per month, 1 to 10,000,000,000
 *   gpus_per_team                  GPUs each selected team receives
 *   programme_start, stage2_start, programme_end   dates (YYYY-MM-DD)
 * effective_to is empty for "until further notice".  The binary's built-in
 * table is data/rules.csv, compiled in at build time (ruleset_builtin).
 *
 * Parsing and picking are pure: text in, values or a message out.
 */
#ifndef KAI_RULESET_H
#define KAI_RULESET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "calendar.h"
#include "rules.h"

enum rs_param {
	RS_SELF_RATE, RS_CASH_RATE, RS_UNIT_PRICE, RS_GPUS_PER_TEAM,
	RS_PROGRAMME_START, RS_STAGE2_START, RS_PROGRAMME_END, RS_PARAM_COUNT
};

/* One value of the table. */
struct rs_entry {
	enum rs_param param;
	int size, license;          /* -1 where the parameter has none */
	uint64_t value;             /* ppm, won or GPUs; for dates see date */
	struct cal_date date;       /* the value of a date parameter */
	struct cal_date from, to;   /* in force from .. to, both included */
	bool open;                  /* no end: TO is meaningless */
	char *source;
	unsigned long line;
};

struct ruleset {
	struct rs_entry *entries;
	size_t n;
};

/* Every value a computation needs: a self rate per type and mode, a cash rate per type, 5 others. */
#define RS_KEYS (RULES_LICENSE_COUNT * RULES_TYPE_COUNT + RULES_TYPE_COUNT + 5)

/* The values in force on one date. */
struct rs_pick {
	struct cal_date as_of;
	const struct rs_entry *entry[RS_KEYS];   /* where each value came from */
	struct rules_rates rates;
	uint64_t unit_price, gpus_per_team;
	struct cal_date programme_start, stage2_start, programme_end;
	struct cal_months programme_months;      /* programme_start .. programme_end */
};

/* data/rules.csv as it was when the binary was built. */
extern const char ruleset_builtin[];
extern const size_t ruleset_builtin_len;

/*
 * Parses the LEN bytes at TEXT into RS.  On failure returns false, leaves
 * RS empty, writes the reason into MSG (N bytes) and the line it concerns
 * into *LINE (0 when no one line is at fault).
 */
bool ruleset_parse(struct ruleset *rs, const char *text, size_t len,
                   char *msg, size_t n, unsigned long *line);

/* Frees what ruleset_parse() allocated; RS may then be parsed into again. */
void ruleset_free(struct ruleset *rs);

/*
 * Picks the values in force ON into *PICK.  False, with the reason in MSG,
 * when some value has no entry in force that day or the dates disagree.
 */
bool ruleset_pick(const struct ruleset *rs, struct cal_date on, struct rs_pick *pick,
                  char *msg, size_t n);

/* "self_rate_pct" ... "programme_end". */
const char *ruleset_param_name(enum rs_param param);

/* The entry of PICK for a parameter (SIZE and LICENSE where it has them). */
const struct rs_entry *ruleset_entry(const struct rs_pick *pick, enum rs_param param,
                                     int size, int license);

/*
 * What SC deserves a warning for against PICK, as RS_WARN_* bits: more GPUs
 * than each team receives; a period FROM .. TO outside the programme or,
 * without dates, more months than the programme has.  Cheap enough for
 * every batch record, and inline there.  Warnings change no figure and no
 * exit status.
 */
enum { RS_WARN_GPUS = 1, RS_WARN_PERIOD = 2 };
static inline unsigned
ruleset_check(const struct rs_pick *pick, const struct rules_scenario *sc,
              const struct cal_date *from, const struct cal_date *to)
{
	unsigned kinds = sc->gpus > pick->gpus_per_team ? RS_WARN_GPUS : 0;
	if (from != NULL && to != NULL) {
		if (cal_serial(*from) < cal_serial(pick->programme_start) ||
		    cal_serial(*to) > cal_serial(pick->programme_end))
			kinds |= RS_WARN_PERIOD;
	} else if (__extension__ (unsigned __int128)sc->months * pick->programme_months.den >
	           __extension__ (unsigned __int128)pick->programme_months.num * sc->months_den) {
		/* Only a length to go by: longer than the whole programme cannot fit in it. */
		kinds |= RS_WARN_PERIOD;
	}
	return kinds;
}

/* The words of warning KIND (one RS_WARN_* bit) for SC, into BUF (N bytes). */
#define RS_WARNING_MAX 256
void ruleset_warning(char *buf, size_t n, unsigned kind, const struct rs_pick *pick,
                     const struct rules_scenario *sc, const struct cal_date *from,
                     const struct cal_date *to);

#endif
