/*
 * sheet.c - a run's records kept whole for the report formats.  See sheet.h.
 */
#include "sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Cell text lives in blocks that never move, so that a cell's pointer stays good. */
struct sheet_text {
	struct sheet_text *next;
	size_t used, cap;
	char data[];
};

#define TEXT_BLOCK ((size_t)1 << 16)

struct sheet *
sheet_new(enum sheet_kind kind, const struct rs_pick *pick, const char *title)
{
	struct sheet *s = calloc(1, sizeof *s);
	if (s != NULL)
		*s = (struct sheet){ .kind = kind, .pick = pick, .title = title };
	return s;
}

void
sheet_free(struct sheet *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; s->names != NULL && i < s->ncols; i++)
		free(s->names[i]);
	free(s->names);
	free(s->col);
	free(s->rows);
	free(s->cellv);
	for (struct sheet_text *t = s->text, *next; t != NULL; t = next) {
		next = t->next;
		free(t);
	}
	free(s);
}

/* A copy of the LEN bytes at P, NUL-terminated, in the sheet's text blocks; NULL without memory. */
static char *
keep(struct sheet *s, const char *p, size_t len)
{
	struct sheet_text *t = s->text;
	if (t == NULL || t->cap - t->used < len + 1) {
		size_t cap = len + 1 > TEXT_BLOCK ? len + 1 : TEXT_BLOCK;
		t = malloc(sizeof *t + cap);
		if (t == NULL) {
			s->nomem = true;
			return NULL;
		}
		*t = (struct sheet_text){ .next = s->text, .cap = cap };
		s->text = t;
	}
	char *d = t->data + t->used;
	memcpy(d, p, len);
	d[len] = '\0';
	t->used += len + 1;
	return d;
}

/* Room for one more of the N items of SIZE bytes at *ARRAY (capacity *CAP); false without memory. */
static bool
grow(void **array, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return true;
	size_t more = *cap ? *cap * 2 : 64;
	void *p = realloc(*array, more * size);
	if (p == NULL)
		return false;
	*array = p;
	*cap = more;
	return true;
}

void
sheet_header(struct sheet *s, const char *const *names, const int *ids, size_t ncols)
{
	if (s->names != NULL || s->nomem)
		return;
	s->names = calloc(ncols ? ncols : 1, sizeof *s->names);
	s->col = malloc((ncols ? ncols : 1) * sizeof *s->col);
	if (s->names == NULL || s->col == NULL) {
		s->nomem = true;
		return;
	}
	s->ncols = ncols;
	for (size_t i = 0; i < ncols; i++) {
		s->col[i] = ids != NULL ? ids[i] : -1;
		if ((s->names[i] = strdup(names[i])) == NULL)
			s->nomem = true;
	}
}

void
sheet_row_begin(struct sheet *s)
{
	s->cell = 0;
	if (s->nomem || s->full)
		return;
	if (s->nrows == SHEET_ROWS_MAX) {
		s->full = true;
		return;
	}
	if (!grow((void **)&s->rows, &s->rows_cap, s->nrows, sizeof *s->rows)) {
		s->nomem = true;
		return;
	}
	struct sheet_row *r = &s->rows[s->nrows];
	*r = (struct sheet_row){ .first = s->ncells };
	for (size_t i = 0; i < s->ncols; i++) {
		if (!grow((void **)&s->cellv, &s->cells_cap, s->ncells, sizeof *s->cellv)) {
			s->nomem = true;
			return;
		}
		s->cellv[s->ncells++] = OUT_TEXT("", 0);
	}
	s->nrows++;
}

/* The next cell of the record being written, or NULL when there is none to fill. */
static struct out_cell *
next(struct sheet *s)
{
	size_t i = s->cell++;
	if (s->nomem || s->full || s->nrows == 0 || i >= s->ncols)
		return NULL;
	return &s->cellv[s->rows[s->nrows - 1].first + i];
}

void
sheet_text(struct sheet *s, const char *text, size_t len)
{
	size_t i = s->cell;
	struct out_cell *c = next(s);
	const char *p;
	if (c != NULL && (p = keep(s, text, len)) != NULL) {
		*c = OUT_TEXT(p, len);
		s->col[i] = -1;         /* passed through, whatever its name */
	}
}

