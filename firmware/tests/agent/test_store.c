/* Module store and upload state machine, against RAM flash with power cuts. */
#include "nrf_wasm/sha256.h"
#include "ram_platform.h"
#include "store.h"
#include "test_module.h"
#include "tinytest.h"
#include "vm_double.h"

void tt_setup(void)
{
	ram_platform_reset();
	vd_reset();
}

static void sha(const uint8_t *d, size_t n, uint8_t out[32])
{
	struct nrfw_sha256 s;

	nrfw_sha256_init(&s);
	nrfw_sha256_update(&s, d, n);
	nrfw_sha256_final(&s, out);
}

/* A module of n bytes: the real header so the double validates it, then a pattern. */
static void make(uint8_t *buf, size_t n, uint8_t seed)
{
	for (size_t i = 0; i < n; i++) {
		buf[i] = (uint8_t)(i * 7 + seed);
	}
	memcpy(buf, test_module, 8);
}

/* Uploads in chunks of `chunk`; returns the commit result. */
static int upload(struct nrfw_store *s, const uint8_t *d, uint32_t n, uint32_t chunk)
{
	uint8_t h[32];
	uint32_t resume = 0, got;
	char err[64];
	int rc;

	sha(d, n, h);
	rc = nrfw_store_begin(s, n, h, chunk, &resume);
	if (rc) {
		return rc;
	}
	for (uint32_t off = resume; off < n; off += chunk) {
		rc = nrfw_store_chunk(s, off, d + off, n - off < chunk ? n - off : chunk, &got);
		if (rc) {
			return rc;
		}
	}
	return nrfw_store_commit(s, err, sizeof(err));
}

static bool module_is(const struct nrfw_store *s, const uint8_t *d, uint32_t n)
{
	static uint8_t back[RAM_FLASH_SIZE];
	struct nrfw_module m;

	if (!nrfw_store_active(s, &m) || m.size != n || nrfw_module_read(&m, 0, back, n)) {
		return false;
	}
	return memcmp(back, d, n) == 0;
}

TEST(store_empty_has_no_module)
{
	struct nrfw_store s;
	struct nrfw_module m;

	CHECK_EQ(nrfw_store_init(&s), 0);
	CHECK(!nrfw_store_active(&s, &m));
	CHECK_EQ(nrfw_store_capacity(&s), RAM_FLASH_SIZE / 2 - NRFW_STORE_HDR_SIZE);
}

TEST(store_upload_commit_and_reboot)
{
	static uint8_t a[5000];
	struct nrfw_store s;

	make(a, sizeof(a), 1);
	nrfw_store_init(&s);
	CHECK_EQ(upload(&s, a, sizeof(a), 244), 0);
	CHECK(module_is(&s, a, sizeof(a)));
	CHECK_EQ(s.active, 0); /* an empty store fills slot 0 first */
	nrfw_store_init(&s);   /* reboot */
	CHECK(module_is(&s, a, sizeof(a)));
	CHECK_EQ(ram_flash_violations, 0);
}

TEST(store_put_stores_a_whole_module)
{
	static uint8_t a[3000];
	struct nrfw_store s;
	char err[64];

	make(a, sizeof(a), 9);
	nrfw_store_init(&s);
	CHECK_EQ(nrfw_store_put(&s, a, sizeof(a), err, sizeof(err)), 0);
	CHECK(module_is(&s, a, sizeof(a)));
	CHECK_EQ(ram_flash_violations, 0);
}

TEST(store_alternates_slots_and_keeps_newest)
{
	static uint8_t a[3000], b[7001], c[10];
	struct nrfw_store s;

	make(a, sizeof(a), 1);
	make(b, sizeof(b), 2);
	make(c, sizeof(c), 3);
	nrfw_store_init(&s);
	CHECK_EQ(upload(&s, a, sizeof(a), 200), 0);
	CHECK_EQ(upload(&s, b, sizeof(b), 200), 0);
	CHECK_EQ(s.active, 1);
	CHECK_EQ(upload(&s, c, sizeof(c), 200), 0);
	CHECK_EQ(s.active, 0);
	nrfw_store_init(&s);
	CHECK(module_is(&s, c, sizeof(c)));
	CHECK_EQ(ram_flash_violations, 0);
}

