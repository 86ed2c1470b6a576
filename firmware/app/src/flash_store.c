/*
 * The agent's flash (nrf_wasm/platform.h) on the `wasm_store` partition: the agent's store
 * keeps its A/B slots inside it (agent/src/store.h has the layout and the atomic activation).
 */
#include <errno.h>
#include <zephyr/drivers/flash.h>
#include <zephyr/logging/log.h>
#include <zephyr/storage/flash_map.h>

#include "glue.h"
#include "nrf_wasm/platform.h"

LOG_MODULE_DECLARE(nrf_wasm, CONFIG_NRF_WASM_LOG_LEVEL);

static const struct flash_area *fa;
static struct nrfw_flash_info info;

int flash_store_init(void)
{
	struct flash_pages_info page;
	const struct device *dev;
	int rc = flash_area_open(FIXED_PARTITION_ID(wasm_store), &fa);

	if (rc) {
		LOG_ERR("wasm_store partition: %d", rc);
		return rc;
	}
	dev = flash_area_get_device(fa);
	if (!device_is_ready(dev)) {
		return -ENODEV;
	}
	rc = flash_get_page_info_by_offs(dev, fa->fa_off, &page);
	if (rc) {
		return rc;
	}
	info.erase_unit = page.size;
	info.write_unit = flash_get_write_block_size(dev);
	info.size = fa->fa_size / page.size * page.size;
	LOG_INF("module store: %u bytes, page %u, write unit %u", info.size, info.erase_unit,
		info.write_unit);
	return 0;
}

void nrfw_plat_flash_info(struct nrfw_flash_info *out)
{
	*out = info;
}

int nrfw_plat_flash_read(uint32_t off, void *buf, size_t len)
{
	return fa ? flash_area_read(fa, off, buf, len) : -ENODEV;
}

int nrfw_plat_flash_write(uint32_t off, const void *buf, size_t len)
{
	return fa ? flash_area_write(fa, off, buf, len) : -ENODEV;
}

int nrfw_plat_flash_erase(uint32_t off, size_t len)
{
	return fa ? flash_area_erase(fa, off, len) : -ENODEV;
}
