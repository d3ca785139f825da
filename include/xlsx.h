/*
 * xlsx.h - a run's records as an Excel workbook (libxlsxwriter): one sheet
 * of records whose figures are live formulas over the record's inputs and
 * a sheet of the rates in force, each with its exact result cached, and a
 * chart.  docs/decisions.md, "Reports", gives the formulas and why they are
 * exact.
 */
#ifndef KAI_XLSX_H
#define KAI_XLSX_H

#include <stddef.h>
#include <stdio.h>

#include "sheet.h"

/*
 * Writes the workbook of S to FP.  SHEET_FAILED, with the reason in MSG (N
 * bytes), when it could not be made; a write error on FP is the caller's
 * to find (ferror).  SHEET_OK with MSG not empty (the caller sets MSG[0]
 * to NUL) is a warning: text cells longer than an Excel cell holds were
 * cut, each with a note.
 */
enum sheet_status xlsx_write(const struct sheet *s, FILE *fp, char *msg, size_t n);

#endif
