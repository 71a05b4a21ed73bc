// GET /token → {token, identity, role}: the reference sign-in. The person is identified by your
// session (see session.mjs), never by the page; the token carries their worker and role.
import { HttpError } from '../http.mjs';

export default [
  {
    method: 'GET',
    path: '/token',
    auth: 'none',
    async handle({ request, signIn, settings, mint }) {
      const user = await signIn.authenticate(request);
      if (!user) throw new HttpError('unauthorized', 'Not signed in');
      const worker = await signIn.workerFor(user.identity, user.role);
      if (!worker) throw new HttpError('forbidden', `No TaskRouter worker for ${user.identity} in workspace ${settings.workspaceSid}`);
      const token = mint({ identity: user.identity, workerSid: worker.workerSid, role: worker.role });
      return { token, identity: user.identity, role: worker.role };
    },
  },
];
