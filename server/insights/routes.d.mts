import type { Route } from '../index.mjs';
import type { InsightsStore } from './store.mjs';

export function insightsRoutes(options?: { store?: InsightsStore; eventsKey?: string; authToken?: string; publicUrl?: string }): Route[];
export default insightsRoutes;
