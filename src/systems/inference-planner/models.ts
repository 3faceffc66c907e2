/**
 * Transformer model configurations: the paper's PaLM family, the other 100B+ models it is compared
 * with, Llama 3, and custom JSON. Parameter counts are derived from the shapes, never typed in.
 * @module
 */
import { InvalidInputError, unknownName } from "../../core/index.js";

/** The shapes of a decoder-only Transformer, as the cost model needs them. */
export interface ModelConfig {
  /** Name used on the command line (`palm-540b`). */
  name: string;
  /** Number of Transformer layers. */
  layers: number;
  /** Model width E (d_model). */
  dModel: number;
  /** Feed-forward width F (d_ff). */
  dFf: number;
  /** Query heads H. */
  heads: number;
  /** Head dimension d_h. */
  dHead: number;
  /** Key/value heads: 1 = multiquery, `heads` = multihead, in between = grouped-query. */
  kvHeads: number;
  /** Vocabulary size. */
  vocab: number;
  /** Parallel block (PaLM: attention and FFN read the same layernorm output) or serial block. */
  parallelBlock: boolean;
  /** Gated FFN (SwiGLU/GeGLU: 3 E×F matrices) or plain (2). */
  gatedFfn: boolean;
  /** Input and output embeddings shared. Defaults to `true`. */
  tiedEmbeddings?: boolean;
  /**
   * Query heads after padding for partitioning (PaLM 540B pads 48 → 64 so that heads split over 64
   * chips, +18B parameters). The padded heads cost time and memory but not MFU. Defaults to `heads`.
   */
  partitionHeads?: number;
  /** The paper's multihead ablation of this model, used by `attention: "multihead"` in max-context. */
  multiheadVariant?: string;
  /** One-line description. */
  description?: string;
}

/** Parameters of one layer (Q, K, V, O projections and the FFN), with or without head padding. */
export function layerParams(m: ModelConfig, padded = true): number {
  const h = padded ? (m.partitionHeads ?? m.heads) : m.heads;
  const attn = m.dModel * (2 * h * m.dHead + 2 * m.kvHeads * m.dHead);
  const ffn = (m.gatedFfn ? 3 : 2) * m.dModel * m.dFf;
  return attn + ffn;
}

/** Embedding parameters (one table if tied, two otherwise). */
export function embeddingParams(m: ModelConfig): number {
  return (m.tiedEmbeddings === false ? 2 : 1) * m.vocab * m.dModel;
}

/** Total parameters. `padded` counts padded heads (what is stored and computed); MFU uses the unpadded count. */
export function totalParams(m: ModelConfig, padded = true): number {
  return m.layers * layerParams(m, padded) + embeddingParams(m);
}

/** Bytes of K and V cache per token per layer for all kv heads (before any sharding). */
export function kvBytesPerTokenLayer(m: ModelConfig, kvBytes = 2): number {
  return 2 * m.kvHeads * m.dHead * kvBytes;
}

const palm = (name: string, layers: number, dModel: number, heads: number, extra: Partial<ModelConfig> = {}): ModelConfig => ({
  name,
  layers,
  dModel,
  dFf: 4 * dModel,
  heads,
  dHead: 256,
  kvHeads: 1,
  vocab: 256_000,
  parallelBlock: true,
  gatedFfn: true,
  tiedEmbeddings: true,
  ...extra,
});

/** The built-in models, by name. */
export const MODELS: Record<string, ModelConfig> = {
  "palm-8b": palm("palm-8b", 32, 4096, 16, { description: "PaLM 8B: multiquery, parallel block, SwiGLU" }),
  "palm-62b": palm("palm-62b", 64, 8192, 32, { description: "PaLM 62B: multiquery, parallel block, SwiGLU" }),
  "palm-540b": palm("palm-540b", 118, 18432, 48, {
    partitionHeads: 64,
    multiheadVariant: "palm-540b-multihead",
    description: "PaLM 540B: multiquery, parallel block, SwiGLU, heads padded 48→64 for partitioning",
  }),
  "palm-540b-multihead": palm("palm-540b-multihead", 118, 18432, 48, {
    dHead: 128,
    kvHeads: 48,
    description: "The paper's multihead PaLM 540B variant (Table 1): 48 heads of d_h 128, same parameter count",
  }),
  "palm-540b-serial": palm("palm-540b-serial", 118, 18432, 48, {
    partitionHeads: 64,
    parallelBlock: false,
    description: "The paper's serial-block PaLM 540B ablation (§3.4)",
  }),
  "mt-nlg-530b": {
    name: "mt-nlg-530b",
    layers: 105,
    dModel: 20480,
    dFf: 81920,
    heads: 128,
    dHead: 160,
    kvHeads: 128,
    vocab: 51200,
    parallelBlock: false,
    gatedFfn: false,
    description: "Megatron-Turing NLG 530B: multihead, serial block, GELU",
  },
  "bloom-176b": {
    name: "bloom-176b",
    layers: 70,
    dModel: 14336,
    dFf: 57344,
    heads: 112,
    dHead: 128,
    kvHeads: 112,
    vocab: 250880,
    parallelBlock: false,
    gatedFfn: false,
    description: "BLOOM 176B: multihead, serial block, GELU",
  },
  "gpt-3-175b": {
    name: "gpt-3-175b",
    layers: 96,
    dModel: 12288,
    dFf: 49152,
    heads: 96,
    dHead: 128,
    kvHeads: 96,
    vocab: 50257,
    parallelBlock: false,
    gatedFfn: false,
    description: "GPT-3 175B: multihead, serial block, GELU",
  },
  ...Object.fromEntries(
    (
      [
        ["llama-3-8b", 32, 4096, 14336, 32],
        ["llama-3-70b", 80, 8192, 28672, 64],
        ["llama-3-405b", 126, 16384, 53248, 128],
      ] as const
    ).map(([name, layers, dModel, dFf, heads]) => [
      name,
      {
        name,
        layers,
        dModel,
        dFf,
        heads,
        dHead: 128,
        kvHeads: 8,
        vocab: 128256,
        parallelBlock: false,
        gatedFfn: true,
        tiedEmbeddings: false,
        description: `Llama 3 ${name.slice(8).toUpperCase()}: grouped-query (8 kv heads), serial block, SwiGLU`,
      } satisfies ModelConfig,
    ]),
  ),
};

