/*
 * svg.h - a run's records as a chart in one self-contained SVG file:
 * stacked bars of government support, cash minimum and in-kind maximum,
 * one bar per option, stage, member or batch record (sheet_bar()).
 */
#ifndef KAI_SVG_H
#define KAI_SVG_H

#include <stddef.h>
#include <stdio.h>

#include "sheet.h"

/* The most bars a chart draws; a run with more is refused. */
#define SVG_BARS_MAX 60u

/*
 * Writes the chart of S to FP.  SHEET_TOO_MANY, with the reason in MSG (N
 * bytes), when S has more than SVG_BARS_MAX bars.
 */
enum sheet_status svg_write(const struct sheet *s, FILE *fp, char *msg, size_t n);

#endif
