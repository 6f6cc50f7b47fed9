import { MANAGED_TAG } from '../stack-names.js';

/** The tag on what the template creates (a direct-API `destroy` leaves such roles alone). */
export const CLOUDFORMATION_MANAGED_TAG = {
  Key: MANAGED_TAG.Key,
  Value: 'eks-upgrade-cloudformation',
} as const;

/** The tags of what the template creates: the managed tag, then `extra`. */
export const tags = (extra: Record<string, string> = {}) => [
  { Key: CLOUDFORMATION_MANAGED_TAG.Key, Value: CLOUDFORMATION_MANAGED_TAG.Value },
  ...Object.entries(extra).map(([Key, Value]) => ({ Key, Value })),
];
