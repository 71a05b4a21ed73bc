import type { TokenName } from '../tokens.js';
import { lightTokens } from '../tokens.js';

/** The high-contrast preset: black surfaces, white text and borders, saturated accents (≥ 7:1). */
export const highContrastTokens: Record<TokenName, string> = {
  ...lightTokens,
  '--flex-color-primary': '#ffff00',
  '--flex-color-primary-hover': '#ffff99',
  '--flex-color-on-primary': '#000000',
  '--flex-color-surface': '#000000',
  '--flex-color-surface-raised': '#000000',
  '--flex-color-surface-sunken': '#000000',
  '--flex-color-text': '#ffffff',
  '--flex-color-text-muted': '#ffffff',
  '--flex-color-border': '#ffffff',
  '--flex-color-focus': '#00ffff',
  '--flex-color-success': '#00ff85',
  '--flex-color-on-success': '#000000',
  '--flex-color-warning': '#ffd400',
  '--flex-color-warning-surface': '#000000',
  '--flex-color-danger': '#ff9090',
  '--flex-color-danger-hover': '#ffb8b8',
  '--flex-color-on-danger': '#000000',
  '--flex-color-danger-surface': '#000000',
  '--flex-color-info-surface': '#000000',
  '--flex-color-available': '#00ff85',
  '--flex-color-unavailable': '#ff9090',
  '--flex-color-break': '#ffd400',
  '--flex-color-offline': '#ffffff',
  '--flex-font-weight-normal': '500',
  '--flex-font-weight-bold': '700',
  '--flex-shadow-raised': '0 0 0 1px #ffffff',
};
