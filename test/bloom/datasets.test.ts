/**
 * Dataset loaders against a 127.0.0.1 server that speaks the Hugging Face dataset viewer's `/rows`
 * API (paged) and serves a small Flores-shaped tarball: download, cache, conversion to task items.
 */
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import { type ChoiceItem, type GenerationItem, loadTask, resolveTasks, TASKS, tarEntry } from "../../src/systems/bloom/index.js";
import { serveLocal } from "../utils/httpServer.js";
import { tempDir } from "../utils/tmp.js";

const ROWS: Record<string, Record<string, unknown>[]> = {
  "facebook/xnli/fr/test": Array.from({ length: 130 }, (_, i) => ({
    premise: `Le chat dort ${i}.`,
    hypothesis: "Un animal dort.",
    label: i % 3,
  })),
  "cambridgeltl/xcopa/it/test": [
    {
      premise: "L'uomo ha aperto il rubinetto.",
      choice1: "L'acqua scorreva.",
      choice2: "Il gabinetto si riempì.",
      question: "effect",
      label: 0,
    },
  ],
  "EleutherAI/lambada_openai/en/test": [{ text: "He opened the door and saw his old friend" }],
  "allenai/ai2_arc/ARC-Easy/test": [
    { question: "Which is a mammal?", choices: { text: ["shark", "whale"], label: ["A", "B"] }, answerKey: "B" },
  ],
  "Rowan/hellaswag/default/validation": [
    { activity_label: "Cooking", ctx_a: "A man cuts onions.", ctx_b: "he", endings: ["cries [title] a lot.", "sings."], label: "0" },
  ],
  "Muennighoff/xwinograd/en/test": [
    {
      sentence: "The trophy does not fit in the suitcase because _ is too big.",
      option1: "the trophy",
      option2: "the suitcase",
      answer: "1",
    },
  ],
  "juletxara/xstory_cloze/en/eval": [
    {
      input_sentence_1: "A.",
      input_sentence_2: "B.",
      input_sentence_3: "C.",
      input_sentence_4: "D.",
      sentence_quiz1: "E.",
      sentence_quiz2: "F.",
      answer_right_ending: 2,
    },
  ],
  "google-research-datasets/paws-x/en/test": [{ sentence1: "It rains.", sentence2: "Rain falls.", label: 1 }],
};

