/*
 * floor.c - the least work a plain csv batch can be: a reference for
 * `make bench`, not a tool.  It reads gen's scenarios (name,size,license,
 * gpus,months) and writes the same bytes as `kai-cost -f csv --no-header`
 * with the built-in rules (the rates of tests/programme.h, which
 * test_ruleset checks against them), with kai-cost's own number printer
 * (num.c), and nothing else: no UTF-8 or quote handling, no header mapping, no
 * aliases but gen's four spellings, no range, overflow or error checks,
 * no warnings.  The bench checks that its output is kai-cost's, so that
 * the time it takes is a floor for the same computation: what kai-cost
 * spends above it is the price of reading any file safely.
 *
 * Usage: floor FILE
 */
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "num.h"
#include "../programme.h"       /* the built-in rates, as the tests know them */

static char in[1 << 16];
static char out[1 << 16];
static size_t used;
static char price[NUM_BUF];     /* the unit price's text, made once: every record has it */
static size_t price_len;

static void
flush(void)
{
	for (size_t done = 0; done < used;) {
		ssize_t n = write(STDOUT_FILENO, out + done, used - done);
		if (n <= 0)
			_exit(1);
		done += (size_t)n;
	}
	used = 0;
}

/* A rate in ppm as kai-cost writes a percentage: 12.5, 10. */
static char *
pct(char *d, uint64_t ppm)
{
	return d + num_fmt_fixed(d, ppm, 4);
}

static char *
whole(char *d, uint64_t v)
{
	return d + num_fmt_uint(d, v);
}

/* One record, the LEN bytes at P without its newline. */
static void
record(const char *p, size_t len)
{
	const char *e = p + len, *f[5];
	f[0] = p;
	for (int i = 1; i < 5; i++)
		f[i] = (const char *)memchr(f[i - 1], ',', (size_t)(e - f[i - 1])) + 1;
	/* large, mid, sme, 중소기업; commercial, research, closed */
	enum rules_type size = f[1][0] == 'l' ? RULES_LARGE : f[1][0] == 'm' ? RULES_MID : RULES_SME;
	enum rules_license license = f[2][0] == 'r' ? RULES_RESEARCH : f[2][1] == 'o' ? RULES_COMMERCIAL
	                           : RULES_CLOSED;
	uint64_t gpus = 0, months = 0;
	for (const char *q = f[3]; *q != ','; q++)
		gpus = gpus * 10 + (uint64_t)(*q - '0');
	int places = -1;
	for (const char *q = f[4]; q < e; q++) {
		if (*q == '.') {
			places = 0;
			continue;
		}
		months = months * 10 + (uint64_t)(*q - '0');
		places += places >= 0;
	}
	for (places = places < 0 ? 0 : places; places < 4; places++)
		months *= 10;

	/* SPEC §3, as rules.c computes it, without its checks. */
	uint64_t self = programme_rates.self_ppm[license][size], cash = programme_rates.cash_ppm[size];
	uint64_t gov = gpus * PROGRAMME_UNIT_PRICE * months / 10000;
	uint64_t a = gov * self, den = 1000000 - self;
	uint64_t priv = a / den + (a % den != 0);
	uint64_t b = priv * cash;
	uint64_t cash_min = b / 1000000 + (b % 1000000 != 0);

	if (sizeof out - used < len + 256)
		flush();
	char *d = out + used;
	memcpy(d, p, len);
	d += len;
	*d++ = ',';
	memcpy(d, price, price_len);
	d += price_len;
	*d++ = ',';
	d = whole(d, gov);
	*d++ = ',';
	d = pct(d, self);
	*d++ = ',';
	d = whole(d, priv);
	*d++ = ',';
	d = pct(d, cash);
	*d++ = ',';
	d = whole(d, cash_min);
	*d++ = ',';
	d = whole(d, priv - cash_min);
	*d++ = ',';
	d = whole(d, gov + priv);
	*d++ = '\n';
	used = (size_t)(d - out);
}

int
main(int argc, char **argv)
{
	int fd = argc > 1 ? open(argv[1], O_RDONLY) : -1;
	size_t have = 0;
	ssize_t n;
	int header = 1;

	if (fd < 0)
		return 2;
	price_len = num_fmt_uint(price, PROGRAMME_UNIT_PRICE);
	while ((n = read(fd, in + have, sizeof in - have)) > 0) {
		char *p = in, *end = in + have + n, *nl;
		while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
			if (!header)
				record(p, (size_t)(nl - p));
			header = 0;
			p = nl + 1;
		}
		have = (size_t)(end - p);
		memmove(in, p, have);
	}
	flush();
	return n < 0 || have > 0;
}
