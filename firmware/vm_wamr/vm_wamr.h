/*
 * WAMR glue of the agent: runtime start-up and the native API. The VM interface itself is
 * nrf_wasm/vm.h, implemented in vm_wamr.c.
 */
#ifndef NRFW_VM_WAMR_H_
#define NRFW_VM_WAMR_H_

#include <stdbool.h>
#include <stdint.h>

#include "wasm_export.h"

/* Starts WAMR on `heap` (a pool of heap_size bytes; NULL: the C allocator) and registers the
 * native API. Returns 0 or -1. */
int nrfw_vm_wamr_init(void *heap, uint32_t heap_size);

/* Free bytes in WAMR's pool (helloOk.freeMemory). */
uint32_t nrfw_vm_wamr_free_memory(void);

/* natives.c: registers the native API (docs/native-api.md) as module "env". */
bool nrfw_vm_wamr_register_natives(void);

/* A native function was entered from wasm: inspection goes through this exec env. */
void nrfw_vm_wamr_enter_native(wasm_exec_env_t env);

#endif /* NRFW_VM_WAMR_H_ */
