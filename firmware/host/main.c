/*
 * nrfw-host: the firmware's agent and WAMR on a POSIX host, as a second real device for the
 * conformance suite and the adapter tests. The link is TCP on loopback; the module store is a
 * file with NOR-flash rules; LEDs and buttons exist only through the protocol.
 *
 *   nrfw-host [--port N | --pty] [--store FILE] [--autorun]
 *       prints "listening on tcp://127.0.0.1:PORT" (port 0: any free port), or with --pty
 *       "listening on serial /dev/pts/N": a pseudo-terminal to open like the board's UART
 *   nrfw-host --bench FILE.wasm [--entry NAME] [--repeat N]
 *       runs a module straight from the file through the agent's VM layer (hook compiled in,
 *       the debugger able to attach) and prints its result and the time taken
 *
 * `reset` re-executes the program and keeps the listening socket and the connection (or the
 * pseudo-terminal), so the host sees resetOk then deviceReset like on a UART.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "nrf_wasm/agent.h"
#include "nrf_wasm/link.h"
#include "nrf_wasm/platform.h"
#include "nrf_wasm/protocol.h"
#include "nrf_wasm/vm.h"
#include "store.h"
#include "vm_wamr.h"

#ifndef NRFW_HOST_VERSION
#define NRFW_HOST_VERSION "0.1.0"
#endif
#define FLASH_ERASE 4096u
#define FLASH_WRITE 4u

static struct {
	/* link */
	int listen_fd, client_fd; /* pty: listen_fd -1, client_fd the master side */
	bool pty;
	volatile bool pty_open; /* a program has the terminal open: bytes can go out */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	/* received bytes go to the agent's link queue (link.h): one wired link */
	pthread_mutex_t tx_lock; /* client_fd is not swapped under a send */
	volatile bool shutdown;
	/* flash */
	uint8_t *flash;
	uint32_t flash_size;
	/* board */
	bool leds[4];
	uint8_t reset_cause;
	char **argv;
} host = { .listen_fd = -1, .client_fd = -1 };

/* ---- transport ---------------------------------------------------------------------------- */

/* pty: nobody has the terminal open, or it does not read: like a UART nobody listens to, the
 * bytes are lost (a pty would queue them for the next program, or block us). */
static void pty_tx(const uint8_t *data, size_t len)
{
	for (int stalls = 0; host.pty_open && len && stalls < 200;) {
		ssize_t n = write(host.client_fd, data, len);

		if (n > 0) {
			data += n;
			len -= (size_t)n;
			stalls = 0;
		} else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
			struct pollfd p = { .fd = host.client_fd, .events = POLLOUT };

			poll(&p, 1, 10);
			stalls++;
		} else {
			break;
		}
	}
}

void nrfw_plat_tx(uint8_t link, const uint8_t *data, size_t len)
{
	(void)link; /* one link: NRFW_LINK_WIRED */
	if (host.pty) {
		pty_tx(data, len);
		return;
	}
	pthread_mutex_lock(&host.tx_lock);
	while (host.client_fd >= 0 && len) {
		ssize_t n = send(host.client_fd, data, len, MSG_NOSIGNAL);

		if (n <= 0) {
			if (n < 0 && errno == EINTR) {
				continue;
			}
			break; /* the reader thread notices the disconnect */
		}
		data += n;
		len -= (size_t)n;
	}
	pthread_mutex_unlock(&host.tx_lock);
}

bool nrfw_plat_rx_wait(uint32_t timeout_ms)
{
	struct timespec until;
	bool ok;

	clock_gettime(CLOCK_REALTIME, &until);
	if (timeout_ms != UINT32_MAX) {
		until.tv_sec += timeout_ms / 1000;
		until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
	}
	pthread_mutex_lock(&host.lock);
	while (!nrfw_link_rx_any() && !host.shutdown) {
		if (timeout_ms == UINT32_MAX) {
			pthread_cond_wait(&host.cond, &host.lock);
		} else if (pthread_cond_timedwait(&host.cond, &host.lock, &until) == ETIMEDOUT) {
			break;
		}
	}
	ok = !host.shutdown;
	pthread_mutex_unlock(&host.lock);
	return ok;
}

/* Takes `fd` as the link. Like a UART, the line belongs to whoever is on it now: a new
 * connection replaces the previous one (a host that died or leaked its socket cannot lock the
 * device out). Bytes of the old connection not yet read are dropped with it. */
