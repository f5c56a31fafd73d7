// The reference interpreter: evaluates a checked model's condition nodes directly, with the same leaf
// tests and decision procedure as compiled modules. The playground runs it; tests use it as the oracle.
import { evaluatePlan, type Determination, type Env, type EvaluateOptions } from "../runtime/decide.ts";
import { F, T, U, type T3, factBool, factNumber, ageCompare, durationCompare, dateWithin, factIs, factHas, requestedIs } from "../runtime/leaves.ts";
import type { Model, NodeOp } from "./model.ts";

export function interpret(model: Model, input: unknown, options: EvaluateOptions = {}): Determination {
  const ops = model.ops;
  const evalNode = (env: Env, id: number): T3 => {
    const memo = env.v[id];
    if (memo >= 0) return memo as T3;
    const r = evalOp(env, ops[id], evalNode);
    env.v[id] = r;
    return r;
  };
  return evaluatePlan(model.plan, input, evalNode, options);
}

function evalOp(env: Env, op: NodeOp, ev: (env: Env, id: number) => T3): T3 {
  switch (op.op) {
    case "and": {
      let unknown = false;
      for (const k of op.kids) { const v = ev(env, k); if (v === F) return F; if (v === U) unknown = true; }
      return unknown ? U : T;
    }
    case "or": {
      let unknown = false;
      for (const k of op.kids) { const v = ev(env, k); if (v === T) return T; if (v === U) unknown = true; }
      return unknown ? U : F;
    }
    case "not": { const v = ev(env, op.kid); return v === U ? U : v === T ? F : T; }
    case "atLeast": {
      let t = 0, u = 0;
      for (const k of op.kids) { const v = ev(env, k); if (v === T) t++; else if (v === U) u++; }
      return t >= op.n ? T : t + u < op.n ? F : U;
    }
    case "bool": return factBool(env, op.fact);
    case "num": return factNumber(env, op.fact, op.cmp, op.value);
    case "age": return ageCompare(env, op.cmp, op.span);
    case "dur": return durationCompare(env, op.fact, op.cmp, op.span);
    case "within": return dateWithin(env, op.fact, op.span);
    case "is": return factIs(env, op.fact, op.values, op.negated);
    case "has": return factHas(env, op.fact, op.values, op.mode);
    case "req": return requestedIs(env, op.pattern);
    case "def": return ev(env, op.kid);
    case "const": return op.value ? T : F;
  }
}
