/** How runs, networks, losses and numbers are named in the figures and the report. */
import type { RunConfig } from "../../core/config.ts";
import { formatNameValue, type RunSpec, type SectionSpec } from "./experiments.ts";

export const ACT_LABEL: Record<string, string> = { sigmoid: "Sigmoid", relu: "ReLU", gelu: "GELU" };
export const LOSS_LABEL: Record<string, string> = {
  euclidean: "Euclidean",
  softmax_ce: "softmax CE",
  hinge: "hinge",
};

/** "GELU + softmax CE" (unknown names as they are). */
export function pairLabel(activation: string, loss: string): string {
  return `${ACT_LABEL[activation] ?? activation} + ${LOSS_LABEL[loss] ?? loss}`;
}

const COUNT_WORD = ["One", "Two", "Three", "Four"];

/** "One hidden (784-128-10)" for hidden "128" (or [128]); "Two hidden (784-256-128-10)". */
export function depthLabel(hidden: string | readonly number[]): string {
  const widths = typeof hidden === "string" ? hidden.split("-") : hidden.map(String);
  const n = COUNT_WORD[widths.length - 1] ?? String(widths.length);
  return `${n} hidden (784-${widths.join("-")}-10)`;
}

/** "784-128-10". */
export function networkLabel(config: RunConfig): string {
  return `784-${config.hidden.join("-")}-10`;
}

/**
 * A run's label inside its section. A sweep's: "batch size = 10". A grid's: its activation and
 * loss ("GELU + hinge"), then any other axis ("GELU + hinge, margin = 2").
 */
export function runLabel(section: SectionSpec, run: RunSpec): string {
  const c = run.config;
  if (section.kind === "sweep") {
    return `${section.label} = ${formatNameValue(c[section.keys[0]])}`;
  }
  const others = section.keys.filter((k) => k !== "activation" && k !== "loss");
  return [pairLabel(c.activation, c.loss), ...others.map((k) => `${k} = ${formatNameValue(c[k])}`)]
    .join(", ");
}

/** The value a sweep run sets, as written in its name ("0.0001"). */
export function sweepValueLabel(section: SectionSpec, run: RunSpec): string {
  return formatNameValue(run.config[section.keys[0]]);
}

export const ACC_TITLE = "Accuracy (fraction of images correct)";

/** The loss axis title of a run's own loss function. */
export function lossAxisTitle(loss: string): string {
  switch (loss) {
    case "euclidean":
      return "Euclidean loss (mean per image)";
    case "softmax_ce":
      return "Softmax cross-entropy (mean per image, nats)";
    case "hinge":
      return "Hinge loss (mean per image, margin 5)";
    default:
      return `${loss} loss (mean per image)`;
  }
}

/** Short loss axis titles for the small panels of a sweep. */
export function panelLossTitle(loss: string): string {
  switch (loss) {
    case "softmax_ce":
      return "Softmax CE (nats)";
    case "euclidean":
      return "Euclidean loss";
    case "hinge":
      return "Hinge loss";
    default:
      return `${loss} loss`;
  }
}

/** Fixed decimals; NaN/Infinity spelled out. */
export function fmtNum(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toFixed(digits) : String(x);
}