void
sheet_number(struct sheet *s, uint64_t value, unsigned places)
{
	size_t i = s->cell;
	struct out_cell *c = next(s);
	if (c != NULL) {
		*c = OUT_NUMBER(value, places);
		s->col[i] = -1;
	}
}

void
sheet_col(struct sheet *s, enum out_col col, const struct out_record *rec)
{
	size_t i = s->cell;
	struct out_cell *c = next(s);
	if (c == NULL)
		return;
	struct out_cell v = out_value(col, rec);
	if (!v.number && (v.text = keep(s, v.text, v.len)) == NULL)
		return;
	*c = v;
	s->col[i] = (int)col;
	if (col == OUT_TEAM) {          /* told once here, not by each label over every record */
		if (s->first_team == NULL)
			s->first_team = v.text;
		else if (strcmp(s->first_team, v.text) != 0)
			s->teams = true;
	}
	struct sheet_row *r = &s->rows[s->nrows - 1];
	if (!r->figures) {
		r->figures = true;
		r->sc = *rec->sc;
		r->res = *rec->res;
		r->derive = rec->derive;
		if (rec->plan != NULL) {
			r->planned = true;
			r->plan = *rec->plan;
		}
	}
}

void
sheet_row_end(struct sheet *s)
{
	s->cell = 0;
}

int
sheet_find(const struct sheet *s, enum out_col col)
{
	for (size_t i = 0; i < s->ncols; i++)
		if (s->col[i] == (int)col)
			return (int)i;
	return -1;
}

/* The text of column COL in record ROW, or "" when the sheet has no such column. */
static const char *
text_of(const struct sheet *s, size_t row, enum out_col col)
{
	int i = sheet_find(s, col);
	const struct out_cell *c = i >= 0 ? sheet_cell(s, row, (size_t)i) : NULL;
	return c != NULL && !c->number ? c->text : "";
}

bool
sheet_bar(const struct sheet *s, size_t row)
{
	const struct sheet_row *r = &s->rows[row];
	if (!r->figures || r->derive.kind == OUT_SUM)
		return false;
	if (sheet_find(s, OUT_STAGE) < 0)
		return true;
	bool whole = strcmp(text_of(s, row, OUT_STAGE), "total") == 0;
	return s->kind == SHEET_MEMBERS ? whole : !whole;
}

/* The first word of S: "상업용" of "상업용 오픈소스". */
static int
first_word(const char *s)
{
	const char *space = strchr(s, ' ');
	return space != NULL ? (int)(space - s) : (int)strlen(s);
}

/* BUF cut at the end of its last whole UTF-8 character, when snprintf cut one in two. */
static char *
whole_characters(char *buf)
{
	size_t len = strlen(buf), start = len;
	while (start > 0 && ((unsigned char)buf[start - 1] & 0xC0) == 0x80)
		start--;                        /* back over continuation bytes to the lead */
	if (start > 0 && (unsigned char)buf[start - 1] >= 0xC0) {
		unsigned char lead = (unsigned char)buf[start - 1];
		size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
		if (len - (start - 1) < need)
			buf[start - 1] = '\0';
	}
	return buf;
}

char *
sheet_label(const struct sheet *s, size_t row, char *buf, size_t n)
{
	const struct sheet_row *r = &s->rows[row];
	const char *name = text_of(s, row, OUT_NAME);
	const char *lic = rules_license_korean(r->sc.license);

	if (s->kind == SHEET_STAGES) {
		const char *stage = text_of(s, row, OUT_STAGE);
		snprintf(buf, n, "%s%s", strcmp(stage, "total") == 0 ? "합계" : stage,
		         strcmp(stage, "total") == 0 ? "" : "단계");
	} else if (s->kind == SHEET_MEMBERS && *name != '\0') {
		const char *team = text_of(s, row, OUT_TEAM);
		snprintf(buf, n, "%s%s%s", s->teams ? team : "", s->teams ? " · " : "", name);
	} else if (s->kind == SHEET_BATCH) {
		size_t i = 0;
		while (i < s->ncols && s->col[i] >= 0)
			i++;
		const struct out_cell *c = i < s->ncols ? sheet_cell(s, row, i) : NULL;
		if (c != NULL && !c->number && c->len > 0)
			snprintf(buf, n, "%s", c->text);
		else
			snprintf(buf, n, "#%zu", row + 1);
	} else {
		snprintf(buf, n, "%s %.*s", rules_type_korean(r->sc.type), first_word(lic), lic);
	}
	return whole_characters(buf);
}
