/**
 * Holds a named lock shared by every broker process (e.g. a PostgreSQL advisory lock) while `work`
 * runs, and releases it however `work` ends.
 */
export type CrossProcessLock = <T>(key: string, work: () => Promise<T>) => Promise<T>;
