/*
 * outfile.c - the -o file through a temporary and rename(2).  See outfile.h.
 */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The temporary a signal handler removes; NULL when there is none. */
static char *volatile pending;

static const int cleanup_signals[] = { SIGINT, SIGTERM, SIGHUP };
#define NSIGNALS (sizeof cleanup_signals / sizeof cleanup_signals[0])

/* Removes the temporary, then dies of SIG as if it had not been caught. */
static void
on_signal(int sig)
{
	char *p = pending;
	if (p != NULL)
		unlink(p);
	signal(sig, SIG_DFL);
	raise(sig);             /* blocked while the handler runs: delivered on return */
}

/* Catches the cleanup signals the process does not ignore (once). */
static void
catch_signals(void)
{
	static bool caught;
	if (caught)
		return;
	caught = true;
	for (size_t i = 0; i < NSIGNALS; i++) {
		struct sigaction old, sa = { .sa_handler = on_signal };
		sigemptyset(&sa.sa_mask);
		if (sigaction(cleanup_signals[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			sigaction(cleanup_signals[i], &sa, NULL);
	}
}

/* Blocks (BLOCK) or restores the cleanup signals, so that PENDING and the file agree. */
static void
hold_signals(bool block, sigset_t *saved)
{
	if (block) {
		sigset_t set;
		sigemptyset(&set);
		for (size_t i = 0; i < NSIGNALS; i++)
			sigaddset(&set, cleanup_signals[i]);
		sigprocmask(SIG_BLOCK, &set, saved);
	} else {
		sigprocmask(SIG_SETMASK, saved, NULL);
	}
}

/* A + B + C in new memory, or NULL. */
static char *
concat(const char *a, const char *b, const char *c)
{
	size_t na = strlen(a), nb = strlen(b), nc = strlen(c);
	char *s = malloc(na + nb + nc + 1);
	if (s != NULL) {
		memcpy(s, a, na);
		memcpy(s + na, b, nb);
		memcpy(s + na + nb, c, nc + 1);
	}
	return s;
}

/* DIR/BASE, without doubling the slash of "/". */
static char *
join(const char *dir, const char *base)
{
	return concat(dir, strcmp(dir, "/") == 0 ? "" : "/", base);
}

/* The contents of the symbolic link PATH in new memory, or NULL with errno. */
static char *
read_link(const char *path)
{
	for (size_t size = 256; size <= 65536; size *= 2) {
		char *buf = malloc(size);
		if (buf == NULL)
			return NULL;
		ssize_t n = readlink(path, buf, size);
		if (n < 0) {
			free(buf);
			return NULL;
		}
		if ((size_t)n < size) {
			buf[n] = '\0';
			return buf;
		}
		free(buf);
	}
	errno = ENAMETOOLONG;
	return NULL;
}

/* How PATH is to be written, found by resolve(). */
enum resolved { R_FAILED, R_NOMEM, R_DIRECT, R_NEW, R_EXISTS };

/*
 * Follows the symbolic links of PATH's last component to the file to
 * replace: *DIR its directory (canonical) and *TARGET its path, both in new
 * memory.  R_DIRECT when the way leads through /proc (/dev/stdout), whose
 * links are not paths to replace.
 */
static enum resolved
resolve(const char *path, char **dir, char **target)
{
	char *cur = strdup(path);
	*dir = *target = NULL;
	for (int hops = 0; cur != NULL; hops++) {
		char *slash = strrchr(cur, '/');
		const char *base = slash == NULL ? cur : slash + 1;
		if (*base == '\0') {            /* "name/": fopen says the same */
			free(cur);
			errno = EISDIR;
			return R_FAILED;
		}
		char *parent = slash == NULL ? strdup(".") : slash == cur ? strdup("/") : strndup(cur, (size_t)(slash - cur));
		if (parent == NULL) {
			free(cur);
			break;
		}
		*dir = realpath(parent, NULL);
		int saved = errno;
		free(parent);
		if (*dir == NULL) {
			free(cur);
			errno = saved;
			return saved == ENOMEM ? R_NOMEM : R_FAILED;
		}
		if (strncmp(*dir, "/proc/", 6) == 0 || strcmp(*dir, "/proc") == 0) {
			free(cur);
			free(*dir);
			*dir = NULL;
			return R_DIRECT;
		}
		*target = join(*dir, base);
		free(cur);
		cur = NULL;
		if (*target == NULL)
			break;

		struct stat st;
		if (lstat(*target, &st) != 0)
			return errno == ENOENT ? R_NEW : R_FAILED;
		if (!S_ISLNK(st.st_mode))
			return R_EXISTS;
		if (hops == 40) {
			errno = ELOOP;
			return R_FAILED;
		}
		char *link = read_link(*target);
		if (link == NULL)
			return errno == ENOMEM ? R_NOMEM : R_FAILED;
		cur = link[0] == '/' ? strdup(link) : join(*dir, link);
		free(link);
		free(*dir);
		free(*target);
		*dir = *target = NULL;
	}
	errno = ENOMEM;
	return R_NOMEM;
}

static void
forget(struct outfile *o)
{
	free(o->temp);
	free(o->target);
	o->temp = o->target = NULL;
}

/* Fails *O with STATUS and the current errno, freeing what it holds. */
static enum outfile_status
fail(struct outfile *o, enum outfile_status status)
{
	o->err = errno;
	forget(o);
	return status;
}

/* The permission bits a new file gets: 0666 less the umask. */
static mode_t
new_file_mode(void)
{
	mode_t mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

enum outfile_status
outfile_open(struct outfile *o, const char *path)
{
	*o = (struct outfile){ 0 };
	struct stat st;
	char *dir = NULL;
	bool direct = stat(path, &st) == 0 && !S_ISREG(st.st_mode);
	if (!direct) {
		enum resolved r = resolve(path, &dir, &o->target);
		if (r == R_EXISTS || r == R_NEW) {    /* the temporary goes beside the target */
			const char *base = strrchr(o->target, '/') + 1;
			char *name = concat(".", base, ".XXXXXX");
			o->temp = name != NULL ? join(dir, name) : NULL;
			free(name);
			if (o->temp == NULL)
				r = R_NOMEM;
		}
		int saved = errno;
		free(dir);
		errno = saved;
		switch (r) {
		case R_FAILED:
			return fail(o, OUTFILE_OPEN);
		case R_NOMEM:
			return fail(o, OUTFILE_NOMEM);
		case R_DIRECT:
			direct = true;
			break;
		case R_NEW:
			st.st_mode = new_file_mode();
			st.st_uid = (uid_t)-1;
			st.st_gid = (gid_t)-1;
			break;
		case R_EXISTS: {
			/* What fopen(..., "w") would refuse (a read-only file) is refused here too. */
			int fd = open(o->target, O_WRONLY | O_NOCTTY | O_CLOEXEC);
			if (fd < 0)
				return fail(o, OUTFILE_OPEN);
			int ok = fstat(fd, &st);
			close(fd);
			if (ok != 0)
				return fail(o, OUTFILE_OPEN);
			direct = !S_ISREG(st.st_mode);
			break;
		}
		}
	}
	if (direct) {
		forget(o);
		o->fp = fopen(path, "w");
		return o->fp != NULL ? OUTFILE_OK : fail(o, errno == ENOMEM ? OUTFILE_NOMEM : OUTFILE_OPEN);
	}

	sigset_t saved;
	catch_signals();
	hold_signals(true, &saved);
	int fd = mkstemp(o->temp);
	if (fd >= 0)
		pending = o->temp;
	hold_signals(false, &saved);
	if (fd < 0)
		return fail(o, OUTFILE_TEMP);

	/* The old file's owner and group where allowed; if not, the new file is ours. */
	if (st.st_uid != (uid_t)-1 && fchown(fd, st.st_uid, st.st_gid) != 0 &&
	    fchown(fd, (uid_t)-1, st.st_gid) != 0) {
		/* neither: like any new file we create */
	}
	if (fchmod(fd, st.st_mode & 0777) != 0 || (o->fp = fdopen(fd, "w")) == NULL) {
		int err = errno;
		close(fd);
		hold_signals(true, &saved);
		unlink(o->temp);
		pending = NULL;
		hold_signals(false, &saved);
		errno = err;
		return fail(o, err == ENOMEM ? OUTFILE_NOMEM : OUTFILE_TEMP);
	}
	return OUTFILE_OK;
}

enum outfile_status
outfile_close(struct outfile *o, bool replace)
{
	enum outfile_status status = OUTFILE_OK;
	o->err = 0;
	if (o->temp == NULL) {
		bool failed = ferror(o->fp) != 0;
		errno = 0;
		if (fclose(o->fp) != 0 || failed) {
			o->err = errno;
			status = OUTFILE_WRITE;
		}
		o->fp = NULL;
		return status;
	}

	sigset_t saved;
	hold_signals(true, &saved);
	errno = 0;
	off_t size = 0;
	if (fflush(o->fp) != 0 || ferror(o->fp)) {
		o->err = errno;
		status = OUTFILE_WRITE;
	} else {
		/* The temporary's own size: writers write blocks to its descriptor too (out_write_block()). */
		struct stat st;
		size = fstat(fileno(o->fp), &st) == 0 ? st.st_size : -1;
		if (replace && size > 0 && fsync(fileno(o->fp)) != 0 && errno != EINVAL) {
			o->err = errno;
			status = OUTFILE_WRITE;
		}
	}
	if (fclose(o->fp) != 0 && status == OUTFILE_OK) {
		o->err = errno;
		status = OUTFILE_WRITE;
	}
	o->fp = NULL;
	if (status == OUTFILE_OK && !replace)
		status = OUTFILE_KEPT;
	else if (status == OUTFILE_OK && size <= 0)
		status = OUTFILE_EMPTY;
	else if (status == OUTFILE_OK && rename(o->temp, o->target) != 0) {
		o->err = errno;
		status = OUTFILE_RENAME;
	}
	if (status != OUTFILE_OK)
		unlink(o->temp);
	pending = NULL;
	hold_signals(false, &saved);
	int err = o->err;
	forget(o);
	o->err = err;
	return status;
}
