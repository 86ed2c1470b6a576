/*
 * ARM semihosting (the debugger's file and console services; QEMU's -semihosting): the store
 * file, the command line, the console for logs and faults, and exiting the emulator.
 */
#ifndef NRFW_QEMU_M33_SEMIHOST_H_
#define NRFW_QEMU_M33_SEMIHOST_H_

#include <stddef.h>
#include <stdint.h>

/* fopen-style modes of SYS_OPEN */
#define SH_MODE_RB      1
#define SH_MODE_RPLUS_B 3
#define SH_MODE_WPLUS_B 7

int sh_open(const char *path, int mode);          /* handle or -1 */
int sh_close(int fd);
/* Whole transfers: 0, or -1 on a short or failed one. */
int sh_read(int fd, void *buf, size_t len);
int sh_write(int fd, const void *buf, size_t len);
int sh_seek(int fd, uint32_t pos);
long sh_flen(int fd);
/* The emulator's command line for the program (QEMU: the image path then -append's words). */
int sh_cmdline(char *buf, size_t cap);
/* A line on the emulator's console (stderr): logs and fault reports. */
void sh_log(const char *text);
/* Ends the emulator with this status. */
void sh_exit(int status) __attribute__((noreturn));

#endif /* NRFW_QEMU_M33_SEMIHOST_H_ */
