/* Breakpoint programs (cond.c): the checker's rules and the interpreter's arithmetic. */
#include <string.h>

#include "cond.h"
#include "nrf_wasm/protocol.h"
#include "ram_platform.h"
#include "tinytest.h"
#include "vm_double.h"

void tt_setup(void)
{
	ram_platform_reset();
	vd_reset();
}

static uint8_t mem[16] = { 1, 0xff, 0x34, 0x12, 0, 0, 0xc0, 0x3f };

static int loc(void *ctx, uint16_t i, uint8_t *type, uint64_t *bits)
{
	(void)ctx;
	if (i > 1) {
		return -1;
	}
	*type = i == 0 ? 0x7f : 0x7e; /* local 0: i32 -7, local 1: i64 1 << 40 */
	*bits = i == 0 ? (uint32_t)-7 : (uint64_t)1 << 40;
	return 0;
}

static int glob(void *ctx, uint16_t i, uint8_t *type, uint64_t *bits)
{
	float f = 2.5f;
	uint32_t b;

	(void)ctx;
	if (i != 0) {
		return -1;
	}
	memcpy(&b, &f, 4);
	*type = 0x7d;
	*bits = b;
	return 0;
}

static const struct nrfw_cond_env env = { loc, glob, NULL, mem, sizeof(mem) };

#define I64(v)                                                                                     \
	NRFW_C_I64, (uint8_t)(v), (uint8_t)((uint64_t)(v) >> 8), (uint8_t)((uint64_t)(v) >> 16),   \
		(uint8_t)((uint64_t)(v) >> 24), (uint8_t)((uint64_t)(v) >> 32),                     \
		(uint8_t)((uint64_t)(v) >> 40), (uint8_t)((uint64_t)(v) >> 48),                     \
		(uint8_t)((uint64_t)(v) >> 56)

/* Runs a condition; returns its integer result, or -999 on a runtime error. */
static int64_t eval(const uint8_t *p, uint16_t n)
{
	struct nrfw_cond_val out[NRFW_COND_EMIT_MAX];
	uint8_t k;

	CHECK_EQ(nrfw_cond_check(p, n, false), 0);
	if (nrfw_cond_run(p, n, &env, out, &k)) {
		return -999;
	}
	CHECK_EQ(k, 1);
	return out[0].is_f ? (int64_t)(out[0].d * 1000) : out[0].i;
}

TEST(cond_arithmetic_is_wrapping_int64_and_double)
{
	static const uint8_t add[] = { NRFW_C_LOCAL, 0, 0, I64(10), NRFW_C_ADD };
	static const uint8_t wrap[] = { I64(INT64_MAX), I64(1), NRFW_C_ADD, I64(0), NRFW_C_LT };
	static const uint8_t div[] = { I64(-7), I64(2), NRFW_C_DIV };
	static const uint8_t rem[] = { I64(-7), I64(2), NRFW_C_REM };
	static const uint8_t min_div[] = { I64(INT64_MIN), I64(-1), NRFW_C_DIV, I64(INT64_MIN),
					   NRFW_C_EQ };
	static const uint8_t fmix[] = { NRFW_C_GLOBAL, 0, 0, I64(2), NRFW_C_MUL }; /* 2.5 * 2 */
	static const uint8_t shr[] = { I64(-16), I64(2), NRFW_C_SHR };
	static const uint8_t shl[] = { NRFW_C_LOCAL, 1, 0, I64(2), NRFW_C_SHL, I64(1LL << 42),
				       NRFW_C_EQ };

	CHECK_EQ(eval(add, sizeof(add)), 3);
	CHECK_EQ(eval(wrap, sizeof(wrap)), 1);
	CHECK_EQ(eval(div, sizeof(div)), -3);
	CHECK_EQ(eval(rem, sizeof(rem)), -1);
	CHECK_EQ(eval(min_div, sizeof(min_div)), 1);
	CHECK_EQ(eval(fmix, sizeof(fmix)), 5000);
	CHECK_EQ(eval(shr, sizeof(shr)), -4);
	CHECK_EQ(eval(shl, sizeof(shl)), 1);
}

TEST(cond_memory_reads_are_typed_and_bounds_checked)
{
	static const uint8_t u8[] = { I64(1), NRFW_C_LOAD, NRFW_CL_U8 };
	static const uint8_t i8[] = { I64(1), NRFW_C_LOAD, NRFW_CL_I8 };
	static const uint8_t u16[] = { I64(2), NRFW_C_LOAD, NRFW_CL_U16 };
	static const uint8_t f32[] = { I64(4), NRFW_C_LOAD, NRFW_CL_F32 }; /* 0x3fc00000 = 1.5 */
	static const uint8_t last[] = { I64(12), NRFW_C_LOAD, NRFW_CL_U32 };
	static const uint8_t past[] = { I64(13), NRFW_C_LOAD, NRFW_CL_U32 };
	static const uint8_t neg[] = { I64(-1), NRFW_C_LOAD, NRFW_CL_U8 };

	CHECK_EQ(eval(u8, sizeof(u8)), 255);
	CHECK_EQ(eval(i8, sizeof(i8)), -1);
	CHECK_EQ(eval(u16, sizeof(u16)), 0x1234);
	CHECK_EQ(eval(f32, sizeof(f32)), 1500);
	CHECK_EQ(eval(last, sizeof(last)), 0);
	CHECK_EQ(eval(past, sizeof(past)), -999);
	CHECK_EQ(eval(neg, sizeof(neg)), -999);
}

