import type { Customer } from '../../core/model.js';
import { Random } from '../../engine/random.js';

/** Customers in the directory: the demo CRM lists the same ones with generateCustomers(seed, CUSTOMER_COUNT). */
export const CUSTOMER_COUNT = 500;

const FIRST = [
  'Ava',
  'Liam',
  'Olivia',
  'Noah',
  'Emma',
  'Mateo',
  'Sofia',
  'Lucas',
  'Mia',
  'Ethan',
  'Isabella',
  'Hugo',
  'Amara',
  'Kenji',
  'Priya',
  'Omar',
  'Zoe',
  'Diego',
  'Hana',
  'Felix',
  'Leila',
  'Arjun',
  'Chloe',
  'Tomas',
  'Nora',
  'Samuel',
  'Yara',
  'Ivan',
  'Grace',
  'Malik',
  'Elena',
  'Jonas',
  'Camila',
  'Theo',
  'Aisha',
  'Marco',
  'Lucia',
  'Ben',
  'Freya',
  'Rafael',
];
const LAST = [
  'Smith',
  'Garcia',
  'Nguyen',
  'Johnson',
  'Martinez',
  'Kim',
  'Brown',
  'Lopez',
  'Patel',
  'Wilson',
  'Silva',
  'Muller',
  'Rossi',
  'Tanaka',
  'Okafor',
  'Dubois',
  'Kowalski',
  'Andersson',
  'Haddad',
  'Fernandez',
  'Cohen',
  'Singh',
  'Murphy',
  'Novak',
  'Ivanova',
  'Costa',
  'Yilmaz',
  'Jensen',
  'Moreau',
  'Walker',
];
const AREA_CODES = ['212', '310', '415', '512', '617', '720', '206', '305', '404', '312', '646', '702'];

/** A person in the simulator's customer directory (the demo CRM lists the same people). */
export interface SimCustomer extends Customer {
  readonly name: string;
  readonly phone: string;
  readonly email: string;
  readonly crmId: string;
}

/**
 * The seeded customer directory: the same seed and count always give the same people, with E.164
 * phone numbers, emails and stable CRM ids (`CRM-00001`, `CRM-00002`, …).
 */
export function generateCustomers(seed: number, count: number): SimCustomer[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  const random = new Random(seed ^ 0x5eed);
  const customers: SimCustomer[] = [];
  const phones = new Set<string>();
  for (let i = 0; i < count; i++) {
    const first = random.pick(FIRST);
    const last = random.pick(LAST);
    let phone: string;
    do {
      phone = `+1${random.pick(AREA_CODES)}555${String(random.int(0, 9999)).padStart(4, '0')}`;
    } while (phones.has(phone) && phones.size < 100_000);
    phones.add(phone);
    const crmId = `CRM-${String(i + 1).padStart(5, '0')}`;
    customers.push({
      name: `${first} ${last}`,
      phone,
      email: `${first}.${last}${i + 1}@example.com`.toLowerCase(),
      crmId,
    });
  }
  return customers;
}
