import { createCedarPolicyEngine } from "./cedar-policy-engine.ts";
import { policySchema } from "./default-policies.ts";
import { policyEngineContract } from "./policy-engine.contract.ts";

policyEngineContract("cedar", () => createCedarPolicyEngine({ schema: policySchema }));
