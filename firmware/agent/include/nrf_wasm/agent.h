/*
 * nrf-wasm debug agent: serves docs/protocol.md over a byte stream, keeps the module store,
 * runs modules on a VM (vm.h) and debugs them, on a platform (platform.h).
 *
 * Portable C11, no allocation, no RTOS: one thread runs nrfw_agent_main(), which also runs the
 * module; while the module runs, the VM calls back into the agent (hook, trap, natives) and the
 * agent serves requests from there. The receive path only has to queue bytes and call
 * nrfw_agent_rx_notify() (interrupt-safe).
 */
#ifndef NRF_WASM_AGENT_H_
#define NRF_WASM_AGENT_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Build-time sizes (the Zephyr build sets them from Kconfig). */
#ifndef NRFW_MAX_FRAME
#define NRFW_MAX_FRAME 1024 /* largest decoded frame we accept and send */
#endif
#ifndef NRFW_UPLOAD_WINDOW
#define NRFW_UPLOAD_WINDOW 4 /* upload chunks in flight; the receive queue must hold them */
#endif
#ifndef NRFW_DATA_BP_MAX
#define NRFW_DATA_BP_MAX 4
#endif
#ifndef NRFW_ENTRY_MAX
#define NRFW_ENTRY_MAX 48 /* longest `run.entry` export name */
#endif

/* Reads the store; sends the deviceReset event. Returns 0 or -errno from the flash. */
int nrfw_agent_init(void);

/*
 * Serves the link and runs modules. With `autorun`, first runs the active module (the board
 * skips it while button 1 is held). Returns only when nrfw_plat_rx_wait() reports shutdown.
 */
void nrfw_agent_main(bool autorun);

/* Bytes were queued (nrf_wasm/link.h calls it). Interrupt- and thread-safe. */
void nrfw_agent_rx_notify(void);

/* ---- called by the VM (vm.h) ------------------------------------------------------------ */

/* The module is loaded, before any of its code runs: breakpoints go in now. */
void nrfw_agent_loaded(void);

/*
 * An instruction boundary that needs the agent: attention armed or a breakpoint opcode.
 * `pc` = module offset of the instruction about to run, `frame` = frame id (grows with depth).
 * Returns 0 to go on, -1 to end the run (the VM then returns NRFW_VM_STOPPED), or
 * NRFW_HOOK_RUN_UNDER_BREAK: run the original instruction under the breakpoint opcode at pc and
 * leave the opcode in place (a breakpoint whose condition said "run on": no second hook).
 */
#define NRFW_HOOK_RUN_UNDER_BREAK 1
int nrfw_agent_hook(uint32_t pc, uintptr_t frame);

/* The module trapped; frames are still there. May pause (stop on trap) before returning. */
void nrfw_agent_trap(const char *message);

/* ---- the native API's agent side (vm_wamr/natives.c wraps these for WAMR) -------------------- */

/* log(ptr, len): an `output` event from the app. */
void nrfw_agent_log(const char *text, size_t len, uint8_t level);
void nrfw_agent_led_set(uint8_t led, bool on);
/* A button as the module sees it: the board's or one pressed with the `input` request. */
bool nrfw_agent_button_get(uint8_t button);
/* sleep_ms: serves the link while sleeping. false: the run must end (stop or shutdown). */
bool nrfw_agent_sleep(uint32_t ms);

#ifdef __cplusplus
}
#endif

#endif /* NRF_WASM_AGENT_H_ */
