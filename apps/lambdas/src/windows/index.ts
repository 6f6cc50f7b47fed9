/** Maintenance windows: when a disruptive step may start (`upgrade.maintenanceWindows`). */
export * from './maintenance-window-deferral.js';
export * from './step-start.js';
export * from './window-openings.js';
export * from './zoned-time.js';
