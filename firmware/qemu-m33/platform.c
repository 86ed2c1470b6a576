/*
 * The agent's platform (nrf_wasm/platform.h) on the emulated MPS2-AN505: the receive queue
 * between the UART interrupt and the agent, the idle wait (WFI), LEDs and buttons on the FPGA
 * I/O block, time, reset with its cause, device strings.
 */
#include <string.h>

#include "board.h"
#include "nrf_wasm/agent.h"
#include "nrf_wasm/platform.h"
#include "nrf_wasm/protocol.h"
#include "qemu_m33.h"
#include "vm_wamr.h"

#ifndef NRFW_RX_BUF_SIZE
#define NRFW_RX_BUF_SIZE 8192u /* Kconfig NRF_WASM_RX_BUF_SIZE's default */
#endif
#ifndef NRFW_QEMU_VERSION
#define NRFW_QEMU_VERSION "0.1.0"
#endif
#define RESET_MAGIC 0x6e727731u

_Static_assert((NRFW_RX_BUF_SIZE & (NRFW_RX_BUF_SIZE - 1u)) == 0, "power of two");

/* One producer (the UART interrupt), one consumer (the agent): free-running indices. */
static uint8_t ring[NRFW_RX_BUF_SIZE];
static volatile uint32_t head, tail;
static uint8_t leds;

/* Survives the reset (not in the image's loaded sections): why we reset. */
static struct {
	uint32_t magic;
	uint32_t kind;
} reset_note __attribute__((section(".noinit")));
static uint8_t boot_cause = NWP_RESET_CAUSE_POWER_ON;

bool rx_full(void)
{
	return head - tail >= NRFW_RX_BUF_SIZE;
}

void rx_put(uint8_t byte)
{
	uint32_t h = head;

	ring[h % NRFW_RX_BUF_SIZE] = byte;
	__asm volatile("dmb" ::: "memory");
	head = h + 1u;
	/* While a module runs, only the interpreter's hook lets the agent read: arm it. */
	nrfw_agent_rx_notify();
}

size_t nrfw_plat_rx_read(uint8_t *buf, size_t cap)
{
	uint32_t t = tail, h = head;
	size_t n = 0;

	__asm volatile("dmb" ::: "memory");
	while (n < cap && t != h) {
		buf[n++] = ring[t % NRFW_RX_BUF_SIZE];
		t++;
	}
	tail = t;
	if (n) {
		uart_rx_resume();
	}
	return n;
}

bool nrfw_plat_rx_wait(uint32_t timeout_ms)
{
	uint32_t start = time_ms();

	/* Interrupts off between the check and WFI: a byte arriving in between still wakes it
	 * (a pending interrupt ends WFI with PRIMASK set) and is taken right after. */
	irq_disable();
	while (head == tail &&
	       (timeout_ms == UINT32_MAX || time_ms() - start < timeout_ms)) {
		wait_for_interrupt();
		irq_enable();
		irq_disable();
	}
	irq_enable();
	return true; /* a board never shuts down */
}

void nrfw_plat_tx(const uint8_t *data, size_t len)
{
	uart_write(data, len);
}

void nrfw_plat_link_state(struct nrfw_link_state *out)
{
	memset(out, 0, sizeof(*out)); /* a wired UART */
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
