// In the repository only (not packed): the runtime's source, for tools run with the "guideline-dsl-source"
// condition (tsc through tsconfig's customConditions). The package ships dist/, built from ../../runtime.
export * from "../../../runtime/index.ts";
