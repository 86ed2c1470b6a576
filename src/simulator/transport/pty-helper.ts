/**
 * The pseudo-terminal helper, run as `python3 -c HELPER` (Node cannot create a pty without a native
 * addon; Python's standard library can, and python3 is on every Linux and macOS machine).
 *
 * It opens a pty pair, sets it raw, prints the slave's path on the first line of stdout, then relays:
 * stdin -> master (dropped while no program has the slave open, like a UART nobody listens to),
 * master -> stdout as frames `kind u8 | length u16 BE | data`: 0 = data, 1 = a program opened the
 * slave, 2 = the last one closed it. It exits when stdin closes (the simulator ended).
 */
export const PTY_HELPER = String.raw`
import os, pty, sys, select, tty, fcntl, struct, signal
signal.signal(signal.SIGINT, signal.SIG_IGN)
master, slave = pty.openpty()
tty.setraw(slave)
name = os.ttyname(slave)
os.close(slave)
fcntl.fcntl(master, fcntl.F_SETFL, fcntl.fcntl(master, fcntl.F_GETFL) | os.O_NONBLOCK)
def out(b):
    while b:
        n = os.write(1, b)
        b = b[n:]
def frame(kind, data=b''):
    out(struct.pack('>BH', kind, len(data)) + data)
out((name + '\n').encode())
hup = select.poll()
hup.register(master, select.POLLIN)
connected = False
pending = b''
while True:
    gone = any(e & select.POLLHUP for _, e in hup.poll(0))
    if gone and connected:
        connected = False
        pending = b''
        frame(2)
    elif not gone and not connected:
        connected = True
        frame(1)
    rfds = [0] + ([master] if connected else [])
    wfds = [master] if connected and pending else []
    r, w, _ = select.select(rfds, wfds, [], 0.02 if connected else 0.05)
    if 0 in r:
        data = os.read(0, 65536)
        if not data:
            sys.exit(0)
        if connected:
            pending += data
    if master in r:
        try:
            data = os.read(master, 65535)
        except OSError:
            data = b''
        if data:
            frame(0, data)
    if master in w:
        try:
            n = os.write(master, pending)
            pending = pending[n:]
        except BlockingIOError:
            pass
        except OSError:
            pending = b''
`;
