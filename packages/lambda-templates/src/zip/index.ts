export { functionCodeSha256 } from './code-sha256.js';
export {
  createFunctionZip,
  createFunctionZipFromDirectory,
  FUNCTION_ZIP_DEFLATE_LEVEL,
  type FunctionZipFile,
  type FunctionZipInput,
  MAX_UNZIPPED_FUNCTION_BYTES,
} from './create-function-zip.js';