static void take_link(int fd)
{
	int one = 1, old = host.client_fd;

	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	if (old >= 0) {
		shutdown(old, SHUT_RDWR); /* unblocks a send in progress */
	}
	pthread_mutex_lock(&host.tx_lock);
	host.client_fd = fd;
	pthread_mutex_unlock(&host.tx_lock);
	if (old >= 0) {
		close(old);
	}
	pthread_mutex_lock(&host.lock);
	nrfw_link_connected(NRFW_LINK_WIRED);
	pthread_mutex_unlock(&host.lock);
}

static void drop_link(void)
{
	int old = host.client_fd;

	pthread_mutex_lock(&host.tx_lock);
	host.client_fd = -1;
	pthread_mutex_unlock(&host.tx_lock);
	close(old);
}

/* Queues received bytes for the agent. When its queue is full the reader waits for room instead
 * of dropping bytes: it stops reading the socket (or pty), so the sender is held back
 * (backpressure). Links are taken on this same thread, so the bytes are still the current
 * peer's when room comes. */
static void push_rx(const uint8_t *buf, ssize_t n)
{
	size_t done = 0;

	while (!host.shutdown) {
		pthread_mutex_lock(&host.lock);
		done += nrfw_link_rx(NRFW_LINK_WIRED, buf + done, (size_t)n - done, 0);
		pthread_cond_broadcast(&host.cond);
		pthread_mutex_unlock(&host.lock);
		if (done == (size_t)n) {
			return;
		}
		poll(NULL, 0, 1); /* the agent reads its queue without telling us: look again soon */
	}
}

/* Whether a program has the pty's terminal side open: with none, the master reports a hang-up. */
static bool pty_peer_present(void)
{
	struct pollfd p = { .fd = host.client_fd, .events = POLLIN };

	return poll(&p, 1, 0) >= 0 && !(p.revents & POLLHUP);
}

/* pty: each time a program opens the terminal is a new connection (as with TCP), so a host
 * that went away mid-frame or without closing its session does not confuse the next one. */
static void *pty_reader(void *arg)
{
	uint8_t buf[4096];

	(void)arg;
	while (!host.shutdown) {
		struct pollfd p = { .fd = host.client_fd, .events = POLLIN };
		ssize_t n;

		if (poll(&p, 1, -1) < 0 && errno != EINTR) {
			return NULL;
		}
		if (p.revents & POLLHUP) {
			host.pty_open = false;
			poll(NULL, 0, 20); /* a hang-up polls as ready at once: wait for an open */
			continue;
		}
		if (!host.pty_open) {
			pthread_mutex_lock(&host.lock);
			nrfw_link_connected(NRFW_LINK_WIRED);
			pthread_mutex_unlock(&host.lock);
			host.pty_open = true;
		}
		if (!(p.revents & POLLIN)) {
			continue;
		}
		n = read(host.client_fd, buf, sizeof(buf));
		if (n > 0) {
			push_rx(buf, n);
		}
	}
	return NULL;
}

static void *reader(void *arg)
{
	uint8_t buf[4096];

	(void)arg;
	while (!host.shutdown) {
		struct pollfd p[2] = { { .fd = host.listen_fd, .events = POLLIN },
				       { .fd = host.client_fd, .events = POLLIN } };
		ssize_t n;

		if (poll(p, host.client_fd >= 0 ? 2 : 1, -1) < 0) {
			if (errno == EINTR) {
				continue;
			}
			return NULL;
		}
		if (p[0].revents & POLLIN) {
			int fd = accept(host.listen_fd, NULL, NULL);

			if (fd >= 0) {
				take_link(fd);
			}
			continue;
		}
		if (host.client_fd < 0 || !(p[1].revents & (POLLIN | POLLHUP | POLLERR))) {
			continue;
		}
		n = recv(host.client_fd, buf, sizeof(buf), 0);
		if (n <= 0) {
			if (n < 0 && errno == EINTR) {
				continue;
			}
			drop_link();
			continue;
		}
		push_rx(buf, n);
	}
	return NULL;
}

/* A pseudo-terminal pair in raw mode (no echo, no line editing: a binary link). The terminal
 * side is closed again: programs open it by its path. */
static int open_pty(void)
{
	struct termios t;
	int m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC), sl;

	if (m < 0 || grantpt(m) || unlockpt(m)) {
		return -1;
	}
	sl = open(ptsname(m), O_RDWR | O_NOCTTY);
	if (sl < 0 || tcgetattr(sl, &t)) {
		return -1;
	}
	cfmakeraw(&t);
	tcsetattr(sl, TCSANOW, &t);
	close(sl);
	return m;
}

static int listen_on(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	if (fd < 0) {
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((uint16_t)port);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 4)) {
		close(fd);
		return -1;
	}
	getsockname(fd, (struct sockaddr *)&a, &alen);
	return fd;
}

