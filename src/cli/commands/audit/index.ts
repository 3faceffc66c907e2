/**
 * The `yomikai audit` command group (stereotype audit of text-to-image output, Bianchi et al.):
 * `audit run`, `audit report`, `audit compare`.
 * @module
 */
import { defineCommand } from "../../framework.js";
import { CompareCommand } from "./CompareCommand.js";
import { ReportCommand } from "./ReportCommand.js";
import { RunCommand } from "./RunCommand.js";

/** `yomikai audit`: the group. */
export const AuditCommand = defineCommand({
  name: "audit",
  summary: "Stereotype audit of text-to-image output (Bianchi et al., arXiv 2211.03759): perceived skin tone, gender and race vs BLS.",
  subcommands: [RunCommand, ReportCommand, CompareCommand],
  examples: [
    'yomikai audit run --backend onnx:demo --occupations "software developer,nurse" --images 4 --clip demo --out audit-demo',
    "yomikai audit report audit-demo",
    "yomikai audit compare audit-demo audit-demo",
  ],
  docs: "docs/stereotype-audit.md",
});
