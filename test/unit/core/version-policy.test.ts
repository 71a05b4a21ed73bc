import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseVersion, compareVersions, parseVersion, pinProblem, readVersionPolicy } from '../../../src/core/version-policy.js';
// @ts-expect-error: a plain .mjs tool without types
import { publish, versionsFromChangelog } from '../../../tools/cdn-versions.mjs';

const manifest = (...versions: string[]) => ({ versions: versions.map((version) => ({ version, date: '2026-01-01', major: false, changelog: '' })) });
const published = manifest('1.3.0', '1.4.0', '1.4.2', '1.5.1', '2.0.0', '0.9.0');

describe('version policy: which published version runs', () => {
  it('follow-minor takes the newest minor and patch of the major, never the next major', () => {
    assert.deepEqual(chooseVersion(published, { mode: 'follow-minor' }, 1), { version: '1.5.1' });
    assert.deepEqual(chooseVersion(published, { mode: 'follow-minor' }, 0), { version: '0.9.0' });
    // The pin's major is the one followed.
    assert.deepEqual(chooseVersion(published, { mode: 'follow-minor', pinned: '2.0' }, 1), { version: '2.0.0' });
  });

  it('a pinned minor holds at its newest patch; an exact pin holds exactly', () => {
    assert.deepEqual(chooseVersion(published, { mode: 'pinned', pinned: '1.4' }, 1), { version: '1.4.2' });
    assert.deepEqual(chooseVersion(published, { mode: 'pinned', pinned: '1.4.0' }, 1), { version: '1.4.0' });
    assert.deepEqual(chooseVersion(published, { mode: 'pinned', pinned: '2.0' }, 1), { version: '2.0.0' });
  });

  it('a pin to a version that is not published names those that are and falls back to the newest of its major', () => {
    const choice = chooseVersion(published, { mode: 'pinned', pinned: '1.7' }, 1);
    assert.equal(choice.version, '1.5.1');
    assert.equal(choice.error?.code, 'version-not-found');
    assert.deepEqual(choice.error?.available, ['2.0.0', '1.5.1', '1.4.2', '1.4.0', '1.3.0', '0.9.0']);
    assert.match(choice.error.message, /1\.7 is not published here \(available: 2\.0\.0, 1\.5\.1, 1\.4\.2, 1\.4\.0, 1\.3\.0, 0\.9\.0\); running 1\.5\.1/);
    const noMajor = chooseVersion(published, { mode: 'pinned', pinned: '3.1' }, 1);
    assert.equal(noMajor.version, undefined);
    assert.match(noMajor.error!.message, /nor is any 3\.x/);
  });

  it('nothing of the major published: no version, and an error that says a major needs a pin', () => {
    const choice = chooseVersion(manifest('2.0.0'), { mode: 'follow-minor' }, 1);
    assert.equal(choice.version, undefined);
    assert.equal(choice.error?.code, 'no-version');
    assert.match(choice.error.message, /only when an admin pins it/);
  });

  it('ignores entries that are not versions', () => {
    assert.deepEqual(chooseVersion(manifest('1.0.0', 'latest', '1.2.0-beta.1', '1.1.0'), { mode: 'follow-minor' }, 1), { version: '1.1.0' });
    assert.equal(parseVersion('1.2'), undefined);
    assert.deepEqual(parseVersion('10.20.30'), { major: 10, minor: 20, patch: 30 });
    assert.deepEqual(['1.10.0', '1.2.0', '1.9.9'].sort(compareVersions), ['1.2.0', '1.9.9', '1.10.0']);
  });

  it('reads policies from configuration and storage, refusing bad ones by name', () => {
    assert.deepEqual(readVersionPolicy({ mode: 'pinned', pinned: '1.4' }), { policy: { mode: 'pinned', pinned: '1.4' } });
    assert.deepEqual(readVersionPolicy({ mode: 'follow-minor' }), { policy: { mode: 'follow-minor' } });
    assert.match(readVersionPolicy({ mode: 'latest' }).problem!, /mode must be/);
    assert.match(readVersionPolicy({ mode: 'pinned' }).problem!, /pinned is needed/);
    assert.match(readVersionPolicy({ mode: 'pinned', pinned: '1.x' }).problem!, /"1\.x"/);
    assert.match(readVersionPolicy(null).problem!, /mode must be/);
    assert.equal(pinProblem(''), undefined);
    assert.match(pinProblem('^1.4')!, /minor such as "1\.4"/);
  });
});

describe('tools/cdn-versions: versions.json and publishing', () => {
  const changelog = `# Changelog

## Unreleased

- Something new.

## 1.1.0 — 2026-11-01

- Added the thing.

## 1.0.0 - 2026-10-01

- First.
`;

  it('reads the versions from the changelog, the Unreleased section standing for this build', () => {
    const versions = versionsFromChangelog(changelog, '1.2.0', '2026-12-02');
    assert.deepEqual(
      versions.map((v: { version: string; date: string; major: boolean }) => [v.version, v.date, v.major]),
      [
        ['1.2.0', '2026-12-02', false],
        ['1.1.0', '2026-11-01', false],
        ['1.0.0', '2026-10-01', true],
      ],
    );
    assert.equal(versions[1].notes, '- Added the thing.');
    assert.match(versions[1].changelog, /^1\.1\.0\/CHANGELOG\.md#110--2026-11-01$/);
  });

  it('publishing adds a version folder, merges versions.json, and keeps the newest loader of the first major', () => {
    const root = mkdtempSync(join(tmpdir(), 'cdn-versions-'));
    const build = (version: string, date: string) => {
      const dir = join(root, `build-${version}`);
      mkdirSync(join(dir, version), { recursive: true });
      writeFileSync(join(dir, version, 'flex-elements.js'), `// ${version}`);
      writeFileSync(join(dir, 'loader.js'), `// loader ${version}`);
      writeFileSync(join(dir, 'versions.json'), JSON.stringify({ versions: versionsFromChangelog('', version, date) }));
      return dir;
    };
    const cdn = join(root, 'cdn');
    publish(build('1.1.0', '2026-11-01'), cdn);
    publish(build('1.0.3', '2026-11-05'), cdn); // a patch of an older minor, published later
    publish(build('2.0.0', '2026-11-20'), cdn); // a new major: listed, but its loader is opted into
    const { loader, versions } = JSON.parse(readFileSync(join(cdn, 'versions.json'), 'utf8'));
    assert.deepEqual(versions.map((v: { version: string }) => v.version), ['2.0.0', '1.1.0', '1.0.3']);
    assert.equal(loader, '1.1.0');
    assert.equal(readFileSync(join(cdn, 'loader.js'), 'utf8'), '// loader 1.1.0');
    assert.equal(readFileSync(join(cdn, '2.0.0', 'loader.js'), 'utf8'), '// loader 2.0.0');
    assert.equal(readFileSync(join(cdn, '1.0.3', 'flex-elements.js'), 'utf8'), '// 1.0.3');
  });
});
