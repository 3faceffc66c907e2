/**
 * One ONNX model file (a text encoder, a UNet, a VAE half) behind a small typed face. Exports differ
 * in dtypes and shapes (`timestep` float32 or int64, `input_ids` int32 or int64, fp16 or fp32 weights,
 * fixed or symbolic batch), so everything is read from the session's own input/output metadata and
 * values are converted on the way in and out: callers always pass and get float32 / plain numbers.
 * @module
 */
import { existsSync, statSync } from "node:fs";
import { ExternalError, FileFormatError, InvalidInputError, MissingFileError } from "../core/index.js";
import { float16ToFloat32, float32ToFloat16 } from "./float16.js";
import { loadOnnxRuntime } from "./ort.js";
import type { FloatTensor } from "./tensor.js";

/** Element types this runtime converts to and from. */
export type OnnxElementType = "float32" | "float16" | "int32" | "int64" | "float64";

/** What the model declares about one input or output. */
export interface OnnxValueInfo {
  name: string;
  /** Element type, e.g. `"float32"`, `"float16"`, `"int64"`. */
  type: string;
  /** Dims: a number when fixed, a name (`"batch"`) or -1 when symbolic; empty when unknown or scalar. */
  shape: (number | string)[];
}

/** Session options shared by every component of a model. */
export interface OnnxSessionOptions {
  /**
   * Threads inside one operator. Defaults to `1`: on small shared CPUs (2 SMT siblings) a second
   * thread was measured to make convolutions slower, not faster.
   */
  threads?: number;
  /** onnxruntime execution providers in order of preference. Defaults to `["cpu"]`. */
  executionProviders?: string[];
}

/** A value handed to {@link OnnxComponent.run}: a float tensor, integer ids, or a scalar. */
export type OnnxFeed = FloatTensor | { ints: ArrayLike<number>; dims: number[] } | number;

type Session = import("onnxruntime-node").InferenceSession;

/** A loaded ONNX model with metadata-driven type conversion. */
export class OnnxComponent {
  /** @internal */
  constructor(
    /** File the model was loaded from. */
    readonly path: string,
    private readonly session: Session,
    /** Declared inputs. */
    readonly inputs: OnnxValueInfo[],
    /** Declared outputs. */
    readonly outputs: OnnxValueInfo[],
  ) {}

  /**
   * Loads `path` into an onnxruntime session.
   * @param what - what the file is, for error messages (`"UNet"`).
   * @throws {MissingFileError} when the file is absent; {@link FileFormatError} when it is not a loadable ONNX model.
   */
  static async load(path: string, what: string, options: OnnxSessionOptions = {}, hint?: string): Promise<OnnxComponent> {
    if (!existsSync(path) || !statSync(path).isFile()) throw new MissingFileError(path, `${what} model`, hint);
    const ort = await loadOnnxRuntime();
    let session: Session;
    try {
      session = await ort.InferenceSession.create(path, {
        intraOpNumThreads: options.threads ?? 1,
        interOpNumThreads: 1,
        executionProviders: options.executionProviders ?? ["cpu"],
        graphOptimizationLevel: "all",
      });
    } catch (err) {
      const detail = String((err as Error)?.message ?? err)
        .split("\n")[0]
        ?.slice(0, 200);
      throw new FileFormatError("ONNX", path, `onnxruntime could not load the ${what}: ${detail}`, { cause: err });
    }
    const info = (m: import("onnxruntime-node").InferenceSession.ValueMetadata): OnnxValueInfo =>
      m.isTensor ? { name: m.name, type: String(m.type), shape: [...m.shape] } : { name: m.name, type: "non-tensor", shape: [] };
    return new OnnxComponent(path, session, session.inputMetadata.map(info), session.outputMetadata.map(info));
  }

  /** The declared input named `name`, or undefined. */
  input(name: string): OnnxValueInfo | undefined {
    return this.inputs.find((i) => i.name === name);
  }

  /** The declared output named `name`, or undefined. */
  output(name: string): OnnxValueInfo | undefined {
    return this.outputs.find((o) => o.name === name);
  }

  /** True when the model's float inputs are fp16. */
  get isFloat16(): boolean {
    return this.inputs.some((i) => i.type === "float16");
  }

