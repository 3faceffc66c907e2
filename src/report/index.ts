/**
 * Shared report pieces: SVG charts (line/scatter with log axes, heatmaps), HTML and Markdown tables,
 * standalone HTML report pages.
 * @module
 */
export * from "./bars.js";
export * from "./html.js";
export * from "./svg.js";
