/**
 * `yomikai/instruct-pix2pix`: edit an image by a written instruction (Brooks, Holynski, Efros,
 * *InstructPix2Pix: Learning to Follow Image Editing Instructions*, arXiv 2211.09800), on an
 * InstructPix2Pix model folder in the Hugging Face ONNX layout, plus the paper's s_T × s_I grid and
 * its CLIP image/direction similarity metrics.
 *
 * @example
 * ```ts
 * import { InstructPix2Pix } from "yomikai/instruct-pix2pix";
 * import { readImage, encodePng } from "yomikai/diffusion";
 * const ip2p = await InstructPix2Pix.load("models/instruct-pix2pix-onnx");
 * const result = await ip2p.edit(await readImage("cat.png"), { instruction: "make it a watercolor", seed: 0 });
 * // result.image has cat.png's size; result.steps === 20, result.textGuidance === 7.5, result.imageGuidance === 1.5
 * await writeFile("out.png", await encodePng(result.image));
 * ```
 * @module
 */
export { cosine } from "../../core/index.js";
/** The CLIP model now lives in `yomikai/diffusion`; re-exported here for existing callers. */
export { ClipModel } from "../../diffusion/index.js";
export { clipEditMetrics, type EditMetrics } from "./clipMetrics.js";
export {
  checkSweepGrid,
  DEFAULT_SWEEP_IMAGE_SCALES,
  DEFAULT_SWEEP_TEXT_SCALES,
  guidanceSweep,
  MAX_GRID_PIXELS,
  renderSweepGrid,
  type SweepCell,
  type SweepOptions,
  type SweepResult,
} from "./guidanceSweep.js";
export {
  DEFAULT_IMAGE_GUIDANCE,
  DEFAULT_STEPS,
  DEFAULT_TEXT_GUIDANCE,
  type EditOptions,
  type EditResult,
  InstructPix2Pix,
  type LoadInstructPix2PixOptions,
  type PreparedImage,
} from "./InstructPix2Pix.js";
export { EDIT_DEFAULTS, EDIT_LIMITS } from "./options.js";
export { RESIZE_POLICIES, type ResizePolicy, type WorkingSizeOptions, workingSize } from "./resizePolicy.js";
export { PAPER_IMAGE_SCALES, type TradeoffOptions, type TradeoffPoint, tradeoffChart, tradeoffCurve } from "./tradeoffCurve.js";