TEST(cond_short_circuit_skips_the_right_side)
{
	/* 0 && u8[1000] : the out-of-bounds read never runs */
	static const uint8_t and0[] = { I64(0), NRFW_C_AND_THEN, 11, I64(1000), NRFW_C_LOAD,
					NRFW_CL_U8, NRFW_C_BOOL };
	static const uint8_t and1[] = { I64(5), NRFW_C_AND_THEN, 9, I64(7), NRFW_C_BOOL };
	static const uint8_t or1[] = { I64(5), NRFW_C_OR_ELSE, 11, I64(1000), NRFW_C_LOAD,
				       NRFW_CL_U8, NRFW_C_BOOL };
	static const uint8_t div0[] = { I64(1), I64(0), NRFW_C_DIV };

	CHECK_EQ(eval(and0, sizeof(and0)), 0);
	CHECK_EQ(eval(and1, sizeof(and1)), 1);
	CHECK_EQ(eval(or1, sizeof(or1)), 1);
	CHECK_EQ(eval(div0, sizeof(div0)), -999);
}

TEST(cond_check_refuses_malformed_programs)
{
	static const uint8_t empty_stack[] = { NRFW_C_ADD };
	static const uint8_t two_left[] = { I64(1), I64(2) };
	static const uint8_t cut[] = { NRFW_C_I64, 1, 2 };
	static const uint8_t unknown[] = { 0x77 };
	static const uint8_t bad_type[] = { I64(1), NRFW_C_LOAD, 10 };
	static const uint8_t mid_jump[] = { I64(0), NRFW_C_AND_THEN, 3, I64(1), NRFW_C_BOOL };
	static const uint8_t far_jump[] = { I64(0), NRFW_C_AND_THEN, 200, I64(1), NRFW_C_BOOL };
	static const uint8_t emit_in_cond[] = { I64(1), NRFW_C_EMIT, I64(1) };
	uint8_t deep[9 * 9];
	uint8_t big[NRFW_COND_PROG_MAX + 1];

	CHECK_EQ(nrfw_cond_check(empty_stack, sizeof(empty_stack), false), -1);
	CHECK_EQ(nrfw_cond_check(two_left, sizeof(two_left), false), -1);
	CHECK_EQ(nrfw_cond_check(cut, sizeof(cut), false), -1);
	CHECK_EQ(nrfw_cond_check(unknown, sizeof(unknown), false), -1);
	CHECK_EQ(nrfw_cond_check(bad_type, sizeof(bad_type), false), -1);
	CHECK_EQ(nrfw_cond_check(mid_jump, sizeof(mid_jump), false), -1);
	CHECK_EQ(nrfw_cond_check(far_jump, sizeof(far_jump), false), -1);
	CHECK_EQ(nrfw_cond_check(emit_in_cond, sizeof(emit_in_cond), false), -1);
	CHECK_EQ(nrfw_cond_check(NULL, 0, false), -1); /* a condition leaves one value */
	CHECK_EQ(nrfw_cond_check(NULL, 0, true), 0);   /* a log program may emit nothing */
	for (int i = 0; i < 9; i++) {
		const uint8_t one[] = { I64(1) };

		memcpy(deep + 9 * i, one, 9);
	}
	CHECK_EQ(nrfw_cond_check(deep, sizeof(deep), false), -1); /* 9 > NRFW_COND_STACK */
	memset(big, NRFW_C_NEG, sizeof(big));
	big[0] = NRFW_C_LOCAL; /* would be fine but for its length */
	CHECK_EQ(nrfw_cond_check(big, sizeof(big), false), -1);
}

TEST(cond_log_program_emits_in_order)
{
	static const uint8_t p[] = { NRFW_C_LOCAL, 0, 0, NRFW_C_EMIT, NRFW_C_GLOBAL, 0, 0,
				     NRFW_C_EMIT, NRFW_C_LOCAL, 9, 0, NRFW_C_EMIT };
	struct nrfw_cond_val out[NRFW_COND_EMIT_MAX];
	uint8_t n;

	CHECK_EQ(nrfw_cond_check(p, sizeof(p), true), 0);
	CHECK_EQ(nrfw_cond_check(p, sizeof(p), false), -1);
	CHECK_EQ(nrfw_cond_run(p, 8, &env, out, &n), 0);
	REQUIRE(n == 2);
	CHECK(!out[0].is_f && out[0].i == -7);
	CHECK(out[1].is_f && out[1].d == 2.5);
	CHECK_EQ(nrfw_cond_run(p, sizeof(p), &env, out, &n), -1); /* local 9 does not exist */
}

