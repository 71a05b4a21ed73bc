import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

describe('es-MX locale', () => {
  it('translates every registered string key, keeping its placeholders', async () => {
    const library = await import('../../../src/index.js');
    const english = new library.Strings('en-US');
    const keys = library.registeredStringKeys();
    assert.ok(keys.length > 50, `only ${keys.length} keys registered`);
    const missing = keys.filter((key) => !(key in library.esMX));
    assert.deepEqual(missing, [], `es-MX lacks ${missing.length} keys: ${missing.join(', ')}`);
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const mismatched = keys.filter(
      (key) => placeholders(english.t(key)).join() !== placeholders(library.esMX[key]).join(),
    );
    assert.deepEqual(mismatched, [], `placeholders differ in ${mismatched.join(', ')}`);
    const spanish = new library.Strings('es-MX');
    assert.equal(spanish.t('app.nav.agentDesktop'), 'Escritorio del agente');
  });

  it('lets config override one key per locale and leaves the rest translated', async () => {
    const { Strings } = await import('../../../src/index.js');
    const strings = new Strings('es-MX', { 'es-MX': { 'app.nav.teams': 'Cuadrillas' } });
    assert.equal(strings.t('app.nav.teams'), 'Cuadrillas');
    assert.equal(strings.t('app.nav.queues'), 'Colas');
  });
});
