/*
 * md.h - a run's records as a GitHub-flavoured Markdown table: one row per
 * record, numbers right-aligned with thousands separators.
 */
#ifndef KAI_MD_H
#define KAI_MD_H

#include <stddef.h>
#include <stdio.h>

#include "sheet.h"

/* Writes the table of S to FP; a write error is the caller's to find (ferror). */
enum sheet_status md_write(const struct sheet *s, FILE *fp, char *msg, size_t n);

#endif
