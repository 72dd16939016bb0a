/**
 * The matcher's candidate index in IndexedDB, as the rest of the code uses it:
 * build or update it, forget erased customers, match and train against it.
 * The files beside this one are its parts (format, build, update, store,
 * matching); nothing outside this folder imports them directly.
 */
export { INDEX_FORMAT, MATCH_INDEX_META_KEY, MATCH_PARAMS_META_KEY, indexNeedsBuild, readIndexState, writeIndexState, type IndexOptions, type IndexProgress, type IndexReport, type IndexState } from './format';
export { indexCustomers } from './build';
export { forgetCustomers } from './update';
export { IdbCandidateStore, IndexNotReadyError } from './store';
export { decidedPairs, loadMatcherParams, matchProfile, matchProfiles, runEm, saveMatcherParams, type DbMatchOptions, type RunEmOptions } from './matching';
