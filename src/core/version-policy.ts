/**
 * Which published version of the library a deployment runs, Flex's way: by default it follows the
 * newest minor (and patch) of its major; an admin may pin a minor (`1.4`: its newest patch) or an
 * exact version (`1.4.2`). A major is never crossed on its own: only a pin chooses another major.
 *
 * DOM-free and dependency-free: the CDN loader (`cdn/loader.js`) bundles this module alone.
 */

export type VersionMode = 'follow-minor' | 'pinned';

/** `version` in the configuration (the service's `ui_attributes`, or `appConfig`). */
export interface VersionPolicy {
  mode: VersionMode;
  /** `1.4` (a minor: its newest patch) or `1.4.2`; with `follow-minor`, only its major is used. */
  pinned?: string;
}

/** One entry of `cdn/versions.json`. */
export interface PublishedVersion {
  version: string;
  /** The release date, `YYYY-MM-DD`. */
  date: string;
  /** True for the first release of a major (`2.0.0`): never applied automatically. */
  major: boolean;
  /** A link to the version's section of the changelog, relative to versions.json. */
  changelog: string;
  /** The changelog section's text (Markdown), for the admin view. */
  notes?: string;
}

/** `cdn/versions.json`: every version published in this CDN folder, newest first. */
export interface VersionsManifest {
  versions: PublishedVersion[];
}

/** Where the admin's choice is kept in the browser when no server stores it. */
export const VERSION_POLICY_STORAGE_KEY = 'flex-elements.version-policy';

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
}

/** `1.4.2`, or `1.4` (a minor); no pre-releases (they are not published to the CDN). */
const VERSION_OR_MINOR = /^(\d{1,6})\.(\d{1,6})(?:\.(\d{1,6}))?$/;

function parts(text: unknown): number[] | undefined {
  const m = typeof text === 'string' ? VERSION_OR_MINOR.exec(text) : null;
  return m ? m.slice(1).filter((part) => part !== undefined).map(Number) : undefined;
}

/** Parses `1.4.2`; undefined for anything else. */
export function parseVersion(text: unknown): SemVer | undefined {
  const p = parts(text);
  return p?.length === 3 ? { major: p[0], minor: p[1], patch: p[2] } : undefined;
}

/** Orders published versions oldest first (`sort(compareVersions)`). */
export function compareVersions(a: string, b: string): number {
  const x = parts(a) ?? [];
  const y = parts(b) ?? [];
  return (x[0] ?? -1) - (y[0] ?? -1) || (x[1] ?? -1) - (y[1] ?? -1) || (x[2] ?? -1) - (y[2] ?? -1);
}

/** Why `pinned` is not a minor (`1.4`) or a version (`1.4.2`); undefined when it is one, or empty. */
export function pinProblem(pinned: unknown): string | undefined {
  return pinned === undefined || pinned === '' || parts(pinned)
    ? undefined
    : `must be a minor such as "1.4" or a version such as "1.4.2"; got ${JSON.stringify(pinned)}`;
}

/** Checks a policy from configuration or storage; a message naming the problem when it is not one. */
export function readVersionPolicy(value: unknown): { policy?: VersionPolicy; problem?: string } {
  const { mode, pinned } = (value ?? {}) as { mode?: unknown; pinned?: unknown };
  if (mode !== 'follow-minor' && mode !== 'pinned') return { problem: 'version.mode must be "follow-minor" or "pinned"' };
  const problem = pinProblem(pinned) ?? (mode === 'pinned' && !pinned ? 'is needed with mode "pinned"' : undefined);
  if (problem) return { problem: `version.pinned ${problem}` };
  return { policy: pinned ? { mode, pinned: pinned as string } : { mode } };
}

export interface VersionChoice {
  /** The version to load; undefined when nothing acceptable is published. */
  version?: string;
  /** Set when the policy could not be honoured as written (the version chosen instead, if any, is in `version`). */
  error?: { code: 'version-not-found' | 'no-version'; message: string; available: string[] };
}

/**
 * Picks the version to run. `follow-minor`: the newest version of the policy's major (the pin's,
 * else `ownMajor`, the loader's own). `pinned`: the newest patch of the pinned minor, or the exact
 * version; a pin to a version that is not published is an error listing those that are, and falls
 * back to the newest version of the pin's major. Never crosses a major by itself.
 */
export function chooseVersion(manifest: VersionsManifest, policy: VersionPolicy, ownMajor: number): VersionChoice {
  const available = manifest.versions
    .map((entry) => entry.version)
    .filter((v) => parseVersion(v))
    .sort(compareVersions)
    .reverse();
  const pin = parts(policy.pinned);
  const major = pin ? pin[0] : ownMajor;
  const newest = (wanted: number[]) => available.find((v) => wanted.every((n, i) => parts(v)![i] === n));
  const fallback = newest([major]);
  const list = available.join(', ') || 'none';
  if (policy.mode === 'pinned' && pin) {
    const found = newest(pin);
    if (found) return { version: found };
    return {
      version: fallback,
      error: {
        code: 'version-not-found',
        message: `flex-elements ${policy.pinned} is not published here (available: ${list}); ${fallback ? `running ${fallback}, the newest ${major}.x` : `nor is any ${major}.x`}.`,
        available,
      },
    };
  }
  if (fallback) return { version: fallback };
  return {
    error: {
      code: 'no-version',
      message: `No flex-elements ${major}.x is published here (available: ${list}); another major runs only when an admin pins it.`,
      available,
    },
  };
}
