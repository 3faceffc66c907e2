#!/usr/bin/env node
/**
 * The `yomikai` executable: registers the command tree and runs it.
 * @module
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { commands } from "./commands/index.js";
import { defineCommand, runCli } from "./framework.js";

const pkg = JSON.parse(readFileSync(fileURLToPath(new URL("../../package.json", import.meta.url)), "utf8")) as { version: string };

/** The root command: `yomikai`. */
export const rootCommand = defineCommand({
  name: "yomikai",
  summary: "The December 2022 AI paper reading session (AI最新論文読み会2022年12月), runnable: ten papers' systems as one toolkit.",
  usage: "<command> [flags]",
  flags: {
    version: { type: "boolean", description: "Print the version and exit.", short: "v" },
  },
  subcommands: commands,
  examples: ["yomikai papers", "yomikai serve --port 8080"],
  docs: "README.md",
  async run(ctx) {
    if (ctx.flags.version) {
      ctx.print(pkg.version);
      return 0;
    }
    const { renderHelp } = await import("./framework.js");
    process.stdout.write(renderHelp(rootCommand, "yomikai"));
    return 0;
  },
});

// A closed pipe (`yomikai papers | head`) is a normal way to stop reading, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const code = await runCli(rootCommand, process.argv.slice(2));
process.exitCode = code;
