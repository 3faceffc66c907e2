/**
 * The system pages of the web app. A system adds its page here once it exists; the index links to a
 * paper's page only when a page with its slug is listed.
 * @module
 */
import type { WebPage } from "../types.js";

/** Every system page, in deck order. */
export const systemPages: WebPage[] = [];
