/* Wasm scanning over the stored module: function spans, snapping, previous instruction. */
#include "nrf_wasm/sha256.h"
#include "nrf_wasm/protocol.h"
#include "ram_platform.h"
#include "store.h"
#include "test_module.h"
#include "tinytest.h"
#include "vm_double.h"
#include "wasm_scan.h"

static struct nrfw_store st;
static struct nrfw_module mod;
static struct nrfw_scan sc;

static void put(const uint8_t *d, uint32_t n)
{
	struct nrfw_sha256 s;
	uint8_t h[32];
	uint32_t r, got;
	char err[64];

	nrfw_sha256_init(&s);
	nrfw_sha256_update(&s, d, n);
	nrfw_sha256_final(&s, h);
	nrfw_store_init(&st);
	nrfw_store_begin(&st, n, h, 256, &r);
	nrfw_store_chunk(&st, 0, d, n, &got);
	nrfw_store_commit(&st, err, sizeof(err));
	nrfw_store_active(&st, &mod);
}

void tt_setup(void)
{
	ram_platform_reset();
	vd_reset();
	put(test_module, sizeof(test_module));
	nrfw_scan_init(&sc, &mod);
}

TEST(scan_finds_sections)
{
	CHECK_EQ(nrfw_scan_init(&sc, &mod), 0);
	CHECK_EQ(sc.func_imports, 1);
	CHECK_EQ(sc.func_count, 3);
	CHECK_EQ(sc.code_start, 71);
	CHECK_EQ(sc.code_end, 108);
	CHECK(!sc.has_start);
}

TEST(scan_func_spans)
{
	struct nrfw_func_span f;

	CHECK_EQ(nrfw_scan_func_at(&sc, 71, &f), 0);
	CHECK_EQ(f.index, 1);
	CHECK_EQ(f.first_instr, 75);
	CHECK_EQ(f.end, 81);
	CHECK_EQ(nrfw_scan_func_at(&sc, 99, &f), 0);
	CHECK_EQ(f.index, 2);
	CHECK_EQ(f.start, 81);
	CHECK_EQ(nrfw_scan_func_at(&sc, 107, &f), 0);
	CHECK_EQ(f.index, 3);
	CHECK(nrfw_scan_func_at(&sc, 108, &f) != 0);
	CHECK(nrfw_scan_func_at(&sc, 70, &f) != 0);
	CHECK(nrfw_scan_func_at(&sc, 0, &f) != 0);
}

TEST(scan_snaps_forward_to_instructions)
{
	CHECK_EQ(nrfw_scan_snap(&sc, 75), 75);
	CHECK_EQ(nrfw_scan_snap(&sc, 76), 77); /* inside local.get's immediate */
	CHECK_EQ(nrfw_scan_snap(&sc, 71), 75); /* body size and locals: first instruction */
	CHECK_EQ(nrfw_scan_snap(&sc, 97), 99); /* memarg of the store */
	CHECK_EQ(nrfw_scan_snap(&sc, 99), 99); /* final end */
	CHECK_EQ(nrfw_scan_snap(&sc, 107), 107);
	CHECK_EQ(nrfw_scan_snap(&sc, 108), NRFW_NO_PC);
	CHECK_EQ(nrfw_scan_snap(&sc, 10), NRFW_NO_PC);
	CHECK_EQ(nrfw_scan_snap(&sc, 0xfffffff0u), NRFW_NO_PC);
}

TEST(scan_is_instr)
{
	CHECK(nrfw_scan_is_instr(&sc, 87));
	CHECK(!nrfw_scan_is_instr(&sc, 88));
	CHECK(!nrfw_scan_is_instr(&sc, 81));
	CHECK(!nrfw_scan_is_instr(&sc, NRFW_NO_PC));
}

TEST(scan_prev_finds_call_and_trapping_instruction)
{
	CHECK_EQ(nrfw_scan_prev(&sc, 89), 87); /* return address after `call` */
	CHECK_EQ(nrfw_scan_prev(&sc, 107), 106); /* div_s, ip after its opcode */
	CHECK_EQ(nrfw_scan_prev(&sc, 98), 96);   /* ip inside the store's memarg */
	CHECK_EQ(nrfw_scan_prev(&sc, 75), NRFW_NO_PC);
	CHECK_EQ(nrfw_scan_prev(&sc, 0), NRFW_NO_PC);
}

TEST(scan_exports_and_entry)
{
	CHECK(nrfw_scan_has_export(&sc, "main", 4));
	CHECK(nrfw_scan_has_export(&sc, "crash", 5));
	CHECK(!nrfw_scan_has_export(&sc, "mai", 3));
	CHECK(!nrfw_scan_has_export(&sc, "mainx", 5));
	CHECK(nrfw_scan_entry_ok(&sc, "", 0)); /* main */
	CHECK(!nrfw_scan_entry_ok(&sc, "nope", 4));
}

TEST(scan_memory_access)
{
	struct nrfw_mem_access a;

	CHECK_EQ(nrfw_scan_mem_access(&sc, 96, &a), 0);
	CHECK_EQ(a.kind, NWP_ACCESS_WRITE);
	CHECK_EQ(a.size, 4);
	CHECK_EQ(a.offset, 16);
	CHECK_EQ(a.addr_slot, 1);
	CHECK_EQ(nrfw_scan_mem_access(&sc, 91, &a), 0);
	CHECK_EQ(a.kind, 0);
}

