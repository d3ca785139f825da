/*
 * outfile.h - the file named by -o, written so that a run that fails never
 * leaves it truncated or half written.
 *
 * A regular file, or one that does not exist yet, is written through a
 * temporary file in the same directory, named ".NAME.XXXXXX".  Closing
 * renames the temporary over the file only when the caller says the run
 * may replace it, every write, the flush, fsync and the close succeeded,
 * and at least one byte was written; otherwise the temporary is removed
 * and the file is exactly as it was.  The new file gets the old one's
 * permission bits (and, where allowed, its owner and group), or 0666 less
 * the umask when there was none.  A symbolic link is followed: the file it
 * points to is replaced and the link stays a link.  A hard link is not
 * kept: the other names keep the old contents.
 *
 * Anything that is not a regular file (/dev/null, /dev/full, a FIFO, a
 * terminal) and any path that reaches a file through /proc (/dev/stdout,
 * /dev/fd/N, whatever they point to) is opened and written directly, as
 * fopen(PATH, "w") would: there is nothing to keep or replace.
 *
 * While a temporary exists, SIGINT, SIGTERM and SIGHUP (unless ignored)
 * remove it before the process dies of them.  SIGKILL or a crash leaves it
 * behind.
 *
 * Nothing here prints or exits: failures come back as a status, with the
 * errno in ERR.  One output file at a time.
 */
#ifndef KAI_OUTFILE_H
#define KAI_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

enum outfile_status {
	OUTFILE_OK,         /* opened; or closed and, through a temporary, replaced the file */
	OUTFILE_EMPTY,      /* closed: nothing was written, so the file is as it was */
	OUTFILE_KEPT,       /* closed without REPLACE: the temporary is removed, the file as it was */
	OUTFILE_OPEN,       /* the file could not be opened for writing or examined (ERR) */
	OUTFILE_TEMP,       /* no temporary could be created in the file's directory (ERR) */
	OUTFILE_WRITE,      /* a write, the flush, fsync or the close failed (ERR; 0 if unknown) */
	OUTFILE_RENAME,     /* the temporary could not replace the file (ERR) */
	OUTFILE_NOMEM,      /* memory ran out */
};

struct outfile {
	FILE *fp;           /* write the results here */
	int err;            /* the errno of the last failure */
	/* Private. */
	char *temp;         /* the temporary, or NULL when writing directly */
	char *target;       /* the file the temporary replaces, symbolic links followed */
};

/*
 * Opens PATH for writing into *O.  OUTFILE_OK with O->fp ready, or a
 * failure with O->err set and nothing created.
 */
enum outfile_status outfile_open(struct outfile *o, const char *path);

/*
 * Closes *O.  Through a temporary, it replaces the file only when REPLACE
 * and everything written reached it; in every other case the temporary is
 * removed.  Returns OUTFILE_OK, OUTFILE_EMPTY, OUTFILE_KEPT, OUTFILE_WRITE
 * or OUTFILE_RENAME (a write error is reported even when not REPLACE).
 */
enum outfile_status outfile_close(struct outfile *o, bool replace);

#endif
