import { measurePlayoutSpeed } from "../../../systems/adversarial-go/index.js";
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
    const out = flags.sizes.map((s) => measurePlayoutSpeed(Number(s), flags.seconds, flags.seed));
    if (flags.json) {
      printJson(out);
      return;
    }
    for (const r of out)
      print(
        `${r.size}x${r.size}: ${Math.round(r.playoutsPerSecond).toLocaleString("en")} playouts/s (${r.movesPerPlayout.toFixed(1)} moves each, ${r.playouts} playouts in ${r.seconds.toFixed(1)} s)`,
      );
  },
});
