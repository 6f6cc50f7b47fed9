export * from './upgrade-events.js';
