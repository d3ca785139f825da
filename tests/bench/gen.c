/*
 * gen.c - writes N deterministic candidate scenarios as CSV to stdout:
 * name,size,license,gpus,months (about 37 bytes a record).  The same N
 * always gives the same bytes.  Usage: gen N
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int
main(int argc, char **argv)
{
	static const char *const sizes[] = { "large", "mid", "sme", "중소기업" };
	static const char *const licenses[] = { "commercial", "research", "closed" };
	static const char *const months[] = { "10", "10.3", "6", "9.8333", "12" };
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000;
	uint32_t x = 2463534242u;

	puts("name,size,license,gpus,months");
	for (unsigned long i = 0; i < n; i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		printf("team%07lu,%s,%s,%u,%s\n", i, sizes[x % 4], licenses[(x >> 4) % 3],
		       (x >> 8) % 513, months[(x >> 20) % 5]);
	}
	return ferror(stdout) != 0;
}