TEST(store_refuses_module_larger_than_slot)
{
	struct nrfw_store s;
	uint8_t h[32] = { 0 };
	uint32_t r;

	nrfw_store_init(&s);
	CHECK_EQ(nrfw_store_begin(&s, nrfw_store_capacity(&s) + 1, h, 64, &r), NWP_ERR_TOO_LARGE);
	CHECK_EQ(nrfw_store_begin(&s, nrfw_store_capacity(&s), h, 64, &r), 0);
}

TEST(store_fills_a_slot_exactly)
{
	static uint8_t a[RAM_FLASH_SIZE / 2 - NRFW_STORE_HDR_SIZE];
	static uint8_t b[100];
	struct nrfw_store s;

	make(a, sizeof(a), 9);
	make(b, sizeof(b), 4);
	nrfw_store_init(&s);
	CHECK_EQ(upload(&s, b, sizeof(b), 64), 0);        /* slot 1 */
	CHECK_EQ(upload(&s, a, sizeof(a), 1000), 0);      /* slot 0, full */
	nrfw_store_init(&s);
	CHECK(module_is(&s, a, sizeof(a)));
	CHECK_EQ(ram_flash_violations, 0);
}

TEST(store_hash_mismatch_keeps_previous)
{
	static uint8_t a[1000], b[1000];
	struct nrfw_store s;
	uint8_t h[32];
	uint32_t r, got;
	char err[64];

	make(a, sizeof(a), 1);
	make(b, sizeof(b), 2);
	nrfw_store_init(&s);
	CHECK_EQ(upload(&s, a, sizeof(a), 100), 0);
	sha(b, sizeof(b), h);
	h[0] ^= 1;
	CHECK_EQ(nrfw_store_begin(&s, sizeof(b), h, 100, &r), 0);
	for (uint32_t off = 0; off < sizeof(b); off += 100) {
		CHECK_EQ(nrfw_store_chunk(&s, off, b + off, 100, &got), 0);
	}
	CHECK_EQ(nrfw_store_commit(&s, err, sizeof(err)), NWP_ERR_HASH_MISMATCH);
	CHECK(module_is(&s, a, sizeof(a)));
	CHECK_EQ(nrfw_store_commit(&s, err, sizeof(err)), NWP_ERR_UPLOAD_SEQUENCE);
}

TEST(store_invalid_module_keeps_previous)
{
	static uint8_t a[1000], b[1000];
	struct nrfw_store s;

	make(a, sizeof(a), 1);
	make(b, sizeof(b), 2);
	nrfw_store_init(&s);
	CHECK_EQ(upload(&s, a, sizeof(a), 100), 0);
	vd_reject = true;
	CHECK_EQ(upload(&s, b, sizeof(b), 100), NWP_ERR_INVALID_MODULE);
	nrfw_store_init(&s);
	CHECK(module_is(&s, a, sizeof(a)));
}

TEST(store_commit_before_all_bytes_is_out_of_sequence)
{
	static uint8_t a[1000];
	struct nrfw_store s;
	uint8_t h[32];
	uint32_t r, got;
	char err[64];

	make(a, sizeof(a), 1);
	sha(a, sizeof(a), h);
	nrfw_store_init(&s);
	CHECK_EQ(nrfw_store_commit(&s, err, sizeof(err)), NWP_ERR_UPLOAD_SEQUENCE);
	CHECK_EQ(nrfw_store_chunk(&s, 0, a, 100, &got), NWP_ERR_UPLOAD_SEQUENCE);
	CHECK_EQ(nrfw_store_begin(&s, sizeof(a), h, 100, &r), 0);
	CHECK_EQ(nrfw_store_chunk(&s, 0, a, 100, &got), 0);
	CHECK_EQ(nrfw_store_commit(&s, err, sizeof(err)), NWP_ERR_UPLOAD_SEQUENCE);
}

