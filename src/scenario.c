/*
 * scenario.c - one scenario, --compare and --stages.  See scenario.h.
 */
#include "scenario.h"

#include <string.h>

#include "table.h"

/* The one machine writer of a run: 64 KB, so not on the stack. */
static struct out_writer writer;

/* Writes one scenario and its result as a record, with STAGE first if not NULL. */
static void
write_record(struct out_writer *w, const struct scenario_options *opt, const char *stage,
             const struct rules_scenario *sc, const struct rules_result *res)
{
	struct out_record rec = { .sc = sc, .res = res };
	out_row_begin(w);
	if (stage != NULL) {
		rec.text[OUT_STAGE] = stage;
		out_col(w, OUT_STAGE, &rec);
	}
	out_cols(w, opt->cols, opt->ncols, &rec);
	out_row_end(w);
}

static bool
compute(const struct rs_pick *pick, const struct rules_scenario *sc, struct rules_result *res,
        char *msg, size_t n)
{
	enum rules_status st = rules_compute(&pick->rates, sc, res);
	if (st == RULES_OK)
		return true;
	snprintf(msg, n, "internal error: %s", rules_strerror(st));
	return false;
}

void
scenario_set_period(struct rules_scenario *sc, struct cal_date from, struct cal_date to)
{
	struct cal_months m = { 0, 1 };
	if (cal_serial(to) >= cal_serial(from))
		cal_months(from, to, &m);
	sc->months = m.num;
	sc->months_den = m.den;
}

void
scenario_stages(const struct rs_pick *pick, struct cal_date from, struct cal_date to,
                struct rules_scenario *first, struct rules_scenario *second,
                struct cal_date *end1, struct cal_date *start2)
{
	struct cal_date s2 = pick->stage2_start, s1_end = s2;

	/* The day before stage 2: step back from the 1st or within the month. */
	if (--s1_end.day == 0) {
		if (--s1_end.month == 0)
			s1_end.month = 12, s1_end.year--;
		s1_end.day = cal_days_in_month(s1_end.year, s1_end.month);
	}
	*end1 = cal_serial(to) < cal_serial(s1_end) ? to : s1_end;
	*start2 = cal_serial(from) > cal_serial(s2) ? from : s2;
	scenario_set_period(first, from, *end1);
	scenario_set_period(second, *start2, to);
}

/*
 * --stages: stage 1 computed on its own, stage 2 the total less stage 1, so
 * that the two always add up to the whole period's figures.
 */
static bool
run_stages(const struct scenario_options *opt, const struct rules_scenario *sc,
           const struct rules_result *total, FILE *out, char *msg, size_t n)
{
	struct rules_scenario part[3] = { *sc, *sc, *sc };
	struct rules_result res[3];
	struct cal_date end1, start2;
	char from[11], to[11], labels[2][64];

	scenario_stages(opt->pick, opt->from, opt->to, &part[0], &part[1], &end1, &start2);
	enum rules_status st = rules_split(&opt->pick->rates, sc, part[0].months, part[0].months_den,
	                                   total, &res[0], &res[1]);
	if (st != RULES_OK) {
		snprintf(msg, n, "internal error: %s", rules_strerror(st));
		return false;
	}
	res[2] = *total;
	if (part[0].months > 0)
		snprintf(labels[0], sizeof labels[0], "stage 1: %s to %s", cal_format(from, opt->from),
		         cal_format(to, end1));
	else
		snprintf(labels[0], sizeof labels[0], "stage 1: none");
	if (part[1].months > 0)
		snprintf(labels[1], sizeof labels[1], "stage 2: %s to %s", cal_format(from, start2),
		         cal_format(to, opt->to));
	else
		snprintf(labels[1], sizeof labels[1], "stage 2: none");
	if (opt->format == OUT_TABLE) {
		const char *const heads[3] = { labels[0], labels[1], "total" };
		table_stages(out, part, res, heads);
		return true;
	}
	static const char *const names[3] = { "1", "2", "total" };
	for (int k = 0; k < 3; k++)
		write_record(&writer, opt, names[k], &part[k], &res[k]);
	return true;
}

bool
scenario_run(const struct scenario_options *opt, const struct rules_scenario *sc,
             FILE *out, char *msg, size_t n)
{
	const char *names[OUT_COL_COUNT + 1];
	size_t k = 0;
	if (opt->stages)
		names[k++] = out_col_name(OUT_STAGE);   /* which part each record is */
	for (size_t i = 0; i < opt->ncols; i++)
		names[k++] = out_col_name(opt->cols[i]);
	writer = (struct out_writer){
		.fp = out, .format = opt->format, .names = names, .ncols = k,
		.no_header = opt->no_header, .excel = opt->excel,
	};

	if (!opt->compare) {
		struct rules_result res;
		if (!compute(opt->pick, sc, &res, msg, n))
			return false;
		bool ok = true;
		if (opt->stages) {
			ok = run_stages(opt, sc, &res, out, msg, n);
		} else if (opt->format == OUT_TABLE) {
			struct out_record rec = { .sc = sc, .res = &res };
			table_scenario(out, &rec, opt->cols, opt->ncols);
		} else {
			write_record(&writer, opt, NULL, sc, &res);
		}
		if (ok && opt->explain) {
			char period[32], from[11], to[11];
			snprintf(period, sizeof period, "%s to %s", cal_format(from, opt->from),
			         cal_format(to, opt->to));
			struct table_sources ex = {
				.pick = opt->pick, .rules_name = opt->rules_name,
				.price_given = opt->price_given, .period = opt->dates ? period : NULL,
			};
			table_explain(out, sc, &res, &ex);
		}
		out_flush(&writer);
		return ok;
	}

	struct rules_result res[RULES_LICENSE_COUNT][RULES_COMPANY_COUNT];
	struct rules_scenario each[RULES_LICENSE_COUNT][RULES_COMPANY_COUNT];
	for (int l = 0; l < RULES_LICENSE_COUNT; l++) {
		for (int s = 0; s < RULES_COMPANY_COUNT; s++) {
			each[l][s] = *sc;
			each[l][s].license = (enum rules_license)l;
			each[l][s].type = (enum rules_type)s;
			if (!compute(opt->pick, &each[l][s], &res[l][s], msg, n))
				return false;
		}
	}
	if (opt->format == OUT_TABLE) {
		table_compare(out, sc, res);
		return true;
	}
	for (int l = 0; l < RULES_LICENSE_COUNT; l++)
		for (int s = 0; s < RULES_COMPANY_COUNT; s++)
			write_record(&writer, opt, NULL, &each[l][s], &res[l][s]);
	out_flush(&writer);
	return true;
}
