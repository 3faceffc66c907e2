/**
 * Same-origin guard of the web server. A request is served only when its `Host` header names this
 * server (the bound address and port, `localhost` or `127.0.0.1`) and its `Origin`, when present, is
 * this server: another web page cannot drive the API, and a DNS-rebinding name is refused.
 * @module
 */
import type { IncomingMessage } from "node:http";
import { hostname, networkInterfaces } from "node:os";

/** True for addresses that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h) || h === "::ffff:127.0.0.1";
}

const bracket = (h: string) => (h.includes(":") ? `[${h}]` : h);

/**
 * The `Host` header values that name this server: `<name>:<port>` for localhost, 127.0.0.1, [::1], the
 * host it was started with and the bound address; on a wildcard address (0.0.0.0, ::) also every address
 * of this machine and its host name. Port 80 is also accepted without the port.
 */
export function allowedHosts(requestedHost: string, boundAddress: string, port: number): Set<string> {
  const names = new Set<string>(["localhost", "127.0.0.1", "[::1]", bracket(requestedHost), bracket(boundAddress)]);
  if (boundAddress === "0.0.0.0" || boundAddress === "::") {
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) names.add(bracket(a.address));
    names.add(hostname());
  }
  const hosts = new Set<string>();
  for (const n of names) {
    hosts.add(`${n.toLowerCase()}:${port}`);
    if (port === 80) hosts.add(n.toLowerCase());
  }
  return hosts;
}

/** Why the request is refused (a one-line message), or null when its Host and Origin are this server's. */
export function foreignRequest(req: IncomingMessage, hosts: ReadonlySet<string>): string | null {
  const host = (req.headers.host ?? "").toLowerCase();
  if (!hosts.has(host))
    return `Host "${host || "(none)"}" is not this server; open it at its own address (e.g. http://127.0.0.1) — other names are refused against DNS rebinding.`;
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let ok = false;
    try {
      const u = new URL(origin);
      ok = u.protocol === "http:" && hosts.has(u.host.toLowerCase());
    } catch {
      ok = false;
    }
    if (!ok) return `Origin "${origin}" is not this server; the yomikai API answers only its own pages.`;
  }
  return null;
}
