/**
 * The command tree of `yomikai`. Each system adds its command (or command group) here.
 * @module
 */
import type { Command } from "../framework.js";
import { CdCommand } from "./cd/index.js";
import { CitationsCommand } from "./citations/index.js";
import { EditCommand } from "./edit/index.js";
import { GoCommand } from "./go/index.js";
import { ModeCommand } from "./mode/index.js";
import { PapersCommand } from "./PapersCommand.js";
import { PlanCommand } from "./plan/index.js";
import { ServeCommand } from "./ServeCommand.js";

/**
 * Top-level commands, in the order `yomikai --help` lists them: the reading session first, then the
 * systems in deck order (2 edit, 3 plan, 5 go, 8 mode, 9 citations, 10 cd).
 */
export const commands: Command<any>[] = [
  PapersCommand,
  ServeCommand,
  EditCommand,
  PlanCommand,
  GoCommand,
  ModeCommand,
  CitationsCommand,
  CdCommand,
];
