/*
 * test_outfile.c - the -o file: replaced only when the caller says so and
 * everything was written; otherwise untouched, and never a temporary left.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "outfile.h"

static char dir[64];

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/test_outfile.XXXXXX");
	return mkdtemp(dir) != NULL ? 0 : -1;
}

/* DIR/NAME in a static buffer (one at a time). */
static const char *
at(const char *name)
{
	static char path[2][128];
	static int k;
	k ^= 1;
	snprintf(path[k], sizeof path[k], "%s/%s", dir, name);
	return path[k];
}

static void
put(const char *name, const char *text)
{
	FILE *fp = fopen(at(name), "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

/* The contents of NAME (short files only), or "(none)". */
static const char *
get(const char *name)
{
	static char buf[256];
	FILE *fp = fopen(at(name), "r");
	if (fp == NULL)
		return "(none)";
	size_t n = fread(buf, 1, sizeof buf - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* How many entries of the directory start with '.', other than . and ..: temporaries. */
static int
hidden(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static mode_t
mode_of(const char *name)
{
	struct stat st;
	assert_int_equal(lstat(at(name), &st), 0);
	return st.st_mode;
}

static void
test_replace(void **state)
{
	struct outfile o;
	(void)state;
	put("a.csv", "old\n");
	assert_int_equal(chmod(at("a.csv"), 0640), 0);
	assert_int_equal(outfile_open(&o, at("a.csv")), OUTFILE_OK);
	fputs("new\n", o.fp);
	assert_string_equal(get("a.csv"), "old\n");     /* nothing is touched while writing */
	assert_int_equal(hidden(), 1);
	assert_int_equal(outfile_close(&o, true), OUTFILE_OK);
	assert_string_equal(get("a.csv"), "new\n");
	assert_int_equal(mode_of("a.csv") & 07777, 0640);
	assert_int_equal(hidden(), 0);
}

static void
test_keep(void **state)
{
	struct outfile o;
	(void)state;
	put("b.csv", "old\n");
	assert_int_equal(outfile_open(&o, at("b.csv")), OUTFILE_OK);
	fputs("half\n", o.fp);
	assert_int_equal(outfile_close(&o, false), OUTFILE_KEPT);
	assert_string_equal(get("b.csv"), "old\n");
	assert_int_equal(hidden(), 0);

	/* Nothing written: the old file stays even when the run succeeded. */
	assert_int_equal(outfile_open(&o, at("b.csv")), OUTFILE_OK);
	assert_int_equal(outfile_close(&o, true), OUTFILE_EMPTY);
	assert_string_equal(get("b.csv"), "old\n");
	assert_int_equal(hidden(), 0);
}

static void
test_new_file(void **state)
{
	struct outfile o;
	(void)state;
	mode_t mask = umask(027);
	assert_int_equal(outfile_open(&o, at("c.csv")), OUTFILE_OK);
	fputs("x\n", o.fp);
	assert_int_equal(outfile_close(&o, true), OUTFILE_OK);
	umask(mask);
	assert_string_equal(get("c.csv"), "x\n");
	assert_int_equal(mode_of("c.csv") & 07777, 0640);

	/* Not replaced: no file appears at all. */
	assert_int_equal(outfile_open(&o, at("d.csv")), OUTFILE_OK);
	fputs("x\n", o.fp);
	assert_int_equal(outfile_close(&o, false), OUTFILE_KEPT);
	assert_string_equal(get("d.csv"), "(none)");
	assert_int_equal(hidden(), 0);
}

static void
test_symlink(void **state)
{
	struct outfile o;
	(void)state;
	put("target.csv", "old\n");
	assert_int_equal(symlink("target.csv", at("link.csv")), 0);
	assert_int_equal(outfile_open(&o, at("link.csv")), OUTFILE_OK);
	fputs("new\n", o.fp);
	assert_int_equal(outfile_close(&o, true), OUTFILE_OK);
	assert_true(S_ISLNK(mode_of("link.csv")));
	assert_string_equal(get("target.csv"), "new\n");

	/* A link to a file that does not exist yet creates that file. */
	assert_int_equal(symlink("later.csv", at("dangling.csv")), 0);
	assert_int_equal(outfile_open(&o, at("dangling.csv")), OUTFILE_OK);
	fputs("made\n", o.fp);
	assert_int_equal(outfile_close(&o, true), OUTFILE_OK);
	assert_true(S_ISLNK(mode_of("dangling.csv")));
	assert_string_equal(get("later.csv"), "made\n");
	assert_int_equal(hidden(), 0);
}

static void
test_direct(void **state)
{
	struct outfile o;
	(void)state;
	assert_int_equal(outfile_open(&o, "/dev/null"), OUTFILE_OK);
	fputs("gone\n", o.fp);
	assert_int_equal(outfile_close(&o, false), OUTFILE_OK);

	assert_int_equal(outfile_open(&o, "/dev/full"), OUTFILE_OK);
	fputs("full\n", o.fp);
	assert_int_equal(outfile_close(&o, true), OUTFILE_WRITE);
	assert_int_equal(o.err, ENOSPC);
}

static void
test_cannot_open(void **state)
{
	struct outfile o;
	(void)state;
	assert_int_equal(outfile_open(&o, at("no/such/dir.csv")), OUTFILE_OPEN);
	assert_int_equal(o.err, ENOENT);
	assert_int_equal(outfile_open(&o, dir), OUTFILE_OPEN);       /* a directory */
	assert_int_equal(o.err, EISDIR);
	if (geteuid() != 0) {          /* root may write anything */
		put("ro.csv", "old\n");
		assert_int_equal(chmod(at("ro.csv"), 0444), 0);
		assert_int_equal(outfile_open(&o, at("ro.csv")), OUTFILE_OPEN);
		assert_int_equal(o.err, EACCES);
		assert_string_equal(get("ro.csv"), "old\n");
	}
	assert_int_equal(hidden(), 0);
}

/* A write that fails (the file size limit, SIGXFSZ ignored) leaves the old file. */
static void
test_write_error(void **state)
{
	struct outfile o;
	struct rlimit old, small = { 4096, 4096 };
	(void)state;
	put("e.csv", "old\n");
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	small.rlim_max = old.rlim_max;
	void (*xfsz)(int) = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(outfile_open(&o, at("e.csv")), OUTFILE_OK);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	for (int i = 0; i < 1000; i++)
		fputs("0123456789\n", o.fp);
	assert_int_equal(outfile_close(&o, true), OUTFILE_WRITE);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, xfsz);
	assert_int_equal(o.err, EFBIG);
	assert_string_equal(get("e.csv"), "old\n");
	assert_int_equal(hidden(), 0);
}

static int
teardown(void **state)
{
	char cmd[128];
	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replace),
		cmocka_unit_test(test_keep),
		cmocka_unit_test(test_new_file),
		cmocka_unit_test(test_symlink),
		cmocka_unit_test(test_direct),
		cmocka_unit_test(test_cannot_open),
		cmocka_unit_test(test_write_error),
	};
	return cmocka_run_group_tests_name("outfile", tests, setup, teardown);
}
