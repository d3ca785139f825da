/*
 * md.c - see md.h.
 */
#include "md.h"

enum sheet_status
md_write(const struct sheet *s, FILE *fp, char *msg, size_t n)
{
	(void)s;
	(void)fp;
	snprintf(msg, n, "not written yet");
	return SHEET_FAILED;
}