/** A ustar archive holding `files`. */
function tar(files: Record<string, string>): Uint8Array {
  const blocks: Buffer[] = [];
  for (const [name, text] of Object.entries(files)) {
    const body = Buffer.from(text);
    const h = Buffer.alloc(512);
    h.write(name, 0);
    h.write("0000644\0", 100);
    h.write(`${body.length.toString(8).padStart(11, "0")}\0`, 124);
    h.write("ustar\0", 257);
    blocks.push(h, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

const FLORES = gzipSync(
  tar({
    "flores101_dataset/devtest/eng.devtest": "Hello world.\nThe cat sleeps.\n",
    "flores101_dataset/devtest/fra.devtest": "Bonjour le monde.\nLe chat dort.\n",
  }),
);

let rowRequests = 0;
const { url } = await serveLocal((req: IncomingMessage, res: ServerResponse) => {
  const u = new URL(req.url ?? "/", "http://x");
  if (u.pathname === "/flores.tar.gz") {
    res.writeHead(200, { "content-type": "application/gzip", "content-length": FLORES.length });
    return res.end(FLORES);
  }
  const rows = ROWS[`${u.searchParams.get("dataset")}/${u.searchParams.get("config")}/${u.searchParams.get("split")}`];
  if (u.pathname !== "/rows" || !rows) {
    res.writeHead(404, { "content-type": "application/json" });
    return res.end('{"error":"not found"}');
  }
  rowRequests++;
  const offset = Number(u.searchParams.get("offset"));
  const length = Number(u.searchParams.get("length"));
  res.writeHead(200, { "content-type": "application/json" });
  res.end(
    JSON.stringify({
      rows: rows.slice(offset, offset + length).map((row, i) => ({ row_idx: offset + i, row })),
      num_rows_total: rows.length,
    }),
  );
});

describe("bloom dataset loaders", () => {
  const cache = tempDir();
  const opts = () => ({ datasetsServer: url, floresUrl: `${url}/flores.tar.gz`, cacheDir: cache, timeoutMs: 5000 });

  test("XNLI: pages through /rows, caches, and builds the lm-eval prompt", async () => {
    const events: string[] = [];
    const items = (await loadTask(TASKS.xnli!, "fr", { ...opts(), onProgress: (e) => events.push(e.kind) })) as ChoiceItem[];
    assert.equal(items.length, 130);
    assert.equal(rowRequests, 2);
    assert.deepEqual(items[1]!.choices, [
      "Le chat dort 1., correct? Oui, Un animal dort.",
      "Le chat dort 1., correct? Aussi, Un animal dort.",
      "Le chat dort 1., correct? Non, Un animal dort.",
    ]);
    assert.equal(items[1]!.gold, 1);
    assert.equal(items[1]!.context, "");
    assert.ok(events.includes("step"));
    await loadTask(TASKS.xnli!, "fr", opts());
    assert.equal(rowRequests, 2, "second load comes from the cache");
    assert.ok(readdirSync(cache).length > 0);
  });

  test("XCOPA, LAMBADA, ARC-easy, HellaSwag, XWinograd, XStoryCloze, PAWS-X conversions", async () => {
    const [copa] = (await loadTask(TASKS.xcopa!, "it", opts())) as ChoiceItem[];
    assert.deepEqual(copa, {
      context: "L'uomo ha aperto il rubinetto quindi",
      choices: [" l'acqua scorreva.", " il gabinetto si riempì."],
      gold: 0,
      lang: "it",
    });
    const [lam] = (await loadTask(TASKS.lambada!, "en", opts())) as ChoiceItem[];
    assert.deepEqual(lam, { context: "He opened the door and saw his old", choices: [" friend"], gold: 0, lang: "en" });
    const [arc] = (await loadTask(TASKS["arc-easy"]!, "en", opts())) as ChoiceItem[];
    assert.deepEqual(arc, { context: "Question: Which is a mammal?\nAnswer:", choices: [" shark", " whale"], gold: 1, lang: "en" });
    const [hs] = (await loadTask(TASKS.hellaswag!, "en", opts())) as ChoiceItem[];
    assert.equal(hs!.context, "Cooking: A man cuts onions. He");
    assert.deepEqual(hs!.choices, [" cries. a lot.", " sings."]);
    const [wg] = (await loadTask(TASKS.xwinograd!, "en", opts())) as ChoiceItem[];
    assert.deepEqual(wg!.contexts, [
      "The trophy does not fit in the suitcase because the trophy",
      "The trophy does not fit in the suitcase because the suitcase",
    ]);
    assert.deepEqual(wg!.choices, [" is too big.", " is too big."]);
    assert.equal(wg!.gold, 0);
    const [sc] = (await loadTask(TASKS.xstorycloze!, "en", opts())) as ChoiceItem[];
    assert.deepEqual(sc, { context: "A. B. C. D.", choices: [" E.", " F."], gold: 1, lang: "en" });
    const [px] = (await loadTask(TASKS.pawsx!, "en", opts())) as ChoiceItem[];
    assert.deepEqual(px!.choices, ["It rains., right? No, Rain falls.", "It rains., right? Yes, Rain falls."]);
    assert.equal(px!.gold, 1);
  });

  test("Flores: the tarball is downloaded once and read in both directions", async () => {
    const items = (await loadTask(TASKS.flores!, "en-fr", opts())) as GenerationItem[];
    assert.equal(items.length, 2);
    assert.equal(items[1]!.reference, "Le chat dort.");
    assert.match(items[1]!.context, /The cat sleeps\., a good French translation is:$/);
    const back = (await loadTask(TASKS.flores!, "fr-en", opts())) as GenerationItem[];
    assert.equal(back[0]!.reference, "Hello world.");
    assert.equal(tarEntry(tar({ "a/b.txt": "x" }), "b.txt")?.length, 1);
  });

  test("unknown tasks and languages are one-line errors", () => {
    assert.throws(() => resolveTasks(["nope"]), /Unknown task "nope"; choose from/);
    assert.throws(() => resolveTasks(["xcopa"], ["en"]), /xcopa has none of the languages en/);
    assert.deepEqual(resolveTasks(["flores"], ["fr"])[0]!.langs, ["en-fr", "fr-en"]);
    assert.deepEqual(resolveTasks(["xnli"], ["fr", "zh", "ar"])[0]!.langs, ["fr", "zh", "ar"]);
  });

  test("a server that is not a dataset viewer is named", async () => {
    await assert.rejects(loadTask(TASKS.xnli!, "de", { ...opts(), cacheDir: tempDir() }), /404|not found/i);
  });
});
