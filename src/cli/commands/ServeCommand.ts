import { defineCommand } from "../framework.js";

/** `yomikai serve`: the reading-session web app. */
export const ServeCommand = defineCommand({
  name: "serve",
  summary: "Start the reading-session web app (the ten papers, and a page per system).",
  flags: {
    port: { type: "number", description: "Port to listen on (0 picks a free one).", default: 8080, integer: true, min: 0, max: 65535 },
    host: { type: "string", description: "Address to bind. Keep 127.0.0.1 unless you mean to expose it.", default: "127.0.0.1" },
  },
  examples: ["yomikai serve", "yomikai serve --port 3000"],
  docs: "README.md",
  async run({ flags, log, printJson, signal }) {
    // Loaded here, not at the top: other commands (`yomikai papers`) never load the web server.
    const { startServer } = await import("../../web/server.js");
    const server = await startServer({ port: flags.port, host: flags.host });
    if (flags.json) printJson({ url: server.url });
    else log(`yomikai: serving the reading session at ${server.url} (Ctrl-C to stop)`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      signal.addEventListener("abort", stop, { once: true });
      process.once("SIGTERM", stop);
    });
    await server.close();
  },
});
