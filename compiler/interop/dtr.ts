// DTR for a guideline: the questionnaire and the adaptive `$next-question`. (Filled in once the questionnaire builder
// and the QuestionnaireResponse mapping land.)
import type { ServiceConfig } from "./crd.ts";
import type { Extras } from "./server.ts";

export function serviceExtras(config: () => ServiceConfig): Extras {
  void config;
  return {};
}
