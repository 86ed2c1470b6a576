/*
 * The agent's VM interface (nrf_wasm/vm.h) for WAMR's classic interpreter, and WAMR's side of
 * our debug hook (firmware/patches/0001-wamr-debug-hook.patch, WASM_ENABLE_DEBUG_HOOK):
 *
 *  - breakpoints are DEBUG_OP_BREAK bytes patched into the RAM copy of the module that WAMR
 *    runs (it executes the code in place); the original bytes are kept here;
 *  - "attention" swaps the interpreter's dispatch table so that every opcode first calls
 *    wasm_debug_hook_instruction(); that serves stepping, pause and requests that arrive while
 *    the module runs; with neither in use, dispatch is exactly WAMR's;
 *  - exceptions call wasm_debug_hook_trap() before WAMR unwinds, so a trap can be inspected.
 *
 * Built without the hook (NRFW_WAMR_HOOK=0: stock WAMR, for the speed baseline), breakpoints,
 * stepping and pause are unavailable but runs, traps (without location) and natives work.
 */
#include <string.h>

#include "nrf_wasm/agent.h"
#include "nrf_wasm/protocol.h"
#include "nrf_wasm/vm.h"
#include "vm_wamr.h"

#include "wasm_export.h"
#include "wasm_runtime.h"
#include "wasm_interp.h"
#include "../common/wasm_exec_env.h"

#ifndef NRFW_WAMR_HOOK
#define NRFW_WAMR_HOOK 1
#endif
#ifndef NRFW_WAMR_STACK_SIZE
#define NRFW_WAMR_STACK_SIZE 8192 /* wasm operand + frame stack of a module */
#endif
#ifndef NRFW_WAMR_APP_HEAP_SIZE
#define NRFW_WAMR_APP_HEAP_SIZE 0 /* module-side malloc heap (no libc in our modules) */
#endif
#ifndef NRFW_BP_PATCH_MAX
#define NRFW_BP_PATCH_MAX 40 /* breakpoints + the one being stepped over */
#endif

#define BREAK_OPCODE 0xdc /* DEBUG_OP_BREAK */

static struct {
	uint8_t *code; /* RAM copy of the module WAMR runs: module offset = ip - code */
	uint32_t size;
	WASMModuleInstance *inst;
	WASMExecEnv *env;  /* of the innermost callback (hook, trap, native) */
	bool in_instr;     /* inside wasm_debug_hook_instruction: the top frame's ip is exact */
	bool terminating;  /* our own exception: not a trap */
	uint16_t trap_cells; /* operand cells the trapping instruction popped (frame 0, at a trap) */
	uint8_t end;
	int32_t code_;
	uint16_t npatch, last_patch;
	struct {
		uint32_t off;
		uint8_t orig;
	} patch[NRFW_BP_PATCH_MAX];
} vm;


static WASMInterpFrame *frame_n(uint16_t n);

/* ---- runtime setup ------------------------------------------------------------------------ */

int nrfw_vm_wamr_init(void *heap, uint32_t heap_size)
{
	RuntimeInitArgs args;

	memset(&args, 0, sizeof(args));
	if (heap) {
		args.mem_alloc_type = Alloc_With_Pool;
		args.mem_alloc_option.pool.heap_buf = heap;
		args.mem_alloc_option.pool.heap_size = heap_size;
	} else {
		args.mem_alloc_type = Alloc_With_System_Allocator;
	}
	if (!wasm_runtime_full_init(&args)) {
		return -1;
	}
	return nrfw_vm_wamr_register_natives() ? 0 : -1;
}

uint32_t nrfw_vm_wamr_free_memory(void)
{
	mem_alloc_info_t info;

	if (wasm_runtime_get_mem_alloc_info(&info)) {
		return info.total_free_size;
	}
	return 0;
}

/* Copies a module into runtime memory: WAMR runs code in place and rewrites it. */
static uint8_t *copy_module(const struct nrfw_module *m)
{
	uint8_t *buf = wasm_runtime_malloc(m->size ? m->size : 1);

	if (buf && nrfw_module_read(m, 0, buf, m->size)) {
		wasm_runtime_free(buf);
		buf = NULL;
	}
	return buf;
}

