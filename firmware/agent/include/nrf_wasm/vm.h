/*
 * The VM interface of the debug agent: what the agent needs from a WebAssembly runtime.
 *
 * Implemented for WAMR's classic interpreter in firmware/vm_wamr and by the test VM double of the
 * unit tests. Bound at link time. Locations are module byte offsets (docs/protocol.md section 2).
 *
 * Control flows both ways: the agent calls nrfw_vm_run(), and while the module runs the VM calls
 * the agent back (nrfw_agent_hook(), nrfw_agent_trap() in agent.h) at instruction boundaries. The
 * inspection functions below are only valid during such a callback or a native call.
 */
#ifndef NRF_WASM_VM_H_
#define NRF_WASM_VM_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A stored module; its bytes are read with nrfw_module_read() (provided by the agent's store). */
struct nrfw_module {
	uint32_t size;
	uint8_t slot;
};
int nrfw_module_read(const struct nrfw_module *m, uint32_t off, void *buf, size_t len);

/* A typed wasm value; `type` is the wasm value type byte (0x7f i32, 0x7e i64, ...). */
struct nrfw_value {
	uint8_t type;
	uint64_t bits; /* i32/f32/refs in the low 32 bits */
};

/* How a run ended. */
enum nrfw_vm_end {
	NRFW_VM_RETURNED = 0,  /* entry returned; code = its i32 result or 0 */
	NRFW_VM_EXIT = 1,      /* the module called the native exit; code = its argument */
	NRFW_VM_TRAP = 2,      /* trapped; message holds the runtime's text */
	NRFW_VM_STOPPED = 3,   /* a hook asked to terminate */
	NRFW_VM_NO_EXPORT = 4, /* entry not found */
	NRFW_VM_LOAD_FAILED = 5, /* load or instantiation failed; message says why */
};

struct nrfw_vm_result {
	uint8_t end;
	int32_t code;
	char message[96];
};

/* Loads the module only to check it; fills `err` with the runtime's reason on failure. */
int nrfw_vm_validate(const struct nrfw_module *m, char *err, size_t err_len);

/*
 * Loads, instantiates and runs `entry` (empty: start function, then `_start`, then `main`).
 * Blocks until the run ends. Before the first wasm instruction it calls nrfw_agent_loaded() so
 * that breakpoints can be inserted.
 */
void nrfw_vm_run(const struct nrfw_module *m, const char *entry, size_t entry_len,
		 struct nrfw_vm_result *res);

/*
 * Arms (true) or disarms the per-instruction callback. Cheap and safe from an interrupt or
 * another thread: the receive path arms it to get the agent's attention while a module runs.
 */
void nrfw_vm_attention(bool on);

/* Ends the run from a native call: the VM unwinds and nrfw_vm_run() returns `end`/`code`. */
void nrfw_vm_terminate(uint8_t end, int32_t code);

/* Breakpoint opcodes: only while a module is loaded; `off` is an instruction start. */
int nrfw_vm_bp_insert(uint32_t off);
int nrfw_vm_bp_remove(uint32_t off);

/*
 * Where frame `frame` (0 = innermost) goes on when the function it called returns: the agent
 * puts a one-shot breakpoint there so that step over/out run callees at full speed.
 */
int nrfw_vm_return_pc(uint16_t frame, uint32_t *pc);

/*
 * Data breakpoints: with `n` watches set, instructions that access linear memory (loads for
 * NWP_ACCESS_READ, stores and memory.fill/copy/init for NWP_ACCESS_WRITE) call nrfw_agent_hook
 * when they touch one of the ranges; other instructions run at full speed. The VM copies the
 * list; n = 0 turns it off. Called from the agent's thread only.
 */
struct nrfw_vm_watch {
	uint32_t addr;
	uint8_t len;    /* 0: unused slot */
	uint8_t access; /* NWP_ACCESS_* */
};
void nrfw_vm_watch(const struct nrfw_vm_watch *w, uint8_t n);

/* Frames: 0 = innermost wasm frame. */
uint16_t nrfw_vm_depth(void);
/* `pc_after`: pc is past the instruction of interest (a return address, or a trap's ip). */
int nrfw_vm_frame(uint16_t frame, uint32_t *func, uint32_t *pc, bool *pc_after);

/* Scopes as in the protocol: 0 locals, 1 operand stack (bottom first), 2 globals. */
uint16_t nrfw_vm_value_count(uint8_t scope, uint16_t frame);
int nrfw_vm_value_get(uint8_t scope, uint16_t frame, uint16_t index, struct nrfw_value *out);
int nrfw_vm_value_set(uint8_t scope, uint16_t frame, uint16_t index, const struct nrfw_value *v);
/* A local of frame 0 as a type tag and its bits (the breakpoint programs' reader, called at every
 * hit of a decided breakpoint: kept short). `ctx` is unused. 0, or -1 if there is none. */
int nrfw_vm_local0(void *ctx, uint16_t index, uint8_t *type, uint64_t *bits);

/*
 * At a trap: the trapping instruction popped `cells` 32-bit operand cells before it trapped (the
 * values are still there). The innermost frame's operand stack then shows them again, so the
 * stack reads as it was before the instruction (protocol 3.6). Reset when the run goes on or ends.
 */
void nrfw_vm_trap_operands(uint16_t cells);

/* The default linear memory; *base = NULL and *size = 0 when the module has none. */
void nrfw_vm_memory(uint8_t **base, uint32_t *size);

#ifdef __cplusplus
}
#endif

#endif /* NRF_WASM_VM_H_ */
