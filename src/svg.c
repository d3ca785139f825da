/*
 * svg.c - a run's records as one self-contained SVG chart.  See svg.h.
 *
 * Horizontal stacked bars, one a row: the bar's name at the left, then
 * government support, cash minimum and in-kind maximum, then the total in
 * 억/만원.  Every segment's <title> gives its exact won.  Nothing outside the
 * file is referred to: no scripts, styles, images, links or web fonts, only
 * presentation attributes and a font list that finds a Hangul font on
 * Windows, macOS and Linux.
 *
 * Geometry is whole pixels from integer arithmetic: a bar ends at
 * end * PLOT_W / AXIS_MAX, in 128 bits so that no amount can overflow, and
 * each segment is the difference of two such ends, so that the three always
 * fill the bar exactly.  Text widths are estimates (a Hangul syllable one em,
 * anything else 0.6 em): they size the label column and the space kept for
 * the totals, and cut a name too long for its column with "…".
 */
#include "svg.h"

#include <stdint.h>
#include <string.h>

#include "field.h"
#include "i18n.h"
#include "num.h"

__extension__ typedef unsigned __int128 u128;

/* The chart's frame, in pixels: ~960 wide reads at 100% in a browser window. */
enum {
	WIDTH = 960, PAD = 16,
	TITLE_PX = 18, TEXT_PX = 13, LABEL_PX = 14, TICK_PX = 12,
	LABEL_MIN = 80, LABEL_MAX = 300,  /* the label column */
	RESERVE_MAX = 300,                /* the totals' column at the right */
	GAP = 10,                         /* between a label, its bar and its total */
	PLOT_TOP = 100,                   /* below the title, command line and legend */
	PITCH = 30, BAR_H = 20,           /* a bar's slot and the bar in it */
	TICKS_MAX = 8,                    /* the scale's intervals, at most */
};

/* The fonts of every text: Windows, macOS, Linux (Noto CJK, Nanum), then any. */
#define FONT "font-family=\"'Malgun Gothic','Apple SD Gothic Neo','Noto Sans CJK KR'," \
             "'Noto Sans KR','NanumGothic',sans-serif\""
#define INK "#222222"
#define GREY "#555555"
#define ELLIPSIS "\xE2\x80\xA6"
#define REPLACEMENT "\xEF\xBF\xBD"

/* The three parts of a bar, left to right: Okabe-Ito colours, told apart with any colour vision. */
enum { GOV, CASH, IN_KIND, PARTS };
static const struct part {
	const char *cls, *korean, *english, *fill;
} parts[PARTS] = {
	[GOV]     = { "gov",    "정부지원금", "government support", "#0072B2" },
	[CASH]    = { "cash",   "현금 최소",  "cash minimum",       "#E69F00" },
	[IN_KIND] = { "inkind", "현물 최대",  "in-kind maximum",    "#009E73" },
};

/* The chart's heading by what the run was. */
static const char *const headings[] = {
	[SHEET_ONE]     = "총 사업비 구성 (total cost by part)",
	[SHEET_COMPARE] = "규모·공개방식별 총 사업비 (--compare: total cost by size and license)",
	[SHEET_STAGES]  = "단계별 총 사업비 (--stages: total cost by stage)",
	[SHEET_BATCH]   = "레코드별 총 사업비 (total cost by record)",
	[SHEET_MEMBERS] = "참여기관별 총 사업비 (total cost by member institution)",
};

#define FOOTNOTE "총 사업비 = 정부지원금 + 현금 최소 + 현물 최대 · 막대에 포인터를 올리면 원 단위 금액 " \
                 "(hover for exact won)"

/* A bar's name: sheet_label()'s, room for any name a reader keeps whole in a chart. */
#define LABEL_BUF 1024

/*
 * The code point of the well-formed UTF-8 sequence at *P (before END), and
 * *P moved past it; or U+FFFD and *P moved one byte on when there is none
 * (a stray or cut byte, an overlong form, a surrogate).
 */
static uint32_t
next_cp(const unsigned char **p, const unsigned char *end)
{
	const char *s = (const char *)*p;
	size_t n = field_utf8_length(s, (size_t)(end - *p));
	*p += n > 0 ? n : 1;
	return n > 0 ? field_utf8_code(s, n) : 0xFFFD;
}