int nrfw_vm_validate(const struct nrfw_module *m, char *err, size_t err_len)
{
	uint8_t *buf = copy_module(m);
	wasm_module_t mod;

	if (!buf) {
		strncpy(err, "out of memory for the module", err_len - 1);
		err[err_len - 1] = '\0';
		return -1;
	}
	mod = wasm_runtime_load(buf, m->size, err, (uint32_t)err_len);
	if (mod) {
		wasm_runtime_unload(mod);
	}
	wasm_runtime_free(buf);
	return mod ? 0 : -1;
}

/* WAMR's exception text without its "Exception: " prefix. */
static const char *exception_text(WASMModuleInstance *inst)
{
	const char *e = wasm_runtime_get_exception((wasm_module_inst_t)inst);

	if (!e) {
		return "";
	}
	return strncmp(e, "Exception: ", 11) == 0 ? e + 11 : e;
}

static void set_message(struct nrfw_vm_result *res, const char *text)
{
	strncpy(res->message, text, sizeof(res->message) - 1);
	res->message[sizeof(res->message) - 1] = '\0';
}

static wasm_function_inst_t find_entry(wasm_module_inst_t inst, const char *entry,
				       size_t entry_len, bool *none_needed)
{
	char name[NRFW_ENTRY_MAX + 1];

	*none_needed = false;
	if (entry_len) {
		if (entry_len > NRFW_ENTRY_MAX) {
			return NULL;
		}
		memcpy(name, entry, entry_len);
		name[entry_len] = '\0';
		return wasm_runtime_lookup_function(inst, name);
	}
	/* docs/protocol.md's order: a start function is the entry (it ran while instantiating);
	 * else _start, else main.
	 */
	if (((WASMModuleInstance *)inst)->module->start_function != (uint32)-1) {
		*none_needed = true;
		return NULL;
	}
	wasm_function_inst_t f = wasm_runtime_lookup_function(inst, "_start");

	if (!f) {
		f = wasm_runtime_lookup_function(inst, "main");
	}
	return f;
}

void nrfw_vm_run(const struct nrfw_module *m, const char *entry, size_t entry_len,
		 struct nrfw_vm_result *res)
{
	char err[96];
	wasm_module_t mod = NULL;
	wasm_module_inst_t inst = NULL;
	wasm_exec_env_t env = NULL;
	wasm_function_inst_t fn;
	wasm_val_t args[8], results[1];
	uint32_t nargs, nresults;
	bool none_needed;

	memset(res, 0, sizeof(*res));
	memset(&vm, 0, sizeof(vm));
	err[0] = '\0';
	vm.code = copy_module(m);
	vm.size = m->size;
	if (!vm.code) {
		res->end = NRFW_VM_LOAD_FAILED;
		set_message(res, "out of memory for the module");
		return;
	}
	mod = wasm_runtime_load(vm.code, m->size, err, sizeof(err));
	if (!mod) {
		res->end = NRFW_VM_LOAD_FAILED;
		set_message(res, err);
		goto out;
	}
	nrfw_agent_loaded(); /* breakpoints go in before any code runs (start function) */
	inst = wasm_runtime_instantiate(mod, NRFW_WAMR_STACK_SIZE, NRFW_WAMR_APP_HEAP_SIZE, err,
					sizeof(err));
	if (!inst) {
		/* The start function trapped or was stopped, or memory ran out. */
		res->end = vm.terminating ? vm.end : NRFW_VM_LOAD_FAILED;
		res->code = vm.code_;
		set_message(res, err);
		goto out;
	}
	vm.inst = (WASMModuleInstance *)inst;
	fn = find_entry(inst, entry, entry_len, &none_needed);
	if (!fn) {
		res->end = none_needed ? NRFW_VM_RETURNED : NRFW_VM_NO_EXPORT;
		if (!none_needed) {
			set_message(res, "entry function not found");
		}
		goto out;
	}
	env = wasm_runtime_create_exec_env(inst, NRFW_WAMR_STACK_SIZE);
	if (!env) {
		res->end = NRFW_VM_LOAD_FAILED;
		set_message(res, "out of memory for the exec env");
		goto out;
	}
	/* Entries with parameters get zeros: a debugger run has no arguments to give. */
	nargs = wasm_func_get_param_count(fn, inst);
	nresults = wasm_func_get_result_count(fn, inst);
	if (nargs > 8 || nresults > 1) {
		res->end = NRFW_VM_NO_EXPORT;
		set_message(res, "entry must take at most 8 parameters and return at most 1 value");
		goto out;
	}
	{
		wasm_valkind_t kinds[8];

		wasm_func_get_param_types(fn, inst, kinds);
		memset(args, 0, sizeof(args));
		for (uint32_t i = 0; i < nargs; i++) {
			args[i].kind = kinds[i];
		}
	}
	memset(results, 0, sizeof(results));
	if (wasm_runtime_call_wasm_a(env, fn, nresults, results, nargs, args)) {
		res->end = NRFW_VM_RETURNED;
		res->code = nresults && results[0].kind == WASM_I32 ? results[0].of.i32 : 0;
	} else if (vm.terminating) {
		res->end = vm.end;
		res->code = vm.code_;
	} else {
		res->end = NRFW_VM_TRAP;
		set_message(res, exception_text(vm.inst));
	}
out:
	if (env) {
		wasm_runtime_destroy_exec_env(env);
	}
	if (inst) {
		wasm_runtime_deinstantiate(inst);
	}
	if (mod) {
		wasm_runtime_unload(mod);
	}
	wasm_runtime_free(vm.code);
	memset(&vm, 0, sizeof(vm));
}

