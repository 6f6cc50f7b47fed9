import { parseMaintenanceWindow } from '@eks-upgrade/core-models';
import { windowOpenings } from '@eks-upgrade/lambdas';

// Virtual time in the rehearsal: the clock of its progress lines, and the maintenance windows'
// openings it ran through.

/** The openings of `windows` from `start` for `seconds` (one more day, so the last wait shows its window). */
export function openingsDuring(windows: readonly string[], start: Date, seconds: number) {
  const end = start.getTime() + seconds * 1000;
  return windowOpenings(windows.map(parseMaintenanceWindow), start.getTime(), Math.ceil(seconds / 86_400) + 1)
    .filter((opening) => opening.opensAt <= end)
    .map((opening) => ({
      opensAt: new Date(opening.opensAt).toISOString(),
      closesAt: new Date(opening.closesAt).toISOString(),
      windows: opening.windows,
    }));
}

export function formatClock(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return `+${hours}:${String(minutes).padStart(2, '0')}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;
}
