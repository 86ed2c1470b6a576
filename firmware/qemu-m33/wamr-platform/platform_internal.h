/*
 * WAMR's platform types for a bare-metal core with newlib: one thread, no MMU, no files.
 * Mutexes are no-ops (nothing preempts WAMR: interrupts never call into it).
 */
#ifndef _PLATFORM_INTERNAL_H
#define _PLATFORM_INTERNAL_H

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef BH_PLATFORM_NRFW_BAREMETAL
#define BH_PLATFORM_NRFW_BAREMETAL
#endif

#define BH_APPLET_PRESERVED_STACK_SIZE (2 * BH_KB)
#define BH_THREAD_DEFAULT_PRIORITY 0

typedef int korp_tid;
typedef int korp_mutex;
typedef int korp_sem;
typedef int korp_thread;
typedef struct {
	int dummy;
} korp_rwlock;
typedef struct {
	int dummy;
} korp_cond;

typedef int os_file_handle;
typedef void *os_dir_stream;
typedef int os_raw_file_handle;

static inline os_file_handle os_get_invalid_handle(void)
{
	return -1;
}

/* No MMU: WAMR uses this only to round sizes. */
static inline int os_getpagesize(void)
{
	return 1024;
}

#endif /* _PLATFORM_INTERNAL_H */