void nrfw_vm_terminate(uint8_t end, int32_t code)
{
	WASMModuleInstance *inst = vm.env ? (WASMModuleInstance *)vm.env->module_inst : vm.inst;

	vm.terminating = true;
	vm.end = end;
	vm.code_ = code;
	if (inst) {
		wasm_runtime_set_exception((wasm_module_inst_t)inst,
					   end == NRFW_VM_EXIT ? "exit" : "stopped by the debugger");
	}
}

/* ---- the hook ----------------------------------------------------------------------------- */

void nrfw_vm_wamr_enter_native(wasm_exec_env_t env)
{
	vm.env = env;
	vm.in_instr = false;
}

#if NRFW_WAMR_HOOK
/* Data breakpoints (kept across runs, like the agent's table) and whether every opcode reaches
 * the hook (then nothing is filtered here). */
static struct nrfw_vm_watch watch[NRFW_DATA_BP_MAX];
static uint8_t nwatch;
static uint64_t watch_lo, watch_hi; /* all watches lie in [lo, hi): one compare rejects most */
static volatile bool attention_all;

void nrfw_vm_attention(bool on)
{
	attention_all = on;
	wasm_interp_set_debug_attention(on);
}

void nrfw_vm_watch(const struct nrfw_vm_watch *w, uint8_t n)
{
	uint8_t ops[32] = { 0 };
	uint8_t access = 0;

	nwatch = 0;
	watch_lo = UINT64_MAX;
	watch_hi = 0;
	for (uint8_t i = 0; i < n && nwatch < NRFW_DATA_BP_MAX; i++) {
		if (w[i].len) {
			watch[nwatch++] = w[i];
			access |= w[i].access;
			watch_lo = w[i].addr < watch_lo ? w[i].addr : watch_lo;
			watch_hi = (uint64_t)w[i].addr + w[i].len > watch_hi
					   ? (uint64_t)w[i].addr + w[i].len
					   : watch_hi;
		}
	}
	/* Loads 0x28..0x35, stores 0x36..0x3e, 0xfc: memory.init/copy/fill (copy reads too). */
	for (unsigned op = 0x28; op <= 0x3e; op++) {
		if (access & (op <= 0x35 ? NWP_ACCESS_READ : NWP_ACCESS_WRITE)) {
			ops[op / 8] |= (uint8_t)(1u << (op % 8));
		}
	}
	if (access) {
		ops[0xfc / 8] |= (uint8_t)(1u << (0xfc % 8));
	}
	/* Loads and stores outside [lo, hi) are then turned away by a compare in the interpreter,
	 * before any call: a store-heavy loop keeps near its speed. */
	wasm_interp_set_debug_watch_range(watch_lo, watch_hi);
	wasm_interp_set_debug_ops(ops);
}

static inline uint32_t leb_u32(const uint8_t **p)
{
	uint32_t v = 0;

	if (!(**p & 0x80)) {
		return *(*p)++; /* the usual one-byte immediate */
	}

	for (unsigned shift = 0; shift < 35; shift += 7) {
		uint8_t b = *(*p)++;

		v |= (uint32_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			break;
		}
	}
	return v;
}

