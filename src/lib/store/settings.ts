import { writeTx, type StoreContext } from './context';
import { InvalidArgumentError } from './errors';
import { DEFAULT_RETENTION, type RetentionSettings, type SettingsRecord } from './schema';

/** The fewest audit records a retention may keep (a checkpoint needs something to vouch for). */
export const MIN_AUDIT_RECORDS = 100;

export async function getSettings(ctx: StoreContext): Promise<SettingsRecord> {
  return (await ctx.db.get('settings', 'settings')) ?? { id: 'settings', retention: { ...DEFAULT_RETENTION } };
}

/** Changes what is kept; the next maintenance pass prunes to it. */
export async function setRetention(ctx: StoreContext, retention: Partial<RetentionSettings>): Promise<SettingsRecord> {
  const { auditRecords, executions } = retention;
  if (auditRecords !== undefined && (!Number.isSafeInteger(auditRecords) || auditRecords < MIN_AUDIT_RECORDS)) {
    throw new InvalidArgumentError(`audit retention must be a whole number of at least ${MIN_AUDIT_RECORDS} records`);
  }
  if (executions !== undefined && (!Number.isSafeInteger(executions) || executions < 1)) {
    throw new InvalidArgumentError('execution retention must be a whole number of at least 1');
  }
  const next = await writeTx(ctx.db, ['settings'], async (tx) => {
    const current = (await tx.objectStore('settings').get('settings')) ?? { id: 'settings' as const, retention: { ...DEFAULT_RETENTION } };
    const updated: SettingsRecord = { ...current, retention: { ...current.retention, ...(auditRecords !== undefined ? { auditRecords } : {}), ...(executions !== undefined ? { executions } : {}) } };
    await tx.objectStore('settings').put(updated);
    return updated;
  });
  ctx.tabs.publish({ kind: 'settings' });
  return next;
}
