/*
 * The native API a module imports (docs/native-api.md; the simulator's table is
 * src/simulator/native-api.ts: same names and signatures), registered with WAMR. Each function is
 * a thin wrapper: the behaviour (events to the host, serving the link while sleeping) is the
 * agent's, in portable code.
 */
#include "nrf_wasm/agent.h"
#include "nrf_wasm/protocol.h"
#include "nrf_wasm/vm.h"
#include "nrf_wasm/platform.h"
#include "vm_wamr.h"

/* Longest text one log call may pass (as the simulator): longer calls trap. */
#define LOG_MAX 1024

/* log(ptr, len): WAMR checks that [ptr, ptr+len) is inside linear memory ("*~"). */
static void n_log(wasm_exec_env_t env, const char *text, uint32_t len)
{
	nrfw_vm_wamr_enter_native(env);
	if (len > LOG_MAX) {
		wasm_runtime_set_exception(wasm_runtime_get_module_inst(env),
					   "log text longer than 1024 bytes");
		return;
	}
	nrfw_agent_log(text, len, NWP_OUTPUT_LEVEL_INFO);
}

/* log_i32(value): a signed decimal number. */
static void n_log_i32(wasm_exec_env_t env, int32_t value)
{
	char buf[12], *p = buf + sizeof(buf);
	uint32_t u = value < 0 ? 0u - (uint32_t)value : (uint32_t)value;

	nrfw_vm_wamr_enter_native(env);
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (value < 0) {
		*--p = '-';
	}
	nrfw_agent_log(p, (size_t)(buf + sizeof(buf) - p), NWP_OUTPUT_LEVEL_INFO);
}

static void n_led_set(wasm_exec_env_t env, int32_t led, int32_t on)
{
	nrfw_vm_wamr_enter_native(env);
	if (led >= 0 && led < nrfw_plat_led_count()) {
		nrfw_agent_led_set((uint8_t)led, on != 0);
	}
}

static int32_t n_button_get(wasm_exec_env_t env, int32_t button)
{
	nrfw_vm_wamr_enter_native(env);
	return button >= 0 && button < 8 && nrfw_agent_button_get((uint8_t)button);
}

static void n_sleep_ms(wasm_exec_env_t env, uint32_t ms)
{
	nrfw_vm_wamr_enter_native(env);
	if (ms > 0 && !nrfw_agent_sleep(ms)) {
		nrfw_vm_terminate(NRFW_VM_STOPPED, 0);
	}
}

static int64_t n_uptime_ms(wasm_exec_env_t env)
{
	nrfw_vm_wamr_enter_native(env);
	return (int64_t)nrfw_plat_uptime_ms();
}

static void n_exit(wasm_exec_env_t env, int32_t code)
{
	nrfw_vm_wamr_enter_native(env);
	nrfw_vm_terminate(NRFW_VM_EXIT, code);
}

static NativeSymbol natives[] = {
	{ "log", (void *)n_log, "(*~)", NULL },
	{ "log_i32", (void *)n_log_i32, "(i)", NULL },
	{ "led_set", (void *)n_led_set, "(ii)", NULL },
	{ "button_get", (void *)n_button_get, "(i)i", NULL },
	{ "sleep_ms", (void *)n_sleep_ms, "(i)", NULL },
	{ "uptime_ms", (void *)n_uptime_ms, "()I", NULL },
	{ "exit", (void *)n_exit, "(i)", NULL },
};

bool nrfw_vm_wamr_register_natives(void)
{
	return wasm_runtime_register_natives("env", natives, sizeof(natives) / sizeof(natives[0]));
}
