import type { CommandModule } from '../context/command-context.js';
import type { CommandId } from './command-table.js';

/**
 * Where each command's code lives. Every entry is a dynamic import, so a command's module (and
 * the packages and SDK clients it uses) loads only when that command runs.
 */
export const COMMAND_LOADERS: { readonly [Id in CommandId]?: () => Promise<CommandModule<Id>> } = {
  rehearse: () => import('../commands/rehearse/rehearse.js'),
  plan: () => import('../commands/upgrade/plan.js'),
  start: () => import('../commands/upgrade/start.js'),
  status: () => import('../commands/upgrade/status.js'),
  watch: () => import('../commands/upgrade/watch.js'),
  resume: () => import('../commands/upgrade/resume.js'),
  stop: () => import('../commands/upgrade/stop.js'),
  approve: () => import('../commands/upgrade/approve.js'),
  reject: () => import('../commands/upgrade/reject.js'),
  list: () => import('../commands/upgrade/list.js'),
  history: () => import('../commands/upgrade/history.js'),
  'config init': () => import('../commands/config/init.js'),
  'config show': () => import('../commands/config/show.js'),
  'config get': () => import('../commands/config/get.js'),
  'config set': () => import('../commands/config/set.js'),
  'config import': () => import('../commands/config/import.js'),
  'config export': () => import('../commands/config/export.js'),
  deploy: () => import('../commands/stack/deploy.js'),
  destroy: () => import('../commands/stack/destroy.js'),
  synth: () => import('../commands/stack/synth.js'),
  'operator-policy': () => import('../commands/stack/operator-policy.js'),
  'events rules list': () => import('../commands/events/rules-list.js'),
  'events rules apply': () => import('../commands/events/rules-apply.js'),
  'events publish': () => import('../commands/events/publish.js'),
  'functions list': () => import('../commands/functions/list.js'),
  'functions invoke': () => import('../commands/functions/invoke.js'),
  'workflow render': () => import('../commands/workflow/render.js'),
  'workflow validate': () => import('../commands/workflow/validate.js'),
};
