/**
 * The `yomikai edit` command group (InstructPix2Pix): `edit`, `edit sweep`, `edit metrics`.
 * @module
 */
export { EditCommand } from "./EditCommand.js";
