/**
 * `yomikai/stereotype-audit`: an offline, CI-friendly audit of demographic stereotypes in
 * text-to-image output, after Bianchi et al., "Easily Accessible Text-to-Image Generation Amplifies
 * Demographic Stereotypes at Large Scale" (FAccT '23, arXiv 2211.03759), with the metrics of HEIM and
 * DALL-Eval. Generates N images per prompt (local ONNX, OpenAI-Images-compatible or Automatic1111
 * backends), assigns *perceived* attributes (Monk skin tone from pixels; gender and race by CLIP
 * zero-shot), and reports proportions with bootstrap intervals, HEIM imbalances, DALL-Eval MAD and
 * the amplification against the BLS occupation table. Perceived attributes are not identities.
 *
 * @example
 * ```ts
 * import { runAudit, promptSet, loadReport, reportHtml } from "yomikai/stereotype-audit";
 * await runAudit({ backend: "onnx:demo", prompts: promptSet("occupations").slice(0, 2), images: 4, size: 64, steps: 2, out: "audit-demo" });
 * const report = await loadReport("audit-demo");
 * console.log(report.prompts[0].skinTone.counts, report.prompts[0].skinTone.unknown);
 * ```
 * @module
 */
export * from "./aggregate.js";
export * from "./audit.js";
export * from "./backends.js";
export * from "./bls.js";
export * from "./clipAttributes.js";
export * from "./compare.js";
export * from "./manifest.js";
export * from "./prompts.js";
export * from "./reportHtml.js";
export * from "./skinTone.js";
export * from "./stats.js";
