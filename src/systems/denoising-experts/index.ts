/**
 * `yomikai/denoising-experts`: text-to-image with a mixture of denoising experts (Feng et al.,
 * *ERNIE-ViLG 2.0: Improving Text-to-Image Diffusion Model with Knowledge-Enhanced
 * Mixture-of-Denoising-Experts*, arXiv 2210.15257). N UNets each own a range of timesteps (uniform
 * blocks as in the paper, or SDXL-style boundaries) and continue one latent; experts load lazily
 * within a bound on resident sessions. Plus the paper's key-word weighting (by part of speech) at
 * inference, and evaluation by CLIP score and FID over ViLG-300 or the user's COCO captions.
 *
 * @example
 * ```ts
 * import { MixtureOfDenoisingExperts } from "yomikai/denoising-experts";
 * const moe = await MixtureOfDenoisingExperts.load(["models/sdxl-base-onnx", "models/sdxl-refiner-onnx"], { maxLoaded: 1 });
 * const r = await moe.generate({ prompt: "a lighthouse at dusk", routing: { kind: "boundaries", boundaries: [0.8] }, steps: 40 });
 * // r.steps[i].expert is 1 for t ≥ 200 and 2 below; r.image is 512×512
 * ```
 * @module
 */

export {
  DEMO_PROMPTS,
  type DemoExperts,
  defaultDemoExpertsDir,
  demoExpertName,
  demoExperts,
  writeDemoExperts,
  writeTinyFeatureExtractor,
} from "./demoModels.js";
export { checkExpertFolders, ExpertPool, type ExpertPoolOptions, type ExpertPoolStats } from "./ExpertPool.js";
export {
  type EvalRecord,
  type EvalSettings,
  type EvalSummary,
  type EvaluateOptions,
  evaluateExperts,
  listImages,
} from "./evaluate.js";
export { FeatureExtractor, INCEPTION_HINT } from "./FeatureExtractor.js";
export { type FeatureStats, featureStats, fid, frechetDistance, traceSqrtProduct } from "./fid.js";
export { findKeywords, type Keyword, weightKeywords } from "./keywords.js";
export { type SymmetricEigen, sqrtmPsd, symmetricEigen } from "./linalg.js";
export {
  type GenerateOptions,
  type GenerateResult,
  type LoadExpertsOptions,
  MixtureOfDenoisingExperts,
  MODE_DEFAULTS,
  type RoutedStep,
} from "./MixtureOfDenoisingExperts.js";
export { KEYWORD_TAGS, type PosTag, type TaggedWord, tagPieces, tagPos } from "./posTagger.js";
export {
  type EvalPrompt,
  type LoadPromptsOptions,
  loadPrompts,
  parseCsv,
  promptsFromCoco,
  promptsFromCsv,
  VILG_300,
  vilg300Path,
} from "./prompts.js";
export {
  boundaryTimestep,
  checkRouting,
  defaultRouting,
  type ExpertSpan,
  expertForTimestep,
  expertSpans,
  parseBoundaries,
  type Routing,
  routeTimesteps,
} from "./routing.js";