static inline bool watched(uint8_t kind, uint64_t lo, uint64_t len)
{
	if (lo >= watch_hi || lo + len <= watch_lo) {
		return false;
	}
	for (uint8_t i = 0; i < nwatch; i++) {
		if ((watch[i].access & kind) && len && lo < (uint64_t)watch[i].addr + watch[i].len &&
		    watch[i].addr < lo + len) {
			return true;
		}
	}
	return false;
}

/* Whether the memory instruction at ip touches a watched range. The operand stack is synced
 * (frame->sp = one past the top cell). The agent checks a hit again, exactly. Out of line: the
 * hook's path for breakpoints stays short. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static bool touches_watch(const uint8_t *ip, const uint32_t *sp)
{
	/* Access size and the value's cells (stores) of 0x28..0x3e. */
	static const uint8_t size[] = { 4, 8, 4, 8, 1, 1, 2, 2, 1, 1, 2, 2, 4, 4,
					4, 8, 4, 8, 1, 2, 1, 2, 4 };
	static const uint8_t cells[] = { 1, 2, 1, 2, 1, 1, 2, 2, 2 };
	const uint8_t *p = ip + 1;
	uint8_t op = ip[0];

	if (op >= 0x28 && op <= 0x3e) {
		uint32_t off;

		(void)leb_u32(&p); /* alignment */
		off = leb_u32(&p);
		if (op <= 0x35) {
			return watched(NWP_ACCESS_READ, (uint64_t)sp[-1] + off, size[op - 0x28]);
		}
		return watched(NWP_ACCESS_WRITE, (uint64_t)sp[-1 - cells[op - 0x36]] + off,
			       size[op - 0x28]);
	}
	if (op == 0xfc) {
		switch (leb_u32(&p)) {
		case 0x08: /* memory.init: [dest, src, n] */
		case 0x0b: /* memory.fill: [dest, value, n] */
			return watched(NWP_ACCESS_WRITE, sp[-3], sp[-1]);
		case 0x0a: /* memory.copy: [dest, src, n] */
			return watched(NWP_ACCESS_WRITE, sp[-3], sp[-1]) ||
			       watched(NWP_ACCESS_READ, sp[-2], sp[-1]);
		default:
			return false;
		}
	}
	return false;
}

int wasm_debug_hook_instruction(struct WASMExecEnv *exec_env, uint8 *ip)
{
	int rc;

	if (!vm.code || ip < vm.code || ip >= vm.code + vm.size) {
		return 0; /* not the module we run (cannot happen with one module at a time) */
	}
	if (!attention_all && *ip != BREAK_OPCODE &&
	    !touches_watch(ip, exec_env->cur_frame->sp)) {
		return 0; /* a memory access routed here for data breakpoints, outside them */
	}
	vm.env = exec_env;
	vm.in_instr = true;
	/* Frames live in one upward-growing stack: the address orders them by depth. */
	rc = nrfw_agent_hook((uint32_t)(ip - vm.code), (uintptr_t)exec_env->cur_frame);
	vm.in_instr = false;
	if (rc < 0) {
		nrfw_vm_terminate(NRFW_VM_STOPPED, 0);
		return -1;
	}
	return rc == NRFW_HOOK_RUN_UNDER_BREAK ? 1 : 0;
}

void wasm_debug_hook_trap(struct WASMExecEnv *exec_env)
{
	WASMModuleInstance *inst = (WASMModuleInstance *)exec_env->module_inst;

	if (vm.terminating || !vm.code) {
		return;
	}
	vm.env = exec_env;
	vm.in_instr = false;
	nrfw_agent_trap(exception_text(inst));
	vm.trap_cells = 0;
	if (vm.terminating) {
		/* stopped while inspecting the trap: still the module's trap */
		vm.terminating = false;
	}
}

uint8 wasm_debug_hook_orig_opcode(struct WASMExecEnv *exec_env, const uint8 *ip)
{
	uint32_t off = (uint32_t)(ip - vm.code);

	/* A breakpoint that runs on in a loop asks for the same entry each time. */
	if (vm.last_patch < vm.npatch && vm.patch[vm.last_patch].off == off) {
		return vm.patch[vm.last_patch].orig;
	}
	for (uint16_t i = 0; i < vm.npatch; i++) {
		if (vm.patch[i].off == off) {
			vm.last_patch = i;
			return vm.patch[i].orig;
		}
	}
	return *ip;
}

