import type { Actions } from '../actions.js';
import type { TabStatus } from './shared-backend.js';

/**
 * MoveCallHere: this tab becomes the one holding the connection and the call's audio (the tab
 * that had it hands its session over). Nothing to do in the tab that has it already, or where
 * tabs do not share.
 */
export function registerTabActions(actions: Actions, tabs: () => TabStatus | undefined): void {
  actions.register('MoveCallHere', {
    run: async () => {
      const status = tabs();
      if (!status || status.role !== 'follower') return;
      await status.claim();
    },
  });
}
