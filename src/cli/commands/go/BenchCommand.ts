import { UsageError } from "../../../core/index.js";
import { MAX_SIZE, MIN_SIZE, measurePlayoutSpeed } from "../../../systems/adversarial-go/index.js";
import { defineCommand } from "../../framework.js";

/** `yomikai go bench`: board speed in random playouts per second. */
export const BenchCommand = defineCommand({
  name: "bench",
  summary: "Measure random playouts per second of the typed-array Tromp-Taylor board (one thread).",
  flags: {
    sizes: { type: "strings", description: "Board sizes to measure.", default: ["9", "19"] },
    seconds: { type: "number", description: "Seconds per size.", default: 2, min: 0.1, max: 600 },
    seed: { type: "number", description: "Seed of the playouts.", default: 1, integer: true },
  },
  examples: ["yomikai go bench", "yomikai go bench --sizes 9,13,19 --seconds 5 --json"],
  docs: "docs/adversarial-go.md",
  async run({ flags, print, printJson }) {
    const sizes = flags.sizes.map((s) => {
      const n = Number(s);
      if (!Number.isInteger(n) || n < MIN_SIZE || n > MAX_SIZE)
        throw new UsageError(`--sizes: "${s}" is not a board size; use integers from ${MIN_SIZE} to ${MAX_SIZE}, e.g. --sizes 9,13,19.`);
      return n;
    });
    const out = sizes.map((n) => measurePlayoutSpeed(n, flags.seconds, flags.seed));
    if (flags.json) {
      printJson(out);
      return;
    }
    for (const r of out)
      print(
        `${r.size}x${r.size}: ${Math.round(r.playoutsPerSecond).toLocaleString("en")} playouts/s (${Math.round(r.playoutsPerCpuSecond).toLocaleString("en")} per CPU second; ${r.movesPerPlayout.toFixed(1)} moves each, ${r.playouts} playouts in ${r.seconds.toFixed(1)} s, load average ${r.loadAverage.toFixed(1)})`,
      );
  },
});
