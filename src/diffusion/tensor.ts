/**
 * A plain float tensor (data + dims, row-major) and the few operations the pipelines need between
 * model calls: seeded Gaussian noise, batching along the first axis, channel concatenation.
 * @module
 */
import { InvalidInputError, type Rng } from "../core/index.js";

/** A float32 tensor in row-major (NCHW for images and latents) order. */
export interface FloatTensor {
  data: Float32Array;
  dims: number[];
}

/** Number of elements of a shape. */
export function sizeOf(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/** A tensor of `dims` filled with standard normal samples from `rng`, times `scale`. */
export function randomNormal(dims: readonly number[], rng: Rng, scale = 1): FloatTensor {
  const data = new Float32Array(sizeOf(dims));
  for (let i = 0; i < data.length; i++) data[i] = rng.normal() * scale;
  return { data, dims: [...dims] };
}

/** Stacks tensors of equal shape `[1, ...]` or `[n, ...]` along the first axis. */
export function concatBatch(parts: readonly FloatTensor[]): FloatTensor {
  const first = parts[0];
  if (!first) throw new InvalidInputError("concatBatch needs at least one tensor.");
  const rest = first.dims.slice(1);
  let n = 0;
  for (const p of parts) {
    if (p.dims.slice(1).join(",") !== rest.join(",")) throw new InvalidInputError(`Cannot batch shapes [${first.dims}] and [${p.dims}].`);
    n += p.dims[0] ?? 1;
  }
  const data = new Float32Array(n * sizeOf(rest));
  let offset = 0;
  for (const p of parts) {
    data.set(p.data, offset);
    offset += p.data.length;
  }
  return { data, dims: [n, ...rest] };
}

/** Rows `start..start+count` of the first axis (a copy). */
export function sliceBatch(t: FloatTensor, start: number, count = 1): FloatTensor {
  const row = sizeOf(t.dims.slice(1));
  return { data: t.data.slice(start * row, (start + count) * row), dims: [count, ...t.dims.slice(1)] };
}

/** Concatenates NCHW tensors with the same N, H, W along the channel axis (a ‖ b). */
export function concatChannels(a: FloatTensor, b: FloatTensor): FloatTensor {
  const [n, ca, h, w] = a.dims as [number, number, number, number];
  const [nb, cb, hb, wb] = b.dims as [number, number, number, number];
  if (n !== nb || h !== hb || w !== wb) throw new InvalidInputError(`Cannot concatenate channels of [${a.dims}] and [${b.dims}].`);
  const plane = h * w;
  const out = new Float32Array(n * (ca + cb) * plane);
  for (let i = 0; i < n; i++) {
    out.set(a.data.subarray(i * ca * plane, (i + 1) * ca * plane), i * (ca + cb) * plane);
    out.set(b.data.subarray(i * cb * plane, (i + 1) * cb * plane), (i * (ca + cb) + ca) * plane);
  }
  return { data: out, dims: [n, ca + cb, h, w] };
}

/** Channels `start..start+count` of an NCHW tensor (a copy). */
export function sliceChannels(t: FloatTensor, start: number, count: number): FloatTensor {
  const [n, c, h, w] = t.dims as [number, number, number, number];
  const plane = h * w;
  const out = new Float32Array(n * count * plane);
  for (let i = 0; i < n; i++) out.set(t.data.subarray((i * c + start) * plane, (i * c + start + count) * plane), i * count * plane);
  return { data: out, dims: [n, count, h, w] };
}

/** `t` times a scalar (a copy). */
export function scale(t: FloatTensor, factor: number): FloatTensor {
  const data = new Float32Array(t.data.length);
  for (let i = 0; i < data.length; i++) data[i] = (t.data[i] as number) * factor;
  return { data, dims: [...t.dims] };
}
