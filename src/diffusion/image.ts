/**
 * Image files ↔ tensors, through `sharp` (loaded lazily): decode PNG/JPEG/WebP to RGB, resize, encode
 * PNG, and convert between 8-bit RGB and NCHW float tensors in [−1, 1].
 * @module
 */
import { ExternalError, FileFormatError, readFileOrThrow } from "../core/index.js";
import type { FloatTensor } from "./tensor.js";

/** An 8-bit RGB image, row-major, 3 bytes per pixel. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

type SharpFn = typeof import("sharp").default;
let sharpModule: Promise<SharpFn> | undefined;

/** Loads `sharp` once, with a one-line error if it is missing. */
export function loadSharp(): Promise<SharpFn> {
  sharpModule ??= import("sharp").then(
    (m) => m.default,
    (err: unknown) => {
      sharpModule = undefined;
      throw new ExternalError("Image files need the sharp package, which could not be loaded. Install it with: npm install sharp", {
        cause: err,
      });
    },
  );
  return sharpModule;
}

/** Decodes image bytes (PNG, JPEG, WebP, …) to RGB; `label` names the source in errors. */
export async function decodeImage(bytes: Uint8Array, label = "image"): Promise<RgbImage> {
  const sharp = await loadSharp();
  try {
    const { data, info } = await sharp(bytes).rotate().removeAlpha().toColorspace("srgb").raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`${info.channels} channels after conversion`);
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch (err) {
    throw new FileFormatError("image", label, `could not decode it as PNG or JPEG: ${String((err as Error).message).split("\n")[0]}`, {
      cause: err,
    });
  }
}

/** Reads and decodes an image file. */
export async function readImage(path: string): Promise<RgbImage> {
  const bytes = await readFileOrThrow(path, "Image", "Give a PNG or JPEG file.");
  return decodeImage(bytes, path);
}

/** PNG bytes of an image. */
export async function encodePng(image: RgbImage): Promise<Uint8Array> {
  const sharp = await loadSharp();
  const buf = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .png()
    .toBuffer();
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Options of {@link resizeImage}. */
export interface ResizeOptions {
  /** `"cover"`: keep aspect, crop the centre (PIL `ImageOps.fit`); `"fill"`: stretch. Defaults to `"fill"`. */
  fit?: "cover" | "fill";
  /** Resampling kernel. Defaults to `"lanczos3"`. */
  kernel?: "lanczos3" | "cubic" | "linear" | "nearest";
}

/** Resizes to exactly `width` × `height`. */
export async function resizeImage(image: RgbImage, width: number, height: number, options: ResizeOptions = {}): Promise<RgbImage> {
  if (image.width === width && image.height === height) return image;
  const sharp = await loadSharp();
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: options.fit ?? "fill", kernel: options.kernel ?? "lanczos3", position: "centre" })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/** RGB → `[1, 3, H, W]` float tensor in [−1, 1] (the VAE's input range). */
export function imageToTensor(image: RgbImage): FloatTensor {
  const { width, height, data } = image;
  const plane = width * height;
  const out = new Float32Array(3 * plane);
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < 3; c++) out[c * plane + p] = ((data[p * 3 + c] as number) / 255) * 2 - 1;
  }
  return { data: out, dims: [1, 3, height, width] };
}

/** Image `index` of an NCHW tensor in [−1, 1] → RGB, via clamp((x + 1)/2, 0, 1). */
export function tensorToImage(t: FloatTensor, index = 0): RgbImage {
  const [, c, height, width] = t.dims as [number, number, number, number];
  const plane = width * height;
  const base = index * c * plane;
  const out = new Uint8Array(plane * 3);
  for (let p = 0; p < plane; p++) {
    for (let ch = 0; ch < 3; ch++) {
      const v = ((t.data[base + Math.min(ch, c - 1) * plane + p] as number) + 1) / 2;
      out[p * 3 + ch] = Math.round(Math.min(1, Math.max(0, Number.isNaN(v) ? 0 : v)) * 255);
    }
  }
  return { width, height, data: out };
}

/** Pastes equally sized images into a grid with `cols` columns and a `gap`-pixel white border. */
export function imageGrid(images: readonly RgbImage[], cols: number, gap = 4): RgbImage {
  const first = images[0];
  if (!first) return { width: 1, height: 1, data: new Uint8Array([255, 255, 255]) };
  const rows = Math.ceil(images.length / cols);
  const width = cols * first.width + (cols + 1) * gap;
  const height = rows * first.height + (rows + 1) * gap;
  const data = new Uint8Array(width * height * 3).fill(255);
  images.forEach((img, k) => {
    const x0 = gap + (k % cols) * (first.width + gap);
    const y0 = gap + Math.floor(k / cols) * (first.height + gap);
    for (let y = 0; y < Math.min(img.height, first.height); y++) {
      const src = img.data.subarray(y * img.width * 3, y * img.width * 3 + Math.min(img.width, first.width) * 3);
      data.set(src, ((y0 + y) * width + x0) * 3);
    }
  });
  return { width, height, data };
}
