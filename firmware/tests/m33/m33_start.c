/*
 * Start-up of a unit test binary on the emulated Cortex-M33 (qemu-system-arm -M mps2-an505
 * -semihosting): the FPU first (hard-float code may use it anywhere), .data and .bss, newlib's
 * semihosting stdio (librdimon), argv from the emulator's command line, the exit status back to
 * the emulator. The tests themselves are the host's, unchanged.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "m33_crt.h"

extern uint32_t __stack_top[];
extern void __libc_init_array(void);
extern void initialise_monitor_handles(void);
int main(int argc, char **argv);
void reset_handler(void);

void _init(void)
{
}

void _fini(void)
{
}

static int semihost(int op, void *arg)
{
	register int r0 __asm("r0") = op;
	register void *r1 __asm("r1") = arg;

	__asm volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
	return r0;
}

__attribute__((naked, noreturn)) void reset_handler(void)
{
	__asm volatile(
		M33_ENABLE_FPU_ASM
		"b test_start\n\t");
}

__attribute__((noreturn, used)) void test_start(void)
{
	static char line[512];
	static char *argv[32];
	uint32_t cmd[2] = { (uint32_t)line, sizeof(line) };
	int argc = 0;

	m33_init_sections();
	initialise_monitor_handles();
	__libc_init_array();
	if (semihost(0x15 /* SYS_GET_CMDLINE */, cmd) == 0) {
		for (char *p = strtok(line, " "); p && argc < 31; p = strtok(NULL, " ")) {
			argv[argc++] = p;
		}
	}
	argv[argc] = NULL;
	exit(main(argc, argv));
}

static void fault(void)
{
	static const char msg[] = "m33 test: fault\n";

	semihost(0x04 /* SYS_WRITE0 */, (void *)msg);
	exit(99);
}

__attribute__((section(".vectors"), used)) static void (*const vectors[16])(void) = {
	[0] = (void (*)(void))__stack_top,
	[1] = reset_handler,
	[2] = fault, [3] = fault, [4] = fault, [5] = fault, [6] = fault, [7] = fault,
};