static int bound_port(int fd)
{
	struct sockaddr_in a;
	socklen_t alen = sizeof(a);

	getsockname(fd, (struct sockaddr *)&a, &alen);
	return ntohs(a.sin_port);
}

/* ---- flash -------------------------------------------------------------------------------- */

static int open_store(const char *path, uint32_t size)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	struct stat st;

	if (fd < 0 || fstat(fd, &st)) {
		return -1;
	}
	if ((uint64_t)st.st_size < size) {
		/* A new store is erased flash. */
		uint8_t page[FLASH_ERASE];

		memset(page, 0xff, sizeof(page));
		for (off_t o = st.st_size / FLASH_ERASE * FLASH_ERASE; o < (off_t)size; o += FLASH_ERASE) {
			if (pwrite(fd, page, FLASH_ERASE, o) != FLASH_ERASE) {
				return -1;
			}
		}
	}
	host.flash = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (host.flash == MAP_FAILED) {
		return -1;
	}
	host.flash_size = size;
	return 0;
}

void nrfw_plat_flash_info(struct nrfw_flash_info *out)
{
	out->size = host.flash_size;
	out->erase_unit = FLASH_ERASE;
	out->write_unit = FLASH_WRITE;
}

int nrfw_plat_flash_read(uint32_t off, void *buf, size_t len)
{
	if (off > host.flash_size || len > host.flash_size - off) {
		return -EINVAL;
	}
	memcpy(buf, host.flash + off, len);
	return 0;
}

int nrfw_plat_flash_write(uint32_t off, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	if (off % FLASH_WRITE || len % FLASH_WRITE || off > host.flash_size ||
	    len > host.flash_size - off) {
		return -EINVAL;
	}
	for (size_t i = 0; i < len; i++) {
		host.flash[off + i] &= p[i]; /* NOR: programming only clears bits */
	}
	return msync(host.flash + (off & ~(FLASH_ERASE - 1)), FLASH_ERASE, MS_ASYNC) ? -errno : 0;
}

int nrfw_plat_flash_erase(uint32_t off, size_t len)
{
	if (off % FLASH_ERASE || len % FLASH_ERASE || off > host.flash_size ||
	    len > host.flash_size - off) {
		return -EINVAL;
	}
	memset(host.flash + off, 0xff, len);
	return 0;
}

/* ---- board -------------------------------------------------------------------------------- */

uint32_t nrfw_plat_uptime_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint32_t)(t.tv_sec * 1000u + (uint64_t)t.tv_nsec / 1000000u);
}

uint8_t nrfw_plat_led_count(void)
{
	return 4;
}

uint8_t nrfw_plat_button_count(void)
{
	return 4;
}

void nrfw_plat_led_set(uint8_t led, bool on)
{
	if (led < 4) {
		host.leds[led] = on;
	}
}

bool nrfw_plat_button_get(uint8_t button)
{
	(void)button;
	return false; /* no physical buttons: the `input` request presses them */
}

uint32_t nrfw_plat_free_memory(void)
{
	return nrfw_vm_wamr_free_memory();
}

void nrfw_plat_device_info(struct nrfw_device_info *out)
{
	out->board = "host";
	out->runtime = "wamr";
	out->runtime_version = "2.4.5";
	out->firmware_version = NRFW_HOST_VERSION;
	out->reset_cause = host.reset_cause;
}

void nrfw_plat_reset(void)
{
	char fds[64];
	char *args[64];
	int n = 0;

	/* Keep the listening socket and the connection across the exec. */
	snprintf(fds, sizeof(fds), "%d,%d", host.listen_fd, host.client_fd);
	if (host.listen_fd >= 0) {
		fcntl(host.listen_fd, F_SETFD, 0);
	}
	if (host.client_fd >= 0) {
		fcntl(host.client_fd, F_SETFD, 0);
	}
	for (char **a = host.argv; *a && n < 60; a++) {
		if (strcmp(*a, "--inherit") == 0) {
			a++;
			if (!*a) {
				break;
			}
			continue;
		}
		args[n++] = *a;
	}
	args[n++] = "--inherit";
	args[n++] = fds;
	args[n] = NULL;
	execv("/proc/self/exe", args);
	perror("nrfw-host: reset");
	exit(1);
}

/* ---- main --------------------------------------------------------------------------------- */

static void on_signal(int sig)
{
	(void)sig;
	host.shutdown = true;
	pthread_cond_broadcast(&host.cond);
}

static uint8_t wamr_heap[4u * 1024u * 1024u];

/* --bench: the module goes into the store through the store's own API, then runs through the
 * VM layer exactly as `run` would (nrfw_vm_run), timed. */
