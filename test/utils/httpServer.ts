/** A 127.0.0.1 HTTP server for one test file, closed after it (open sockets destroyed, so a hanging answer never blocks the suite). */
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { after } from "node:test";

/** Starts `handler` on a free loopback port; returns its base URL (`http://127.0.0.1:PORT`) and the server. */
export async function serveLocal(handler: RequestListener): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  const sockets = new Set<Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
