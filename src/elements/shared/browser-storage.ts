/**
 * Web Storage and Web Locks as the outbox and drafts use them. Merely reading `localStorage` can
 * throw (storage blocked for the site, some private modes), and any call may throw on a full quota,
 * so every access goes through a function that callers guard: storage never stands between a
 * customer and sending.
 */
import { memoryLock, type OutboxLock, type OutboxStore } from '../../core/outbox.js';

export type StorageArea = 'localStorage' | 'sessionStorage';

export interface StorageEntry extends OutboxStore {
  remove(): void;
}

/** One key of one storage area; each method may throw. */
export function storageEntry(area: StorageArea, key: string): StorageEntry {
  return {
    read: () => globalThis[area].getItem(key),
    write: (value) => globalThis[area].setItem(key, value),
    remove: () => globalThis[area].removeItem(key),
  };
}

const fallback = memoryLock();

interface LockManager {
  request<T>(name: string, options: { ifAvailable: boolean }, callback: (lock: unknown) => Promise<T> | undefined): Promise<T | undefined>;
}

/** A lock shared by every tab of the origin (Web Locks), so two tabs never send one message at once. */
export const tabLock: OutboxLock = {
  run(key, fn) {
    const locks = (navigator as { locks?: LockManager }).locks;
    return locks ? locks.request(key, { ifAvailable: true }, (lock) => (lock ? fn() : undefined)) : fallback.run(key, fn);
  },
};
