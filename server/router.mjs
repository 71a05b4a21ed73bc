// A tiny router. A route is a plain object; route modules export an array of them:
//
//   export default [
//     {
//       method: 'POST',
//       path: '/voice/participant',          // ':name' segments become params.name
//       roles: ['agent', 'supervisor', 'admin'], // who may call it (checked before handle runs)
//       auth: 'token',                        // 'token' (default): Authorization: Bearer <access token>
//                                             // 'none': the route authenticates by itself (GET /token)
//       rawBody: true,                        // optional: handle() reads `request` itself (not JSON)
//       async handle({ body, params, query, user, settings, twilio, request }) {
//         return { ok: true };                // → 200 JSON; return reply(201, {…}) for another status
//       },
//     },
//   ];

/** A response other than 200: `return reply(201, body)`. */
export const reply = (status, body) => ({ [REPLY]: true, status, body });
export const REPLY = Symbol('reply');

function compile(path) {
  const names = [];
  const pattern = path.replace(/\/:([A-Za-z_]\w*)/g, (_, name) => {
    names.push(name);
    return '/([^/]+)';
  });
  return { regex: new RegExp(`^${pattern}/?$`), names };
}

export function createRouter(routes) {
  const table = routes.map((route) => {
    if (!route.method || !route.path || typeof route.handle !== 'function') throw new Error(`A route needs method, path and handle: ${JSON.stringify(route)}`);
    return { ...route, method: route.method.toUpperCase(), ...compile(route.path) };
  });
  return {
    routes: table,
    /** `{route, params}`, or `{allowed}` (the methods the path has) when none matches. */
    match(method, pathname) {
      const allowed = [];
      for (const route of table) {
        const m = route.regex.exec(pathname);
        if (!m) continue;
        if (route.method !== method) {
          allowed.push(route.method);
          continue;
        }
        const params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(m[i + 1])]));
        return { route, params };
      }
      return { allowed };
    },
  };
}
