/**
 * Builds ONNX `ModelProto` files from code, with a small protobuf writer and no other dependency: named
 * graph inputs and outputs (with symbolic dims), initializers (inline or as external data for large
 * models) and nodes of the default (`ai.onnx`) opset. yomikai uses it for the tiny demo models
 * (`writeTinyInstructPix2PixModel`), the test fixtures and the benchmark's full-size
 * random-weight UNet. The output is deterministic: the same calls give the same bytes.
 *
 * @example
 * ```ts
 * import { OnnxGraphBuilder } from "yomikai/diffusion";
 * const g = new OnnxGraphBuilder("double");
 * g.input("x", "float32", ["batch", 4]);
 * g.output("y", "float32", ["batch", 4], g.node("Mul", ["x", g.const([1], [2])]));
 * await g.save("double.onnx"); // or g.toBytes()
 * ```
 * @module
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { ProtoWriter } from "./protobuf.js";

/** ONNX element types used here. */
export type ElemType = "float32" | "float16" | "int32" | "int64";

const ELEM: Record<ElemType, number> = { float32: 1, int32: 6, int64: 7, float16: 10 };

/** A typed array holding initializer data of the matching element type. */
export type TensorData = Float32Array | Uint16Array | Int32Array | BigInt64Array;

/** Attribute values: integers → INT, other numbers → FLOAT, `{ f }` forces FLOAT, arrays → INTS, `{ fs }` → FLOATS. */
export type AttrValue = number | { f: number } | readonly number[] | { fs: readonly number[] } | string;

/** A dim: a fixed size or a symbolic name ("batch"). */
export type Dim = number | string;

interface Initializer {
  name: string;
  type: ElemType;
  dims: number[];
  data: TensorData | (() => TensorData);
}

interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  attrs: Record<string, AttrValue>;
}

function valueInfo(name: string, type: ElemType, dims: readonly Dim[] | undefined): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of dims ?? []) {
    const dim = new ProtoWriter();
    if (typeof d === "number") dim.int(1, d);
    else dim.string(2, d);
    shape.message(1, dim);
  }
  const tensorType = new ProtoWriter().int(1, ELEM[type]);
  if (dims) tensorType.message(2, shape);
  const typeProto = new ProtoWriter().message(1, tensorType);
  return new ProtoWriter().string(1, name).message(2, typeProto);
}

function attribute(name: string, value: AttrValue): ProtoWriter {
  const a = new ProtoWriter().string(1, name);
  if (typeof value === "string") return a.string(4, value).int(20, 3);
  if (typeof value === "number") return Number.isInteger(value) ? a.int(3, value).int(20, 2) : a.float(2, value).int(20, 1);
  if (Array.isArray(value)) {
    for (const v of value) a.int(8, v);
    return a.int(20, 7);
  }
  if ("f" in (value as object)) return a.float(2, (value as { f: number }).f).int(20, 1);
  for (const v of (value as { fs: readonly number[] }).fs) a.float(7, v);
  return a.int(20, 6);
}

function bytesOf(data: TensorData): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Builds one ONNX graph. Node outputs get unique generated names unless given. */
export class OnnxGraphBuilder {
  private readonly inputs: ProtoWriter[] = [];
  private readonly outputs: ProtoWriter[] = [];
  private readonly initializers: Initializer[] = [];
  private readonly nodes: NodeSpec[] = [];
  private counter = 0;
  /** Total number of initializer elements (parameters). */
  parameters = 0;

  constructor(
    readonly name: string,
    readonly opset = 17,
  ) {}

  /** A fresh value name. */
  fresh(prefix = "v"): string {
    return `${prefix}_${this.counter++}`;
  }

  /** Declares a graph input. */
  input(name: string, type: ElemType, dims: readonly Dim[]): string {
    this.inputs.push(valueInfo(name, type, dims));
    return name;
  }

  /** Declares a graph output fed by `from` (through an Identity node when the names differ). */
  output(name: string, type: ElemType, dims: readonly Dim[] | undefined, from: string): string {
    if (from !== name) this.nodes.push({ op: "Identity", inputs: [from], outputs: [name], attrs: {} });
    this.outputs.push(valueInfo(name, type, dims));
    return name;
  }

