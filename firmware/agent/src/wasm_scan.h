/*
 * Reads the stored (pristine) module bytes to answer the agent's questions about code: which
 * function holds an offset, where instructions start, which instruction precedes a return
 * address, which memory an instruction touches. Runtimes rewrite code in RAM (WAMR does), so the
 * agent never asks the VM about instruction boundaries.
 *
 * Streams through nrfw_module_read() with a small window: no allocation, O(function size).
 */
#ifndef NRFW_AGENT_WASM_SCAN_H_
#define NRFW_AGENT_WASM_SCAN_H_

#include <stdbool.h>
#include <stdint.h>

#include "nrf_wasm/vm.h"

#define NRFW_NO_PC 0xffffffffu

struct nrfw_scan {
	const struct nrfw_module *m;
	uint32_t code_start;   /* first byte after the code section's function count */
	uint32_t code_end;
	uint32_t func_imports; /* imported functions: the first defined function's index */
	uint32_t func_count;   /* defined functions */
	uint32_t export_start; /* export section body (0: none) */
	uint32_t export_end;
	bool has_start;        /* a start section */
};

struct nrfw_func_span {
	uint32_t index;       /* in the function index space (imports first) */
	uint32_t start;       /* offset of the body's size field */
	uint32_t first_instr; /* after the local declarations */
	uint32_t end;         /* one past the body's final `end` */
};

/* Finds the code section. Returns 0, or -1 for a module that is not understood. */
int nrfw_scan_init(struct nrfw_scan *sc, const struct nrfw_module *m);

/* The function whose body [start, end) holds `off`. Returns 0 or -1. */
int nrfw_scan_func_at(const struct nrfw_scan *sc, uint32_t off, struct nrfw_func_span *f);

/* The first instruction start >= off in the function holding off that a device stops on (not
 * `block`, `loop` or `else`), or NRFW_NO_PC. */
uint32_t nrfw_scan_snap(const struct nrfw_scan *sc, uint32_t off);

/* Operand cells (32-bit; i64/f64 take 2) the instruction at `pc` pops before it can trap:
 * division, conversion, memory access, call_indirect, bulk memory. 0 for any other. */
uint16_t nrfw_scan_trap_cells(const struct nrfw_scan *sc, uint32_t pc);

/* Whether `pc` is an instruction start a device stops on (not `block`, `loop` or `else`). */
bool nrfw_scan_is_instr(const struct nrfw_scan *sc, uint32_t pc);

/* The start of the last instruction that begins before `pc` in pc's function (the call of a
 * return address, the instruction a trap's ip points into), or NRFW_NO_PC. */
uint32_t nrfw_scan_prev(const struct nrfw_scan *sc, uint32_t pc);

/* Whether the module exports a function `name` (run.entry). */
bool nrfw_scan_has_export(const struct nrfw_scan *sc, const char *name, uint32_t len);

/* Whether `run` with this entry finds something to run: the export, or for an empty entry the
 * start function, `_start` or `main`. */
bool nrfw_scan_entry_ok(const struct nrfw_scan *sc, const char *entry, uint32_t len);

/* Linear memory touched by the instruction at `pc`, for data breakpoints. */
struct nrfw_mem_access {
	uint8_t kind;        /* 0 none, else NWP_ACCESS_READ / NWP_ACCESS_WRITE bits */
	uint8_t size;        /* bytes for loads/stores; 0 for bulk (length from the stack) */
	uint8_t addr_slot;   /* operand stack cells above the address (0 = top) */
	uint8_t len_slot;    /* bulk: cells above the length; src_slot: cells above a source */
	uint8_t src_slot;    /* memory.copy: the read side's address; 0xff none */
	uint32_t offset;     /* memarg offset */
};
int nrfw_scan_mem_access(const struct nrfw_scan *sc, uint32_t pc, struct nrfw_mem_access *a);

#endif /* NRFW_AGENT_WASM_SCAN_H_ */
