import type { TokenName } from '../tokens.js';
import { lightTokens } from '../tokens.js';

/** The dark preset: the same keys as the light set, for a dark surface (contrast ≥ 4.5:1 for text). */
export const darkTokens: Record<TokenName, string> = {
  ...lightTokens,
  '--flex-color-primary': '#6aa9ff',
  '--flex-color-primary-hover': '#93c0ff',
  '--flex-color-on-primary': '#0b1220',
  '--flex-color-surface': '#121c2d',
  '--flex-color-surface-raised': '#1c2940',
  '--flex-color-surface-sunken': '#0b1220',
  '--flex-color-text': '#f4f6fa',
  '--flex-color-text-muted': '#b3bccd',
  '--flex-color-border': '#5a6782',
  '--flex-color-focus': '#93c0ff',
  '--flex-color-success': '#48d597',
  '--flex-color-on-success': '#0b1220',
  '--flex-color-warning': '#f5c451',
  '--flex-color-warning-surface': '#33290b',
  '--flex-color-danger': '#ff7b7b',
  '--flex-color-danger-hover': '#ffa0a0',
  '--flex-color-on-danger': '#0b1220',
  '--flex-color-danger-surface': '#3b1616',
  '--flex-color-info-surface': '#14294a',
  '--flex-color-available': '#48d597',
  '--flex-color-unavailable': '#ff7b7b',
  '--flex-color-break': '#f5c451',
  '--flex-color-offline': '#b3bccd',
  '--flex-shadow-raised': '0 1px 3px rgba(0, 0, 0, 0.6)',
};
