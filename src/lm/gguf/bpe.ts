/**
 * Byte-level BPE in GPT-2's form, trained from text: the GPT-2 pre-tokenizer regex splits text into
 * words, each word's UTF-8 bytes are spelled in the {@link bytesToUnicode} alphabet, and merges learned
 * from pair counts join symbols. The result is a {@link Vocabulary} that llama.cpp loads as
 * `tokenizer.ggml.model = "gpt2"` with `tokenizer.ggml.pre = "gpt-2"`, and {@link BpeTokenizer.encode}
 * splits text into exactly the ids llama.cpp's tokenizer produces for that vocabulary.
 * @module
 */
import { bytesToUnicode } from "../../core/index.js";
import type { Vocabulary } from "./randomModels.js";

/** GPT-2's pre-tokenizer: contractions, letter runs, digit runs, other runs, whitespace (each with one leading space). */
export const GPT2_PRETOKENIZER = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

const END_OF_TEXT = "<|endoftext|>";

/** Splits `text` into GPT-2 pre-tokens, each spelled in the byte-level alphabet. */
export function pretokenize(text: string): string[] {
  const b2u = bytesToUnicode();
  const enc = new TextEncoder();
  const out: string[] = [];
  for (const m of text.matchAll(GPT2_PRETOKENIZER)) {
    let s = "";
    for (const b of enc.encode(m[0])) s += b2u[b];
    out.push(s);
  }
  return out;
}

/** Options of {@link trainBpe}. */
export interface TrainBpeOptions {
  /** Total vocabulary size, 256 byte tokens + merges + `<|endoftext|>` (fewer when the text runs out of pairs to merge). Defaults to 4096. */
  vocabSize?: number;
  /** Pre-tokens seen fewer times than this are ignored while learning merges. Defaults to 2. */
  minWordCount?: number;
}

/**
 * Learns byte-level BPE merges from `text` (ties between equally frequent pairs are broken by the pair's
 * string, so the result is deterministic). Returns the vocabulary: byte tokens in
 * {@link bytesToUnicode} order, one token per merge, then `<|endoftext|>`.
 */
export function trainBpe(text: string, options: TrainBpeOptions = {}): Vocabulary {
  const vocabSize = options.vocabSize ?? 4096;
  const minCount = options.minWordCount ?? 2;
  const counts = new Map<string, number>();
  for (const w of pretokenize(text)) counts.set(w, (counts.get(w) ?? 0) + 1);
  const words: { syms: string[]; n: number }[] = [];
  for (const [w, n] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (n >= minCount) words.push({ syms: [...w], n });

  const tokens = [...bytesToUnicode()];
  const known = new Set(tokens);
  const merges: string[] = [];
  // Pair counts, kept up to date incrementally as merges rewrite the words that contain them.
  const pairCount = new Map<string, number>();
  const pairWords = new Map<string, Set<number>>();
  const key = (a: string, b: string) => `${a} ${b}`;
  const addWord = (i: number, sign: 1 | -1) => {
    const w = words[i] as { syms: string[]; n: number };
    for (let j = 0; j + 1 < w.syms.length; j++) {
      const k = key(w.syms[j] as string, w.syms[j + 1] as string);
      const n = (pairCount.get(k) ?? 0) + sign * w.n;
      if (n > 0) pairCount.set(k, n);
      else pairCount.delete(k);
      if (sign > 0) {
        const s = pairWords.get(k);
        if (s) s.add(i);
        else pairWords.set(k, new Set([i]));
      }
    }
  };
  for (let i = 0; i < words.length; i++) addWord(i, 1);
  while (tokens.length < vocabSize - 1) {
    let best: string | undefined;
    let bestN = 0;
    for (const [k, n] of pairCount) if (n > bestN || (n === bestN && best !== undefined && k < best)) [best, bestN] = [k, n];
    if (!best || bestN <= 0) break;
    const [a, b] = best.split(" ") as [string, string];
    const merged = a + b;
    merges.push(best);
    if (!known.has(merged)) {
      known.add(merged);
      tokens.push(merged);
    }
    for (const i of pairWords.get(best) ?? []) {
      const w = words[i] as { syms: string[]; n: number };
      addWord(i, -1);
      const next: string[] = [];
      for (let j = 0; j < w.syms.length; j++) {
        if (j + 1 < w.syms.length && w.syms[j] === a && w.syms[j + 1] === b) {
          next.push(merged);
          j++;
        } else next.push(w.syms[j] as string);
      }
      w.syms = next;
      addWord(i, 1);
    }
    pairCount.delete(best);
    pairWords.delete(best);
  }
  tokens.push(END_OF_TEXT);
  return { tokens, tokenTypes: tokens.map((_, i) => (i === tokens.length - 1 ? 3 : 1)), merges, eos: tokens.length - 1 };
}

/** Encodes and decodes text with a byte-level BPE {@link Vocabulary} (GPT-2 rules: lowest-rank merge first). */
export class BpeTokenizer {
  private readonly ids = new Map<string, number>();
  private readonly ranks = new Map<string, number>();
  private readonly cache = new Map<string, number[]>();
  private readonly byteOf = new Map<string, number>();

  constructor(readonly vocab: Vocabulary) {
    vocab.tokens.forEach((t, i) => {
      this.ids.set(t, i);
    });
    vocab.merges.forEach((m, i) => {
      this.ranks.set(m, i);
    });
    bytesToUnicode().forEach((u, b) => {
      this.byteOf.set(u, b);
    });
  }

  /** Token ids of `text` (no BOS/EOS added). */
  encode(text: string): number[] {
    const out: number[] = [];
    for (const w of pretokenize(text)) {
      let ids = this.cache.get(w);
      if (!ids) {
        ids = this.encodeWord(w);
        if (this.cache.size < 100_000) this.cache.set(w, ids);
      }
      for (const id of ids) out.push(id);
    }
    return out;
  }

  /** Text of `ids` (invalid UTF-8 is replaced with U+FFFD). */
  decode(ids: readonly number[]): string {
    const bytes: number[] = [];
    for (const id of ids) {
      if (id === this.vocab.eos) continue;
      for (const ch of this.vocab.tokens[id] ?? "") {
        const b = this.byteOf.get(ch);
        if (b !== undefined) bytes.push(b);
      }
    }
    return new TextDecoder().decode(new Uint8Array(bytes));
  }

  private encodeWord(word: string): number[] {
    let syms = [...word];
    while (syms.length > 1) {
      let bestRank = Number.POSITIVE_INFINITY;
      let at = -1;
      for (let j = 0; j + 1 < syms.length; j++) {
        const r = this.ranks.get(`${syms[j]} ${syms[j + 1]}`);
        if (r !== undefined && r < bestRank) [bestRank, at] = [r, j];
      }
      if (at < 0) break;
      const a = syms[at] as string;
      const b = syms[at + 1] as string;
      const next: string[] = [];
      for (let j = 0; j < syms.length; j++) {
        if (j + 1 < syms.length && syms[j] === a && syms[j + 1] === b) {
          next.push(a + b);
          j++;
        } else next.push(syms[j] as string);
      }
      syms = next;
    }
    return syms.map((s) => {
      const id = this.ids.get(s);
      if (id === undefined) throw new Error(`token ${s} missing from the vocabulary`);
      return id;
    });
  }
}
