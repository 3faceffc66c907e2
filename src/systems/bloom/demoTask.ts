/**
 * A small built-in task (`--tasks demo`) in English and French, so `bloom eval` runs in seconds with no
 * download. Hand-written for this project; on the tiny KJV-trained demo model the scores are near chance.
 * @module
 */
import type { ChoiceItem } from "./taskFile.js";

/** The demo task's items. */
export const DEMO_ITEMS: readonly ChoiceItem[] = [
  { context: "Question: What is the capital of France?\nAnswer:", choices: [" Paris", " Berlin", " Madrid", " Rome"], gold: 0, lang: "en" },
  { context: "Question: How many legs does a spider have?\nAnswer:", choices: [" six", " eight", " ten", " four"], gold: 1, lang: "en" },
  {
    context: "Question: Which planet is closest to the Sun?\nAnswer:",
    choices: [" Venus", " Mars", " Mercury", " Jupiter"],
    gold: 2,
    lang: "en",
  },
  { context: "The ice cube was left in the sun, so it", choices: [" melted.", " froze.", " sang."], gold: 0, lang: "en" },
  {
    context: "Question : Quelle est la capitale du Japon ?\nRéponse :",
    choices: [" Tokyo", " Pékin", " Séoul", " Bangkok"],
    gold: 0,
    lang: "fr",
  },
  {
    context: "Question : Combien de jours compte une semaine ?\nRéponse :",
    choices: [" cinq", " six", " sept", " huit"],
    gold: 2,
    lang: "fr",
  },
  { context: "Il pleuvait, alors elle a pris son", choices: [" parapluie.", " maillot de bain.", " vélo."], gold: 0, lang: "fr" },
  {
    context: "Question : De quelle couleur est le ciel par beau temps ?\nRéponse :",
    choices: [" vert", " bleu", " rouge"],
    gold: 1,
    lang: "fr",
  },
];