/* Whether XML 1.0 allows CP in a document: not the C0 controls but tab, LF, CR; not U+FFFE, U+FFFF. */
static bool
xml_char(uint32_t cp)
{
	return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
	       (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

/* The estimated pixels of CP at PX: a wide character one em, any other 0.6, in tenths. */
static unsigned
tenths(uint32_t cp, unsigned px)
{
	return (field_wide(cp) ? 10 : 6) * px;
}

/* The estimated width in pixels of the LEN bytes at S in text of PX pixels. */
static unsigned
text_width(const char *s, size_t len, unsigned px)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	size_t w = 0;
	while (p < end)
		w += tenths(next_cp(&p, end), px);
	w = (w + 9) / 10;
	return w > 100000 ? 100000 : (unsigned)w;   /* a name longer than any screen: its size no longer matters */
}

/*
 * How many of the LEN bytes at S fit in MAX pixels at PX, keeping room for
 * "…" when not all of them do; LEN when all do.  Cut only between characters.
 */
static size_t
fit(const char *s, size_t len, unsigned max, unsigned px)
{
	if (text_width(s, len, px) <= max)
		return len;
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	size_t w = tenths(0x2026, px), keep = 0;
	while (p < end) {
		w += tenths(next_cp(&p, end), px);
		if (w > (size_t)max * 10)
			break;
		keep = (size_t)(p - (const unsigned char *)s);
	}
	return keep;
}

/*
 * Writes the LEN bytes at S as XML character data, fit for an element or a
 * quoted attribute: & < > " ' as entities; tab, LF and CR as character
 * references, so that a reader gets them back exactly; any character XML
 * 1.0 forbids (other C0 controls, U+FFFE, U+FFFF) and any byte that is not
 * well-formed UTF-8 as U+FFFD, visibly.
 */
static void
put_text(FILE *fp, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	while (p < end) {
		const unsigned char *at = p;
		uint32_t cp = next_cp(&p, end);
		switch (cp) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&apos;", fp); break;
		case '\t': case '\n': case '\r': fprintf(fp, "&#%u;", (unsigned)cp); break;
		default:
			if (xml_char(cp) && cp != 0xFFFD)
				fwrite(at, 1, (size_t)(p - at), fp);
			else
				fputs(REPLACEMENT, fp);
		}
	}
}

/* Writes S as XML character data, cut with "…" to MAX pixels at PX. */
static void
put_fitted(FILE *fp, const char *s, unsigned max, unsigned px)
{
	size_t len = strlen(s), keep = fit(s, len, max, px);
	put_text(fp, s, keep);
	if (keep < len)
		fputs(ELLIPSIS, fp);
}

/* Opens a <text> element at X, Y of PX pixels with the font list, and ATTRS (may be ""). */
static void
text_open(FILE *fp, unsigned x, unsigned y, unsigned px, const char *attrs)
{
	fprintf(fp, "<text x=\"%u\" y=\"%u\" font-size=\"%u\" %s fill=\"" INK "\"%s%s>",
	        x, y, px, FONT, *attrs ? " " : "", attrs);
}

/* Writes a whole <text> of S (cut to MAX pixels) at X, Y. */
static void
put_line(FILE *fp, unsigned x, unsigned y, unsigned px, const char *attrs, const char *s, unsigned max)
{
	text_open(fp, x, y, px, attrs);
	put_fitted(fp, s, max, px);
	fputs("</text>\n", fp);
}

/* An amount as a figure at zero or above: the rules never give less, a chart draws no less. */
static uint64_t
won(int64_t v)
{
	return v > 0 ? (uint64_t)v : 0;
}

/* A total for people, in 억/만원: "193억 3,653만 3,334원". */
static void
korean_won(char *buf, uint64_t v)
{
	size_t len = num_fmt_korean(buf, v);
	memcpy(buf + len, "원", sizeof "원");
}

/*
 * The scale's units, largest first: a scale is marked in the largest unit
 * it reaches, so that the marks of a usual run (tens to hundreds of 억) are
 * "50", "100", and those of a small one are not "0.00001".
 */