static int bench(const char *path, const char *entry, int repeat)
{
	static uint8_t buf[1u << 20];
	struct nrfw_store st;
	struct nrfw_module m;
	struct nrfw_vm_result res;
	char err[96];
	FILE *f = fopen(path, "rb");
	size_t n;
	int rc;

	if (!f) {
		perror(path);
		return 1;
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	nrfw_store_init(&st);
	err[0] = '\0';
	rc = nrfw_store_put(&st, buf, (uint32_t)n, err, sizeof(err));
	if (rc || !nrfw_store_active(&st, &m)) {
		fprintf(stderr, "nrfw-host: cannot store %s: error %d %s\n", path, rc, err);
		return 1;
	}
	for (int i = 0; i < repeat; i++) {
		struct timespec t0, t1;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		nrfw_vm_run(&m, entry, strlen(entry), &res);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		printf("result end=%u code=%d time_ms=%.3f%s%s\n", res.end, res.code,
		       (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6,
		       res.message[0] ? " message=" : "", res.message);
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *store = "nrfw-host-store.bin", *bench_file = NULL, *entry = "";
	int port = 0, repeat = 1, inherit_listen = -1, inherit_client = -1;
	bool autorun = false;
	pthread_t th;

	host.argv = argv;
	host.reset_cause = NWP_RESET_CAUSE_POWER_ON;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--port") && i + 1 < argc) {
			port = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--store") && i + 1 < argc) {
			store = argv[++i];
		} else if (!strcmp(argv[i], "--pty")) {
			host.pty = true;
		} else if (!strcmp(argv[i], "--autorun")) {
			autorun = true;
		} else if (!strcmp(argv[i], "--bench") && i + 1 < argc) {
			bench_file = argv[++i];
		} else if (!strcmp(argv[i], "--entry") && i + 1 < argc) {
			entry = argv[++i];
		} else if (!strcmp(argv[i], "--repeat") && i + 1 < argc) {
			repeat = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--inherit") && i + 1 < argc) {
			sscanf(argv[++i], "%d,%d", &inherit_listen, &inherit_client);
			host.reset_cause = NWP_RESET_CAUSE_REQUESTED;
		} else {
			fprintf(stderr,
				"usage: %s [--port N | --pty] [--store FILE] [--autorun]\n"
				"       %s --bench FILE.wasm [--entry NAME] [--repeat N]\n",
				argv[0], argv[0]);
			return 2;
		}
	}
	pthread_mutex_init(&host.lock, NULL);
	pthread_mutex_init(&host.tx_lock, NULL);
	pthread_cond_init(&host.cond, NULL);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	if (bench_file) {
		/* bench: a private store in memory */
		host.flash_size = 2u * 1024u * 1024u;
		host.flash = mmap(NULL, host.flash_size, PROT_READ | PROT_WRITE,
				  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		memset(host.flash, 0xff, host.flash_size);
	} else if (open_store(store, 1024u * 1024u)) {
		perror(store);
		return 1;
	}
	if (nrfw_vm_wamr_init(wamr_heap, sizeof(wamr_heap))) {
		fprintf(stderr, "nrfw-host: WAMR did not start\n");
		return 1;
	}
	if (host.pty) {
		/* After a reset the terminal is the same one: its path stays valid. */
		host.client_fd = inherit_client >= 0 ? inherit_client : open_pty();
		if (host.client_fd < 0) {
			perror("nrfw-host: pty");
			return 1;
		}
		fcntl(host.client_fd, F_SETFD, FD_CLOEXEC);
		fcntl(host.client_fd, F_SETFL, fcntl(host.client_fd, F_GETFL) | O_NONBLOCK);
		host.pty_open = pty_peer_present();
		printf("listening on serial %s\n", ptsname(host.client_fd));
	} else {
		host.listen_fd = inherit_listen >= 0 ? inherit_listen : listen_on(port);
		if (host.listen_fd < 0) {
			perror("nrfw-host: listen");
			return 1;
		}
		fcntl(host.listen_fd, F_SETFD, FD_CLOEXEC);
		host.client_fd = inherit_client;
		if (host.client_fd >= 0) {
			fcntl(host.client_fd, F_SETFD, FD_CLOEXEC);
		}
		printf("listening on tcp://127.0.0.1:%d\n", bound_port(host.listen_fd));
	}
	fflush(stdout);
	nrfw_agent_init();
	pthread_create(&th, NULL, host.pty ? pty_reader : reader, NULL);
	if (bench_file) {
		return bench(bench_file, entry, repeat);
	}
	nrfw_agent_main(autorun);
	return 0;
}
