/*
 * i18n.h - messages, tables and --help for people in the user's language,
 * through GNU gettext (text domain "kai-cost", catalogues in po/).
 *
 * _("text") translates now; N_("text") only marks a string of a static
 * table for xgettext, to be translated with _() where it is printed.  The
 * msgid is the English text kai-cost has always printed, so without a
 * catalogue (LANG=C, en_US, ...) the output is exactly that.
 *
 * Never pass machine output through _(): csv/tsv/json column names and
 * values, JSON keys, rule codes such as lead-not-large, the words users
 * type (sme, commercial) and exit statuses are the same in every locale.
 * Numbers are formatted by num.c, never by the locale (main() keeps
 * LC_NUMERIC at "C").
 */
#ifndef KAI_I18N_H
#define KAI_I18N_H

#include <libintl.h>

#define I18N_DOMAIN "kai-cost"

/* The environment variable naming the catalogue directory, before LOCALEDIR. */
#define I18N_LOCALEDIR_ENV "KAI_COST_LOCALEDIR"

#define _(s) gettext(s)
#define N_(s) (s)

/*
 * C_("context", "text"): _() for a short word that needs different
 * translations in different places (pgettext, as GNU gettext.h has it):
 * C_("explain step", "total") is 총사업비, a stage column's "total" 합계.
 */
#define C_(ctx, s) i18n_pgettext(ctx "\004" s, s)

static inline const char *
i18n_pgettext(const char *ctx_s, const char *s)
{
	const char *t = gettext(ctx_s);
	return t == ctx_s ? s : t;
}

#endif
