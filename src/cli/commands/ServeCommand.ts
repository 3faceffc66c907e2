import { lookup } from "node:dns/promises";
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { UsageError, YomikaiError } from "../../core/index.js";
import { defineCommand } from "../framework.js";

/** `yomikai serve`: the reading-session web app. */
export const ServeCommand = defineCommand({
  name: "serve",
  summary: "Start the reading-session web app (the ten papers, and a page per system).",
  description:
    "Pages open models only from the demo folder (tiny random models written on first use) and the folders given with --models; they never download. The server answers only requests addressed to itself (Host and Origin checked).",
  flags: {
    port: { type: "number", description: "Port to listen on (0 picks a free one).", default: 8080, integer: true, min: 0, max: 65535 },
    host: { type: "string", description: "Address to bind. Keep 127.0.0.1 unless you mean to expose it.", default: "127.0.0.1" },
    models: {
      type: "strings",
      description: "A folder the pages may open models from (GGUF files, ONNX model folders); repeat for several.",
      placeholder: "DIR",
    },
  },
  examples: ["yomikai serve", "yomikai serve --port 3000", "yomikai serve --models ~/models --models /data/onnx"],
  docs: "README.md",
  async run({ flags, log, printJson, signal }) {
    const modelDirs = flags.models.map((d) => resolve(d));
    for (const d of modelDirs)
      if (!existsSync(d) || !statSync(d).isDirectory())
        throw new UsageError(`--models ${d} is not a folder: name an existing folder that holds your models.`);
    const address = await lookup(flags.host).then(
      (a) => a.address,
      (err: NodeJS.ErrnoException) => {
        throw new YomikaiError(
          `Cannot resolve --host ${flags.host} (${err.code ?? "lookup failed"}): use an address of this machine, such as 127.0.0.1.`,
        );
      },
    );
    // Loaded here, not at the top: other commands (`yomikai papers`) never load the web server.
    const { startServer } = await import("../../web/server.js");
    const { isLoopbackHost } = await import("../../web/origin.js");
    if (!isLoopbackHost(flags.host) && !isLoopbackHost(address))
      log(
        `yomikai: warning: --host ${flags.host} is not a loopback address, so other machines can reach this server and run models on it; use --host 127.0.0.1 to keep it local.`,
      );
    const server = await startServer({ port: flags.port, host: flags.host, modelDirs });
    if (flags.json) printJson({ url: server.url, models: modelDirs });
    else log(`yomikai: serving the reading session at ${server.url} (Ctrl-C to stop)`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      signal.addEventListener("abort", stop, { once: true });
      process.once("SIGTERM", stop);
    });
    await server.close();
  },
});
