// A real DNS server for the end-to-end tests: Debian's dnsmasq on loopback, answering for `*.test`
// only, with the TXT records a test publishes (a tenant's domain-verification record). Start the
// stack with `serverArgs: ['--dns-resolver', `127.0.0.1:${port}`]` and publish by starting a
// dnsmasq with the record on that port (dnsmasq reads records only at start).
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';

/** A UDP port free on loopback now. */
export async function freeUdpPort() {
  const socket = createSocket('udp4');
  await new Promise((resolveBind) => socket.bind(0, '127.0.0.1', resolveBind));
  const { port } = socket.address();
  await new Promise((resolveClose) => socket.close(resolveClose));
  return port;
}

async function portTaken(port) {
  const socket = createSocket('udp4');
  return new Promise((resolveProbe) => {
    socket.once('error', () => resolveProbe(true));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolveProbe(false)));
  });
}

/**
 * Starts dnsmasq on 127.0.0.1:`port` with `records` ([name, value] TXT records). Returns
 * { stop }. Ready when it holds the port.
 */
export async function startDns(port, records = []) {
  const args = [
    '--keep-in-foreground', '--conf-file=/dev/null', '--no-resolv', '--no-hosts', '--bind-interfaces',
    '--listen-address=127.0.0.1', '--local=/test/', '--pid-file=', `--port=${port}`,
    ...records.map(([name, value]) => `--txt-record=${name},${value}`),
  ];
  const dns = spawn('/usr/sbin/dnsmasq', args, { stdio: 'ignore' });
  const exited = new Promise((resolveExit) => dns.once('exit', resolveExit));
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (await portTaken(port)) {
      return {
        async stop() {
          dns.kill();
          await exited;
        },
      };
    }
    await new Promise((wait) => setTimeout(wait, 20));
  }
  dns.kill();
  throw new Error(`dnsmasq did not start on port ${port} (cargo xtask setup installs dnsmasq-base)`);
}
