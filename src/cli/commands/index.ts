/**
 * The command tree of `yomikai`. Each system adds its command (or command group) here.
 * @module
 */
import type { Command } from "../framework.js";
import { PapersCommand } from "./PapersCommand.js";
import { ServeCommand } from "./ServeCommand.js";

/** Top-level commands, in the order `yomikai --help` lists them. */
export const commands: Command<any>[] = [PapersCommand, ServeCommand];
