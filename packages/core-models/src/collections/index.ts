export { chunk } from './chunk.js';
export { followPageTokens } from './follow-page-tokens.js';
export { jsonEqual } from './json-equal.js';
