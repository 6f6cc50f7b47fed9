/** A JSON value as it appears in an Amazon States Language document. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** One rendered state of an ASL document. */
export type AslState = JsonObject & { Type: string };

/** A rendered ASL document (or the `ItemProcessor` of a Map state). */
export interface AslDefinition {
  Comment?: string;
  StartAt: string;
  States: Record<string, AslState>;
  TimeoutSeconds?: number;
  QueryLanguage?: 'JSONPath' | 'JSONata';
  [key: string]: unknown;
}
