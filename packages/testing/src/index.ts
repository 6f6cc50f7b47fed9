export {
  createMotoApi,
  MOTO_ACCOUNT_ID,
  MOTO_CREDENTIALS,
  MOTO_REGION,
  type MotoApi,
  type MotoClientConfig,
} from './moto-api.js';
export { findFreePort, type MotoServer, type StartMotoOptions, startMotoServer } from './moto-server.js';
export { useMoto } from './use-moto.js';
