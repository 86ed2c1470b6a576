/*
 * Debug link over UART with the UARTE asynchronous API: DMA reception into two alternating
 * buffers (bytes go to the agent's wired-link queue from the callback), DMA transmission that
 * the agent's thread waits for. Baud rate from CONFIG_NRF_WASM_UART_BAUD.
 */
#include <errno.h>
#include <zephyr/drivers/uart.h>
#include <zephyr/kernel.h>
#include <zephyr/logging/log.h>

#include "glue.h"

LOG_MODULE_DECLARE(nrf_wasm, CONFIG_NRF_WASM_LOG_LEVEL);

#define UART_NODE DT_CHOSEN(zephyr_nrf_wasm_uart)
#define RX_CHUNK  CONFIG_NRF_WASM_UART_RX_CHUNK
/* Line idle this long hands the partial buffer over: a short request is not held back. */
#define RX_IDLE_US 1000

/* With RTS/CTS a host that does not read (no program has the port open) holds the line: a
 * transmission that cannot start or finish within this is aborted by the driver, and the
 * bytes are lost like on a UART nobody listens to. */
#define TX_STALL_US 100000
/* The longest a frame takes at the configured rate (10 bits a byte), plus the stall bound. */
#define TX_WAIT_MS(len) (TX_STALL_US / 1000 + 10 + (uint32_t)((uint64_t)(len) * 10000u / \
							     CONFIG_NRF_WASM_UART_BAUD))

static const struct device *const uart = DEVICE_DT_GET(UART_NODE);
static uint8_t rx_buf[2][RX_CHUNK];
static uint8_t rx_next;
static K_SEM_DEFINE(tx_done, 0, 1);
static volatile int tx_result;
/* Reception stops on a line error or a break; restarting at once from the callback loops as
 * long as the error persists (a floating RX pin, a stuck break). Restart from a work item
 * after a delay that grows with each stop in a row (nrfw_link_retry_ms) and resets when bytes
 * arrive again. */
static uint32_t rx_failures;
static void rx_restart(struct k_work *work);
static K_WORK_DELAYABLE_DEFINE(rx_restart_work, rx_restart);

static int rx_start(void)
{
	rx_next = 1;
	return uart_rx_enable(uart, rx_buf[0], RX_CHUNK, RX_IDLE_US);
}

static void rx_restart(struct k_work *work)
{
	int rc = rx_start();

	if (rc && rc != -EBUSY) {
		/* -EBUSY: already receiving. Anything else: try again later. */
		rx_failures++;
		k_work_reschedule(&rx_restart_work, K_MSEC(nrfw_link_retry_ms(rx_failures)));
	}
}

static void on_uart(const struct device *dev, struct uart_event *evt, void *user_data)
{
	switch (evt->type) {
	case UART_RX_RDY:
		rx_failures = 0;
		if (glue_rx(NRFW_LINK_WIRED, evt->data.rx.buf + evt->data.rx.offset,
			    evt->data.rx.len, 0) < evt->data.rx.len) {
			LOG_WRN("receive queue full: bytes dropped");
		}
		break;
	case UART_RX_BUF_REQUEST:
		uart_rx_buf_rsp(dev, rx_buf[rx_next], RX_CHUNK);
		rx_next ^= 1;
		break;
	case UART_RX_STOPPED:
		/* An error stopped reception: UART_RX_DISABLED follows. */
		rx_failures++;
		if (rx_failures == 1 || rx_failures % 16 == 0) {
			LOG_WRN("UART line error %d (%u in a row)", evt->data.rx_stop.reason,
				rx_failures);
		}
		break;
	case UART_RX_DISABLED:
		k_work_reschedule(&rx_restart_work, K_MSEC(nrfw_link_retry_ms(rx_failures)));
		break;
	case UART_TX_DONE:
	case UART_TX_ABORTED:
		tx_result = evt->type == UART_TX_DONE ? 0 : -ETIMEDOUT;
		k_sem_give(&tx_done);
		break;
	default:
		break;
	}
}

int uart_transport_init(void)
{
	struct uart_config cfg;
	int rc;

	if (!device_is_ready(uart)) {
		return -ENODEV;
	}
	rc = uart_config_get(uart, &cfg);
	if (rc == 0 && cfg.baudrate != CONFIG_NRF_WASM_UART_BAUD) {
		cfg.baudrate = CONFIG_NRF_WASM_UART_BAUD;
		rc = uart_configure(uart, &cfg);
	}
	if (rc && rc != -ENOSYS) {
		LOG_ERR("uart configure: %d", rc);
		return rc;
	}
	rc = uart_callback_set(uart, on_uart, NULL);
	if (rc) {
		return rc;
	}
	return rx_start();
}

int uart_transport_send(const uint8_t *data, size_t len)
{
	int rc;

	/* The buffer is the agent's and stays untouched until the driver is done with it (no
	 * copy); a give left over from an earlier aborted transfer must not end this wait. */
	k_sem_reset(&tx_done);
	rc = uart_tx(uart, data, len, TX_STALL_US);
	if (rc) {
		return rc;
	}
	rc = k_sem_take(&tx_done, K_MSEC(TX_WAIT_MS(len)));
	if (rc) {
		/* The DMA still reads the buffer the agent is about to reuse: take it back. */
		uart_tx_abort(uart);
		(void)k_sem_take(&tx_done, K_MSEC(10));
		return rc;
	}
	return tx_result;
}
