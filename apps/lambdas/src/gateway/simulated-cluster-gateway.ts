/** The simulated gateway lives in `./simulated/`, one module per service; this path keeps working. */
export { type SimulatedCall, SimulatedClusterGateway } from './simulated/simulated-cluster-gateway.js';