int nrfw_vm_bp_insert(uint32_t off)
{
	if (!vm.code || off >= vm.size || vm.npatch == NRFW_BP_PATCH_MAX) {
		return -1;
	}
	for (uint16_t i = 0; i < vm.npatch; i++) {
		if (vm.patch[i].off == off) {
			return 0;
		}
	}
	vm.patch[vm.npatch].off = off;
	vm.patch[vm.npatch].orig = vm.code[off];
	vm.npatch++;
	vm.code[off] = BREAK_OPCODE;
	return 0;
}

int nrfw_vm_bp_remove(uint32_t off)
{
	for (uint16_t i = 0; i < vm.npatch; i++) {
		if (vm.patch[i].off == off) {
			vm.code[off] = vm.patch[i].orig;
			vm.patch[i] = vm.patch[--vm.npatch];
			return 0;
		}
	}
	return -1;
}
int nrfw_vm_return_pc(uint16_t frame, uint32_t *pc)
{
	WASMInterpFrame *f = frame_n(frame);

	/* A caller's ip is where it resumes (set when it made the call). */
	if (!f || !f->ip || f->ip < vm.code || f->ip >= vm.code + vm.size) {
		return -1;
	}
	*pc = (uint32_t)(f->ip - vm.code);
	return 0;
}
#else
void nrfw_vm_attention(bool on)
{
	(void)on;
}

void nrfw_vm_watch(const struct nrfw_vm_watch *w, uint8_t n)
{
	(void)w;
	(void)n;
}

int nrfw_vm_return_pc(uint16_t frame, uint32_t *pc)
{
	(void)frame;
	(void)pc;
	return -1;
}

int nrfw_vm_bp_insert(uint32_t off)
{
	(void)off;
	return -1;
}

int nrfw_vm_bp_remove(uint32_t off)
{
	(void)off;
	return -1;
}
#endif

/* ---- inspection --------------------------------------------------------------------------- */

static bool is_wasm_frame(const WASMInterpFrame *f)
{
	return f->function && !f->function->is_import_func;
}

static WASMInterpFrame *frame_n(uint16_t n)
{
	WASMInterpFrame *f = vm.env ? vm.env->cur_frame : NULL;

	for (; f; f = f->prev_frame) {
		if (is_wasm_frame(f) && n-- == 0) {
			return f;
		}
	}
	return NULL;
}

uint16_t nrfw_vm_depth(void)
{
	uint16_t n = 0;

	for (WASMInterpFrame *f = vm.env ? vm.env->cur_frame : NULL; f; f = f->prev_frame) {
		n += is_wasm_frame(f);
	}
	return n;
}

int nrfw_vm_frame(uint16_t frame, uint32_t *func, uint32_t *pc, bool *pc_after)
{
	WASMInterpFrame *f = frame_n(frame);
	WASMModuleInstance *inst;

	if (!f || !f->ip || f->ip < vm.code || f->ip > vm.code + vm.size) {
		return -1;
	}
	inst = (WASMModuleInstance *)vm.env->module_inst;
	*func = (uint32_t)(f->function - inst->e->functions);
	*pc = (uint32_t)(f->ip - vm.code);
	/* Only the hook sees an instruction start; callers hold return addresses, a trap or a
	 * native call leaves ip somewhere past its instruction's opcode. */
	*pc_after = !(vm.in_instr && f == vm.env->cur_frame);
	return 0;
}

static uint8_t cells_of(uint8_t type)
{
	return (type == VALUE_TYPE_I64 || type == VALUE_TYPE_F64) ? 2 : 1;
}

/* One past the top operand cell of frame `n`. At a trap the innermost frame counts the cells the
 * trapping instruction popped (POP only moves sp: WAMR leaves them as they were). */
static uint32_t *stack_top(WASMInterpFrame *f, uint16_t n)
{
	return n == 0 && f->sp + vm.trap_cells <= f->sp_boundary ? f->sp + vm.trap_cells : f->sp;
}