TEST(store_go_back_n_acks)
{
	static uint8_t a[1000];
	struct nrfw_store s;
	uint8_t h[32];
	uint32_t r, got;
	char err[64];

	make(a, sizeof(a), 1);
	sha(a, sizeof(a), h);
	nrfw_store_init(&s);
	CHECK_EQ(nrfw_store_begin(&s, sizeof(a), h, 100, &r), 0);
	CHECK_EQ(nrfw_store_chunk(&s, 0, a, 100, &got), 0);
	CHECK_EQ(got, 100);
	/* chunk 100 lost: 200 and 300 are dropped with the same ack */
	CHECK_EQ(nrfw_store_chunk(&s, 200, a + 200, 100, &got), 0);
	CHECK_EQ(got, 100);
	CHECK_EQ(nrfw_store_chunk(&s, 300, a + 300, 100, &got), 0);
	CHECK_EQ(got, 100);
	/* a duplicate of chunk 0 changes nothing */
	CHECK_EQ(nrfw_store_chunk(&s, 0, a, 100, &got), 0);
	CHECK_EQ(got, 100);
	for (uint32_t off = 100; off < sizeof(a); off += 100) {
		CHECK_EQ(nrfw_store_chunk(&s, off, a + off, 100, &got), 0);
		CHECK_EQ(got, off + 100);
	}
	/* past the announced size */
	CHECK_EQ(nrfw_store_chunk(&s, 1000, a, 100, &got), NWP_ERR_UPLOAD_SEQUENCE);
	CHECK_EQ(got, 1000);
	CHECK_EQ(nrfw_store_commit(&s, err, sizeof(err)), 0);
	CHECK(module_is(&s, a, sizeof(a)));
	CHECK_EQ(ram_flash_violations, 0);
}

TEST(store_chunk_beyond_size_is_refused)
{
	static uint8_t a[150];
	struct nrfw_store s;
	uint8_t h[32];
	uint32_t r, got;

	make(a, sizeof(a), 1);
	sha(a, sizeof(a), h);
	nrfw_store_init(&s);
	CHECK_EQ(nrfw_store_begin(&s, sizeof(a), h, 100, &r), 0);
	CHECK_EQ(nrfw_store_chunk(&s, 0, a, 100, &got), 0);
	CHECK_EQ(nrfw_store_chunk(&s, 100, a + 100, 100, &got), NWP_ERR_UPLOAD_SEQUENCE);
	CHECK_EQ(got, 100);
}

TEST(store_resume_same_module_and_restart_other)
{
	static uint8_t a[1000], b[1000];
	struct nrfw_store s;
	uint8_t ha[32], hb[32];
	uint32_t r, got;
	char err[64];

	make(a, sizeof(a), 1);
	make(b, sizeof(b), 2);
	sha(a, sizeof(a), ha);
	sha(b, sizeof(b), hb);
	nrfw_store_init(&s);
	CHECK_EQ(nrfw_store_begin(&s, sizeof(a), ha, 100, &r), 0);
	for (uint32_t off = 0; off < 500; off += 100) {
		nrfw_store_chunk(&s, off, a + off, 100, &got);
	}
	/* link cut; the host says hello again and begins the same module */
	CHECK_EQ(nrfw_store_begin(&s, sizeof(a), ha, 100, &r), 0);
	CHECK_EQ(r, 500);
	/* a host with a bigger chunk resumes from a multiple of it */
	CHECK_EQ(nrfw_store_begin(&s, sizeof(a), ha, 300, &r), 0);
	CHECK_EQ(r, 300);
	for (uint32_t off = r; off < sizeof(a); off += 300) {
		CHECK_EQ(nrfw_store_chunk(&s, off, a + off, sizeof(a) - off < 300 ? sizeof(a) - off : 300, &got), 0);
	}
	CHECK_EQ(got, 1000);
	CHECK_EQ(nrfw_store_commit(&s, err, sizeof(err)), 0);
	CHECK(module_is(&s, a, sizeof(a)));
	/* another module starts over */
	CHECK_EQ(nrfw_store_begin(&s, sizeof(b), hb, 100, &r), 0);
	CHECK_EQ(nrfw_store_chunk(&s, 0, b, 100, &got), 0);
	CHECK_EQ(nrfw_store_begin(&s, sizeof(a), ha, 100, &r), 0);
	CHECK_EQ(r, 0);
	CHECK_EQ(ram_flash_violations, 0);
}

TEST(store_abort_keeps_active)
{
	static uint8_t a[700], b[700];
	struct nrfw_store s;
	uint8_t h[32];
	uint32_t r, got;

	make(a, sizeof(a), 1);
	make(b, sizeof(b), 2);
	nrfw_store_init(&s);
	CHECK_EQ(upload(&s, a, sizeof(a), 100), 0);
	sha(b, sizeof(b), h);
	CHECK_EQ(nrfw_store_begin(&s, sizeof(b), h, 100, &r), 0);
	CHECK_EQ(nrfw_store_chunk(&s, 0, b, 100, &got), 0);
	nrfw_store_abort(&s);
	CHECK_EQ(nrfw_store_chunk(&s, 100, b + 100, 100, &got), NWP_ERR_UPLOAD_SEQUENCE);
	CHECK(module_is(&s, a, sizeof(a)));
	/* after an abort, the same module starts over */
	CHECK_EQ(nrfw_store_begin(&s, sizeof(b), h, 100, &r), 0);
	CHECK_EQ(r, 0);
}

