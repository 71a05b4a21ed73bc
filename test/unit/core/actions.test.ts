import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Actions } from '../../../src/core/actions.js';

describe('Actions', () => {
  it('rejects an unknown action with an error naming it', async () => {
    const actions = new Actions(() => 'agent');
    await assert.rejects(actions.invoke('NoSuchThing'), /NoSuchThing/);
  });
});