TEST(scan_rejects_non_wasm)
{
	/* the VM double only checks the magic; the scanner also wants version 1 */
	static const uint8_t junk[16] = { 0, 'a', 's', 'm', 2, 0, 0, 0, 1, 2, 3 };

	put(junk, sizeof(junk));
	CHECK(nrfw_scan_init(&sc, &mod) != 0);
	CHECK_EQ(nrfw_scan_snap(&sc, 3), NRFW_NO_PC);
}

/* Truncated modules must fail cleanly, never read past the module. */
TEST(scan_truncated_modules)
{
	for (uint32_t n = 8; n < sizeof(test_module); n++) {
		struct nrfw_func_span f;

		ram_platform_reset();
		put(test_module, n);
		if (nrfw_scan_init(&sc, &mod) == 0) {
			for (uint32_t off = 0; off < n + 4; off++) {
				uint32_t s = nrfw_scan_snap(&sc, off);

				CHECK(s == NRFW_NO_PC || s < n);
				nrfw_scan_func_at(&sc, off, &f);
				nrfw_scan_prev(&sc, off);
			}
		}
	}
}

/* Every instruction kind the scanner knows, in one body: lengths must add up. */
TEST(scan_instruction_lengths)
{
	static const uint8_t body_instrs[] = {
		0x02, 0x40,                   /* block */
		0x03, 0x7f,                   /* loop (result i32) */
		0x41, 0xff, 0xff, 0xff, 0xff, 0x07, /* i32.const big */
		0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, /* i64.const */
		0x43, 0, 0, 0, 0,             /* f32.const */
		0x44, 0, 0, 0, 0, 0, 0, 0, 0, /* f64.const */
		0x0e, 0x02, 0x00, 0x01, 0x00, /* br_table */
		0x11, 0x00, 0x00,             /* call_indirect */
		0x1c, 0x01, 0x7f,             /* select t */
		0x28, 0x02, 0x80, 0x01,       /* i32.load offset=128 */
		0x3f, 0x00,                   /* memory.size */
		0xfc, 0x0a, 0x00, 0x00,       /* memory.copy */
		0xfc, 0x0b, 0x00,             /* memory.fill */
		0xfc, 0x08, 0x00, 0x00,       /* memory.init */
		0xfc, 0x00,                   /* i32.trunc_sat_f32_s */
		0xd0, 0x70,                   /* ref.null func */
		0xd2, 0x00,                   /* ref.func */
		0x0b,
	};
	static const uint32_t starts[] = { 0, 2, 4, 10, 21, 26, 35, 40, 43, 46, 50, 52, 56, 59, 63, 65, 67, 69 };
	static uint8_t m[256];
	uint32_t n = 0, base;

	memcpy(m, test_module, 8);
	n = 8;
	m[n++] = 0x0a; /* code section */
	m[n++] = (uint8_t)(sizeof(body_instrs) + 3);
	m[n++] = 1; /* one body */
	m[n++] = (uint8_t)(sizeof(body_instrs) + 1);
	m[n++] = 0; /* no locals */
	base = n;
	memcpy(m + n, body_instrs, sizeof(body_instrs));
	n += sizeof(body_instrs);
	put(m, n);
	REQUIRE(nrfw_scan_init(&sc, &mod) == 0);
	for (size_t i = 0; i < sizeof(starts) / sizeof(starts[0]); i++) {
		/* block and loop (0, 2) are no stop places: they snap to the i32.const after them. */
		uint32_t want = base + (starts[i] < 4 ? 4 : starts[i]);

		CHECK_EQ(nrfw_scan_snap(&sc, base + starts[i]), want);
		CHECK_EQ(nrfw_scan_is_instr(&sc, base + starts[i]), starts[i] >= 4);
		if (starts[i] > 0) {
			CHECK_EQ(nrfw_scan_snap(&sc, base + starts[i] - 1), want);
			/* prev still walks every instruction, structure included */
			CHECK_EQ(nrfw_scan_prev(&sc, base + starts[i]), base + starts[i - 1]);
		}
	}
	/* cells popped before a trap: call_indirect, i32.load, memory.copy/fill/init; none for a const */
	CHECK_EQ(nrfw_scan_trap_cells(&sc, base + 40), 1);
	CHECK_EQ(nrfw_scan_trap_cells(&sc, base + 46), 1);
	CHECK_EQ(nrfw_scan_trap_cells(&sc, base + 52), 3);
	CHECK_EQ(nrfw_scan_trap_cells(&sc, base + 56), 3);
	CHECK_EQ(nrfw_scan_trap_cells(&sc, base + 59), 3);
	CHECK_EQ(nrfw_scan_trap_cells(&sc, base + 4), 0);
	CHECK_EQ(nrfw_scan_trap_cells(&sc, NRFW_NO_PC), 0);
	{
		struct nrfw_mem_access a;

		CHECK_EQ(nrfw_scan_mem_access(&sc, base + 52, &a), 0); /* memory.copy */
		CHECK_EQ(a.kind, NWP_ACCESS_WRITE);
		CHECK_EQ(a.addr_slot, 2);
		CHECK_EQ(a.src_slot, 1);
		CHECK_EQ(nrfw_scan_mem_access(&sc, base + 46, &a), 0); /* i32.load */
		CHECK_EQ(a.kind, NWP_ACCESS_READ);
		CHECK_EQ(a.offset, 128);
	}
}