/* Where a value lives, and its type. */
static uint32_t *value_at(uint8_t scope, uint16_t frame, uint16_t index, uint8_t *type)
{
	WASMInterpFrame *f;
	WASMFunctionInstance *fn;

	if (scope == NWP_SCOPE_GLOBALS) {
		WASMModuleInstance *inst = vm.env ? (WASMModuleInstance *)vm.env->module_inst
						  : vm.inst;

		if (!inst || index >= inst->e->global_count) {
			return NULL;
		}
		*type = inst->e->globals[index].type;
		return (uint32_t *)(inst->global_data + inst->e->globals[index].data_offset);
	}
	f = frame_n(frame);
	if (!f) {
		return NULL;
	}
	fn = f->function;
	if (scope == NWP_SCOPE_LOCALS) {
		if (index >= fn->param_count + fn->local_count) {
			return NULL;
		}
		*type = index < fn->param_count ? fn->param_types[index]
						: fn->local_types[index - fn->param_count];
		return f->lp + fn->local_offsets[index];
	}
	/* Operand stack: the classic interpreter keeps untyped 32-bit cells, so they are shown
	 * as i32 (an i64 or f64 takes two). */
	if (f->sp < f->sp_bottom || index >= stack_top(f, frame) - f->sp_bottom) {
		return NULL;
	}
	*type = VALUE_TYPE_I32;
	return f->sp_bottom + index;
}

uint16_t nrfw_vm_value_count(uint8_t scope, uint16_t frame)
{
	WASMInterpFrame *f;

	if (scope == NWP_SCOPE_GLOBALS) {
		WASMModuleInstance *inst = vm.env ? (WASMModuleInstance *)vm.env->module_inst
						  : vm.inst;

		return inst ? (uint16_t)inst->e->global_count : 0;
	}
	f = frame_n(frame);
	if (!f) {
		return 0;
	}
	if (scope == NWP_SCOPE_LOCALS) {
		return (uint16_t)(f->function->param_count + f->function->local_count);
	}
	return f->sp >= f->sp_bottom ? (uint16_t)(stack_top(f, frame) - f->sp_bottom) : 0;
}

void nrfw_vm_trap_operands(uint16_t cells)
{
	vm.trap_cells = cells;
}

int nrfw_vm_local0(void *ctx, uint16_t index, uint8_t *type, uint64_t *bits)
{
	WASMInterpFrame *f;
	WASMFunctionInstance *fn;
	uint32_t *p;

	(void)ctx;
	if (!vm.in_instr) {
		p = value_at(NWP_SCOPE_LOCALS, 0, index, type);
	} else {
		/* Inside the hook the current frame is the wasm one: no walk. */
		f = vm.env->cur_frame;
		fn = f->function;
		if (index >= fn->param_count + fn->local_count) {
			return -1;
		}
		*type = index < fn->param_count ? fn->param_types[index]
						: fn->local_types[index - fn->param_count];
		p = f->lp + fn->local_offsets[index];
	}
	if (!p) {
		return -1;
	}
	/* Cells in little-endian order (hosts and Cortex-M). */
	*bits = cells_of(*type) == 2 ? (uint64_t)p[0] | (uint64_t)p[1] << 32 : p[0];
	return 0;
}

int nrfw_vm_value_get(uint8_t scope, uint16_t frame, uint16_t index, struct nrfw_value *out)
{
	uint8_t type;
	uint32_t *p = value_at(scope, frame, index, &type);

	if (!p) {
		return -1;
	}
	out->type = type;
	out->bits = 0;
	/* Cells in little-endian order (hosts and Cortex-M), as memcpy would; without its loop. */
	out->bits = cells_of(type) == 2 ? (uint64_t)p[0] | (uint64_t)p[1] << 32 : p[0];
	return 0;
}

int nrfw_vm_value_set(uint8_t scope, uint16_t frame, uint16_t index, const struct nrfw_value *v)
{
	uint8_t type;
	uint32_t *p = value_at(scope, frame, index, &type);

	if (!p || type != v->type) {
		return -1;
	}
	if (scope == NWP_SCOPE_GLOBALS) {
		WASMModuleInstance *inst = vm.env ? (WASMModuleInstance *)vm.env->module_inst
						  : vm.inst;

		if (!inst->e->globals[index].is_mutable) {
			return -1; /* immutable globals may have been folded into code */
		}
	}
	memcpy(p, &v->bits, cells_of(type) * 4u);
	return 0;
}

void nrfw_vm_memory(uint8_t **base, uint32_t *size)
{
	WASMModuleInstance *inst = vm.env ? (WASMModuleInstance *)vm.env->module_inst : vm.inst;
	WASMMemoryInstance *mem = inst ? wasm_get_default_memory(inst) : NULL;

	*base = mem ? mem->memory_data : NULL;
	*size = mem ? (uint32_t)mem->memory_data_size : 0;
}
