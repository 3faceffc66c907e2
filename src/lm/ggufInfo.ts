/**
 * A small GGUF header reader: checks that a file is a complete GGUF model before native code touches it
 * (so a corrupt or truncated file gives one clear line, not a crash) and reads the metadata yomikai
 * needs (architecture, vocabulary, context length).
 * @module
 */
import { createHash } from "node:crypto";
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { FileFormatError, fileSystemProblem, InvalidInputError, MissingFileError, YomikaiError } from "../core/index.js";

/** What {@link readGgufInfo} returns. */
export interface GgufInfo {
  version: number;
  /** `general.architecture` (gpt2, llama, bloom, qwen2, …). */
  architecture: string;
  /** Every metadata key except the large tokenizer arrays. */
  metadata: Record<string, unknown>;
  /** `tokenizer.ggml.tokens`. */
  tokens: string[];
  /** `tokenizer.ggml.merges` (BPE vocabularies), empty when absent. */
  merges: string[];
  /** SHA-256 (hex, 16 chars) of the tokens in id order. */
  vocabularyFingerprint: string;
  tensorCount: number;
  /** Bytes the file must have for all tensor data to be present. */
  requiredBytes: number;
  fileBytes: number;
}

const TYPE_SIZE: Record<number, [number, number]> = {
  // ggml type → [block elements, block bytes]
  0: [1, 4],
  1: [1, 2],
  2: [32, 18],
  3: [32, 20],
  6: [32, 22],
  7: [32, 24],
  8: [32, 34],
  9: [32, 36],
  10: [256, 84],
  11: [256, 110],
  12: [256, 144],
  13: [256, 176],
  14: [256, 210],
  15: [256, 292],
  16: [256, 66],
  17: [256, 74],
  18: [256, 98],
  19: [256, 50],
  20: [32, 18],
  21: [256, 110],
  22: [256, 82],
  23: [256, 136],
  24: [1, 1],
  25: [1, 2],
  26: [1, 4],
  27: [1, 8],
  28: [1, 8],
  29: [256, 56],
  30: [1, 2],
  34: [256, 54],
  35: [256, 66],
  39: [32, 17],
};

class Reader {
  private buf = Buffer.alloc(0);
  private bufStart = 0;
  pos = 0;
  constructor(
    private readonly fd: number,
    readonly size: number,
    private readonly path: string,
  ) {}
  private ensure(n: number) {
    if (this.pos + n > this.size)
      throw new FileFormatError("GGUF", this.path, `truncated header at byte ${this.pos}; download or convert it again`);
    if (this.pos >= this.bufStart && this.pos + n <= this.bufStart + this.buf.length) return;
    const len = Math.min(Math.max(n, 1 << 20), this.size - this.pos);
    this.buf = Buffer.alloc(len);
    readSync(this.fd, this.buf, 0, len, this.pos);
    this.bufStart = this.pos;
  }
  bytes(n: number): Buffer {
    this.ensure(n);
    const o = this.pos - this.bufStart;
    this.pos += n;
    return this.buf.subarray(o, o + n);
  }
  u8() {
    return this.bytes(1).readUInt8(0);
  }
  u32() {
    return this.bytes(4).readUInt32LE(0);
  }
  u64() {
    const v = this.bytes(8).readBigUInt64LE(0);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new FileFormatError("GGUF", this.path, `implausible length at byte ${this.pos - 8}`);
    return Number(v);
  }
  str() {
    const n = this.u64();
    if (n > this.size) throw new FileFormatError("GGUF", this.path, `string length ${n} exceeds the file size`);
    return this.bytes(n).toString("utf8");
  }
  value(type: number): unknown {
    switch (type) {
      case 0:
        return this.u8();
      case 1:
        return this.bytes(1).readInt8(0);
      case 2:
        return this.bytes(2).readUInt16LE(0);
      case 3:
        return this.bytes(2).readInt16LE(0);
      case 4:
        return this.u32();
      case 5:
        return this.bytes(4).readInt32LE(0);
      case 6:
        return this.bytes(4).readFloatLE(0);
      case 7:
        return this.u8() !== 0;
      case 8:
        return this.str();
      case 9: {
        const itemType = this.u32();
        const n = this.u64();
        if (n > this.size) throw new FileFormatError("GGUF", this.path, `array length ${n} exceeds the file size`);
        const out: unknown[] = new Array(n);
        for (let i = 0; i < n; i++) out[i] = this.value(itemType);
        return out;
      }
      case 10:
        return this.u64();
      case 11:
        return Number(this.bytes(8).readBigInt64LE(0));
      case 12:
        return this.bytes(8).readDoubleLE(0);
      default:
        throw new FileFormatError("GGUF", this.path, `unknown metadata value type ${type} at byte ${this.pos - 4}`);
    }
  }
}

