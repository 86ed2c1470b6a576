/*
 * nrf-wasm firmware: starts the board glue, WAMR and the debug agent on its own thread, and
 * runs the stored module at boot unless button 1 is held. Button 2 held at reset opens the
 * Bluetooth pairing window (docs/ble.md).
 */
#include <zephyr/kernel.h>
#include <zephyr/logging/log.h>

#include "glue.h"
#include "nrf_wasm/agent.h"
#include "nrf_wasm/pairing.h"
#include "nrf_wasm/platform.h"
#include "vm_wamr.h"

LOG_MODULE_DECLARE(nrf_wasm, CONFIG_NRF_WASM_LOG_LEVEL);

int board_io_init(void);

/* WAMR's pool: module copy, instance, linear memory, stacks. Word-aligned for its allocator. */
static uint8_t wamr_heap[CONFIG_NRF_WASM_WAMR_HEAP_SIZE] __aligned(8);

static void agent_thread(void *a, void *b, void *c)
{
	bool autorun = IS_ENABLED(CONFIG_NRF_WASM_AUTORUN);

	if (nrfw_vm_wamr_init(wamr_heap, sizeof(wamr_heap))) {
		LOG_ERR("WAMR did not start");
		return;
	}
	if (nrfw_agent_init()) {
		LOG_ERR("module store unreadable: uploads will fail");
	}
	if (autorun && nrfw_plat_button_get(0)) {
		LOG_INF("button 1 held: not running the stored module");
		autorun = false;
	}
	nrfw_agent_main(autorun);
}

/* Started by main() once the store and the links are up. */
K_THREAD_DEFINE(nrf_wasm_agent, CONFIG_NRF_WASM_AGENT_STACK_SIZE, agent_thread, NULL, NULL, NULL,
		K_PRIO_PREEMPT(7), 0, SYS_FOREVER_MS);

int main(void)
{
	int rc;

	board_io_init();
#if defined(CONFIG_NRF_WASM_TRANSPORT_BLE)
	/* Before the stack can ask whether to pair: button 2 held now opens the window. */
	ble_pairing_boot(nrfw_plat_button_get(NRFW_PAIRING_BUTTON));
#endif
	rc = flash_store_init();
	if (rc) {
		LOG_ERR("module store: %d", rc);
	}
#if defined(CONFIG_NRF_WASM_TRANSPORT_UART)
	rc = uart_transport_init();
	if (rc) {
		LOG_ERR("UART link: %d", rc);
	}
#endif
#if defined(CONFIG_NRF_WASM_TRANSPORT_BLE)
	rc = ble_transport_init();
	if (rc) {
		LOG_ERR("Bluetooth link: %d", rc);
	}
#endif
	k_thread_start(nrf_wasm_agent);
	return 0;
}
