/**
 * Step 1 of building the shipped expert/amateur pair: extract the King James Bible from Debian's
 * `bible-kjv` package, split it into training and held-out chapters, learn a byte-level BPE vocabulary
 * on the training chapters, and write token files for `train.py`.
 *
 *   apt-get install -y bible-kjv
 *   node --import tsx scripts/cd-pair/prepare.ts [WORK_DIR]      # default work/cd-pair
 *
 * Writes WORK_DIR/{vocab.json, train.u16, heldout.u16, heldout.jsonl, words.txt, corpus.json}
 * (words.txt: every distinct lower-cased word of the training chapters, for checking that generated
 * text is made of the corpus's words). Deterministic.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BpeTokenizer, trainBpe } from "../../src/lm/gguf/bpe.js";

/** Books held out of training (evaluation prompts and references come from their chapters). */
export const HELDOUT_BOOKS = ["Ruth", "Esther", "Ecclesiastes", "Jonah", "Mark", "James", "1 John"];
export const EXTRACT_COMMAND = "bible -l10000 gen1:1-rev22:21";
export const VOCAB_SIZE = 4096;

interface Chapter {
  book: string;
  chapter: number;
  text: string;
}

function extract(): Chapter[] {
  const raw = execFileSync("bible", ["-l10000", "gen1:1-rev22:21"], { encoding: "utf8", maxBuffer: 64 << 20 });
  const chapters: Chapter[] = [];
  let cur: Chapter | undefined;
  let verses: string[] = [];
  const flush = () => {
    if (cur && verses.length) chapters.push({ ...cur, text: verses.join(" ") });
    verses = [];
  };
  for (const line of raw.split("\n")) {
    const verse = /^\s+\d+ (.*)$/.exec(line);
    if (verse) {
      verses.push((verse[1] as string).trim());
      continue;
    }
    const head = /^(\S.*) (\d+)$/.exec(line);
    if (head) {
      flush();
      cur = { book: head[1] as string, chapter: Number(head[2]), text: "" };
    }
  }
  flush();
  return chapters;
}

function toU16(ids: number[]): Buffer {
  const a = new Uint16Array(ids);
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

const dir = process.argv[2] ?? "work/cd-pair";
mkdirSync(dir, { recursive: true });
const chapters = extract();
const train = chapters.filter((c) => !HELDOUT_BOOKS.includes(c.book));
const heldout = chapters.filter((c) => HELDOUT_BOOKS.includes(c.book));
console.error(`${chapters.length} chapters: ${train.length} train, ${heldout.length} held out`);
const t0 = Date.now();
const vocab = trainBpe(train.map((c) => c.text).join("\n"), { vocabSize: VOCAB_SIZE });
console.error(`BPE: ${vocab.tokens.length} tokens, ${vocab.merges.length} merges in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
const tok = new BpeTokenizer(vocab);
const encode = (cs: Chapter[]) => {
  const ids: number[] = [];
  for (const c of cs) {
    ids.push(vocab.eos);
    ids.push(...tok.encode(c.text));
  }
  return ids;
};
const trainIds = encode(train);
const heldIds = encode(heldout);
writeFileSync(join(dir, "vocab.json"), JSON.stringify(vocab));
writeFileSync(join(dir, "train.u16"), toU16(trainIds));
writeFileSync(join(dir, "heldout.u16"), toU16(heldIds));
const vocabWords = new Set(train.flatMap((c) => c.text.toLowerCase().match(/[a-z]+/g) ?? []));
writeFileSync(join(dir, "words.txt"), `${[...vocabWords].sort().join("\n")}\n`);
writeFileSync(join(dir, "heldout.jsonl"), `${heldout.map((c) => JSON.stringify(c)).join("\n")}\n`);
const words = (cs: Chapter[]) => cs.reduce((s, c) => s + c.text.split(/\s+/).length, 0);
const pkg = (name: string) => execFileSync("dpkg-query", ["-W", `-f=\${Version}`, name], { encoding: "utf8" });
const corpus = {
  name: "King James Version of the Bible (1611)",
  debianPackages: { "bible-kjv": pkg("bible-kjv"), "bible-kjv-text": pkg("bible-kjv-text") },
  licence: "Public domain (the KJV text's copyright has expired; /usr/share/doc/bible-kjv/copyright)",
  extraction: `${EXTRACT_COMMAND}; verses of a chapter joined with one space; one document per chapter, <|endoftext|> before each`,
  heldoutBooks: HELDOUT_BOOKS,
  chapters: { train: train.length, heldout: heldout.length },
  words: { train: words(train), heldout: words(heldout) },
  tokens: { train: trainIds.length, heldout: heldIds.length },
  vocabSize: vocab.tokens.length,
};
writeFileSync(join(dir, "corpus.json"), JSON.stringify(corpus, null, 2));
console.error(JSON.stringify(corpus, null, 2));
