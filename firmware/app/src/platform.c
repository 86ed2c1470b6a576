/*
 * The agent's platform (nrf_wasm/platform.h) on Zephyr: the receive queue between the
 * transports and the agent, replies on the link the last request came from, LEDs and buttons
 * from the devicetree aliases, time, reset and its cause.
 */
#include <errno.h>
#include <zephyr/drivers/gpio.h>
#include <zephyr/drivers/hwinfo.h>
#include <zephyr/kernel.h>
#include <zephyr/logging/log.h>
#include <zephyr/sys/atomic.h>
#include <zephyr/sys/reboot.h>
#include <zephyr/sys/ring_buffer.h>

#include "glue.h"
#include "nrf_wasm/agent.h"
#include "nrf_wasm/platform.h"
#include "nrf_wasm/protocol.h"
#include "vm_wamr.h"

LOG_MODULE_REGISTER(nrf_wasm, CONFIG_NRF_WASM_LOG_LEVEL);

RING_BUF_DECLARE(rx_ring, CONFIG_NRF_WASM_RX_BUF_SIZE);
static struct k_spinlock rx_lock;
static K_SEM_DEFINE(rx_sem, 0, 1);
static volatile enum glue_link last_link = GLUE_LINK_UART;
/* Set by a connection callback, taken on the agent's thread (agent.h: nrfw_agent_link_up). */
static atomic_t new_link;

void glue_link_up(void)
{
	atomic_set(&new_link, 1);
	k_sem_give(&rx_sem);
}

size_t glue_rx_put(enum glue_link link, const uint8_t *data, size_t len)
{
	k_spinlock_key_t key = k_spin_lock(&rx_lock);
	size_t n = ring_buf_put(&rx_ring, data, len);

	k_spin_unlock(&rx_lock, key);
	last_link = link;
	k_sem_give(&rx_sem);
	/* While a module runs, only the interpreter's hook lets the agent read: arm it. */
	nrfw_agent_rx_notify();
	return n;
}

size_t nrfw_plat_rx_read(uint8_t *buf, size_t cap)
{
	k_spinlock_key_t key;
	size_t n;

	if (atomic_clear(&new_link)) {
		nrfw_agent_link_up();
	}
	key = k_spin_lock(&rx_lock);
	n = ring_buf_get(&rx_ring, buf, cap);

	k_spin_unlock(&rx_lock, key);
	return n;
}

bool nrfw_plat_rx_wait(uint32_t timeout_ms)
{
	if (ring_buf_is_empty(&rx_ring)) {
		k_sem_take(&rx_sem, timeout_ms == UINT32_MAX ? K_FOREVER : K_MSEC(timeout_ms));
	}
	return true; /* a board never shuts down */
}

void nrfw_plat_tx(const uint8_t *data, size_t len)
{
	int rc = -ENOTCONN;

#if defined(CONFIG_NRF_WASM_TRANSPORT_BLE)
	if (last_link == GLUE_LINK_BLE && ble_transport_ready()) {
		rc = ble_transport_send(data, len);
	}
#endif
#if defined(CONFIG_NRF_WASM_TRANSPORT_UART)
	if (rc == -ENOTCONN) {
		rc = uart_transport_send(data, len);
	}
#endif
	if (rc) {
		LOG_DBG("tx: %d", rc);
	}
}

void nrfw_plat_link_state(struct nrfw_link_state *out)
{
	out->ble = last_link == GLUE_LINK_BLE;
	out->encrypted = false;
	out->bonded = false;
#if defined(CONFIG_NRF_WASM_TRANSPORT_BLE)
	if (out->ble) {
		ble_transport_security(&out->encrypted, &out->bonded);
	}
#endif
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
