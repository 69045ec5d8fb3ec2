export { analyze, analyzeWithin } from './analyze';
export { evaluate } from './evaluate';
export { validateCustomPolicy, customPermissions, type CustomPolicy, type Validation } from './custom-policy';
export { CATEGORIES, CATEGORY_IDS, isCategory, type CategoryInfo } from './categories';
export { levelFor, rank, scoreFindings, SEVERITIES, SEVERITY_WEIGHT } from './score';
export { MAX_CODE_BYTES } from './limits';
export { RULE_IDS } from './rules/index';
export { TIERS, POLICY_TIERS, isPolicyTier, permissionsFor, type PolicyTier, type TierRecord } from './tiers';
export type {
  Category, DangerAnalysis, Degraded, Evaluation, Finding, Language, Metrics, ParseError, RiskLevel, Severity, Telemetry, TelemetryFlags,
} from './types';