static const struct unit {
	unsigned places;      /* the unit is 10^PLACES won */
	const char *word;
} units[] = {
	{ 16, "경원" }, { 12, "조원" }, { 8, "억원" }, { 4, "만원" }, { 0, "원" },
};
#define UNIT_EOK (&units[2])

/* The unit of a scale up to MAX won; 억원 for a scale of nothing. */
static const struct unit *
unit_of(u128 max)
{
	if (max == 0)
		return UNIT_EOK;
	for (size_t i = 0;; i++) {
		u128 size = 1;
		for (unsigned k = 0; k < units[i].places; k++)
			size *= 10;
		if (max >= size || units[i].places == 0)
			return &units[i];
	}
}

/* Amount V in UNIT, exact: 35000000000 in 억 -> "350", 5000000 -> "0.05". */
static void
in_unit(char *buf, u128 v, const struct unit *unit)
{
	char frac[NUM_BUF];
	uint64_t size = 1;
	for (unsigned k = 0; k < unit->places; k++)
		size *= 10;
	u128 whole = v / size;
	size_t len = num_fmt_grouped(buf, whole <= UINT64_MAX ? (uint64_t)whole : UINT64_MAX);
	if (v % size != 0) {
		num_fmt_fixed(frac, (uint64_t)(v % size), unit->places);
		strcpy(buf + len, strchr(frac, '.'));
	}
}

/* Bar ROW's name, into BUF (LABEL_BUF bytes): one cut by the buffer ends at a whole character with "…". */
static const char *
label(const struct sheet *s, size_t row, char *buf)
{
	sheet_label(s, row, buf, LABEL_BUF);
	size_t len = strlen(buf);
	if (len + 1 < LABEL_BUF)
		return buf;
	len = LABEL_BUF - sizeof ELLIPSIS;
	while (len > 0 && ((unsigned char)buf[len] & 0xC0) == 0x80)
		len--;          /* back to the first byte of the character cut, which goes too */
	memcpy(buf + len, ELLIPSIS, sizeof ELLIPSIS);
	return buf;
}

/* The chart's dimensions, from its bars. */
struct layout {
	size_t nbars;
	unsigned label_w;          /* the label column, right-aligned to its edge */
	unsigned plot_x, plot_w;   /* where an amount of 0 is, and AXIS_MAX's length */
	u128 step;                 /* the scale: INTERVALS steps of STEP won */
	unsigned intervals;
	u128 axis_max;             /* STEP * INTERVALS: the full plot width; 0 when every bar is 0 */
	const struct unit *unit;   /* the scale's marks are in this */
	unsigned height;
};

/* The three parts of bar ROW. */
static void
amounts(const struct sheet *s, size_t row, uint64_t v[PARTS])
{
	const struct rules_result *r = &s->rows[row].res;
	v[GOV] = won(r->gov);
	v[CASH] = won(r->cash_min);
	v[IN_KIND] = won(r->in_kind_max);
}

/* The pixels from the plot's left edge to amount V. */
static unsigned
scale(const struct layout *l, u128 v)
{
	if (l->axis_max == 0)
		return 0;            /* every bar is 0 (no GPUs): all of them have no length */
	if (v > l->axis_max)
		v = l->axis_max;
	return (unsigned)(v * l->plot_w / l->axis_max);
}

/*
 * Picks the scale for bars up to MAX won: the smallest step of 1, 2 or 5
 * times a power of ten that needs at most TICKS_MAX intervals and leaves
 * room between the marks for their words.
 */
static void
pick_scale(struct layout *l, u128 max)
{
	static const unsigned mult[] = { 1, 2, 5 };
	char buf[NUM_BUF];
	for (u128 power = 1;; power *= 10) {
		for (size_t i = 0; i < sizeof mult / sizeof mult[0]; i++) {
			u128 step = power * mult[i];
			u128 n = (max + step - 1) / step;
			if (n > TICKS_MAX)
				continue;
			in_unit(buf, step * n, unit_of(step * n));
			if (n > 1 && (text_width(buf, strlen(buf), TICK_PX) + GAP) * n > l->plot_w)
				continue;
			l->step = step;
			l->intervals = (unsigned)n;
			l->axis_max = step * n;
			l->unit = unit_of(l->axis_max);
			return;
		}
	}
}

