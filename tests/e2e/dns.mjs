// A real DNS server for the end-to-end tests: Debian's dnsmasq on loopback, answering for `*.test`
// only, with the TXT records a test publishes (a tenant's domain-verification record). Start the
// stack with `serverArgs: ['--dns-resolver', `127.0.0.1:${port}`]` and publish by starting a
// dnsmasq with the record on that port (dnsmasq reads records only at start).
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';

/**
 * A UDP port free on loopback now, below the kernel's ephemeral range (32768 and up) so that no
 * socket bound to port 0 takes it before dnsmasq binds it.
 */
export async function freeUdpPort() {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    const socket = createSocket('udp4');
    const free = await new Promise((resolveBind) => {
      socket.once('error', () => resolveBind(false));
      socket.bind(port, '127.0.0.1', () => resolveBind(true));
    });
    await new Promise((resolveClose) => socket.close(resolveClose));
    if (free) return port;
  }
}

// Every dnsmasq started here also serves this record, so that readiness is a real answer to a real
// query (probing by binding the port would race dnsmasq for it).
const READY = ['_tenantkit.ready.test', 'tenantkit-verification=ready'];

async function answers(port) {
  const resolver = new Resolver({ timeout: 200, tries: 1 });
  resolver.setServers([`127.0.0.1:${port}`]);
  try {
    const records = await resolver.resolveTxt(READY[0]);
    return records.some((parts) => parts.join('') === READY[1]);
  } catch {
    return false;
  }
}

/**
 * Starts dnsmasq on 127.0.0.1:`port` with `records` ([name, value] TXT records). Returns
 * { stop }. Ready when it answers a query.
 */
export async function startDns(port, records = []) {
  const args = [
    '--keep-in-foreground', '--conf-file=/dev/null', '--no-resolv', '--no-hosts', '--bind-interfaces',
    '--listen-address=127.0.0.1', '--local=/test/', '--pid-file=', `--port=${port}`,
    ...[READY, ...records].map(([name, value]) => `--txt-record=${name},${value}`),
  ];
  const dns = spawn('/usr/sbin/dnsmasq', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  dns.stderr.on('data', (chunk) => { stderr += chunk; });
  let exitCode = null;
  const exited = new Promise((resolveExit) => dns.once('exit', (code) => { exitCode = code; resolveExit(); }));
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (exitCode !== null) {
      throw new Error(`dnsmasq on port ${port} exited (${exitCode}): ${stderr}`);
    }
    if (await answers(port)) {
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
  throw new Error(`dnsmasq did not answer on port ${port} (cargo xtask setup installs dnsmasq-base)`);
}
