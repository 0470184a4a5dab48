/**
 * The HTTP server Depot runs Next.js in (`npm run dev`, `npm start`, e2e, benches):
 *
 *   tsx scripts/next-server.ts <dev|start> <port>
 *
 * Next's own request handler, behind a plain Node server that writes each request's socket
 * address into CLIENT_ADDRESS_HEADER, overwriting whatever the client sent. Route handlers
 * cannot see the socket, and Next keeps a client's X-Forwarded-For as it came, so without this
 * a rate limit per address or a loopback-only endpoint could be fooled by one header.
 */
import http from "node:http";
import path from "node:path";
import next from "next";
import { CLIENT_ADDRESS_HEADER } from "@/server/lib/client-address";

const [mode, portArg] = process.argv.slice(2);
if ((mode !== "dev" && mode !== "start") || !portArg) {
  console.error("usage: next-server.ts <dev|start> <port>");
  process.exit(2);
}
const port = Number(portArg);
const dev = mode === "dev";

const app = next({ dev, dir: path.resolve(import.meta.dirname, ".."), port, ...(dev ? { turbopack: true } : {}) });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  req.headers[CLIENT_ADDRESS_HEADER] = req.socket.remoteAddress ?? "";
  void handle(req, res);
});
// The development server's hot reload runs over WebSocket upgrades.
if (dev) server.on("upgrade", (req, socket, head) => void app.getUpgradeHandler()(req, socket, head));
server.listen(port, () => {
  console.log(`> Next.js (${mode}) listening on port ${port}`);
});

let closing = false;
function close() {
  if (closing) return;
  closing = true;
  setTimeout(() => process.exit(0), 10_000).unref();
  server.close(() => void app.close().finally(() => process.exit(0)));
  server.closeIdleConnections();
}
process.on("SIGTERM", close);
process.on("SIGINT", close);
