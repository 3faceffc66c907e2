/**
 * The `yomikai edit` command group (InstructPix2Pix): `edit`, `edit sweep`, `edit metrics`, `edit demo-model`
 * (a tiny random-weight model folder, no download).
 * @module
 */

export { DemoModelCommand } from "./DemoModelCommand.js";
export { EditCommand } from "./EditCommand.js";
