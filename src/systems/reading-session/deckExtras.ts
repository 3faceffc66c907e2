/**
 * What the built-in example deck shows besides the transcribed lines of `papers.ts`: the first authors
 * of each paper (the deck itself lists none) and short English renderings of the deck's Japanese
 * abstracts, written for yomikai (used by `--example --lang en`).
 * @module
 */

/** Per paper: its first authors (up to three), whether more follow, and an English abstract rendering. */
export interface DeckExtra {
  authors: string[];
  moreAuthors: boolean;
  abstractEn: string;
}

/** Keyed by arXiv id, in deck order. */
export const DECK_EXTRAS: Readonly<Record<string, DeckExtra>> = {
  "2211.03759": {
    authors: ["Federico Bianchi", "Pratyusha Kalluri", "Esin Durmus"],
    moreAuthors: true,
    abstractEn:
      "Text-to-image models now turn anyone's written description into a natural-looking picture, and millions of images a day are made with them. Studying these models, the authors find that they amplify dangerous and complex stereotypes, that the amplified stereotypes are hard to predict, and that neither users nor model owners can easily mitigate them. How far these models perpetuate and amplify stereotypes, at the scale they are deployed, is a serious concern.",
  },
  "2211.09800": {
    authors: ["Tim Brooks", "Aleksander Holynski", "Alexei A. Efros"],
    moreAuthors: false,
    abstractEn:
      "A method that edits an image following a written instruction. Training data come from combining two large pretrained models, GPT-3 and Stable Diffusion, into a large generated dataset of edits; the conditional diffusion model InstructPix2Pix trained on it generalises to real images and user-written instructions, edits in one forward pass without per-example fine-tuning or inversion, and so takes only seconds.",
  },
  "2211.05102": {
    authors: ["Reiner Pope", "Sholto Douglas", "Aakanksha Chowdhery"],
    moreAuthors: true,
    abstractEn:
      "Generative inference for large Transformers under tight latency targets and long sequences. A simple analytical model of inference efficiency picks the best multi-dimensional partitioning for TPU v4 slices from the application's needs; with low-level optimisations it sets a new latency/MFU Pareto frontier beyond FasterTransformer for 500B+ models, multi-query attention scales context 32×, and PaLM 540B reaches 29 ms/token at small batch with int8 weights and 76% MFU on large-batch prefill with 2048-token contexts.",
  },
  "2211.05100": {
    authors: ["BigScience Workshop"],
    moreAuthors: false,
    abstractEn:
      "Large language models can do new tasks from a few demonstrations or instructions, but most were built by well-funded organisations and never released. As a step towards democratising them, hundreds of researchers built BLOOM, a 176B-parameter open-access decoder-only Transformer trained on ROOTS (46 natural and 13 programming languages). It is competitive on many benchmarks, stronger after multitask prompted fine-tuning, and released with its code under the Responsible AI License.",
  },
  "2211.00241": {
    authors: ["Tony Tong Wang", "Adam Gleave", "Nora Belrose"],
    moreAuthors: true,
    abstractEn:
      "An adversarial policy trained against a frozen KataGo victim wins over 99% of games when KataGo plays without search and over 50% when it searches at near-superhuman strength — the first end-to-end attack on a Go AI at top-professional level. The adversary does not play better Go (human amateurs beat it); it tricks KataGo into ending the game early in a position that favours the adversary, showing that even professional-level AI systems can have surprising failure modes.",
  },
  "2211.09066": {
    authors: ["Hattie Zhou", "Azade Nova", "Hugo Larochelle"],
    moreAuthors: true,
    abstractEn:
      "Even with in-context learning improving with scale, LLMs still fail at simple algorithmic reasoning such as parity. The paper identifies four stages for teaching algorithms in context — the algorithm as a skill, accumulating skills, composing skills, and skills as tools — and shows that algorithmic prompting teaches them, cutting errors on long parity, addition, multiplication and subtraction by about 10×, 9×, 5× and 2× against the best baselines.",
  },
  "2211.01910": {
    authors: ["Yongchao Zhou", "Andrei Ioan Muresanu", "Ziwen Han"],
    moreAuthors: true,
    abstractEn:
      "Task performance depends heavily on the prompt, and the best prompts have been written by hand. The Automatic Prompt Engineer (APE) treats the instruction as a program: an LLM proposes a pool of candidates, and the one maximising a chosen score — another LLM's zero-shot performance — is selected. On 24 NLP tasks the generated instructions beat the prior LLM baseline and match or exceed human-written ones on 19 of 24.",
  },
  "2210.15257": {
    authors: ["Zhida Feng", "Zhenyu Zhang", "Xintong Yu"],
    moreAuthors: true,
    abstractEn:
      "ERNIE-ViLG 2.0 is a large Chinese text-to-image diffusion model that improves image quality step by step by (1) bringing in fine-grained textual and visual knowledge of the scene's key elements and (2) using different denoising experts at different denoising stages. It reaches a zero-shot FID of 6.75 on MS-COCO and clearly beats recent models in image fidelity and image–text alignment in human evaluation on the bilingual ViLG-300 prompts.",
  },
  "2211.12424": {
    authors: ["Bingchen Zhao", "Yuling Gu", "Jessica Zosa Forde"],
    moreAuthors: true,
    abstractEn:
      "At NeurIPS, American and Chinese institutions cite each other's papers far less than their own region's. The authors build citation graphs to quantify this gap, compare it with Europe's connectivity, and discuss its causes and consequences.",
  },
  "2210.15097": {
    authors: ["Xiang Lisa Li", "Ari Holtzman", "Daniel Fried"],
    moreAuthors: true,
    abstractEn:
      "Likelihood is a useful training loss but a poor search objective for open-ended generation, which must avoid both incoherent unlikely strings and short repetitive likely ones. Contrastive decoding returns the difference in likelihood between a large expert LM and a small amateur LM, since the failures of large models are more common in small ones. It needs no training, beats decoding from the large LM alone, generalises across OPT and GPT-2, and clearly beats four strong decoding algorithms in automatic and human evaluation.",
  },
};
