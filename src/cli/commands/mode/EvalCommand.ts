import { ExternalError, parseShard } from "../../../core/index.js";
import { ClipModel } from "../../../diffusion/index.js";
import {
  checkRouting,
  demoExperts,
  evaluateExperts,
  FeatureExtractor,
  loadPrompts,
  MixtureOfDenoisingExperts,
} from "../../../systems/denoising-experts/index.js";
import { defineCommand, flagValue, outputFolder } from "../../framework.js";
import { need } from "../edit/shared.js";
import { GENERATION_FLAGS, generationSettings, resolveExperts } from "./shared.js";

/** `yomikai mode eval`: images for a prompt set, CLIP score and FID, resumable. */
export const EvalCommand = defineCommand({
  name: "eval",
  summary: "Generate an image per prompt (ViLG-300 or your file) and score them: CLIP score, FID against reference images. Resumable.",
  description:
    "Writes images/<key>.png, results.jsonl (one line per prompt: image, CLIP score, experts per step) and summary.json into --out. A rerun with the same settings skips finished prompts; other settings are refused. --prompts vilg-300 reads ERNIE-ViLG 2.0's bilingual set from the cache, downloading it from the authors' repository when online (yomikai does not ship it). FID needs --inception (an Inception-v3 ONNX export, pool3 features) and --reference (e.g. COCO val images); the paper's 6.75 is zero-shot FID-30k on MS-COCO. \"demo\" for --experts, --prompts, --clip, --inception or --reference uses the tiny random demo (numbers mean nothing).",
  usage: "--experts DIR[,DIR…] --prompts vilg-300|FILE --out DIR [--clip DIR] [--inception DIR --reference DIR] [flags]",
  flags: {
    ...GENERATION_FLAGS,
    prompts: {
      type: "string",
      description:
        "vilg-300, a .txt file (one prompt per line), a CSV with a Prompt column, or COCO captions JSON; demo = the demo prompts.",
      placeholder: "SET|FILE",
    },
    language: { type: "string", description: "ViLG-300: English or Chinese prompts.", choices: ["en", "zh"], default: "en" },
    limit: { type: "number", description: "Only the first N prompts.", integer: true, min: 1 },
    out: { type: "string", description: "Output folder (created; reused to resume).", placeholder: "DIR" },
    clip: {
      type: "string",
      description: "CLIP ONNX folder for the CLIP score (e.g. an export of openai/clip-vit-large-patch14).",
      placeholder: "DIR",
    },
    inception: { type: "string", description: "Image feature extractor ONNX (Inception-v3 pool3) for FID.", placeholder: "DIR|FILE" },
    reference: { type: "string", description: "Folder of reference images (PNG/JPEG) for FID.", placeholder: "DIR" },
    shard: {
      type: "string",
      description:
        "Run only prompts i, i+n, i+2n, … (0-based i/n) so several machines share one --out folder; the summary covers every finished prompt.",
      placeholder: "i/n",
    },
  },
  examples: [
    "yomikai mode eval --experts demo --prompts demo --clip demo --inception demo --reference demo --width 128 --height 128 --out mode-eval   # tiny random demo, no download",
    "yomikai mode eval --experts models/sd15-onnx --prompts vilg-300 --limit 50 --clip models/clip-vit-large-patch14 --out vilg-sd15",
    "yomikai mode eval --experts models/sdxl-base-onnx,models/sdxl-refiner-onnx --boundaries 0.8 --prompts captions_val2014.json --limit 1000 --width 256 --height 256 --inception models/inception-v3 --reference coco/val2014 --out coco-fid",
  ],
  docs: "docs/denoising-experts.md",
  async run({ flags, progress, print, printJson, log, signal }) {
    const out = outputFolder(need(flags.out, "out", "Output folder."));
    const spec = need(flags.prompts, "prompts", "vilg-300 or a prompt file.");
    const experts = await resolveExperts(flags.experts);
    const settings = generationSettings(flags, experts.length);
    flagValue(() => checkRouting(settings.routing ?? { kind: "blocks", blocks: experts.length }, experts.length));
    const demo = [spec, flags.clip, flags.inception, flags.reference].includes("demo") ? await demoExperts() : undefined;
    const pick = (v: string | undefined, fromDemo: string | undefined) => (v === "demo" ? fromDemo : v);
    let prompts = await loadPrompts(pick(spec, demo?.prompts) as string, {
      language: flags.language as "en" | "zh",
      onProgress: progress,
      signal,
    });
    if (flags.limit !== undefined) prompts = prompts.slice(0, flags.limit);
    const clipDir = pick(flags.clip, demo?.clip);
    const inceptionPath = pick(flags.inception, demo?.inception);
    const reference = pick(flags.reference, demo?.reference);
    const clip = clipDir ? await ClipModel.load(clipDir, { threads: flags.threads }) : undefined;
    const inception = inceptionPath ? await FeatureExtractor.load(inceptionPath, { threads: flags.threads }) : undefined;
    const moe = await MixtureOfDenoisingExperts.load(experts, {
      maxLoaded: flags.maxLoaded,
      threads: flags.threads,
      onProgress: (e) => (e.kind === "log" ? undefined : progress(e)),
      signal,
    });
    try {
      const summary = await evaluateExperts(moe, {
        prompts,
        out,
        settings,
        ...(clip ? { clip } : {}),
        ...(inception ? { inception } : {}),
        ...(reference ? { reference } : {}),
        ...(flags.shard ? { shard: parseShard(flags.shard) } : {}),
        onProgress: progress,
        signal,
      });
      if (summary.generated === 0)
        throw new ExternalError(`No prompt produced an image (${summary.failed} failed; see ${out}/results.jsonl for the errors).`);
      if (flags.json) printJson({ out, ...summary });
      else {
        print(
          `${summary.generated} of ${summary.prompts} prompts have an image in ${out}/images (${summary.resumed} resumed, ${summary.failed} failed).`,
        );
        if (summary.clipScore) print(`  CLIP score: ${summary.clipScore.mean.toFixed(2)} (mean of ${summary.clipScore.count})`);
        if (summary.fid)
          print(
            `  FID: ${summary.fid.value.toFixed(3)} (${summary.fid.generated} generated vs ${summary.fid.reference} reference images, ${summary.fid.featureWidth} features)`,
          );
        for (const f of summary.failures) log(`failed: prompt ${f.key}: ${f.error}`);
        if (demo) log("Demo models have random weights: these numbers only show the machinery.");
        print(`  ${out}/summary.json, ${out}/results.jsonl`);
      }
      return summary.failed > 0 ? 1 : 0;
    } finally {
      await moe.release();
      await clip?.release();
      await inception?.release();
    }
  },
});
