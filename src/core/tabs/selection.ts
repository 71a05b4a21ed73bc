import type { ContactCenter } from '../contact-center.js';

/**
 * Keeps this tab's selected task in sessionStorage (per tab, it survives a reload) and selects it
 * again once the task is back in the store after a reload. Nothing here throws where storage is
 * absent or refused.
 */
export function rememberSelection(center: ContactCenter): () => void {
  const storage = (() => {
    try {
      return globalThis.sessionStorage ?? undefined;
    } catch {
      return undefined;
    }
  })();
  if (!storage) return () => {};
  const key = `flex-elements.selected:${center.backend.name}:${center.identity}`;
  let saved: string | null = null;
  try {
    saved = storage.getItem(key);
  } catch {
    saved = null;
  }
  let restoring = saved !== null;
  const offRestore = center.store.subscribe(
    (state) => (restoring && saved ? state.tasks[saved]?.status : undefined),
    (status) => {
      if (!restoring || !saved) return;
      restoring = false;
      if (status && status !== 'completed' && status !== 'canceled' && center.store.getState().ui.selectedTaskSid === undefined) {
        void center.actions.invoke('SelectTask', { taskSid: saved }).catch(() => {});
      }
    },
  );
  const offSave = center.store.subscribe(
    (state) => state.ui.selectedTaskSid,
    (sid) => {
      // The first selection after a reload is the restored one (or the person's own choice).
      restoring = false;
      try {
        if (sid) storage.setItem(key, sid);
        else storage.removeItem(key);
      } catch {
        // Storage refused: the selection lasts as long as the page.
      }
    },
  );
  return () => {
    offRestore();
    offSave();
  };
}