TEST(store_pinned_slot_refuses_upload)
{
	static uint8_t a[300], b[300];
	struct nrfw_store s;
	uint8_t h[32];
	uint32_t r;

	make(a, sizeof(a), 1);
	make(b, sizeof(b), 2);
	nrfw_store_init(&s);
	CHECK_EQ(upload(&s, a, sizeof(a), 100), 0); /* slot 0 */
	s.pinned = 0;                                /* a run uses slot 0 */
	CHECK_EQ(upload(&s, b, sizeof(b), 100), 0);  /* goes to slot 1, now active */
	sha(a, sizeof(a), h);
	CHECK_EQ(nrfw_store_begin(&s, sizeof(a), h, 100, &r), NWP_ERR_INVALID_STATE);
}

/*
 * The power goes at every flash operation of an upload and its commit, one run per cut point:
 * after the reboot the store holds either the previous module or (if the cut came after the
 * commit word) the new one, never anything else.
 */
TEST(store_power_cut_at_every_flash_operation)
{
	static uint8_t a[9000], b[6000];
	int ops_total, cut;

	make(a, sizeof(a), 1);
	make(b, sizeof(b), 2);
	/* measure how many flash operations uploading b takes */
	{
		struct nrfw_store s;

		ram_platform_reset();
		nrfw_store_init(&s);
		CHECK_EQ(upload(&s, a, sizeof(a), 244), 0);
		ram_flash_ops = 0;
		CHECK_EQ(upload(&s, b, sizeof(b), 244), 0);
		ops_total = ram_flash_ops;
		CHECK(ops_total > 20);
	}
	for (cut = 0; cut <= ops_total; cut++) {
		struct nrfw_store s;
		int rc;

		ram_platform_reset();
		nrfw_store_init(&s);
		REQUIRE(upload(&s, a, sizeof(a), 244) == 0);
		ram_flash_ops_left = cut;
		rc = upload(&s, b, sizeof(b), 244);
		ram_power_restore();
		nrfw_store_init(&s);
		if (rc == 0) {
			CHECK(module_is(&s, b, sizeof(b)));
		} else {
			CHECK(module_is(&s, a, sizeof(a)) || module_is(&s, b, sizeof(b)));
			if (cut < ops_total - 1) {
				CHECK(module_is(&s, a, sizeof(a))); /* before the commit word */
			}
		}
		/* and the store still takes a new upload */
		CHECK_EQ(upload(&s, b, sizeof(b), 244), 0);
		CHECK(module_is(&s, b, sizeof(b)));
	}
}

/* Flashes with large write blocks (e.g. 32 or 64 bytes): a module whose size is not a multiple
 * of the block ends with a padded block that must fit (no stack overrun), and reads back. */
TEST(store_large_write_units_pad_the_last_block)
{
	static const uint32_t units[] = { 8, 16, 32, 64 };
	static uint8_t a[1000 + 13];

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		struct nrfw_store s;

		tt_setup();
		ram_write_unit = units[i];
		make(a, sizeof(a), (uint8_t)i);
		REQUIRE(nrfw_store_init(&s) == 0);
		CHECK_EQ(upload(&s, a, sizeof(a), 256), 0);
		CHECK(module_is(&s, a, sizeof(a)));
		CHECK_EQ(ram_flash_violations, 0);
		REQUIRE(nrfw_store_init(&s) == 0); /* reboot: the header commit landed */
		CHECK(module_is(&s, a, sizeof(a)));
	}
}

/* A write unit the layout cannot hold is refused at init, and uploads fail cleanly. */
TEST(store_refuses_unsupported_write_units)
{
	static const uint32_t units[] = { 0, 3, 128, 4096 };
	static uint8_t a[100];

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		struct nrfw_store s;
		uint32_t resume;
		uint8_t h[32] = { 0 };

		tt_setup();
		ram_write_unit = units[i];
		make(a, sizeof(a), 1);
		CHECK(nrfw_store_init(&s) != 0);
		CHECK_EQ(nrfw_store_begin(&s, sizeof(a), h, 64, &resume), NWP_ERR_STORAGE);
		CHECK_EQ(ram_flash_ops, 0);
	}
}
