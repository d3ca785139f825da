/*
 * xlsx.c - see xlsx.h.
 */
#include "xlsx.h"

enum sheet_status
xlsx_write(const struct sheet *s, FILE *fp, char *msg, size_t n)
{
	(void)s;
	(void)fp;
	snprintf(msg, n, "not written yet");
	return SHEET_FAILED;
}