  /**
   * The fixed batch size of the first input, or undefined when the batch dim is symbolic. Some exports
   * fix the batch (to 1 or 2); callers then split larger batches into calls of this size.
   */
  get fixedBatch(): number | undefined {
    const first = this.inputs[0]?.shape[0];
    return typeof first === "number" && first > 0 ? first : undefined;
  }

  /**
   * Runs the model. Float feeds are converted to the declared float type (fp16 or fp32), integer feeds
   * to int32/int64, scalars to a tensor of the declared shape (`[]`, `[1]` or `[batch]`). Returns every
   * requested output (default: all) as float32.
   */
  async run(feeds: Record<string, OnnxFeed>, batch = 1, outputNames?: string[]): Promise<Record<string, FloatTensor>> {
    const ort = await loadOnnxRuntime();
    const onnxFeeds: Record<string, import("onnxruntime-node").Tensor> = {};
    for (const info of this.inputs) {
      const value = feeds[info.name];
      if (value === undefined)
        throw new InvalidInputError(`${this.path}: the model needs input "${info.name}", which this pipeline does not provide.`);
      onnxFeeds[info.name] = toOrtTensor(ort, info, value, batch);
    }
    let result: Record<string, import("onnxruntime-node").OnnxValue>;
    try {
      result = outputNames ? await this.session.run(onnxFeeds, outputNames) : await this.session.run(onnxFeeds);
    } catch (err) {
      const detail = String((err as Error)?.message ?? err)
        .split("\n")[0]
        ?.slice(0, 240);
      throw new ExternalError(`${this.path}: onnxruntime failed to run the model (${detail}).`, { cause: err });
    }
    const out: Record<string, FloatTensor> = {};
    for (const [name, value] of Object.entries(result)) {
      const t = value as import("onnxruntime-node").Tensor;
      const dims = t.dims.map(Number);
      if (t.type === "float32") out[name] = { data: t.data as Float32Array, dims };
      else if (t.type === "float16") out[name] = { data: float16ToFloat32(t.data as Uint16Array), dims };
      else if (t.type === "float64") out[name] = { data: Float32Array.from(t.data as Float64Array), dims };
      else if (t.type === "int64") out[name] = { data: Float32Array.from(t.data as BigInt64Array, Number), dims };
      else out[name] = { data: Float32Array.from(t.data as ArrayLike<number>), dims };
    }
    return out;
  }

  /** Frees the native session. */
  async release(): Promise<void> {
    await this.session.release();
  }
}

function toOrtTensor(
  ort: typeof import("onnxruntime-node"),
  info: OnnxValueInfo,
  value: OnnxFeed,
  batch: number,
): import("onnxruntime-node").Tensor {
  let values: ArrayLike<number>;
  let dims: number[];
  if (typeof value === "number") {
    // A scalar broadcast to the declared shape: [] (scalar), [1], or [batch].
    const rank = info.shape.length;
    dims = rank === 0 ? [] : [typeof info.shape[0] === "number" && (info.shape[0] as number) > 0 ? (info.shape[0] as number) : batch];
    if (rank > 1) dims = info.shape.map((d) => (typeof d === "number" && d > 0 ? d : 1));
    const n = dims.reduce((a, b) => a * b, 1);
    values = new Array<number>(n).fill(value);
  } else if ("ints" in value) {
    values = value.ints;
    dims = value.dims;
  } else {
    values = value.data;
    dims = value.dims;
  }
  switch (info.type) {
    case "float32":
      return new ort.Tensor("float32", values instanceof Float32Array ? values : Float32Array.from(values), dims);
    case "float16":
      return new ort.Tensor("float16", float32ToFloat16(values instanceof Float32Array ? values : Float32Array.from(values)), dims);
    case "float64":
      return new ort.Tensor("float64", Float64Array.from(values), dims);
    case "int64":
      return new ort.Tensor("int64", BigInt64Array.from(Array.from(values, (v) => BigInt(Math.round(v)))), dims);
    case "int32":
      return new ort.Tensor("int32", Int32Array.from(Array.from(values, (v) => Math.round(v))), dims);
    default:
      throw new InvalidInputError(
        `Input "${info.name}" has type ${info.type}, which yomikai/diffusion does not feed (expected float32, float16, int32 or int64).`,
      );
  }
}
