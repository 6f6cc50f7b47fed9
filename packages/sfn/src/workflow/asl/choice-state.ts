import { ConfigurationError } from '@eks-upgrade/core-models';
import { State, type Transitions } from './base-states.js';
import type { AslState, JsonObject } from './types.js';

/** A Choice rule without `Next` (a JSONPath comparison or an And/Or/Not of rules). */
export type Condition = JsonObject;

/**
 * Builders of Choice conditions (JSONPath comparisons).
 *
 * @example
 * ```ts
 * Condition.and(Condition.stringEquals('$.status', 'in_progress'), Condition.numericLessThan('$.poll.count', 10));
 * ```
 */
export const Condition = {
  stringEquals: (variable: string, value: string): Condition => ({ Variable: variable, StringEquals: value }),
  booleanEquals: (variable: string, value: boolean): Condition => ({
    Variable: variable,
    BooleanEquals: value,
  }),
  numericLessThan: (variable: string, value: number): Condition => ({
    Variable: variable,
    NumericLessThan: value,
  }),
  numericGreaterThanEquals: (variable: string, value: number): Condition => ({
    Variable: variable,
    NumericGreaterThanEquals: value,
  }),
  numericLessThanPath: (variable: string, path: string): Condition => ({
    Variable: variable,
    NumericLessThanPath: path,
  }),
  stringEqualsPath: (variable: string, path: string): Condition => ({
    Variable: variable,
    StringEqualsPath: path,
  }),
  timestampGreaterThanPath: (variable: string, path: string): Condition => ({
    Variable: variable,
    TimestampGreaterThanPath: path,
  }),
  timestampGreaterThanEqualsPath: (variable: string, path: string): Condition => ({
    Variable: variable,
    TimestampGreaterThanEqualsPath: path,
  }),
  isPresent: (variable: string, value = true): Condition => ({ Variable: variable, IsPresent: value }),
  and: (...conditions: Condition[]): Condition => ({ And: conditions }),
  or: (...conditions: Condition[]): Condition => ({ Or: conditions }),
  not: (condition: Condition): Condition => ({ Not: condition }),
} as const;

/**
 * A Choice state: the first matching rule decides, else the default.
 *
 * @example
 * ```ts
 * new ChoiceState('Blocked?').when(Condition.booleanEquals('$.plan.blocked', true), stop).otherwise(go);
 * ```
 */
export class ChoiceState extends State {
  private readonly rules: { condition: Condition; next: State }[] = [];
  private defaultState: State | undefined;

  constructor(name: string, comment?: string) {
    super(name, comment);
  }

  /** Adds a rule; rules are tried in the order added. */
  when(condition: Condition, next: State): this {
    this.rules.push({ condition, next });
    return this;
  }

  /** Sets the default; refuses to be set twice. */
  otherwise(next: State): this {
    if (this.defaultState) throw new ConfigurationError(`Choice "${this.name}" already has a default`);
    this.defaultState = next;
    return this;
  }

  render(): AslState {
    if (this.rules.length === 0) throw new ConfigurationError(`Choice "${this.name}" has no rules`);
    return {
      ...this.base('Choice'),
      Choices: this.rules.map(({ condition, next }) => ({ ...condition, Next: next.name })),
      ...(this.defaultState ? { Default: this.defaultState.name } : {}),
    };
  }

  transitions(): Transitions {
    return {
      next: [...this.rules.map((rule) => rule.next), ...(this.defaultState ? [this.defaultState] : [])],
    };
  }
}
