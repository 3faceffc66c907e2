import { join } from "node:path";
import { makeFolder } from "../../../core/index.js";
import { checkRouting, MixtureOfDenoisingExperts } from "../../../systems/denoising-experts/index.js";
import { defineCommand, flagValue, outputFolder } from "../../framework.js";
import { need, pngPath, writePng } from "../edit/shared.js";
import { GENERATION_FLAGS, generationSettings, resolveExperts } from "./shared.js";

/** `yomikai mode generate`: one image from a mixture of denoising experts. */
export const GenerateCommand = defineCommand({
  name: "generate",
  summary: "Generate an image with experts that each denoise their own range of timesteps (one expert = plain text-to-image).",
  description:
    "Runs N text-to-image UNets on one latent, each over its timesteps (--blocks: ERNIE-ViLG 2.0's equal blocks; --boundaries: SDXL base + refiner style fractions). The handoff continues the same latent (no re-noising, no extra random draws). Experts load lazily; --max-loaded bounds how many UNets are in memory. --json prints { out, steps: [{ step, timestep, expert }] } and more.",
  usage: "--experts DIR[,DIR…] [--boundaries b1,… | --blocks N] --prompt TEXT --out FILE.png [flags]",
  flags: {
    ...GENERATION_FLAGS,
    prompt: { type: "string", description: "What to draw.", placeholder: "TEXT" },
    out: { type: "string", description: "Output PNG (written atomically).", placeholder: "FILE.png" },
    previews: {
      type: "string",
      description: "Also write the image after each expert's part into this folder (expert-<k>.png; one VAE decode per expert).",
      placeholder: "DIR",
    },
  },
  examples: [
    'yomikai mode generate --experts demo --blocks 10 --prompt "a red cat on a blue sofa" --width 256 --height 256 --out cat.png   # ten tiny random experts, no download',
    'yomikai mode generate --experts models/sdxl-base-onnx,models/sdxl-refiner-onnx --boundaries 0.8 --steps 40 --prompt "a lighthouse at dusk" --max-loaded 1 --out lighthouse.png',
    'yomikai mode generate --experts models/sd15-onnx --prompt "a watercolor fox" --seed 7 --out fox.png   # one expert: plain text-to-image',
    'yomikai mode generate --experts demo --prompt "two dogs playing in the snow" --keyword-weight 0.5 --previews previews --out dogs.png --json',
  ],
  docs: "docs/denoising-experts.md",
  async run({ flags, progress, print, printJson, log, signal }) {
    const prompt = need(flags.prompt, "prompt", "What to draw.");
    const out = pngPath(need(flags.out, "out", "Output PNG file."));
    const previews = flags.previews !== undefined ? outputFolder(flags.previews, "--previews") : undefined;
    const experts = await resolveExperts(flags.experts);
    const settings = generationSettings(flags, experts.length);
    flagValue(() => checkRouting(settings.routing ?? { kind: "blocks", blocks: experts.length }, experts.length));
    const moe = await MixtureOfDenoisingExperts.load(experts, {
      maxLoaded: flags.maxLoaded,
      threads: flags.threads,
      onProgress: (e) => (e.kind === "log" ? log(e.message) : progress(e)),
      signal,
    });
    try {
      if (previews) makeFolder(previews);
      const written: string[] = [];
      const r = await moe.generate({
        ...settings,
        prompt,
        ...(previews
          ? {
              onExpertDone: async (span, image) => {
                const p = join(previews, `expert-${span.expert}.png`);
                await writePng(p, image);
                written.push(p);
              },
            }
          : {}),
        onProgress: progress,
        signal,
      });
      await writePng(out, r.image);
      if (flags.json) {
        const { image, latent, ...meta } = r;
        printJson({ out, ...meta, experts, width: image.width, height: image.height, ...(previews ? { previews: written } : {}) });
        return;
      }
      print(
        `Wrote ${out} (${r.width}×${r.height}, ${r.steps.length} ${r.scheduler} steps, guidance ${r.guidance}, seed ${r.seed}) in ${r.seconds.toFixed(1)} s.`,
      );
      for (const s of r.spans)
        print(
          `  expert ${s.expert} (${experts[s.expert - 1]}): steps ${s.first + 1}–${s.last + 1}, t ${Math.round(s.fromTimestep)}→${Math.round(s.toTimestep)}`,
        );
      print(
        `  UNet loads ${r.loads.loads}, releases ${r.loads.evictions}, at most ${r.loads.maxResident} in memory (--max-loaded ${flags.maxLoaded})`,
      );
      if (r.keywords.length) print(`  key words ×${1 + r.keywordWeight}: ${r.keywords.map((k) => `${k.word} (${k.tag})`).join(", ")}`);
      if (previews) print(`  previews: ${written.join(", ")}`);
    } finally {
      await moe.release();
    }
  },
});
