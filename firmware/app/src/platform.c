/*
 * The agent's platform (nrf_wasm/platform.h) on Zephyr: waking the agent when a transport queued
 * bytes on its link (nrf_wasm/link.h), sending on the link the agent names, LEDs and buttons
 * from the devicetree aliases, time, reset and its cause.
 */
#include <errno.h>
#include <zephyr/drivers/gpio.h>
#include <zephyr/drivers/hwinfo.h>
#include <zephyr/kernel.h>
#include <zephyr/logging/log.h>
#include <zephyr/sys/reboot.h>

#include "glue.h"
#include "nrf_wasm/agent.h"
#include "nrf_wasm/link.h"
#include "nrf_wasm/platform.h"
#include "nrf_wasm/protocol.h"
#include "vm_wamr.h"

LOG_MODULE_REGISTER(nrf_wasm, CONFIG_NRF_WASM_LOG_LEVEL);

/* Given after bytes or a connection event: the agent's wait ends. */
static K_SEM_DEFINE(rx_sem, 0, 1);

size_t glue_rx(uint8_t link, const uint8_t *data, size_t len, uint8_t sec)
{
	/* One producer per link: the UART callback (ISR), the Bluetooth RX thread. */
	size_t n = nrfw_link_rx(link, data, len, sec);

	k_sem_give(&rx_sem);
	return n;
}

void glue_link_up(uint8_t link)
{
	nrfw_link_connected(link);
	k_sem_give(&rx_sem);
}

bool nrfw_plat_rx_wait(uint32_t timeout_ms)
{
#if defined(CONFIG_NRF_WASM_TRANSPORT_BLE)
	/* Nothing more to answer now: a notification held for packing goes out. */
	ble_transport_flush();
#endif
	if (!nrfw_link_rx_any()) {
		k_sem_take(&rx_sem, timeout_ms == UINT32_MAX ? K_FOREVER : K_MSEC(timeout_ms));
	}
	return true; /* a board never shuts down */
}

void nrfw_plat_tx(uint8_t link, const uint8_t *data, size_t len)
{
	int rc = -ENOTCONN;

	/* Only where the agent says: a reply goes back on its request's link, never elsewhere. */
	switch (link) {
#if defined(CONFIG_NRF_WASM_TRANSPORT_UART)
	case NRFW_LINK_WIRED:
		rc = uart_transport_send(data, len);
		break;
#endif
#if defined(CONFIG_NRF_WASM_TRANSPORT_BLE)
	case NRFW_LINK_BLE:
		rc = ble_transport_send(data, len);
		break;
#endif
	default:
		break;
	}
	if (rc) {
		LOG_DBG("tx on link %u: %d", link, rc);
	}
}

/* ---- LEDs and buttons: aliases led0..3 and sw0..3 of the board ---------------------------- */

#define LED_SPEC(i) GPIO_DT_SPEC_GET_OR(DT_ALIAS(led##i), gpios, {0})
#define SW_SPEC(i)  GPIO_DT_SPEC_GET_OR(DT_ALIAS(sw##i), gpios, {0})

static const struct gpio_dt_spec leds[] = { LED_SPEC(0), LED_SPEC(1), LED_SPEC(2), LED_SPEC(3) };
static const struct gpio_dt_spec buttons[] = { SW_SPEC(0), SW_SPEC(1), SW_SPEC(2), SW_SPEC(3) };

int board_io_init(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(leds); i++) {
		if (leds[i].port && gpio_is_ready_dt(&leds[i])) {
			gpio_pin_configure_dt(&leds[i], GPIO_OUTPUT_INACTIVE);
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(buttons); i++) {
		if (buttons[i].port && gpio_is_ready_dt(&buttons[i])) {
			gpio_pin_configure_dt(&buttons[i], GPIO_INPUT);
		}
	}
	return 0;
}

uint8_t nrfw_plat_led_count(void)
{
	return ARRAY_SIZE(leds);
}

uint8_t nrfw_plat_button_count(void)
{
	return ARRAY_SIZE(buttons);
}

void nrfw_plat_led_set(uint8_t led, bool on)
{
	if (led < ARRAY_SIZE(leds) && leds[led].port) {
		gpio_pin_set_dt(&leds[led], on);
	}
}

bool nrfw_plat_button_get(uint8_t button)
{
	return button < ARRAY_SIZE(buttons) && buttons[button].port &&
	       gpio_pin_get_dt(&buttons[button]) > 0;
}

/* ---- system ------------------------------------------------------------------------------- */

uint32_t nrfw_plat_uptime_ms(void)
{
	return k_uptime_get_32();
}

uint32_t nrfw_plat_free_memory(void)
{
	return nrfw_vm_wamr_free_memory();
}

void nrfw_plat_reset(void)
{
	k_sleep(K_MSEC(20)); /* let resetOk leave the UART / radio */
	sys_reboot(SYS_REBOOT_COLD);
}

static uint8_t reset_cause(void)
{
	uint32_t cause = 0;

	if (hwinfo_get_reset_cause(&cause)) {
		return NWP_RESET_CAUSE_OTHER;
	}
	hwinfo_clear_reset_cause();
	if (cause & RESET_SOFTWARE) {
		return NWP_RESET_CAUSE_REQUESTED;
	}
	if (cause & RESET_WATCHDOG) {
		return NWP_RESET_CAUSE_WATCHDOG;
	}
	if (cause & (RESET_CPU_LOCKUP | RESET_HARDWARE)) {
		return NWP_RESET_CAUSE_FAULT;
	}
	if (cause == 0 || (cause & (RESET_POR | RESET_PIN | RESET_BROWNOUT))) {
		return NWP_RESET_CAUSE_POWER_ON;
	}
	return NWP_RESET_CAUSE_OTHER;
}

void nrfw_plat_device_info(struct nrfw_device_info *out)
{
	static int8_t cause = -1;

	if (cause < 0) {
		cause = (int8_t)reset_cause();
	}
	out->board = CONFIG_BOARD_TARGET;
	out->runtime = "wamr";
	out->runtime_version = "2.4.5";
	out->firmware_version = "0.1.0";
	out->reset_cause = (uint8_t)cause;
}
