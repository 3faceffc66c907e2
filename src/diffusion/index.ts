/**
 * `yomikai/diffusion`: Stable-Diffusion-family models in the Hugging Face ONNX layout, run with
 * onnxruntime-node, with the surrounding pieces in plain TypeScript: the CLIP BPE tokenizer,
 * schedulers (Euler ancestral, Euler, DDIM, DPM-Solver++ 2M) built from `scheduler_config.json`,
 * classifier-free guidance (classic and InstructPix2Pix's dual form), seeded noise, and image I/O.
 *
 * Systems build on it: InstructPix2Pix (`yomikai/instruct-pix2pix`), the stereotype audit and
 * mixture-of-denoising-experts routing reuse {@link DiffusionModel}, {@link createScheduler} and the
 * guidance functions.
 *
 * It also writes ONNX models from code ({@link OnnxGraphBuilder}, no dependency) and, with it, tiny
 * random-weight model folders in the same layout ({@link writeTinyInstructPix2PixModel},
 * {@link writeTinyClipModel}): download-free demos and test fixtures whose outputs are noise.
 *
 * @example
 * ```ts
 * import { DiffusionModel, createScheduler, randomNormal } from "yomikai/diffusion";
 * import { createRng } from "yomikai/core";
 * const model = await DiffusionModel.load("models/sd15-onnx");
 * const context = await model.encodePrompts(["a red fox"]);
 * const sched = createScheduler(model.schedulerConfig, { steps: 20 });
 * const rng = createRng(0);
 * let x = randomNormal([1, 4, 64, 64], rng, sched.initNoiseSigma);
 * for (let i = 0; i < sched.steps; i++) {
 *   const eps = await model.predict({ data: sched.scaleModelInput(x.data, i), dims: x.dims }, sched.timesteps[i]!, context);
 *   x = { data: sched.step(eps.data, i, x.data, rng), dims: x.dims };
 * }
 * const image = await model.decodeLatents(x); // [1, 3, 512, 512] in [-1, 1]
 * ```
 * @module
 */

// CLIP (image/text embeddings, CLIP score)
export { CLIP_HINT, ClipModel, clipScores } from "./ClipModel.js";
// Tokenizer
export { type ClipEncodeOptions, ClipTokenizer, cleanClipText } from "./ClipTokenizer.js";
// Models and sessions
export {
  DEFAULT_VAE_SCALING_FACTOR,
  DiffusionModel,
  type DiffusionPart,
  type LoadDiffusionModelOptions,
  MODEL_FOLDER_HINT,
} from "./DiffusionModel.js";
export { diffusionDemoDir } from "./demoDir.js";
// The denoising loop and guidance rules
export {
  classicGuidance,
  type DenoiseOptions,
  type DenoiseResult,
  type DenoiseStep,
  type DualGuidanceInputs,
  denoise,
  type Guidance,
  type GuidanceBranch,
  instructPix2PixGuidance,
  type NoisePredictor,
} from "./denoise.js";
export { float16ToFloat32, float32ToFloat16, fromHalf, toHalf } from "./float16.js";
export { classifierFreeGuidance, type DualGuidanceWeights, dualGuidance, dualGuidanceWeights } from "./guidance.js";
// Images
export {
  decodeImage,
  encodePng,
  imageGrid,
  imageToTensor,
  loadSharp,
  type ResizeOptions,
  type RgbImage,
  readImage,
  resizeImage,
  tensorToImage,
} from "./image.js";
export { OnnxComponent, type OnnxFeed, type OnnxSessionOptions, type OnnxValueInfo } from "./OnnxComponent.js";
// Writing ONNX models and tiny random-weight model folders
export { type AttrValue, type Dim, type ElemType, OnnxGraphBuilder, type TensorData } from "./onnx/OnnxGraphBuilder.js";
export { ProtoWriter, varint } from "./onnx/protobuf.js";
export {
  buildTinyClipModel,
  buildTinyDiffusionModel,
  DEMO_EXAMPLE_IMAGE,
  type DemoInstructPix2PixModel,
  IP2P_SCHEDULER_CONFIG,
  TEXT_TO_IMAGE_SCHEDULER_CONFIG,
  TINY_WORDS,
  type TinyClipOptions,
  type TinyDiffusionOptions,
  type TinyTextToImageOptions,
  writeDemoInstructPix2PixModel,
  writeGradientImage,
  writeTinyClipModel,
  writeTinyInstructPix2PixModel,
  writeTinyTextToImageModel,
  writeTinyTokenizer,
} from "./onnx/tinyModels.js";
export { loadOnnxRuntime, type OrtModule } from "./ort.js";
// Schedulers
export { type CreateSchedulerOptions, createScheduler, schedulerNameFromConfig } from "./schedulers/createScheduler.js";
export { DdimScheduler } from "./schedulers/DdimScheduler.js";
export { DpmSolverMultistepScheduler } from "./schedulers/DpmSolverMultistepScheduler.js";
export { EulerAncestralScheduler, EulerScheduler, type SigmaSchedule } from "./schedulers/EulerScheduler.js";
export { addNoiseAt, SCHEDULER_NAMES, type Scheduler, type SchedulerName } from "./schedulers/Scheduler.js";
export {
  checkSchedulerConfig,
  interpIndex,
  type NoiseSchedule,
  noiseSchedule,
  roundHalfEven,
  type SchedulerConfig,
  STABLE_DIFFUSION_SCHEDULER_CONFIG,
  spacedTimesteps,
} from "./schedulers/SchedulerConfig.js";
// Text-to-image
export {
  checkImageSide,
  checkTextToImageUnet,
  type LoadTextToImageOptions,
  TEXT_TO_IMAGE_DEFAULTS,
  TEXT_TO_IMAGE_LIMITS,
  TextToImage,
  type TextToImageOptions,
  type TextToImageResult,
} from "./TextToImage.js";
// Tensors
export { concatBatch, concatChannels, type FloatTensor, randomNormal, scale, sizeOf, sliceBatch, sliceChannels } from "./tensor.js";
