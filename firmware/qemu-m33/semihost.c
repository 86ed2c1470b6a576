/*
 * Semihosting calls: BKPT 0xAB with the operation in r0 and a parameter block in r1 (ARM's
 * "Semihosting for AArch32 and AArch64"; M-profile uses BKPT, not SVC).
 */
#include <string.h>

#include "semihost.h"

#define SYS_OPEN         0x01
#define SYS_CLOSE        0x02
#define SYS_WRITE0       0x04
#define SYS_WRITE        0x05
#define SYS_READ         0x06
#define SYS_SEEK         0x0a
#define SYS_FLEN         0x0c
#define SYS_GET_CMDLINE  0x15
#define SYS_EXIT         0x18
#define SYS_EXIT_EXTENDED 0x20
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

static int call(int op, void *arg)
{
	register int r0 __asm("r0") = op;
	register void *r1 __asm("r1") = arg;

	__asm volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
	return r0;
}

int sh_open(const char *path, int mode)
{
	uint32_t a[3] = { (uint32_t)path, (uint32_t)mode, strlen(path) };

	return call(SYS_OPEN, a);
}

int sh_close(int fd)
{
	uint32_t a[1] = { (uint32_t)fd };

	return call(SYS_CLOSE, a);
}

/* SYS_READ / SYS_WRITE return the number of bytes NOT transferred. */
int sh_read(int fd, void *buf, size_t len)
{
	uint32_t a[3] = { (uint32_t)fd, (uint32_t)buf, len };

	return call(SYS_READ, a) == 0 ? 0 : -1;
}

int sh_write(int fd, const void *buf, size_t len)
{
	uint32_t a[3] = { (uint32_t)fd, (uint32_t)buf, len };

	return call(SYS_WRITE, a) == 0 ? 0 : -1;
}

int sh_seek(int fd, uint32_t pos)
{
	uint32_t a[2] = { (uint32_t)fd, pos };

	return call(SYS_SEEK, a) == 0 ? 0 : -1;
}

long sh_flen(int fd)
{
	uint32_t a[1] = { (uint32_t)fd };

	return call(SYS_FLEN, a);
}

int sh_cmdline(char *buf, size_t cap)
{
	uint32_t a[2] = { (uint32_t)buf, cap };

	return call(SYS_GET_CMDLINE, a);
}

void sh_log(const char *text)
{
	call(SYS_WRITE0, (void *)text);
}

void sh_exit(int status)
{
	uint32_t a[2] = { ADP_STOPPED_APPLICATION_EXIT, (uint32_t)status };

	call(SYS_EXIT_EXTENDED, a);
	for (;;) {
	}
}
