/**
 * The HA Posture engine: check API, built-in checks, evaluate(), the collector and the extension
 * point for custom checks. Evaluation is pure; only the collector does I/O, through a Transport.
 *
 * @packageDocumentation
 */
export * from './model';
export { evaluate } from './engine/evaluate';
export { evaluateAsync } from './engine/evaluateAsync';
export type { EvaluateAsyncOptions } from './engine/evaluateAsync';
export { buildClusterView } from './engine/clusterView';
export {
  snapshotFromObjects,
  inferSnapshotTime,
} from './engine/snapshotFromObjects';
export type {
  SnapshotFromObjectsOptions,
  SnapshotFromObjectsResult,
} from './engine/snapshotFromObjects';
export {
  matchesLabelSelector,
  matchesServiceSelector,
  parseLabelSelectorString,
  LabelIndex,
  SelectorIndex,
} from './engine/labels';
export type {
  LabelSelector,
  LabelSelectorOperator,
  LabelSelectorRequirement,
} from './engine/labels';
export { regionFromZone } from './engine/topology';
export { resolveConfig, defaultParams } from './engine/config';
export type { ResolvedCheck, ResolvedConfig } from './engine/config';
export {
  applyExemption,
  exemptionAnnotation,
  parseExemption,
  EXEMPTION_ANNOTATION_PREFIX,
} from './engine/exemptions';
export type { ExemptionCandidate, ParsedExemption } from './engine/exemptions';
export { readExemptionRules } from './engine/exemptionRules';
export { BUILTIN_CHECKS } from './checks';
export { describeChecks, renderChecksMarkdown } from './catalog';
export type { CheckCatalogEntry } from './catalog';
export { haPostureChecksExtensionPoint } from './extensions';
export type { HaPostureChecksExtensionPoint } from './extensions';
export * from './collector';
export {
  summarizeResults,
  scoreOf,
  gradeOf,
  categoryStatus,
  compareResults,
} from '@ha-posture/plugin-ha-posture-common';
export type { HaSummary } from '@ha-posture/plugin-ha-posture-common';
