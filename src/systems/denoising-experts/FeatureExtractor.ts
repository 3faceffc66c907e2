/**
 * Image features for FID through onnxruntime: an Inception-v3 ONNX export (pool3, 2048 features per
 * image, as pytorch-fid's `FIDInceptionV3` gives) or any image → vector graph. The folder or file is
 * user-supplied; yomikai writes a tiny random one for tests and demos, whose FID values mean nothing.
 * Images are resized to the graph's input size (bilinear, stretched) and scaled to [−1, 1], the
 * input range of pytorch-fid's Inception after its own normalisation.
 * @module
 */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { InvalidInputError, MissingFileError, throwIfAborted } from "../../core/index.js";
import { type FloatTensor, OnnxComponent, type OnnxSessionOptions, type RgbImage, resizeImage } from "../../diffusion/index.js";

/** What a feature-extractor folder holds. */
export const INCEPTION_HINT =
  "Pass an ONNX file, or a folder with model.onnx or inception*.onnx, taking images [B,3,S,S] (299 for Inception-v3) and giving features [B,F] or [B,F,1,1] (2048 pool3 features for FID)";

/** An ONNX image → feature-vector model. */
export class FeatureExtractor {
  /** @internal */
  constructor(
    private readonly component: OnnxComponent,
    /** Side of the square input. */
    readonly size: number,
  ) {}

  /** Loads a feature extractor from an `.onnx` file or a folder holding one. */
  static async load(path: string, options: OnnxSessionOptions = {}): Promise<FeatureExtractor> {
    if (!existsSync(path)) throw new MissingFileError(path, "Feature extractor (Inception ONNX)", INCEPTION_HINT);
    let file = path;
    if (statSync(path).isDirectory()) {
      const names = ["model.onnx", "inception.onnx", "inception_v3.onnx", "pt_inception.onnx", "onnx/model.onnx"];
      const found = names.map((n) => join(path, n)).find((p) => existsSync(p));
      if (!found) throw new MissingFileError(join(path, "model.onnx"), "Feature extractor (Inception ONNX)", INCEPTION_HINT);
      file = found;
    }
    const c = await OnnxComponent.load(file, "feature extractor", options, INCEPTION_HINT);
    const input = c.inputs[0];
    const shape = input?.shape ?? [];
    const channels = shape[1];
    if (c.inputs.length !== 1 || shape.length !== 4 || (typeof channels === "number" && channels > 0 && channels !== 3)) {
      await c.release();
      throw new InvalidInputError(`${file}: not an image feature extractor (it must take one image input [B,3,S,S]). ${INCEPTION_HINT}.`);
    }
    const s = shape[2];
    return new FeatureExtractor(c, typeof s === "number" && s > 0 ? s : 299);
  }

  /** Feature vectors of `images`, one per image. */
  async features(images: readonly RgbImage[], signal?: AbortSignal): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    const inName = this.component.inputs[0]?.name as string;
    const outName = this.component.outputs[0]?.name as string;
    const size = this.size;
    const plane = size * size;
    for (const img of images) {
      throwIfAborted(signal);
      const r = await resizeImage(img, size, size, { fit: "fill", kernel: "linear" });
      const data = new Float32Array(3 * plane);
      for (let p = 0; p < plane; p++) for (let c = 0; c < 3; c++) data[c * plane + p] = ((r.data[p * 3 + c] as number) / 255) * 2 - 1;
      const res = await this.component.run({ [inName]: { data, dims: [1, 3, size, size] } }, 1, [outName]);
      out.push(Float32Array.from((res[outName] as FloatTensor).data));
    }
    return out;
  }

  async release(): Promise<void> {
    await this.component.release();
  }
}
