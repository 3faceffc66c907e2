/**
 * The system pages of the web app. A system adds its page here once it exists; the index links to a
 * paper's page only when a page with its slug is listed.
 * @module
 */
import type { WebPage } from "../types.js";
import { adversarialGoPage } from "./adversarial-go.js";
import { citationSeparationPage } from "./citation-separation.js";
import { contrastiveDecodingPage } from "./contrastive-decoding.js";
import { denoisingExpertsPage } from "./denoising-experts.js";
import { inferencePlannerPage } from "./inference-planner.js";
import { instructPix2PixPage } from "./instruct-pix2pix.js";

/** Every system page, in deck order (papers 2, 3, 5, 8, 9, 10). */
export const systemPages: WebPage[] = [
  instructPix2PixPage,
  inferencePlannerPage,
  adversarialGoPage,
  denoisingExpertsPage,
  citationSeparationPage,
  contrastiveDecodingPage,
];
