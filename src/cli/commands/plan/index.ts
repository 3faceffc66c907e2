/**
 * The `yomikai plan` command group: `plan` itself, `plan max-context` and `plan frontier`.
 * @module
 */
export { FrontierCommand } from "./FrontierCommand.js";
export { MaxContextCommand } from "./MaxContextCommand.js";
export { PlanCommand } from "./PlanCommand.js";