/* Lays out the chart of S's bars, the NBARS rows listed in BAR. */
static void
lay_out(const struct sheet *s, const size_t *bar, size_t nbars, struct layout *l)
{
	char buf[LABEL_BUF], total[NUM_BUF + 8];
	unsigned label_w = LABEL_MIN, reserve = 0;
	u128 max = 0;

	for (size_t i = 0; i < nbars; i++) {
		const char *name = label(s, bar[i], buf);
		unsigned w = text_width(name, strlen(name), LABEL_PX);
		label_w = w > label_w ? w : label_w;
		korean_won(total, won(s->rows[bar[i]].res.total));
		w = text_width(total, strlen(total), TEXT_PX);
		reserve = w > reserve ? w : reserve;
		uint64_t v[PARTS];
		amounts(s, bar[i], v);
		u128 end = (u128)v[GOV] + v[CASH] + v[IN_KIND];
		max = end > max ? end : max;
	}
	reserve = (reserve > RESERVE_MAX ? RESERVE_MAX : reserve) + GAP + PAD;
	l->nbars = nbars;
	l->label_w = label_w > LABEL_MAX ? LABEL_MAX : label_w;
	l->plot_x = PAD + l->label_w + GAP;
	l->plot_w = WIDTH - reserve - l->plot_x;   /* at least 960 - 326 - 326 */
	pick_scale(l, max);
	l->height = PLOT_TOP + (unsigned)nbars * PITCH + (nbars ? 56 : 40);
}

/* The root element, the document's <title> (heading and command line) and the visible heading. */
static void
put_head(FILE *fp, const struct sheet *s, const struct layout *l)
{
	const char *heading = (unsigned)s->kind < sizeof headings / sizeof headings[0] &&
	                      headings[s->kind] != NULL ? headings[s->kind] : headings[SHEET_ONE];
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", fp);
	fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" xml:lang=\"ko\" "
	        "width=\"%u\" height=\"%u\" viewBox=\"0 0 %u %u\" role=\"img\">\n",
	        WIDTH, l->height, WIDTH, l->height);
	fputs("<title>", fp);
	put_text(fp, heading, strlen(heading));
	if (s->title != NULL) {
		fputs(": ", fp);
		put_text(fp, s->title, strlen(s->title));
	}
	fputs("</title>\n", fp);
	fprintf(fp, "<rect class=\"background\" x=\"0\" y=\"0\" width=\"%u\" height=\"%u\" fill=\"#ffffff\"/>\n",
	        WIDTH, l->height);
	put_line(fp, PAD, 30, TITLE_PX, "class=\"heading\" font-weight=\"bold\"", heading, WIDTH - 2 * PAD);
	if (s->title != NULL)
		put_line(fp, PAD, 54, TEXT_PX, "class=\"command\" fill-opacity=\"0.8\"", s->title, WIDTH - 2 * PAD);
}

/* The legend: a swatch and the Korean and English names of each part. */
static void
put_legend(FILE *fp)
{
	unsigned x = PAD;
	fputs("<g class=\"legend\">\n", fp);
	for (int i = 0; i < PARTS; i++) {
		char words[128];
		snprintf(words, sizeof words, "%s (%s)", parts[i].korean, parts[i].english);
		fprintf(fp, "<rect x=\"%u\" y=\"67\" width=\"14\" height=\"14\" fill=\"%s\"/>\n", x, parts[i].fill);
		put_line(fp, x + 20, 79, TEXT_PX, "", words, WIDTH);
		x += 20 + text_width(words, strlen(words), TEXT_PX) + 24;
	}
	fputs("</g>\n", fp);
}

/* The scale: a line at each step from top to bottom of the plot, its amount below, the unit at the left. */
static void
put_axis(FILE *fp, const struct layout *l)
{
	unsigned bottom = PLOT_TOP + (unsigned)l->nbars * PITCH;
	char buf[NUM_BUF];
	fputs("<g class=\"axis\">\n", fp);
	for (unsigned i = 0; i <= l->intervals; i++) {
		u128 v = l->step * i;
		unsigned x = l->plot_x + scale(l, v);
		fprintf(fp, "<line x1=\"%u\" y1=\"%u\" x2=\"%u\" y2=\"%u\" stroke=\"%s\" stroke-width=\"1\"/>\n",
		        x, PLOT_TOP, x, bottom + 4, i == 0 ? "#888888" : "#dddddd");
		in_unit(buf, v, l->unit);
		put_line(fp, x, bottom + 18, TICK_PX, "text-anchor=\"middle\"", buf, WIDTH);
	}
	char unit[32];
	snprintf(unit, sizeof unit, "단위: %s", l->unit->word);
	put_line(fp, PAD + l->label_w, bottom + 18, TICK_PX, "class=\"unit\" text-anchor=\"end\"", unit, l->label_w);
	fputs("</g>\n", fp);
}

