/**
 * The reading session as data: the ten papers of the deck "AI最新論文読み会2022年12月" (ai.labo.ocu,
 * 2022-12-06), in deck order. The Japanese lines are transcribed from the deck; the English lines are
 * yomikai's renderings. One source for the CLI, the web app and the docs.
 * @module
 */

/** The deck's summary lines for one paper: 目的 (aim), 成果 (result), 方法 (method), 固有名 (names), 著者所属 (affiliations). */
export interface DeckSummary {
  aim: string;
  result: string;
  method: string;
  /** Proper names the deck lists; empty when the deck writes "-", "ー" or "なし". */
  names: string;
  /** Author affiliations; empty when the deck leaves them blank. */
  affiliations: string;
}

/** One paper of the reading session. */
export interface Paper {
  /** Position in the deck, 1–10. */
  number: number;
  /** arXiv identifier without version, e.g. `"2211.03759"`. */
  arxiv: string;
  /** The version the deck links to, e.g. `"v1"`. */
  arxivVersion: string;
  /** The English title (the deck's 原文). */
  titleEn: string;
  /** The Japanese title as the deck writes it on the paper's first slide. */
  titleJa: string;
  /** The system folder that implements it: `src/systems/<slug>/`, web page `/<slug>`, docs `docs/<slug>.md`. */
  slug: string;
  /** The deck's lines, in Japanese, as written. */
  ja: DeckSummary;
  /** The same lines in English. */
  en: DeckSummary;
}

/** The deck this reading session comes from. */
export const deck = {
  titleJa: "AI最新論文読み会2022年12月",
  author: "ai.labo.ocu",
  date: "2022-12-06",
  presenters: "YAMAHA MOTOR CO.,LTD.: Yamamoto Atsushi, Saitou Takashi, Komaike Kunimune",
  source: "Papers with Code, top social papers of late November 2022",
} as const;

