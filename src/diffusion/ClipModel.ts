/**
 * A CLIP model (OpenAI CLIP, Radford et al. 2021) as two ONNX graphs, text → `text_embeds` and pixels
 * → `image_embeds`, both L2-normalised: shared by InstructPix2Pix's edit metrics, the stereotype audit
 * and the mixture-of-denoising-experts evaluation (CLIP score). Images are resized straight to the
 * vision input size (bicubic, no centre crop: the aspect is distorted, as in InstructPix2Pix's metric
 * code) and normalised with CLIP's mean and standard deviation.
 * @module
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { cosine, InvalidInputError, l2Normalize, MissingFileError } from "../core/index.js";
import { ClipTokenizer } from "./ClipTokenizer.js";
import { type RgbImage, resizeImage } from "./image.js";
import { OnnxComponent, type OnnxSessionOptions } from "./OnnxComponent.js";
import type { FloatTensor } from "./tensor.js";

const MEAN = [0.48145466, 0.4578275, 0.40821073];
const STD = [0.26862954, 0.26130258, 0.27577711];

/** What a CLIP folder holds (appended to "not found" errors). */
export const CLIP_HINT =
  "A CLIP folder holds text_model.onnx and vision_model.onnx (outputs text_embeds, image_embeds; at the top or in onnx/, as in Xenova/clip-vit-large-patch14) plus vocab.json and merges.txt.";

function findFile(dir: string, names: readonly string[]): string | undefined {
  return names.map((n) => join(dir, n)).find((p) => existsSync(p));
}

/** Checks that a CLIP graph has the interface its file name claims (a swapped file fails here, in one line). */
function checkClipPart(c: OnnxComponent, kind: "text" | "vision"): void {
  const input = kind === "text" ? (c.input("input_ids") ?? c.inputs[0]) : (c.input("pixel_values") ?? c.inputs[0]);
  const output = kind === "text" ? (c.output("text_embeds") ?? c.outputs[0]) : (c.output("image_embeds") ?? c.outputs[0]);
  const channels = input?.shape[1];
  const ok =
    kind === "text"
      ? (input?.type === "int32" || input?.type === "int64") && input.shape.length === 2 && output?.shape.length === 2
      : input?.shape.length === 4 && !(typeof channels === "number" && channels > 0 && channels !== 3) && output?.shape.length === 2;
  if (!ok) {
    const sig = (vs: readonly { name: string; type: string; shape: (number | string)[] }[]) =>
      vs.map((v) => `${v.name} ${v.type}[${v.shape.join(",")}]`).join(", ") || "none";
    const expected = kind === "text" ? "integer input_ids [B,77] → text_embeds [B,D]" : "pixel_values [B,3,224,224] → image_embeds [B,D]";
    throw new InvalidInputError(
      `${c.path}: not a CLIP ${kind} model (expected ${expected}; it declares inputs ${sig(c.inputs)} and outputs ${sig(c.outputs)}). ${CLIP_HINT}`,
    );
  }
}

/** A CLIP model as two ONNX graphs: text → `text_embeds`, pixels → `image_embeds`. */
export class ClipModel {
  /** @internal */
  constructor(
    readonly dir: string,
    readonly tokenizer: ClipTokenizer,
    private readonly text: OnnxComponent,
    private readonly vision: OnnxComponent,
  ) {}