/* Bar number I of the chart, record ROW: its name, three parts and total. */
static void
put_bar(FILE *fp, const struct sheet *s, const struct layout *l, size_t i, size_t row)
{
	char name[LABEL_BUF], total[NUM_BUF + 8], exact[NUM_BUF];
	unsigned slot = PLOT_TOP + (unsigned)i * PITCH;
	uint64_t v[PARTS], total_won = won(s->rows[row].res.total);
	u128 at = 0;

	label(s, row, name);
	amounts(s, row, v);
	korean_won(total, total_won);
	num_fmt_grouped(exact, total_won);

	fputs("<g class=\"bar\">\n<title>", fp);
	put_text(fp, name, strlen(name));
	fprintf(fp, ": 총 사업비 (total) %s원 (%s)</title>\n", exact, total);
	text_open(fp, PAD + l->label_w, slot + 20, LABEL_PX, "class=\"label\" text-anchor=\"end\"");
	put_fitted(fp, name, l->label_w, LABEL_PX);
	fputs("</text>\n", fp);
	for (int k = 0; k < PARTS; k++) {
		unsigned x0 = scale(l, at);
		at += v[k];
		unsigned x1 = scale(l, at);
		num_fmt_grouped(exact, v[k]);
		fprintf(fp, "<rect class=\"%s\" x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" fill=\"%s\">"
		        "<title>", parts[k].cls, l->plot_x + x0, slot + (PITCH - BAR_H) / 2, x1 - x0, BAR_H,
		        parts[k].fill);
		put_text(fp, name, strlen(name));
		fprintf(fp, " · %s (%s): %s원</title></rect>\n", parts[k].korean, parts[k].english, exact);
	}
	text_open(fp, l->plot_x + scale(l, at) + GAP, slot + 20, TEXT_PX, "class=\"total\"");
	fprintf(fp, "%s</text>\n</g>\n", total);
}

enum sheet_status
svg_write(const struct sheet *s, FILE *fp, char *msg, size_t n)
{
	size_t bar[SVG_BARS_MAX], nbars = 0, count = 0;
	if (s->names == NULL)       /* no header: the input was refused, nothing to draw or replace -o with */
		return SHEET_OK;
	for (size_t i = 0; i < s->nrows; i++) {
		if (!sheet_bar(s, i))
			continue;
		if (count < SVG_BARS_MAX)
			bar[nbars++] = i;
		count++;
	}
	if (count > SVG_BARS_MAX) {
		snprintf(msg, n, _("--format svg draws at most %u bars; this run has %zu; expected fewer "
		         "records, or --format xlsx, md or csv"), SVG_BARS_MAX, count);
		return SHEET_TOO_MANY;
	}

	struct layout l;
	lay_out(s, bar, nbars, &l);
	put_head(fp, s, &l);
	if (nbars == 0) {
		put_line(fp, PAD, PLOT_TOP, LABEL_PX, "class=\"empty\"",
		         "그릴 막대가 없습니다: 금액이 있는 레코드가 없습니다 (nothing to draw: no records with figures)",
		         WIDTH - 2 * PAD);
		fputs("</svg>\n", fp);
		return SHEET_OK;
	}
	put_legend(fp);
	put_axis(fp, &l);
	for (size_t i = 0; i < nbars; i++)
		put_bar(fp, s, &l, i, bar[i]);
	put_line(fp, PAD, l.height - 14, TICK_PX, "class=\"note\" fill-opacity=\"0.8\"", FOOTNOTE, WIDTH - 2 * PAD);
	fputs("</svg>\n", fp);
	return SHEET_OK;
}
