// The one import path of compiled evaluators: in nothing, out every runtime export below.
export * from "./tri.ts";
export * from "./ops.ts";
export * from "./dates.ts";
export * from "./span.ts";
export * from "./age.ts";
export * from "./quantity.ts";
export * from "./errors.ts";
export * from "./keys.ts";
export * from "./suggest.ts";
export * from "./scan.ts";
export * from "./facts.ts";
export * from "./validate.ts";
export * from "./wrapper.ts";
export * from "./fast-read.ts";
export * from "./plan.ts";
export * from "./leaves.ts";
export * from "./decide.ts";
