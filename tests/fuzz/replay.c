/*
 * replay.c - runs the fuzz harness once on each file named on the command
 * line, so that inputs which once crashed stay tested under the sanitizers
 * without libFuzzer.  Prints "N passed, 0 failed"; a crash fails loudly.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
main(int argc, char **argv)
{
	int n = 0;
	for (int i = 1; i < argc; i++) {
		FILE *fp = fopen(argv[i], "rb");
		if (fp == NULL) {
			perror(argv[i]);
			return 1;
		}
		static uint8_t buf[1 << 20];
		size_t len = fread(buf, 1, sizeof buf, fp);
		fclose(fp);
		LLVMFuzzerTestOneInput(buf, len);
		n++;
	}
	printf("replay: %d passed, 0 failed\n", n);
	return 0;
}
