import { isHandoverState, type HandoverState } from '../../backends/handover.js';

/**
 * Keeps a backend's handover state (the simulator's journal) in IndexedDB, so a reload of the
 * only tab continues the same session. One record per sharing scope (backend, identity, options).
 * Nothing here throws: a browser without IndexedDB, or one that refuses it (private mode, a
 * sandboxed iframe, a full quota), just starts afresh after a reload.
 */

const DB_NAME = 'flex-elements';
const STORE = 'sessions';
/** A state older than this is a previous shift's: it is dropped, not restored. */
export const PERSISTED_SESSION_MAX_AGE_MS = 12 * 60 * 60 * 1000;

let opening: Promise<IDBDatabase | undefined> | undefined;

function database(): Promise<IDBDatabase | undefined> {
  opening ??= new Promise<IDBDatabase | undefined>((resolve) => {
    try {
      if (typeof indexedDB === 'undefined') return resolve(undefined);
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => {
        if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE);
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => resolve(undefined);
      request.onblocked = () => resolve(undefined);
    } catch {
      resolve(undefined);
    }
  });
  return opening;
}

function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T | undefined> {
  return database().then(
    (db) =>
      new Promise<T | undefined>((resolve) => {
        if (!db) return resolve(undefined);
        try {
          const request = work(db.transaction(STORE, mode).objectStore(STORE));
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => resolve(undefined);
        } catch {
          resolve(undefined);
        }
      }),
  );
}

export function loadSession(key: string): Promise<HandoverState | undefined> {
  return run<unknown>('readonly', (store) => store.get(key)).then((value) => {
    if (!isHandoverState(value)) return undefined;
    if (Date.now() - value.wall > PERSISTED_SESSION_MAX_AGE_MS) {
      void clearSession(key);
      return undefined;
    }
    return value;
  });
}

export function saveSession(key: string, state: HandoverState): Promise<void> {
  return run('readwrite', (store) => store.put(state, key)).then(() => undefined);
}

export function clearSession(key: string): Promise<void> {
  return run('readwrite', (store) => store.delete(key)).then(() => undefined);
}
