// When raw events become old enough to fold and delete (privacy.retention.linkEventMonths).

/**
 * The first UTC day that is kept: `months` calendar months before `at`'s UTC day (the 31st of a shorter month is
 * its last day). Raw events of days before it are folded and deleted.
 *
 * @example
 * retentionCutoff(new Date('2026-12-02T03:15:00Z'), 13) // '2025-11-02'
 */
export function retentionCutoff(at: Date, months: number): string {
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(at.getUTCDate(), lastDay))).toISOString().slice(0, 10);
}
