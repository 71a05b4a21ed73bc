import { createContext } from '@lit/context';
import type { ContactCenter } from '../core/contact-center.js';

/**
 * The one context every element consumes. `Symbol.for` makes the key the same in two copies of
 * the library on one page (a CDN script and an npm bundle), so they still find each other.
 */
export const contactCenterContext = createContext<ContactCenter | undefined>(Symbol.for('flex-elements.contact-center'));
