/*
 * Reset essentials shared by the board image (startup.c) and the unit-test binaries run on the
 * emulated Cortex-M33 (firmware/tests/m33/m33_start.c), so both start the core the same way.
 */
#ifndef NRFW_M33_CRT_H_
#define NRFW_M33_CRT_H_

#include <stdint.h>

extern uint32_t __data_start[], __data_end[], __data_load[], __bss_start[], __bss_end[];

/*
 * CPACR: full access to CP10 and CP11 (the FPU), then synchronise. First thing at reset: the
 * compiler uses VFP registers freely under -mfloat-abi=hard and the core resets with the FPU
 * off, so the first such instruction would fault. For a naked reset handler's asm.
 */
#define M33_ENABLE_FPU_ASM        \
	"ldr r0, =0xe000ed88\n\t" \
	"ldr r1, [r0]\n\t"        \
	"orr r1, r1, #(0xf << 20)\n\t" \
	"str r1, [r0]\n\t"        \
	"dsb\n\t"                 \
	"isb\n\t"

/* .data from its load address, .bss zeroed: before any C that touches a static. */
static inline void m33_init_sections(void)
{
	for (uint32_t *s = __data_load, *d = __data_start; d < __data_end;) {
		*d++ = *s++;
	}
	for (uint32_t *d = __bss_start; d < __bss_end;) {
		*d++ = 0;
	}
}

#endif /* NRFW_M33_CRT_H_ */
