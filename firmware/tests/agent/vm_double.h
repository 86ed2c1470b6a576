/*
 * Test VM double: implements vm.h by replaying a scripted program of (pc, depth) steps instead
 * of interpreting wasm, and checks that the agent uses the VM interface correctly (e.g. never
 * leaves a breakpoint opcode under an instruction it lets run).
 */
#ifndef VM_DOUBLE_H_
#define VM_DOUBLE_H_

#include <stdbool.h>
#include <stdint.h>

#include "nrf_wasm/vm.h"

enum vd_op {
	VD_INSTR,  /* an ordinary instruction */
	VD_TRAP,   /* traps ("integer divide by zero") */
	VD_LOG,    /* native log of "hello" */
	VD_SLEEP,  /* native sleep_ms(arg) */
	VD_EXIT,   /* native exit(arg) */
	VD_LOOP,   /* jump back to step `arg`, `loops` times in all */
	VD_STORE,  /* i32.store offset=16: memory[stack[1] + 16] = stack[2] (data breakpoints) */
};

struct vd_step {
	uint32_t pc;
	uint16_t depth; /* 1 = entry function */
	uint32_t func;
	uint8_t op;
	uint32_t arg;
};

extern const struct vd_step *vd_program;
extern int vd_program_len;
extern int vd_loops;          /* iterations left for VD_LOOP */
extern int32_t vd_return;     /* the entry's result */
extern bool vd_reject;        /* nrfw_vm_validate() refuses every module */
extern int vd_errors;         /* interface misuse seen by the double (must stay 0) */
extern int vd_hooks;          /* nrfw_agent_hook() calls */
extern int vd_executed;       /* steps executed */
extern bool vd_attention;
extern uint8_t vd_memory[65536];
extern uint32_t vd_stack[3];  /* operand stack cells, bottom first */

void vd_reset(void);
bool vd_patched(uint32_t off);

#endif /* VM_DOUBLE_H_ */