  /** Loads a CLIP ONNX folder (`text_model.onnx`, `vision_model.onnx`, tokenizer files). */
  static async load(dir: string, options: OnnxSessionOptions = {}): Promise<ClipModel> {
    if (!existsSync(dir)) throw new MissingFileError(dir, "CLIP model folder", CLIP_HINT);
    const textPath = findFile(dir, ["text_model.onnx", "onnx/text_model.onnx", "text_encoder/model.onnx"]);
    const visionPath = findFile(dir, ["vision_model.onnx", "onnx/vision_model.onnx", "image_encoder/model.onnx"]);
    if (!textPath) throw new MissingFileError(join(dir, "text_model.onnx"), "CLIP text model", CLIP_HINT);
    if (!visionPath) throw new MissingFileError(join(dir, "vision_model.onnx"), "CLIP vision model", CLIP_HINT);
    const tokDir = existsSync(join(dir, "vocab.json")) ? dir : join(dir, "tokenizer");
    if (!existsSync(join(tokDir, "vocab.json")))
      throw new MissingFileError(join(dir, "vocab.json"), "CLIP tokenizer vocabulary", CLIP_HINT);
    const tokenizer = await ClipTokenizer.load(tokDir);
    const text = await OnnxComponent.load(textPath, "CLIP text model", options, CLIP_HINT);
    const vision = await OnnxComponent.load(visionPath, "CLIP vision model", options, CLIP_HINT);
    try {
      checkClipPart(text, "text");
      checkClipPart(vision, "vision");
    } catch (err) {
      await text.release();
      await vision.release();
      throw err;
    }
    return new ClipModel(dir, tokenizer, text, vision);
  }

  /** The vision input's square size (224 for ViT-L/14). */
  get imageSize(): number {
    const s = (this.vision.input("pixel_values") ?? this.vision.inputs[0])?.shape[3];
    return typeof s === "number" && s > 0 ? s : 224;
  }

  /** L2-normalised text embeddings. */
  async embedTexts(texts: readonly string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    const len = this.tokenizer.maxLength;
    const idsName = this.text.input("input_ids")?.name ?? (this.text.inputs[0]?.name as string);
    const outName = this.text.output("text_embeds")?.name ?? (this.text.outputs[0]?.name as string);
    for (const t of texts) {
      const ids = this.tokenizer.encode(t);
      const feeds: Record<string, { ints: number[]; dims: number[] }> = { [idsName]: { ints: ids, dims: [1, len] } };
      if (this.text.input("attention_mask")) feeds.attention_mask = { ints: ids.map(() => 1), dims: [1, len] };
      const r = await this.text.run(feeds, 1, [outName]);
      out.push(normalize(r[outName] as FloatTensor));
    }
    return out;
  }

  /** L2-normalised image embeddings. */
  async embedImages(images: readonly RgbImage[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    const size = this.imageSize;
    const inName = this.vision.input("pixel_values")?.name ?? (this.vision.inputs[0]?.name as string);
    const outName = this.vision.output("image_embeds")?.name ?? (this.vision.outputs[0]?.name as string);
    for (const img of images) {
      const r = await resizeImage(img, size, size, { fit: "fill", kernel: "cubic" });
      const plane = size * size;
      const data = new Float32Array(3 * plane);
      for (let p = 0; p < plane; p++)
        for (let c = 0; c < 3; c++) data[c * plane + p] = ((r.data[p * 3 + c] as number) / 255 - (MEAN[c] as number)) / (STD[c] as number);
      const res = await this.vision.run({ [inName]: { data, dims: [1, 3, size, size] } }, 1, [outName]);
      out.push(normalize(res[outName] as FloatTensor));
    }
    return out;
  }

  async release(): Promise<void> {
    await this.text.release();
    await this.vision.release();
  }
}

function normalize(t: FloatTensor): Float32Array {
  return l2Normalize(Float32Array.from(t.data));
}

/**
 * CLIP score of image–text pairs: 100 · max(cos(image, text), 0) per pair, the definition torchmetrics
 * uses (Hessel et al.'s CLIPScore uses the weight 2.5 instead of 100). Only a real CLIP (ViT-L/14 or
 * ViT-B/32) gives numbers comparable with published ones.
 */
export async function clipScores(clip: ClipModel, images: readonly RgbImage[], texts: readonly string[]): Promise<number[]> {
  if (images.length !== texts.length)
    throw new InvalidInputError(`CLIP score needs one text per image; got ${images.length} images and ${texts.length} texts.`);
  const ie = await clip.embedImages(images);
  const te = await clip.embedTexts(texts);
  return ie.map((v, k) => 100 * Math.max(cosine(v, te[k] as Float32Array), 0));
}
