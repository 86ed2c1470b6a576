/*
 * SysTick at 1 kHz on the processor clock: uptime for the agent and sleep_ms, and sub-tick
 * readings (the down-counter) for the benchmark. Under QEMU's -icount the clock follows the
 * instruction count, so tick differences measure instructions.
 */
#include <stdint.h>

#include "board.h"
#include "qemu_m33.h"

#define TICKS_PER_MS (SYSCLK_HZ / 1000u)

static volatile uint32_t ms;

void systick_handler(void)
{
	ms++;
	rx_tick();
}

void time_init(void)
{
	SYST_RVR = TICKS_PER_MS - 1u;
	SYST_CVR = 0;
	/* The UART's priority: the two never interrupt each other (both feed the receive path). */
	SCB_SHPR3 = (SCB_SHPR3 & 0x00ffffffu) | (0x40u << 24);
	SYST_CSR = 0x7u; /* enable, interrupt, processor clock */
}

uint32_t time_ms(void)
{
	return ms;
}

uint64_t time_ticks(void)
{
	uint32_t m, v;

	/* With interrupts off a wrap not yet counted shows as a pending SysTick. */
	irq_disable();
	m = ms;
	v = SYST_CVR;
	if (SCB_ICSR & (1u << 26)) { /* PENDSTSET */
		v = SYST_CVR;
		m++;
	}
	irq_enable();
	return (uint64_t)m * TICKS_PER_MS + (TICKS_PER_MS - 1u - v);
}
