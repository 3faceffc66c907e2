/**
 * The CLIP byte-level BPE tokenizer (OpenAI CLIP `simple_tokenizer.py`, Hugging Face `CLIPTokenizer`)
 * in TypeScript: whitespace clean-up and lower-casing, the CLIP pre-tokenisation regex, bytes mapped
 * to printable characters, BPE merges with `</w>` marking word ends, and
 * `<|startoftext|>` … `<|endoftext|>` padded to 77 tokens. Reads `vocab.json` + `merges.txt`.
 * @module
 */
import { join } from "node:path";
import { bytesToUnicode, FileFormatError, pathExists, readFileOrThrow } from "../core/index.js";

/** Options of {@link ClipTokenizer.encode}. */
export interface ClipEncodeOptions {
  /** Total sequence length including start and end tokens. Defaults to the tokenizer's `maxLength` (77). */
  length?: number;
}

const BYTE_TABLE = bytesToUnicode();
const PATTERN = /<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+/giu;
const encoder = new TextEncoder();

/** Collapses runs of whitespace, trims, unescapes the common HTML entities and lower-cases. */
export function cleanClipText(text: string): string {
  const unescaped = text
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
  return unescaped.replace(/\s+/g, " ").trim().toLowerCase();
}

/** A CLIP BPE tokenizer loaded from a vocabulary and merge list. */
export class ClipTokenizer {
  private readonly ranks = new Map<string, number>();
  private readonly cache = new Map<string, string[]>();
  /** Id of `<|startoftext|>`. */
  readonly bosId: number;
  /** Id of `<|endoftext|>`. */
  readonly eosId: number;
  /** Id used to pad to the full length (`<|endoftext|>` for SD 1.x, `!` for SD 2.x). */
  readonly padId: number;

  /**
   * @param vocab - token → id (`vocab.json`).
   * @param merges - merge rules in priority order, `"a b"` each (`merges.txt` without its `#version` line).
   * @param options.maxLength - sequence length (CLIP: 77).
   * @param options.padToken - the padding token. Defaults to `"<|endoftext|>"`.
   */
  constructor(
    readonly vocab: ReadonlyMap<string, number>,
    merges: readonly string[],
    readonly options: { maxLength?: number; padToken?: string } = {},
  ) {
    merges.forEach((m, i) => {
      this.ranks.set(m, i);
    });
    const need = (t: string) => {
      const id = vocab.get(t);
      if (id === undefined) throw new FileFormatError("CLIP vocabulary", undefined, `token ${t} is missing`);
      return id;
    };
    this.bosId = need("<|startoftext|>");
    this.eosId = need("<|endoftext|>");
    this.padId = vocab.get(options.padToken ?? "<|endoftext|>") ?? this.eosId;
  }

  /** Sequence length including start and end tokens (77 for CLIP). */
  get maxLength(): number {
    return this.options.maxLength ?? 77;
  }

  /**
   * Loads `vocab.json` and `merges.txt` from `dir` (and the pad token and length from
   * `tokenizer_config.json` / `special_tokens_map.json` when present).
   */
  static async load(dir: string): Promise<ClipTokenizer> {
    const hint = "A CLIP tokenizer folder holds vocab.json and merges.txt (the tokenizer/ folder of a Hugging Face export).";
    const vocabPath = join(dir, "vocab.json");
    const mergesPath = join(dir, "merges.txt");
    const vocabText = (await readFileOrThrow(vocabPath, "Tokenizer vocabulary", hint)).toString("utf8");
    const mergesText = (await readFileOrThrow(mergesPath, "Tokenizer merges", hint)).toString("utf8");
    let vocabObj: Record<string, number>;
    try {
      vocabObj = JSON.parse(vocabText) as Record<string, number>;
    } catch (err) {
      throw new FileFormatError("JSON", vocabPath, (err as Error).message, { cause: err });
    }
    if (typeof vocabObj !== "object" || vocabObj === null || Array.isArray(vocabObj))
      throw new FileFormatError(
        "CLIP vocabulary",
        vocabPath,
        "expected a JSON object of token → id; copy vocab.json from the model's tokenizer/",
      );
    const bad = Object.entries(vocabObj).find(([, v]) => !Number.isInteger(v) || (v as number) < 0);
    if (bad)
      throw new FileFormatError(
        "CLIP vocabulary",
        vocabPath,
        `token ${JSON.stringify(bad[0])} has id ${JSON.stringify(bad[1])}, not a whole number`,
      );
    for (const special of ["<|startoftext|>", "<|endoftext|>"])
      if (vocabObj[special] === undefined)
        throw new FileFormatError("CLIP vocabulary", vocabPath, `token ${special} is missing; copy vocab.json from the model's tokenizer/`);
    const merges = mergesText
      .split("\n")
      .map((l) => l.trimEnd())
      .filter((l, i) => l.length > 0 && !(i === 0 && l.startsWith("#version")));
    let maxLength: number | undefined;
    let padToken: string | undefined;
    for (const file of ["special_tokens_map.json", "tokenizer_config.json"]) {
      const p = join(dir, file);
      if (!pathExists(p)) continue;
      try {
        const cfg = JSON.parse((await readFileOrThrow(p)).toString("utf8")) as Record<string, unknown>;
        const pad = cfg.pad_token;
        if (typeof pad === "string") padToken = pad;
        else if (pad && typeof pad === "object" && typeof (pad as { content?: unknown }).content === "string")
          padToken = (pad as { content: string }).content;
        if (typeof cfg.model_max_length === "number" && cfg.model_max_length > 0 && cfg.model_max_length < 100_000)
          maxLength = cfg.model_max_length;
      } catch {
        // optional metadata: ignore a malformed file and keep CLIP's defaults
      }
    }
    return new ClipTokenizer(new Map(Object.entries(vocabObj)), merges, {
      ...(maxLength ? { maxLength } : {}),
      ...(padToken ? { padToken } : {}),
    });
  }

