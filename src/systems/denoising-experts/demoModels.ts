/**
 * The no-download demo: tiny random-weight experts in the Stable Diffusion ONNX layout (each UNet
 * adds its own colour bias, so each expert's share shows in the image), plus a tiny CLIP, a tiny
 * image feature extractor for FID, a few prompts of our own and reference pictures, so that
 * `mode generate`, `mode eval` and the web page run end to end on any machine. The images are
 * noise and the metric values mean nothing; the folder shows the machinery.
 * @module
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cacheDir, createRng } from "../../core/index.js";
import { OnnxGraphBuilder, writeGradientImage, writeTinyClipModel, writeTinyTextToImageModel } from "../../diffusion/index.js";

/** Default folder of the demo: `<model cache>/demo/denoising-experts`. */
export function defaultDemoExpertsDir(): string {
  return cacheDir("models", "demo", "denoising-experts");
}

const demoWrites = new Map<string, Promise<DemoExperts>>();

/** The demo in its default folder, written on first use and reused after (one write per process). */
export function demoExperts(): Promise<DemoExperts> {
  const dir = defaultDemoExpertsDir();
  let p = demoWrites.get(dir);
  if (!p) {
    p = writeDemoExperts(dir);
    p.catch(() => demoWrites.delete(dir));
    demoWrites.set(dir, p);
  }
  return p;
}

/** What {@link writeDemoExperts} wrote. */
export interface DemoExperts {
  /** The expert folders, expert 1 (noisiest steps) first. */
  experts: string[];
  /** Tiny CLIP folder (for `mode eval --clip`). */
  clip: string;
  /** Tiny feature-extractor ONNX folder (for `mode eval --inception`). */
  inception: string;
  /** A prompt file (one per line). */
  prompts: string;
  /** A folder of reference pictures (for `mode eval --reference`). */
  reference: string;
  /** True when an existing complete folder was kept. */
  reused: boolean;
}

/** Prompts of the demo prompt file (our own; not ViLG-300). */
export const DEMO_PROMPTS = [
  "a red cat on a blue sofa",
  "two dogs playing in the snow",
  "a watercolor painting of a lighthouse at dusk",
  "a photo of a bowl of oranges",
  "an astronaut riding a horse",
  "three yellow umbrellas on a beach",
];

/** The expert folder name for expert `k` of `n` (zero-padded so that they sort). */
export function demoExpertName(k: number, n: number): string {
  return `expert-${String(k).padStart(String(n).length, "0")}`;
}

/**
 * Writes a tiny random feature extractor (`model.onnx`: `images` [B,3,64,64] → `features` [B,16])
 * into `dir` and returns `dir`; same bytes for the same seed. Its features are random projections
 * of 4 × 4 average colours, enough to exercise FID's plumbing.
 */
export function writeTinyFeatureExtractor(dir: string, options: { seed?: number } = {}): string {
  const rng = createRng(options.seed ?? 11);
  const g = new OnnxGraphBuilder("feature_extractor");
  g.input("images", "float32", ["batch", 3, 64, 64]);
  const pooled = g.node("AveragePool", ["images"], { kernel_shape: [16, 16], strides: [16, 16] });
  const flat = g.node("Flatten", [pooled], { axis: 1 });
  const w = new Float32Array(48 * 16);
  for (let i = 0; i < w.length; i++) w[i] = rng.normal() * 0.5;
  g.output("features", "float32", ["batch", 16], g.node("Tanh", [g.node("MatMul", [flat, g.init([48, 16], w)])]));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "model.onnx"), g.toBytes());
  return dir;
}

/**
 * Writes (or reuses) the demo into `dir`: `count` experts (default 10, the paper's number), each a
 * text-to-image folder whose UNet has its own seed and colour bias. An existing complete folder is
 * kept unless `overwrite`.
 */
export async function writeDemoExperts(dir: string, options: { count?: number; overwrite?: boolean } = {}): Promise<DemoExperts> {
  const count = options.count ?? 10;
  const experts = Array.from({ length: count }, (_, i) => join(dir, demoExpertName(i + 1, count)));
  const clip = join(dir, "clip");
  const inception = join(dir, "inception");
  const prompts = join(dir, "prompts.txt");
  const reference = join(dir, "reference");
  const marker = join(dir, "demo.json");
  const reused =
    !options.overwrite &&
    existsSync(marker) &&
    [...experts.map((e) => join(e, "unet", "model.onnx")), join(clip, "text_model.onnx"), join(inception, "model.onnx"), prompts].every(
      (p) => existsSync(p),
    );
  if (!reused) {
    experts.forEach((e, i) => {
      const angle = (2 * Math.PI * i) / count;
      writeTinyTextToImageModel(e, { seed: i + 1, unetBias: [0.15 * Math.cos(angle), 0.15 * Math.sin(angle), -0.15 * Math.cos(angle), 0] });
    });
    writeTinyClipModel(clip);
    writeTinyFeatureExtractor(inception);
    writeFileSync(prompts, `# Demo prompts (yomikai's own, not ViLG-300)\n${DEMO_PROMPTS.join("\n")}\n`);
    mkdirSync(reference, { recursive: true });
    for (let i = 0; i < 6; i++) await writeGradientImage(join(reference, `reference-${i + 1}.png`), 48 + 8 * i, 64 - 4 * i);
    writeFileSync(marker, JSON.stringify({ experts: count, randomWeights: true }));
  }
  return { experts, clip, inception, prompts, reference, reused };
}
