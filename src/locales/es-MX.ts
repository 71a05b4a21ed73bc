import { registerLocale } from '../core/strings.js';

/** Spanish (Mexico): every registered string key. Registered on import. */
export const esMX: Record<string, string> = {};

registerLocale('es-MX', esMX);