  /** Adds an initializer (a weight); `data` may be a thunk so huge models are generated while saving. */
  init(dims: readonly number[], data: TensorData | (() => TensorData), type?: ElemType, name?: string): string {
    const n = name ?? this.fresh("w");
    const t: ElemType =
      type ??
      (data instanceof Float32Array
        ? "float32"
        : data instanceof Uint16Array
          ? "float16"
          : data instanceof Int32Array
            ? "int32"
            : data instanceof BigInt64Array
              ? "int64"
              : "float32");
    this.initializers.push({ name: n, type: t, dims: [...dims], data });
    this.parameters += dims.reduce((a, b) => a * b, 1);
    return n;
  }

  /** A float32 constant filled with `values` (repeated if shorter). */
  const(dims: readonly number[], values: readonly number[]): string {
    const size = dims.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    for (let i = 0; i < size; i++) data[i] = values[i % values.length] ?? 0;
    return this.init(dims, data);
  }

  /** An int64 constant (shapes, axes). */
  ints(values: readonly number[]): string {
    return this.init([values.length], BigInt64Array.from(values.map((v) => BigInt(v))));
  }

  /** Adds a node with one output and returns the output name. */
  node(op: string, inputs: readonly string[], attrs: Record<string, AttrValue> = {}, output?: string): string {
    const out = output ?? this.fresh(op.toLowerCase());
    this.nodes.push({ op, inputs: [...inputs], outputs: [out], attrs });
    return out;
  }

  private graph(external: { location: string; fd: number } | undefined): ProtoWriter {
    const g = new ProtoWriter();
    for (const n of this.nodes) {
      const node = new ProtoWriter();
      for (const i of n.inputs) node.string(1, i);
      for (const o of n.outputs) node.string(2, o);
      node.string(3, `${n.op}_${n.outputs[0]}`).string(4, n.op);
      for (const [k, v] of Object.entries(n.attrs)) node.message(5, attribute(k, v));
      g.message(1, node);
    }
    g.string(2, this.name);
    let offset = 0;
    for (const init of this.initializers) {
      const data = typeof init.data === "function" ? init.data() : init.data;
      const t = new ProtoWriter();
      t.packedInts(1, init.dims).int(2, ELEM[init.type]).string(8, init.name);
      const bytes = bytesOf(data);
      if (external && bytes.length >= 1024) {
        writeSync(external.fd, bytes);
        const entry = (k: string, v: string) => new ProtoWriter().string(1, k).string(2, v);
        t.message(13, entry("location", external.location))
          .message(13, entry("offset", String(offset)))
          .message(13, entry("length", String(bytes.length)))
          .int(14, 1);
        offset += bytes.length;
      } else {
        t.bytes(9, bytes);
      }
      g.message(5, t);
    }
    for (const i of this.inputs) g.message(11, i);
    for (const o of this.outputs) g.message(12, o);
    return g;
  }

  private model(graph: ProtoWriter): Uint8Array {
    const opset = new ProtoWriter().string(1, "").int(2, this.opset);
    return new ProtoWriter().int(1, 8).string(2, "yomikai-test").message(8, opset).message(7, graph).finish();
  }

  /** The serialised model, all weights inline (fine below 2 GB). */
  toBytes(): Uint8Array {
    return this.model(this.graph(undefined));
  }

  /**
   * Writes `path` and, when `externalData` is set, the weights into a side file of that name in the
   * same folder (the layout big ONNX exports use, e.g. `unet/model.onnx` + `unet/weights.pb`).
   */
  async save(path: string, externalData?: string): Promise<void> {
    if (!externalData) {
      await writeFile(path, this.toBytes());
      return;
    }
    const dir = path.slice(0, path.length - basename(path).length);
    const fd = openSync(join(dir, externalData), "w");
    try {
      const graph = this.graph({ location: externalData, fd });
      await writeFile(path, this.model(graph));
    } finally {
      closeSync(fd);
    }
  }
}
