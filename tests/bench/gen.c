/*
 * gen.c - writes N deterministic records as CSV to stdout; the same
 * arguments always give the same bytes.
 *
 *   gen N            candidate scenarios: name,size,license,gpus,months
 *                    (about 37 bytes a record; a quarter of the sizes are
 *                    Hangul, 중소기업, so a CP949 copy exercises decoding)
 *   gen --members N  a consortium members file of N rows in teams of 8 to 12
 *                    (10 on average): team,name,role,type,gpus, Hangul team
 *                    and institution names.  Every team meets every
 *                    eligibility rule (one domestic non-large lead, a
 *                    university participant, at most 256 GPUs), so a run
 *                    draws no warnings and the time goes on costing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t x = 2463534242u;

static uint32_t
next(void)
{
	x ^= x << 13, x ^= x >> 17, x ^= x << 5;
	return x;
}

static void
scenarios(unsigned long n)
{
	static const char *const sizes[] = { "large", "mid", "sme", "중소기업" };
	static const char *const licenses[] = { "commercial", "research", "closed" };
	static const char *const months[] = { "10", "10.3", "6", "9.8333", "12" };

	puts("name,size,license,gpus,months");
	for (unsigned long i = 0; i < n; i++) {
		uint32_t r = next();
		printf("team%07lu,%s,%s,%u,%s\n", i, sizes[r % 4], licenses[(r >> 4) % 3],
		       (r >> 8) % 513, months[(r >> 20) % 5]);
	}
}

static void
members(unsigned long n)
{
	static const char *const teams[] = { "한빛 의료", "누리 제조", "가람 법률", "미르 금융", "온새미 교육" };
	static const char *const orgs[] = { "한빛메디", "솔내 헬스케어", "바름정밀", "도담산업기술연구원",
	                                    "푸른숲병원", "마루전자", "별빛기계", "은하수데이터" };
	/* Participants after the lead and the university: no lead-only rule
	 * applies to them, and a large company may take part. */
	static const char *const types[] = { "sme", "mid", "institute", "nonprofit", "large", "sme" };
	unsigned long row = 0, team = 0;

	puts("team,name,role,type,gpus");
	while (row < n) {
		unsigned long size = 8 + next() % 5, left = n - row;
		const char *tname = teams[team % 5];

		if (left < size + 2)    /* the last team takes what is left */
			size = left;
		for (unsigned long m = 0; m < size; m++, row++) {
			uint32_t r = next();
			const char *role, *type;
			unsigned gpus;

			if (m == 0)
				role = "lead", type = r & 1 ? "sme" : "mid", gpus = 64 + r % 49;
			else if (m == 1)
				role = "participant", type = "university", gpus = r % 13;
			else if (m == size - 1 && size > 2)
				role = "demand", type = "large", gpus = 0;
			else
				role = "participant", type = types[(r >> 8) % 6], gpus = r % 13;
			printf("%s AI %05lu,%s %lu-%lu,%s,%s,%u\n", tname, team, orgs[(r >> 12) % 8],
			       team, m, role, type, gpus);
		}
		team++;
	}
}

int
main(int argc, char **argv)
{
	int m = argc > 1 && strcmp(argv[1], "--members") == 0;
	const char *count = argc > 1 + m ? argv[1 + m] : "1000";
	unsigned long n = strtoul(count, NULL, 10);

	if (m)
		members(n);
	else
		scenarios(n);
	return ferror(stdout) != 0;
}
