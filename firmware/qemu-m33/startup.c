/*
 * Vector table and reset: the FPU is enabled before anything else (the compiler uses VFP
 * registers freely under -mfloat-abi=hard, and the core resets with the FPU off: the first
 * such instruction would fault before any handler could report it), then .data/.bss, the stack
 * limit, C constructors, main(). Faults are reported on the semihosting console and reset the
 * board, as a watchdog would.
 */
#include <stdint.h>
#include <stdio.h>

#include "board.h"
#include "m33_crt.h"
#include "qemu_m33.h"
#include "semihost.h"

extern uint32_t __stack_bottom[], __stack_top[];
extern void __libc_init_array(void);
int main(void);

void reset_handler(void);
void systick_handler(void);
void uart0_rx_handler(void);

/* newlib's __libc_init_array calls these; -nostartfiles leaves them out. */
void _init(void)
{
}

void _fini(void)
{
}

__attribute__((naked, noreturn)) void reset_handler(void)
{
	__asm volatile(
		M33_ENABLE_FPU_ASM
		/* MSPLIM: a stack overflow is a UsageFault (STKOF), not silent corruption. */
		"ldr r0, =__stack_bottom\n\t"
		"msr msplim, r0\n\t"
		"b c_start\n\t");
}

__attribute__((noreturn, used)) void c_start(void)
{
	uint32_t *sp;

	/* Paint the unused stack: stack_high_water() finds how deep it has been. */
	__asm volatile("mov %0, sp" : "=r"(sp));
	for (uint32_t *p = __stack_bottom; p < sp - 16;) {
		*p++ = STACK_PAINT;
	}
	m33_init_sections();
	__libc_init_array();
	main();
	for (;;) {
		wait_for_interrupt();
	}
}

uint32_t stack_high_water(void)
{
	const uint32_t *p = __stack_bottom;

	while (p < __stack_top && *p == STACK_PAINT) {
		p++;
	}
	return (uint32_t)((const uint8_t *)__stack_top - (const uint8_t *)p);
}

/* Reports the fault with the stacked pc and lr, then resets (cause: fault). */
__attribute__((used, noreturn)) void fault_report(uint32_t pc, uint32_t lr)
{
	char line[160];

	snprintf(line, sizeof(line),
		 "nrfw-qemu: fault: ICSR %08lx CFSR %08lx HFSR %08lx MMFAR %08lx BFAR %08lx pc %08lx lr %08lx\n",
		 (unsigned long)SCB_ICSR, (unsigned long)SCB_CFSR, (unsigned long)SCB_HFSR,
		 (unsigned long)SCB_MMFAR, (unsigned long)SCB_BFAR, (unsigned long)pc,
		 (unsigned long)lr);
	sh_log(line);
	qemu_m33_reset(RESET_FAULT);
}

/*
 * Takes pc and lr from the stacked frame on MSP (we never use PSP), unless the stack overflowed
 * (MSP at its limit: no frame), then reports from a fresh stack: the fault may have happened
 * with little stack left, and nothing returns from here.
 */
__attribute__((naked)) static void fault_handler(void)
{
	__asm volatile(
		"mrs r2, msp\n\t"
		"ldr r1, =__stack_bottom + 32\n\t"
		"movs r0, #0\n\t"
		"movs r3, #0\n\t"
		"cmp r2, r1\n\t"
		"blo 1f\n\t"
		"ldr r0, [r2, #24]\n\t"
		"ldr r3, [r2, #20]\n\t"
		"1:\n\t"
		"mov r1, r3\n\t"
		"ldr r2, =__stack_top\n\t"
		"msr msp, r2\n\t"
		"b fault_report\n\t");
}

static void default_handler(void)
{
	sh_log("nrfw-qemu: unexpected interrupt\n");
	qemu_m33_reset(RESET_FAULT);
}

#define IRQS 48 /* expansion IRQ 0 (UART0 RX) is NVIC 32 */

__attribute__((section(".vectors"), used)) static void (*const vectors[16 + IRQS])(void) = {
	[0] = (void (*)(void))__stack_top,
	[1] = reset_handler,
	[2] = default_handler, /* NMI */
	[3] = fault_handler,   /* HardFault */
	[4] = fault_handler,   /* MemManage */
	[5] = fault_handler,   /* BusFault */
	[6] = fault_handler,   /* UsageFault */
	[7] = fault_handler,   /* SecureFault */
	[11] = default_handler, /* SVCall */
	[12] = default_handler, /* DebugMonitor */
	[14] = default_handler, /* PendSV */
	[15] = systick_handler,
	[16 + UART0_RX_IRQ] = uart0_rx_handler,
};