  /** Applies BPE merges to one pre-token (already byte-mapped); the last symbol carries `</w>`. */
  bpe(token: string): string[] {
    const hit = this.cache.get(token);
    if (hit) return hit;
    const chars = Array.from(token);
    if (chars.length === 0) return [];
    let word = [...chars.slice(0, -1), `${chars[chars.length - 1]}</w>`];
    while (word.length > 1) {
      let best = -1;
      let bestRank = Number.POSITIVE_INFINITY;
      for (let i = 0; i < word.length - 1; i++) {
        const r = this.ranks.get(`${word[i]} ${word[i + 1]}`);
        if (r !== undefined && r < bestRank) {
          bestRank = r;
          best = i;
        }
      }
      if (best < 0) break;
      const a = word[best] as string;
      const b = word[best + 1] as string;
      // Merge every occurrence of the best pair, left to right.
      const next: string[] = [];
      for (let i = 0; i < word.length; i++) {
        if (i < word.length - 1 && word[i] === a && word[i + 1] === b) {
          next.push(a + b);
          i++;
        } else next.push(word[i] as string);
      }
      word = next;
    }
    this.cache.set(token, word);
    return word;
  }

  /**
   * Text → its pieces (words, digits, punctuation runs, as CLIP splits them after clean-up and
   * lower-casing), each with its BPE tokens. The tokens of all pieces, in order, are {@link tokenize}'s.
   */
  tokenizePieces(text: string): { piece: string; tokens: string[] }[] {
    const out: { piece: string; tokens: string[] }[] = [];
    for (const m of cleanClipText(text).matchAll(PATTERN)) {
      const piece = m[0];
      if (piece === "<|startoftext|>" || piece === "<|endoftext|>") {
        out.push({ piece, tokens: [piece] });
        continue;
      }
      const mapped = Array.from(encoder.encode(piece), (b) => BYTE_TABLE[b] as string).join("");
      out.push({ piece, tokens: this.bpe(mapped) });
    }
    return out;
  }

  /** Text → BPE token strings (no start/end tokens). */
  tokenize(text: string): string[] {
    return this.tokenizePieces(text).flatMap((p) => p.tokens);
  }

  /**
   * Text → ids: `<|startoftext|>`, the tokens (truncated to length − 2), `<|endoftext|>`, then padding
   * to `length` (77). Unknown tokens map to `<|endoftext|>`, as Hugging Face's `CLIPTokenizer` does.
   */
  encode(text: string, options: ClipEncodeOptions = {}): number[] {
    const length = options.length ?? this.maxLength;
    const ids = this.tokenize(text).map((t) => this.vocab.get(t) ?? this.eosId);
    const body = ids.slice(0, length - 2);
    const out = [this.bosId, ...body, this.eosId];
    while (out.length < length) out.push(this.padId);
    return out;
  }

  /** Ids → text (start, end and pad tokens dropped; `</w>` becomes a space). */
  decode(ids: readonly number[]): string {
    const inverse = new Map<number, string>();
    for (const [t, id] of this.vocab) inverse.set(id, t);
    const byteOf = new Map<string, number>();
    BYTE_TABLE.forEach((ch, b) => {
      byteOf.set(ch, b);
    });
    const text = ids
      .filter((id) => id !== this.bosId && id !== this.eosId && id !== this.padId)
      .map((id) => inverse.get(id) ?? "")
      .join("");
    const bytes: number[] = [];
    for (const ch of text.replace(/<\/w>/g, " ")) bytes.push(ch === " " ? 32 : (byteOf.get(ch) ?? 63));
    return new TextDecoder().decode(Uint8Array.from(bytes)).trim().replace(/\s+/g, " ");
  }
}
