/** PutEvents accepts 1–10 entries a call. */
export const MAX_PUT_EVENTS_ENTRIES = 10;
/** PutEvents' total entry size (by AWS's entry-size rules) must stay within 256 KB. */
export const MAX_PUT_EVENTS_REQUEST_BYTES = 256 * 1024;
/** Bytes an entry's `Time` counts for in AWS's entry-size rules. */
export const TIME_ENTRY_BYTES = 14;
/** PutTargets accepts at most 10 targets a call. */
export const MAX_PUT_TARGETS_ENTRIES = 10;
/** RemoveTargets accepts at most 10 ids a call. */
export const MAX_REMOVE_TARGETS_IDS = 10;
/** A rule has at most 5 targets. */
export const MAX_TARGETS_PER_RULE = 5;
/** EventBridge service name used in errors. */
export const EVENTBRIDGE_SERVICE = 'EventBridge';
/** The account and region the local bus stamps on events unless told otherwise (moto's). */
export const LOCAL_ACCOUNT_ID = '123456789012';
export const LOCAL_REGION = 'us-east-1';
