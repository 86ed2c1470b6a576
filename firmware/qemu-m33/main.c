/*
 * nrf-wasm firmware for the emulated MPS2-AN505 (Cortex-M33 under QEMU): the agent and WAMR
 * with the debug link on UART0 and the module store in a semihosting file. Runs the stored
 * module at boot.
 *
 * Command line (QEMU: -append "..."):
 *   --store FILE      the store file on the machine running QEMU (default nrfw-qemu-store.bin)
 *   --no-autorun      do not run the stored module at boot
 *   --bench FILE.wasm [--entry NAME] [--repeat N]
 *                     runs a module from a file through the agent's VM layer, prints its result
 *                     and SysTick ticks on the semihosting console, and ends QEMU
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board.h"
#include "nrf_wasm/agent.h"
#include "nrf_wasm/platform.h"
#include "nrf_wasm/vm.h"
#include "qemu_m33.h"
#include "semihost.h"
#include "store.h"
#include "vm_wamr.h"

#ifndef NRFW_WAMR_HEAP_SIZE
#define NRFW_WAMR_HEAP_SIZE 196608 /* Kconfig NRF_WASM_WAMR_HEAP_SIZE's default */
#endif

/* WAMR's pool: module copy, instance, linear memory, stacks. */
static uint8_t wamr_heap[NRFW_WAMR_HEAP_SIZE] __attribute__((aligned(8)));

struct options {
	const char *store;
	const char *bench;
	const char *entry;
	int repeat;
	bool autorun;
};

/* Splits the semihosting command line in place (words separated by spaces; the first is the
 * image's path). */
static void parse_cmdline(char *line, struct options *o)
{
	char *argv[16];
	int argc = 0;

	for (char *p = strtok(line, " "); p && argc < 16; p = strtok(NULL, " ")) {
		argv[argc++] = p;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--store") && i + 1 < argc) {
			o->store = argv[++i];
		} else if (!strcmp(argv[i], "--no-autorun")) {
			o->autorun = false;
		} else if (!strcmp(argv[i], "--bench") && i + 1 < argc) {
			o->bench = argv[++i];
		} else if (!strcmp(argv[i], "--entry") && i + 1 < argc) {
			o->entry = argv[++i];
		} else if (!strcmp(argv[i], "--repeat") && i + 1 < argc) {
			o->repeat = atoi(argv[++i]);
		} else {
			char msg[96];

			snprintf(msg, sizeof(msg), "nrfw-qemu: unknown argument '%s'\n", argv[i]);
			sh_log(msg);
		}
	}
}

/* --bench: the module goes into the store through the store's own API, then runs through the
 * VM layer exactly as `run` would, timed in SysTick ticks (instructions under -icount). */
static int bench(const struct options *o)
{
	static struct nrfw_store st;
	struct nrfw_module m;
	static struct nrfw_vm_result res;
	uint8_t *buf;
	char err[96], line[160];
	int fd = sh_open(o->bench, SH_MODE_RB), rc;
	long n = fd >= 0 ? sh_flen(fd) : -1;

	if (n <= 0 || !(buf = wasm_runtime_malloc((uint32_t)n)) || sh_read(fd, buf, (size_t)n)) {
		sh_log("nrfw-qemu: cannot read the bench module\n");
		return 1;
	}
	sh_close(fd);
	nrfw_store_init(&st);
	err[0] = '\0';
	rc = nrfw_store_put(&st, buf, (uint32_t)n, err, sizeof(err));
	wasm_runtime_free(buf);
	if (rc || !nrfw_store_active(&st, &m)) {
		snprintf(line, sizeof(line), "nrfw-qemu: cannot store the module: %d %s\n", rc, err);
		sh_log(line);
		return 1;
	}
	for (int i = 0; i < o->repeat; i++) {
		uint64_t t0 = time_ticks(), t1;

		nrfw_vm_run(&m, o->entry, strlen(o->entry), &res);
		t1 = time_ticks();
		/* newlib-nano's printf has no %llu: 32 bits of ticks are 214 s of emulated time. */
		snprintf(line, sizeof(line), "result end=%u code=%ld ticks=%lu%s%s\n", res.end,
			 (long)res.code, (unsigned long)(t1 - t0), res.message[0] ? " message=" : "",
			 res.message);
		sh_log(line);
	}
	return 0;
}

int main(void)
{
	static char cmdline[256];
	struct options o = { .store = "nrfw-qemu-store.bin", .entry = "", .repeat = 1,
			     .autorun = true };

	reset_cause_init();
	time_init();
	if (sh_cmdline(cmdline, sizeof(cmdline)) == 0) {
		parse_cmdline(cmdline, &o);
	}
	if (nrfw_vm_wamr_init(wamr_heap, sizeof(wamr_heap))) {
		sh_log("nrfw-qemu: WAMR did not start\n");
		sh_exit(1);
	}
	if (flash_store_init(o.store)) {
		sh_log("nrfw-qemu: cannot open the store file: uploads will fail\n");
	}
	if (o.bench) {
		sh_exit(bench(&o));
	}
	uart_init();
	irq_enable();
	if (nrfw_agent_init()) {
		sh_log("nrfw-qemu: module store unreadable: uploads will fail\n");
	}
	if (o.autorun && nrfw_plat_button_get(0)) {
		o.autorun = false; /* button 1 held at reset: recovery from a misbehaving module */
	}
	nrfw_agent_main(o.autorun);
	return 0;
}