/**
 * Reads and validates a GGUF file's header. Throws {@link MissingFileError} when the file is absent and
 * {@link FileFormatError} (one line) when it is not GGUF, is truncated, or lacks a vocabulary.
 */
export function readGgufInfo(path: string): GgufInfo {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR")
      throw new MissingFileError(path, "Model file", "Pass a .gguf path or hf:<owner>/<repo>/<file.gguf>", { cause: err });
    throw new YomikaiError(
      `Cannot read the model file ${path}: ${fileSystemProblem(code ?? "") ?? String(err)}${code ? ` (${code})` : ""}.`,
      {
        cause: err,
      },
    );
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory())
      throw new InvalidInputError(`${path} is a directory, not a model file; pass the path of the .gguf file inside it.`);
    const size = st.size;
    const r = new Reader(fd, size, path);
    if (size < 24) throw new FileFormatError("GGUF", path, `only ${size} bytes; pass a .gguf model file`);
    const magic = r.bytes(4).toString("latin1");
    if (magic !== "GGUF")
      throw new FileFormatError("GGUF", path, `bad magic ${JSON.stringify(magic)}, expected "GGUF"; pass a .gguf model file`);
    const version = r.u32();
    if (version < 2 || version > 3) throw new FileFormatError("GGUF", path, `unsupported version ${version}`);
    const tensorCount = r.u64();
    const kvCount = r.u64();
    const metadata: Record<string, unknown> = {};
    let tokens: string[] = [];
    let merges: string[] = [];
    for (let i = 0; i < kvCount; i++) {
      const key = r.str();
      const value = r.value(r.u32());
      if (key === "tokenizer.ggml.tokens") tokens = value as string[];
      else if (key === "tokenizer.ggml.merges") merges = value as string[];
      else if (!key.startsWith("tokenizer.ggml.") || !Array.isArray(value)) metadata[key] = value;
    }
    let dataEnd = 0;
    for (let i = 0; i < tensorCount; i++) {
      r.str();
      const nDims = r.u32();
      if (nDims > 8) throw new FileFormatError("GGUF", path, `tensor ${i} has ${nDims} dimensions`);
      let n = 1;
      for (let d = 0; d < nDims; d++) n *= r.u64();
      const type = r.u32();
      const offset = r.u64();
      const ts = TYPE_SIZE[type];
      const bytes = ts ? Math.ceil(n / ts[0]) * ts[1] : 0;
      dataEnd = Math.max(dataEnd, offset + bytes);
    }
    const alignment = typeof metadata["general.alignment"] === "number" ? (metadata["general.alignment"] as number) : 32;
    const dataStart = Math.ceil(r.pos / alignment) * alignment;
    const requiredBytes = dataStart + dataEnd;
    if (size < requiredBytes)
      throw new FileFormatError("GGUF", path, `truncated: ${size} bytes, tensor data needs ${requiredBytes}; download it again`);
    const architecture = String(metadata["general.architecture"] ?? "");
    if (!architecture) throw new FileFormatError("GGUF", path, "no general.architecture key");
    if (tokens.length === 0) throw new FileFormatError("GGUF", path, "no tokenizer.ggml.tokens vocabulary");
    const vocabularyFingerprint = createHash("sha256").update(tokens.join("\u0000")).digest("hex").slice(0, 16);
    return { version, architecture, metadata, tokens, merges, vocabularyFingerprint, tensorCount, requiredBytes, fileBytes: size };
  } finally {
    closeSync(fd);
  }
}
