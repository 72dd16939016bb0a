// The matcher's public surface, for the service worker, the CLI and the UI.
export { MatchThresholds } from './settings';
export { matchProfiles, decide, toMatchLine, toMatchRecord, PersonaScorer, type MatchResult, type DecisionReason, type EvidenceDetail, type PreviousDecision } from './match';
export { describeEvidence, explainDecision, formatWeight, EVIDENCE_WORDS, REASON_WORDS, type EvidenceWords } from './explain';
export { MemoryCandidateStore, selectCandidates, DEFAULT_LIMITS, type CandidateStore, type CandidateSet, type CandidateLimits } from './store';
export { profileFeatures, customerRecord, type ProfileInput, type ProfileFeatures, type CustomerRecord } from './features';
export { profileQuery, customerKeys, type BlockingQuery } from './keys';
export { MatcherParams, defaultMatcherParams, readMatcherParams } from './params';
export { trainMatcher, type TrainReport } from './train';
