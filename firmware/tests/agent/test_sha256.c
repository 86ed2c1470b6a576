/* SHA-256 against FIPS 180-4 / NIST example vectors, fed in odd-sized pieces. */
#include "nrf_wasm/sha256.h"
#include "ram_platform.h"
#include "tinytest.h"
#include "vm_double.h"

void tt_setup(void)
{
	ram_platform_reset();
	vd_reset();
}

static void hex(const uint8_t *d, char *out)
{
	for (int i = 0; i < 32; i++) {
		sprintf(out + 2 * i, "%02x", d[i]);
	}
}

static void check(const char *msg, size_t len, size_t piece, const char *want)
{
	struct nrfw_sha256 s;
	uint8_t d[32];
	char got[65];

	nrfw_sha256_init(&s);
	for (size_t i = 0; i < len; i += piece) {
		nrfw_sha256_update(&s, msg + i, len - i < piece ? len - i : piece);
	}
	nrfw_sha256_final(&s, d);
	hex(d, got);
	CHECK(strcmp(got, want) == 0);
}

TEST(sha256_empty)
{
	check("", 0, 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(sha256_abc)
{
	check("abc", 3, 1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(sha256_two_blocks_any_split)
{
	static const char m[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	for (size_t piece = 1; piece <= 64; piece++) {
		check(m, sizeof(m) - 1, piece,
		      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	}
}

TEST(sha256_million_a)
{
	static char a[1000];
	struct nrfw_sha256 s;
	uint8_t d[32];
	char got[65];

	memset(a, 'a', sizeof(a));
	nrfw_sha256_init(&s);
	for (int i = 0; i < 1000; i++) {
		nrfw_sha256_update(&s, a, sizeof(a));
	}
	nrfw_sha256_final(&s, d);
	hex(d, got);
	CHECK(strcmp(got, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0") == 0);
}