/** The ten papers, in deck order. */
export const papers: readonly Paper[] = [
  {
    number: 1,
    arxiv: "2211.03759",
    arxivVersion: "v1",
    titleEn: "Easily Accessible Text-to-Image Generation Amplifies Demographic Stereotypes at Large Scale",
    titleJa: "簡単にアクセスできるテキストから画像への変換が、人口統計学的なステレオタイプを大規模に増幅する",
    slug: "stereotype-audit",
    ja: {
      aim: "画像生成モデルが利用される際における固定概念への影響を調査する",
      result: "画像生成モデルが利用される際に固定概念を増幅され、またその固定概念の予測が困難であることを確認した",
      method: "生成された画像に固定概念が増幅されることを確認した",
      names: "",
      affiliations: "Stanford University, Columbia University, Bocconi University, University of Washington",
    },
    en: {
      aim: "Study how text-to-image models affect stereotypes when people use them.",
      result: "Confirmed that image generators amplify stereotypes in use, and that the amplified stereotypes are hard to predict.",
      method: "Showed that stereotypes are amplified in the generated images.",
      names: "",
      affiliations: "Stanford University, Columbia University, Bocconi University, University of Washington",
    },
  },
  {
    number: 2,
    arxiv: "2211.09800",
    arxivVersion: "v1",
    titleEn: "InstructPix2Pix: Learning to Follow Image Editing Instructions",
    titleJa: "InstructPix2Pix:画像編集の指示に従うことを学ぶ",
    slug: "instruct-pix2pix",
    ja: {
      aim: "人間の指示で画像を編集する手法を提案",
      result: "数秒で画像を編集でき、説得力のある編集結果を示す。",
      method:
        "2つの大規模な事前学習済みモデル(言語モデル:GPT-3とテキスト-画像モデル:Stable Diffusion)の知識を組み合わせて、画像編集例の大規模データセットを生成する。生成されたデータを用いて条件付き拡散モデルInstructPix2Pixで学習する。",
      names: "InstructPix2Pix",
      affiliations: "University of California, Berkeley",
    },
    en: {
      aim: "Propose a method that edits images from human instructions.",
      result: "Edits an image in seconds, with convincing results.",
      method:
        "Combine the knowledge of two large pretrained models (the language model GPT-3 and the text-to-image model Stable Diffusion) to generate a large dataset of image-editing examples, then train the conditional diffusion model InstructPix2Pix on it.",
      names: "InstructPix2Pix",
      affiliations: "University of California, Berkeley",
    },
  },
  {
    number: 3,
    arxiv: "2211.05102",
    arxivVersion: "v1",
    titleEn: "Efficiently Scaling Transformer Inference",
    titleJa: "トランス推論の効率的なスケーリング",
    slug: "inference-planner",
    ja: {
      aim: "大規模モデルの推論コストを効率化する",
      result: "PaLM540Bのモデルにおいて低バッチサイズレイテンシ:29ms/トークンと大規模バッチ処理時に76%MFUを達成した",
      method: "大規模モデルの推論時の要件に適した分割手法の分析モデルを開発した",
      names: "",
      affiliations: "Google",
    },
    en: {
      aim: "Make the inference cost of large models efficient.",
      result: "On PaLM 540B: 29 ms/token latency at small batch, and 76% MFU when processing large batches.",
      method: "Built an analytical model that picks the partitioning scheme suited to a large model's inference requirements.",
      names: "",
      affiliations: "Google",
    },
  },
  {
    number: 4,
    arxiv: "2211.05100",
    arxivVersion: "v1",
    titleEn: "BLOOM: A 176B-Parameter Open-Access Multilingual Language Model",
    titleJa: "BLOOM:176Bパラメータオープンアクセス多言語言語モデル",
    slug: "bloom",
    ja: {
      aim: "オープンアクセスできる大規模言語モデル「BLOOM」を紹介する",
      result: "1760億個のパラメータを持つ言語モデル「BLOOM」を公開した",
      method: "数百人規模の研究者が協力し、多言語の大規模言語モデルを開発する",
      names: "BLOOM",
      affiliations: "BigScience, Hugging Face, IDRIS, CNRS, GENCI, 他",
    },
    en: {
      aim: "Introduce BLOOM, an open-access large language model.",
      result: "Released BLOOM, a language model with 176 billion parameters.",
      method: "Hundreds of researchers collaborated to build a multilingual large language model.",
      names: "BLOOM",
      affiliations: "BigScience, Hugging Face, IDRIS, CNRS, GENCI, and others",
    },
  },
  {
    number: 5,
    arxiv: "2211.00241",
    arxivVersion: "v1",
    titleEn: "Adversarial Policies Beat Professional-Level Go AIs",
    titleJa: "敵対的な政策がプロフェッショナルレベルの囲碁AIを打ち負かす",
    slug: "adversarial-go",
    ja: {
      aim: "深層強化学習において敵対的ノイズによる脆弱性は存在するかを検証する",
      result: "深層強化学習においても脆弱性があることを確認した",
      method: "自己学習が最も得意とする囲碁においてSOTAであるKataGoに対してエンド2エンド攻撃を行う",
      names: "Adversarial Monte-Carlo Tree Search Sample/Recursive (A-MCTS-S/A-MCTS-R)",
      affiliations: "MIT, UC Barkeley, FAR AI",
    },
    en: {
      aim: "Test whether deep reinforcement learning has adversarial vulnerabilities.",
      result: "Confirmed that deep reinforcement learning is vulnerable too.",
      method: "Run an end-to-end attack on KataGo, the state of the art in Go, the game self-play is best at.",
      names: "Adversarial Monte-Carlo Tree Search Sample/Recursive (A-MCTS-S/A-MCTS-R)",
      affiliations: "MIT, UC Berkeley, FAR AI",
    },
  },
  {
    number: 6,
    arxiv: "2211.09066",
    arxivVersion: "v1",
    titleEn: "Teaching Algorithmic Reasoning via In-context Learning",
    titleJa: "インコンテキストラーニングによるアルゴリズム推論の教育",
    slug: "algorithmic-prompting",
    ja: {
      aim: "大規模言語言語モデル(LLM)に基本的なアルゴリズムをうまく教えるための手法を提案する",
      result: "足し算、掛け算、引き算などの算術タスクで既存手法より大幅に正解率を上げた",
      method: "アルゴリズムプロンプトというin-context学習手法を提案する",
      names: "",
      affiliations: "Google Research",
    },
    en: {
      aim: "Propose a way to teach basic algorithms to large language models (LLMs).",
      result: "Greatly raised accuracy over existing methods on arithmetic tasks such as addition, multiplication and subtraction.",
      method: "Propose algorithmic prompting, an in-context learning method.",
      names: "",
      affiliations: "Google Research",
    },
  },
  {
    number: 7,
    arxiv: "2211.01910",
    arxivVersion: "v1",
    titleEn: "Large Language Models Are Human-Level Prompt Engineers",
    titleJa: "大規模言語モデルは人間レベルのプロンプトエンジニアである",
    slug: "ape",
    ja: {
      aim: "プロンプト(入力テキスト)の自動生成と選択のための自動プロンプトエンジニア(APE)を提案する",
      result: "24の自然言語処理タスクで実験を行った結果、我々の自動生成した命令は、従来のLLMのベースラインを大きく上回った。",
      method:
        "命令を「プログラム」として扱い、LLMによって提案された命令候補のプールを検索し、選択されたスコア関数を最大化することで最適化する。",
      names: "",
      affiliations: "",
    },
    en: {
      aim: "Propose the Automatic Prompt Engineer (APE) for generating and selecting prompts (instructions) automatically.",
      result: "On 24 NLP tasks, the automatically generated instructions clearly beat the prior LLM baseline.",
      method:
        'Treat the instruction as a "program": search a pool of candidates proposed by an LLM and optimise by maximising a chosen score function.',
      names: "",
      affiliations: "",
    },
  },
  {
    number: 8,
    arxiv: "2210.15257",
    arxivVersion: "v1",
    titleEn: "ERNIE-ViLG 2.0: Improving Text-to-Image Diffusion Model with Knowledge-Enhanced Mixture-of-Denoising-Experts",
    titleJa: "ERNIE-ViLG 2.0:テキストから画像への拡散モデルの改良と知識拡張型Mixture-of-Denoising-Expertsの利用",
    slug: "denoising-experts",
    ja: {
      aim: "大規模な中国語テキストから画像への拡散モデルであるERNIE-ViLG 2.0を提案",
      result: "画像忠実度と画像-テキストアライメントの点で、最近のモデルを大幅に凌駕した",
      method: "Mixture-of-Denoising-Experts (MoDE)とKnowledge-Enhanced Diffusion Modelを適用",
      names: "ERNIE-ViLG 2.0",
      affiliations: "Baidu Inc., China.",
    },
    en: {
      aim: "Propose ERNIE-ViLG 2.0, a large Chinese text-to-image diffusion model.",
      result: "Clearly surpassed recent models in image fidelity and image–text alignment.",
      method: "Apply Mixture-of-Denoising-Experts (MoDE) and a Knowledge-Enhanced Diffusion Model.",
      names: "ERNIE-ViLG 2.0",
      affiliations: "Baidu Inc., China",
    },
  },
  {
    number: 9,
    arxiv: "2211.12424",
    arxivVersion: "v1",
    titleEn: "One Venue, Two Conferences: The Separation of Chinese and American Citation Networks",
    titleJa: "一つの会場、二つの会議。中国とアメリカの引用ネットワークの分離",
    slug: "citation-separation",
    ja: {
      aim: "米中の研究機関のそれぞれの論文引用数とその出典元の格差の原因と結果を議論する。",
      result: "米欧中それぞれの論文出典元の格差の原因について議論した",
      method: "米欧中での論文引用数とその出典元の格差のグラフを作成する",
      names: "",
      affiliations: "University of Edinburgh, Allen Institute of A.I., Brown University, New York University",
    },
    en: {
      aim: "Discuss the causes and consequences of the gap in how American and Chinese institutions' papers cite, and whom they cite.",
      result: "Discussed the causes of the gap in citation sources between the US, Europe and China.",
      method: "Build graphs of citation counts and their sources between the US, Europe and China.",
      names: "",
      affiliations: "University of Edinburgh, Allen Institute for AI, Brown University, New York University",
    },
  },
  {
    number: 10,
    arxiv: "2210.15097",
    arxivVersion: "v1",
    titleEn: "Contrastive Decoding: Open-ended Text Generation as Optimization",
    titleJa: "対照的な復号化。最適化としての自由形式テキスト生成",
    slug: "contrastive-decoding",
    ja: {
      aim: "一貫性を損なわず、流暢で多様なオープンエンドテキストを生成するためのアルゴリズムを提案",
      result: "高品質なテキストを生成し、自動評価と人間の評価で4つの強力なアルゴリズムを大きく上回った",
      method:
        "対照的復号は異なるサイズの玄人モデル(LM)と素人モデル(LM)の対数尤度の差を最大化するトークンを検索する。これにより高品質なテキストを生成。",
      names: "",
      affiliations: "",
    },
    en: {
      aim: "Propose an algorithm that generates fluent, diverse open-ended text without losing coherence.",
      result: "Generates high-quality text and clearly beats four strong decoding algorithms in automatic and human evaluation.",
      method:
        "Contrastive decoding searches for the tokens that maximise the difference in log-likelihood between a large expert LM and a small amateur LM, which yields high-quality text.",
      names: "",
      affiliations: "",
    },
  },
];

/** The paper whose arXiv id (with or without version) or slug is `key`, or undefined. */
export function findPaper(key: string): Paper | undefined {
  const id = key.replace(/^arxiv:/i, "").replace(/v\d+$/, "");
  return papers.find((p) => p.arxiv === id || p.slug === key);
}