/** Names of the built-in models. */
export const MODEL_NAMES = Object.keys(MODELS);

const INT_FIELDS = ["layers", "dModel", "dFf", "heads", "dHead", "kvHeads", "vocab"] as const;

/**
 * Checks a custom model (e.g. parsed from JSON) and fills defaults. Accepts snake_case aliases
 * (`d_model`, `d_ff`, `n_layers`, `num_heads`, `d_head`, `kv_heads`).
 */
export function parseModelConfig(raw: unknown, source = "model config"): ModelConfig {
  if (!raw || typeof raw !== "object" || Array.isArray(raw))
    throw new InvalidInputError(`${source}: expected a JSON object with layers, dModel, dFf, heads, dHead, kvHeads, vocab.`);
  const r = raw as Record<string, unknown>;
  const alias: Record<string, string[]> = {
    layers: ["layers", "n_layers", "num_layers"],
    dModel: ["dModel", "d_model", "hidden_size"],
    dFf: ["dFf", "d_ff", "intermediate_size", "ffn_dim"],
    heads: ["heads", "num_heads", "n_heads", "num_attention_heads"],
    dHead: ["dHead", "d_head", "head_dim"],
    kvHeads: ["kvHeads", "kv_heads", "num_key_value_heads", "n_kv_heads"],
    vocab: ["vocab", "vocab_size"],
  };
  const pick = (key: string): unknown => {
    for (const k of alias[key] ?? [key]) if (r[k] !== undefined) return r[k];
    return undefined;
  };
  const out: Record<string, unknown> = { name: typeof r.name === "string" ? r.name : "custom" };
  for (const f of INT_FIELDS) {
    let v = pick(f);
    if (v === undefined && f === "dHead") {
      const d = pick("dModel");
      const h = pick("heads");
      if (typeof d === "number" && typeof h === "number") v = d / h;
    }
    if (v === undefined && f === "kvHeads") v = pick("heads");
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1)
      throw new InvalidInputError(`${source}: "${f}" must be a positive whole number (got ${JSON.stringify(v)}).`);
    out[f] = v;
  }
  const heads = out.heads as number;
  const kv = out.kvHeads as number;
  if (kv > heads || heads % kv !== 0) throw new InvalidInputError(`${source}: kvHeads (${kv}) must divide heads (${heads}).`);
  out.parallelBlock = r.parallelBlock ?? r.parallel_block ?? false;
  out.gatedFfn = r.gatedFfn ?? r.gated_ffn ?? false;
  out.tiedEmbeddings = r.tiedEmbeddings ?? r.tied_embeddings ?? true;
  for (const f of ["parallelBlock", "gatedFfn", "tiedEmbeddings"]) {
    if (typeof out[f] !== "boolean") throw new InvalidInputError(`${source}: "${f}" must be true or false.`);
  }
  if (r.partitionHeads !== undefined) {
    if (typeof r.partitionHeads !== "number" || r.partitionHeads < heads)
      throw new InvalidInputError(`${source}: "partitionHeads" must be a number ≥ heads.`);
    out.partitionHeads = r.partitionHeads;
  }
  if (typeof r.description === "string") out.description = r.description;
  if (typeof r.multiheadVariant === "string") out.multiheadVariant = r.multiheadVariant;
  return out as unknown as ModelConfig;
}

/** A built-in model by name, or a custom config object. Unknown names list the known ones. */
export function resolveModel(model: string | ModelConfig): ModelConfig {
  if (typeof model !== "string") return Object.values(MODELS).includes(model) ? model : parseModelConfig(model);
  const m = MODELS[model.toLowerCase()];
  if (!m) throw unknownName("model", model, MODEL_NAMES);
  return m;
}
