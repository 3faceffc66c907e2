/**
 * A small rule- and lexicon-based English part-of-speech tagger, enough to pick the key words of a
 * text-to-image prompt the way ERNIE-ViLG 2.0's textual knowledge does (it tagged Chinese prompts
 * with jieba and marked nouns, verbs, adjectives, numerals, quantifiers and pronouns). It is not a
 * statistical tagger: closed word classes (determiners, prepositions, conjunctions, auxiliaries,
 * pronouns, quantifiers, numerals) come from word lists, open classes from lists of common
 * prompt words plus suffix rules (-ing/-ed verbs, -ly adverbs, -ful/-ous/-ive/-able/-al/-ic/-ish/-less
 * adjectives), with one context rule (after a determiner, adjective or numeral a verb-looking word
 * is a noun: "a drink", "the painting"); everything else is a noun.
 * @module
 */

/** Part-of-speech tags (Universal Dependencies names, plus QUANT for quantifiers). */
export type PosTag = "NOUN" | "VERB" | "ADJ" | "ADV" | "NUM" | "QUANT" | "PRON" | "DET" | "ADP" | "CONJ" | "AUX" | "PUNCT";

/** The tags the paper treats as key words: nouns, verbs, adjectives, numerals, quantifiers, pronouns. */
export const KEYWORD_TAGS: readonly PosTag[] = ["NOUN", "VERB", "ADJ", "NUM", "QUANT", "PRON"];

const words = (s: string) => new Set(s.split(/\s+/).filter(Boolean));

const CLOSED: [PosTag, Set<string>][] = [
  ["DET", words("a an the this that these those each every no its his her their my your our whose which what")],
  ["QUANT", words("some many few several all both multiple much more most any various numerous couple lots plenty")],
  [
    "NUM",
    words(
      "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million dozen pair",
    ),
  ],
  [
    "PRON",
    words(
      "i you he she it we they me him us them someone something somebody everyone everything nobody nothing itself themselves himself herself myself yourself one's who whom",
    ),
  ],
  [
    "ADP",
    words(
      "in on at of with without by for from to into onto over under above below behind beside besides between near next across through around inside outside against along among beneath upon via toward towards like about after before during up down off out underneath atop within",
    ),
  ],
  ["CONJ", words("and or but nor so yet while whereas because if than as")],
  ["AUX", words("is are was were be been being am has have had do does did can could will would shall should may might must 's")],
  [
    "ADV",
    words("very really quite too also just not extremely slightly together here there then now always never almost rather highly ever"),
  ],
];

const ADJECTIVES = words(`
red orange yellow green blue purple pink brown black white gray grey golden silver cyan magenta violet beige teal turquoise
big small large tiny huge little tall short long round square old young new happy sad beautiful cute ugly pretty
sunny snowy rainy cloudy foggy fluffy furry shiny funny sandy rocky windy stormy misty dusty dirty messy heavy busy
empty angry hungry sleepy cozy crazy hot cold warm cool wet dry dark bright light soft hard smooth rough wooden
ancient modern futuristic realistic detailed fat thin wide narrow deep shallow high low full striped spotted
curly friendly lovely lonely silly early holy wild calm quiet loud clean giant fancy plain vintage rainbow transparent
left right front top bottom middle first second third last other same different favorite favourite tiled glass`);

const VERBS = words(`
sit stand run walk eat drink hold ride play fly jump swim read write wear look watch sleep dance sing cook paint fight
chase climb drive carry throw catch kick make take give lie lay lean hug kiss smile laugh cry sail surf ski skate
grow fall rise float hang lead follow push pull open close build cut draw fill cover wave point talk shake`);

/** -ing / -ed words that are nouns or adjectives, not verbs. */
const NOT_VERB = words(
  "painting building ring king thing wing string morning ceiling evening spring swing sling clothing king's bed red shed sled seed need speed feed weed sacred naked wicked",
);

/** -ly words that are adjectives, not adverbs. */
const LY_ADJECTIVES = words("curly friendly lovely lonely silly early holy ugly fly family jelly belly lily italy");

/** -al / -ic words that are nouns. */
const NOUN_EXCEPTIONS = words(
  "animal metal crystal festival hospital capital signal pedal canal jackal music mechanic clinic picnic traffic comic",
);

/** One tagged piece of a prompt. */
export interface TaggedWord {
  word: string;
  tag: PosTag;
}

function lexical(w: string): PosTag | undefined {
  if (/^\p{N}+$/u.test(w)) return "NUM";
  if (/^[^\p{L}\p{N}]+$/u.test(w)) return "PUNCT";
  for (const [tag, set] of CLOSED) if (set.has(w)) return tag;
  if (ADJECTIVES.has(w) || LY_ADJECTIVES.has(w)) return "ADJ";
  return undefined;
}

function open(w: string): PosTag {
  if (VERBS.has(w)) return "VERB";
  if (w.endsWith("s") && VERBS.has(w.slice(0, -1))) return "VERB";
  if (w.endsWith("es") && VERBS.has(w.slice(0, -2))) return "VERB";
  if (!NOT_VERB.has(w) && w.length > 4 && (w.endsWith("ing") || w.endsWith("ed"))) return "VERB";
  if (w.length > 4 && w.endsWith("ly")) return "ADV";
  if (NOUN_EXCEPTIONS.has(w)) return "NOUN";
  if (w.length > 4 && /(ful|ous|ive|able|ible|al|ic|ish|less|ian|ese)$/.test(w)) return "ADJ";
  return "NOUN";
}

/**
 * Tags the words of `text` (lower-cased; split into words, digits and punctuation).
 * @example tagPos("two red cats sitting on a sofa").map((w) => w.tag) // NUM ADJ NOUN VERB ADP DET NOUN
 */
export function tagPos(text: string): TaggedWord[] {
  const pieces = text.toLowerCase().match(/'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]+|[^\s\p{L}\p{N}]+/gu) ?? [];
  return tagPieces(pieces);
}

/** Tags pieces already split (as the CLIP tokenizer splits them). */
export function tagPieces(pieces: readonly string[]): TaggedWord[] {
  const out: TaggedWord[] = [];
  for (const piece of pieces) {
    const w = piece.toLowerCase();
    let tag = lexical(w) ?? open(w);
    const prev = out[out.length - 1]?.tag;
    // After a determiner, adjective, numeral or quantifier, a verb-looking word names a thing.
    if (tag === "VERB" && (prev === "DET" || prev === "ADJ" || prev === "NUM" || prev === "QUANT")) tag = "NOUN";
    out.push({ word: piece, tag });
  }
  return out;
}
