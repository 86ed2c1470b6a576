/*
 * The agent's platform (nrf_wasm/platform.h) on the emulated MPS2-AN505: the receive queue
 * between the UART interrupt and the agent, the idle wait (WFI), LEDs and buttons on the FPGA
 * I/O block, time, reset with its cause, device strings.
 */
#include <stdio.h>
#include <string.h>

#include "board.h"
#include "nrf_wasm/agent.h"
#include "nrf_wasm/link.h"
#include "nrf_wasm/platform.h"
#include "nrf_wasm/protocol.h"
#include "qemu_m33.h"
#include "semihost.h"
#include "vm_wamr.h"

#ifndef NRFW_QEMU_VERSION
#define NRFW_QEMU_VERSION "0.1.0"
#endif
#define RESET_MAGIC 0x6e727731u
/* Bytes staged between the UART interrupt and the agent's link queue: the UART holds one byte,
 * and each nrfw_link_rx() call costs a small header in the queue, so bytes go in by the chunk
 * (at the chunk's end, or when the line has been idle for a SysTick, as the Zephyr UART glue
 * hands over its DMA buffer on a 1 ms idle). */
#define STAGE 64u

static uint8_t stage[STAGE];
static volatile uint32_t staged;
static uint8_t leds;

/* Survives the reset (not in the image's loaded sections): why we reset. */
static struct {
	uint32_t magic;
	uint32_t kind;
} reset_note __attribute__((section(".noinit")));
static uint8_t boot_cause = NWP_RESET_CAUSE_POWER_ON;

/* Hands staged bytes to the agent; what its queue cannot take stays staged. Interrupts off or
 * in an interrupt of the UART's priority. Returns whether the stage is empty. */
static bool flush_stage(void)
{
	uint32_t n = staged, put;

	if (!n) {
		return true;
	}
	put = (uint32_t)nrfw_link_rx(NRFW_LINK_WIRED, stage, n, 0);
	if (put && put < n) {
		memmove(stage, stage + put, n - put);
	}
	staged = n - put;
	return staged == 0;
}

bool rx_full(void)
{
	return staged == STAGE && !flush_stage();
}

void rx_put(uint8_t byte)
{
	stage[staged++] = byte;
	if (staged == STAGE) {
		flush_stage();
	}
}

/* SysTick: the line was idle for up to a millisecond; bytes held back may fit now. */
void rx_tick(void)
{
	if (flush_stage()) {
		uart_rx_resume();
	}
}

/* A new depth of the main stack goes to the console (the firmware's budget: 8 KiB, as the
 * board's agent thread). Checked when idle: everything deeper happened before. */
static void report_stack(void)
{
	static uint32_t reported;
	uint32_t used = stack_high_water();

	if (used > reported) {
		char line[64];

		reported = used;
		snprintf(line, sizeof(line), "nrfw-qemu: stack high water %lu of %lu bytes\n",
			 (unsigned long)used, (unsigned long)NRFW_STACK_SIZE);
		sh_log(line);
	}
}

bool nrfw_plat_rx_wait(uint32_t timeout_ms)
{
	uint32_t start = time_ms();

	report_stack();
	/* Interrupts off between the check and WFI: a byte arriving in between still wakes it
	 * (a pending interrupt ends WFI with PRIMASK set) and is taken right after. */
	irq_disable();
	if (flush_stage()) {
		uart_rx_resume();
	}
	while (!nrfw_link_rx_any() &&
	       (timeout_ms == UINT32_MAX || time_ms() - start < timeout_ms)) {
		wait_for_interrupt();
		irq_enable();
		irq_disable();
	}
	irq_enable();
	return true; /* a board never shuts down */
}

void nrfw_plat_tx(uint8_t link, const uint8_t *data, size_t len)
{
	(void)link; /* one link: NRFW_LINK_WIRED */
	uart_write(data, len);
}

uint32_t nrfw_plat_uptime_ms(void)
{
	return time_ms();
}

uint8_t nrfw_plat_led_count(void)
{
	return BOARD_LEDS;
}

uint8_t nrfw_plat_button_count(void)
{
	return BOARD_BUTTONS;
}

void nrfw_plat_led_set(uint8_t led, bool on)
{
	if (led < BOARD_LEDS) {
		leds = on ? leds | (1u << led) : leds & ~(1u << led);
		FPGAIO_LED = leds & ((1u << FPGAIO_LEDS) - 1u);
	}
}

bool nrfw_plat_button_get(uint8_t button)
{
	return button < FPGAIO_BUTTONS && (FPGAIO_BUTTON & (1u << button));
}

uint32_t nrfw_plat_free_memory(void)
{
	return nrfw_vm_wamr_free_memory();
}

void qemu_m33_reset(enum reset_kind kind)
{
	reset_note.magic = RESET_MAGIC;
	reset_note.kind = kind;
	__asm volatile("dsb" ::: "memory");
	SCB_AIRCR = AIRCR_SYSRESETREQ;
	__asm volatile("dsb" ::: "memory");
	for (;;) {
	}
}

void nrfw_plat_reset(void)
{
	/* resetOk is already out: the UART holding register is handed to QEMU synchronously. */
	qemu_m33_reset(RESET_REQUESTED);
}

/* Called once at boot, before anything reports the cause. */
void reset_cause_init(void)
{
	if (reset_note.magic == RESET_MAGIC) {
		boot_cause = reset_note.kind == RESET_FAULT ? NWP_RESET_CAUSE_FAULT
							    : NWP_RESET_CAUSE_REQUESTED;
	}
	reset_note.magic = 0;
}

void nrfw_plat_device_info(struct nrfw_device_info *out)
{
	out->board = "mps2/an505 (QEMU)";
	out->runtime = "wamr";
	out->runtime_version = "2.4.5";
	out->firmware_version = NRFW_QEMU_VERSION;
	out->reset_cause = boot_cause;
}
