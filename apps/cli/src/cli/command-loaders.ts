import type { CommandModule } from '../context/command-context.js';
import type { CommandId } from './command-table.js';

/**
 * Where each command's code lives. Every entry is a dynamic import, so a command's module (and
 * the packages and SDK clients it uses) loads only when that command runs.
 */
export const COMMAND_LOADERS: { readonly [Id in CommandId]?: () => Promise<CommandModule<Id>> } = {};
