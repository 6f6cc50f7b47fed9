import type { ClusterGateway } from './cluster-gateway.js';

type Operation = keyof ClusterGateway;

/** Any cluster-gateway method, as the composed gateway calls it. */
type AnyOperation = (...args: never[]) => Promise<unknown>;

/** Members a part's type declares beyond the gateway's operations. */
type ExtraMembers<Part> = Exclude<keyof NonNullable<Part>, Operation>;

/**
 * The parts a gateway is built from, by name. Each part's type declares some of the gateway's
 * operations and nothing else (an extra member is typed `never`, so it does not compile).
 */
export type GatewayParts<Parts> = {
  readonly [P in keyof Parts]?: Partial<ClusterGateway> & Record<ExtraMembers<Parts[P]>, never>;
};

/** The name of the part whose type declares `operation` (`never` when no part does). */
type PartDeclaring<Parts extends GatewayParts<Parts>, K extends Operation> = {
  [P in keyof Parts]-?: K extends keyof NonNullable<Parts[P]> ? P : never;
}[keyof Parts];

/**
 * Which part answers each operation of `ClusterGateway`. The type has one key per operation, so
 * a table that forgets one, or names something that is no operation, does not compile; and the
 * part named must be one whose type declares that operation. With `GatewayParts`, the union of
 * the parts' operations is exactly `ClusterGateway`.
 */
export type GatewayRoutes<Parts extends GatewayParts<Parts>> = {
  readonly [K in Operation]: PartDeclaring<Parts, K> & string;
};

/**
 * What a call to an operation does when the part that implements it was not given: typically a
 * rejection with a `ConfigurationError` naming the missing client.
 */
export type AbsentPartOperation<Parts extends GatewayParts<Parts>> = (
  part: keyof Parts & string,
  operation: Operation,
) => AnyOperation;

/**
 * A class of gateways built from parts: each `ClusterGateway` method is the method of the part
 * `routes` names for it, bound to that part, or `absent(part, operation)` when that part was not
 * given. No method is written by hand, so adding an operation to `ClusterGateway` only needs a
 * part that implements it and a line in `routes`.
 *
 * @example
 * ```ts
 * class MyGateway extends composedGatewayClass<{ eks?: EksOperations; traffic?: TrafficOperations; alarms?: AlarmOperations }>(
 *   ROUTES,
 *   (part, operation) => () => Promise.reject(new ConfigurationError(`no ${part} part for ${operation}`)),
 * ) {}
 * const gateway = new MyGateway({ eks, traffic, alarms });
 * ```
 */
export function composedGatewayClass<Parts extends GatewayParts<Parts>>(
  routes: GatewayRoutes<Parts>,
  absent: AbsentPartOperation<Parts>,
): new (
  parts: Parts,
) => ClusterGateway {
  class ComposedGateway {
    constructor(parts: Parts) {
      for (const operation of Object.keys(routes) as Operation[]) {
        const partName = routes[operation];
        const part = parts[partName] as Partial<Record<Operation, AnyOperation>> | undefined;
        const method = part?.[operation];
        Object.defineProperty(this, operation, {
          value: part && method ? method.bind(part) : absent(partName, operation),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
    }
  }
  return ComposedGateway as unknown as new (
    parts: Parts,
  ) => ClusterGateway;
}
