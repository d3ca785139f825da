/*
 * svg.c - see svg.h.
 */
#include "svg.h"

enum sheet_status
svg_write(const struct sheet *s, FILE *fp, char *msg, size_t n)
{
	(void)s;
	(void)fp;
	snprintf(msg, n, "not written yet");
	return SHEET_FAILED;
}