TEST(cond_hit_conditions)
{
	CHECK(nrfw_cond_hit_met(NWP_HIT_NONE, 1, 0));
	CHECK(!nrfw_cond_hit_met(NWP_HIT_GE, 2, 3));
	CHECK(nrfw_cond_hit_met(NWP_HIT_GE, 3, 3));
	CHECK(!nrfw_cond_hit_met(NWP_HIT_GT, 3, 3));
	CHECK(nrfw_cond_hit_met(NWP_HIT_EQ, 3, 3));
	CHECK(!nrfw_cond_hit_met(NWP_HIT_EQ, 4, 3));
	CHECK(nrfw_cond_hit_met(NWP_HIT_LT, 2, 3));
	CHECK(nrfw_cond_hit_met(NWP_HIT_LE, 3, 3));
	CHECK(nrfw_cond_hit_met(NWP_HIT_MOD, 6, 3));
	CHECK(!nrfw_cond_hit_met(NWP_HIT_MOD, 7, 3));
	CHECK(!nrfw_cond_hit_met(NWP_HIT_MOD, 7, 0));
}

/* The quick form of a condition answers as the stack machine; other shapes have none. */
static int quick(const uint8_t *p, uint16_t n)
{
	struct nrfw_cond_quick q;
	int64_t full = eval(p, n);

	nrfw_cond_quick_compile(p, n, &q);
	if (!q.op) {
		return -2;
	}
	CHECK_EQ(nrfw_cond_quick_run(&q, &env), full == -999 ? -1 : full != 0);
	return nrfw_cond_quick_run(&q, &env);
}

TEST(cond_quick_form_of_the_usual_shapes_agrees_with_the_stack_machine)
{
	/* local 0 is i32 -7, local 1 is i64 1 << 40, global 0 is f32 2.5 */
	static const uint8_t gt[] = { NRFW_C_LOCAL, 0, 0, I64(-8), NRFW_C_GT };
	static const uint8_t le[] = { NRFW_C_LOCAL, 0, 0, I64(-8), NRFW_C_LE };
	static const uint8_t neg[] = { NRFW_C_LOCAL, 0, 0, I64(7), NRFW_C_NEG, NRFW_C_EQ };
	static const uint8_t rev[] = { I64(1LL << 40), NRFW_C_LOCAL, 1, 0, NRFW_C_GE };
	static const uint8_t two[] = { NRFW_C_LOCAL, 0, 0, NRFW_C_LOCAL, 1, 0, NRFW_C_LT };
	static const uint8_t flt[] = { NRFW_C_GLOBAL, 0, 0, I64(2), NRFW_C_GT }; /* 2.5 > 2 */
	static const uint8_t fne[] = { NRFW_C_GLOBAL, 0, 0, NRFW_C_LOCAL, 0, 0, NRFW_C_NE };
	static const uint8_t bare[] = { NRFW_C_LOCAL, 0, 0 };
	static const uint8_t zero[] = { I64(0) };
	static const uint8_t missing[] = { NRFW_C_LOCAL, 9, 0, I64(1), NRFW_C_EQ };
	static const uint8_t arith[] = { NRFW_C_LOCAL, 0, 0, I64(1), NRFW_C_ADD };
	static const uint8_t both[] = { NRFW_C_LOCAL, 0, 0, I64(1), NRFW_C_GT, NRFW_C_AND_THEN,
					9, I64(1), NRFW_C_BOOL };
	static const uint8_t mem_read[] = { I64(1), NRFW_C_LOAD, NRFW_CL_U8, I64(255), NRFW_C_EQ };

	CHECK_EQ(quick(gt, sizeof(gt)), 1);
	CHECK_EQ(quick(le, sizeof(le)), 0);
	CHECK_EQ(quick(neg, sizeof(neg)), 1);
	CHECK_EQ(quick(rev, sizeof(rev)), 1);
	CHECK_EQ(quick(two, sizeof(two)), 1);
	CHECK_EQ(quick(flt, sizeof(flt)), 1);
	CHECK_EQ(quick(fne, sizeof(fne)), 1);
	CHECK_EQ(quick(bare, sizeof(bare)), 1);
	CHECK_EQ(quick(zero, sizeof(zero)), 0);
	CHECK_EQ(quick(missing, sizeof(missing)), -1);
	CHECK_EQ(quick(arith, sizeof(arith)), -2);
	CHECK_EQ(quick(both, sizeof(both)), -2);
	CHECK_EQ(quick(mem_read, sizeof(mem_read)), -2);
}

