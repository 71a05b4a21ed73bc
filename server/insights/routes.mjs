// /insights/*: the historical queries <flex-insights> makes on Twilio, answered from the store,
// and the endpoint TaskRouter posts its events to. Agents see only their own worker's data
// (decided here from their token, whatever they ask); evaluations are for supervisors and admins.
import { timingSafeEqual } from 'node:crypto';
import twilioPackage from 'twilio';
import { HttpError, invalid } from '../http.mjs';
import { eventFromCallback } from './events.mjs';
import { openInsightsStore } from './store.mjs';

const ANY = ['agent', 'supervisor', 'admin'];
const SUPERVISORS = ['supervisor', 'admin'];
const MAX_EVENT_BODY = 256 * 1024;

const integer = (body, field, { optional = false } = {}) => {
  const value = body[field];
  if (value === undefined && optional) return undefined;
  if (!Number.isSafeInteger(value) || value < 0) throw invalid(field, 'must be a whole number of 0 or more (epoch ms for times)');
  return value;
};
const text = (body, field) => {
  const value = body[field];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > 200) throw invalid(field, 'must be a string (at most 200 characters)');
  return value;
};

/** The caller's query: an agent's is narrowed to their worker, and asking for another's is refused. */
function scoped(user, workerSid) {
  if (user.role !== 'agent') return workerSid;
  if (workerSid !== undefined && workerSid !== user.workerSid) throw new HttpError('forbidden', 'An agent sees only their own interactions and evaluations.');
  if (!user.workerSid) throw new HttpError('forbidden', 'The token names no worker.');
  return user.workerSid;
}

function periodOf(body, user) {
  const from = integer(body, 'from');
  const to = integer(body, 'to');
  if (to <= from) throw invalid('to', 'must be after from');
  if (to - from > 400 * 86_400_000) throw invalid('to', 'a period is at most 400 days');
  const workerSid = scoped(user, text(body, 'workerSid'));
  return { from, to, queueSid: text(body, 'queueSid'), channel: text(body, 'channel'), ...(workerSid ? { workerSid } : {}) };
}

function thresholdsOf(body) {
  const t = body.thresholds ?? {};
  const seconds = (v, fallback) => (typeof v === 'number' && v >= 0 && v <= 3600 ? v : fallback);
  const resolved = Array.isArray(t.resolvedDispositions) ? t.resolvedDispositions.filter((d) => typeof d === 'string').slice(0, 50) : ['Resolved'];
  return { serviceLevel: seconds(t.serviceLevel, 20), shortAbandoned: seconds(t.shortAbandoned, 5), resolvedDispositions: resolved };
}

async function readForm(request) {
  const chunks = [];
  let size = 0;
  for await (const chunk of request) {
    size += chunk.length;
    if (size > MAX_EVENT_BODY) throw new HttpError('payload-too-large', 'The event is too large');
    chunks.push(chunk);
  }
  const raw = Buffer.concat(chunks).toString('utf8');
  const type = String(request.headers['content-type'] ?? '');
  if (/^application\/json\b/i.test(type)) {
    const parsed = JSON.parse(raw || '{}');
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

const sameSecret = (a, b) => {
  const x = Buffer.from(String(a));
  const y = Buffer.from(String(b));
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * The routes, over a store (or the one `INSIGHTS_DATABASE` names: a SQLite file, default
 * `insights.db`, or a `postgres://` URL), opened on first use.
 *
 * @param {object} [options]
 * @param {Awaited<ReturnType<typeof openInsightsStore>>} [options.store]
 * @param {string} [options.eventsKey] the `key` TaskRouter's callback URL must carry (env INSIGHTS_EVENTS_KEY)
 * @param {string} [options.authToken] the account's auth token: X-Twilio-Signature is checked too (env TWILIO_AUTH_TOKEN)
 * @param {string} [options.publicUrl] this server's URL as Twilio calls it, for the signature (env PUBLIC_URL)
 */
export function insightsRoutes(options = {}) {
  let opened;
  const store = () => {
    if (options.store) return Promise.resolve(options.store);
    const target = process.env.INSIGHTS_DATABASE ?? 'insights.db';
    opened ??= openInsightsStore(/^postgres(ql)?:\/\//.test(target) ? { postgres: target } : { sqlite: target });
    return opened;
  };
  const eventsKey = options.eventsKey ?? process.env.INSIGHTS_EVENTS_KEY;
  const authToken = options.authToken ?? process.env.TWILIO_AUTH_TOKEN;
  const names = async (s) => {
    const n = await s.names();
    return { queues: new Map(n.queues.map((q) => [q.sid, q.name])), agents: new Map(n.agents.map((a) => [a.sid, a.name])) };
  };
  const conversationRow = (row, n, scores) => ({
    ...row,
    agentName: n.agents.get(row.workerSid) ?? row.workerSid,
    queueName: n.queues.get(row.queueSid) ?? row.queueSid,
    ...(scores.has(row.id) ? { score: scores.get(row.id) } : {}),
  });
  const scoresFor = async (s, rows) => {
    const scores = new Map();
    for (const row of rows) {
      const list = await s.evaluations({ interactionId: row.id });
      if (list.length) scores.set(row.id, Math.round((list.reduce((a, e) => a + e.score, 0) / list.length) * 10) / 10);
    }
    return scores;
  };

  return [
    {
      method: 'POST',
      path: '/insights/events',
      auth: 'none',
      rawBody: true,
      async handle({ request, query }) {
        if (!eventsKey) throw new HttpError('not-configured', 'Set INSIGHTS_EVENTS_KEY and put ?key=… on the workspace EventCallbackUrl');
        if (!sameSecret(query.key ?? '', eventsKey)) throw new HttpError('unauthorized', 'The events key is missing or wrong');
        const params = await readForm(request);
        if (authToken) {
          const url = `${options.publicUrl ?? process.env.PUBLIC_URL ?? ''}${request.url}`;
          const signature = String(request.headers['x-twilio-signature'] ?? '');
          if (!twilioPackage.validateRequest(authToken, signature, url, params)) throw new HttpError('unauthorized', 'The X-Twilio-Signature does not match');
        }
        const event = eventFromCallback(params);
        if (!event) return { stored: 0 };
        return { stored: await (await store()).addEvents([event]) };
      },
    },
    {
      method: 'GET',
      path: '/insights/directory',
      roles: ANY,
      async handle({ user }) {
        const s = await store();
        const n = await s.names();
        return {
          queues: n.queues,
          agents: user.role === 'agent' ? n.agents.filter((a) => a.sid === user.workerSid) : n.agents,
          channels: await s.channels(),
          now: Date.now(),
          ...(await s.since().then((since) => (since === undefined ? {} : { since }))),
        };
      },
    },
    {
      method: 'POST',
      path: '/insights/dashboard',
      roles: ANY,
      async handle({ body, user }) {
        const query = periodOf(body, user);
        const s = await store();
        const sums = await s.dashboardSums(query, thresholdsOf(body));
        const evaluations = await s.evaluations({ from: query.from, to: query.to, ...(query.workerSid ? { workerSid: query.workerSid } : {}) });
        return { query, ...sums, evaluations: evaluations.map((e) => ({ interactionId: e.interactionId, agent: e.agent, score: e.score })) };
      },
    },
    {
      method: 'POST',
      path: '/insights/conversations',
      roles: ANY,
      async handle({ body, user }) {
        const query = periodOf(body, user);
        const limit = integer(body, 'limit', { optional: true });
        const offset = integer(body, 'offset', { optional: true });
        const s = await store();
        const page = await s.conversations({ ...query, search: text(body, 'search'), limit, offset });
        const n = await names(s);
        const scores = await scoresFor(s, page.rows);
        return { rows: page.rows.map((r) => conversationRow(r, n, scores)), total: page.total };
      },
    },
    {
      method: 'POST',
      path: '/insights/export',
      roles: ANY,
      async handle({ body, user }) {
        const query = periodOf(body, user);
        const pageSize = Math.min(10_000, integer(body, 'pageSize', { optional: true }) ?? 5000);
        const s = await store();
        const rows = await s.exportPage(query, integer(body, 'afterCreated', { optional: true }) ?? -1, typeof body.afterId === 'string' ? body.afterId : '', pageSize);
        const n = await names(s);
        const scores = await scoresFor(s, rows);
        return { rows: rows.map((r) => conversationRow(r, n, scores)) };
      },
    },
    {
      method: 'GET',
      path: '/insights/interactions/:id',
      roles: ANY,
      async handle({ params, user }) {
        const s = await store();
        const row = await s.interaction(params.id);
        if (!row) throw new HttpError('not-found', `There is no finished interaction "${params.id}"`);
        if (user.role === 'agent' && row.workerSid !== user.workerSid) throw new HttpError('forbidden', 'An agent sees only their own interactions.');
        const n = await names(s);
        const evaluations = await s.evaluations({ interactionId: row.id });
        const scores = await scoresFor(s, [row]);
        return { row: conversationRow(row, n, scores), evaluations: evaluations.map((e) => ({ ...e, agentName: n.agents.get(e.agent) ?? e.agent })) };
      },
    },
    {
      method: 'POST',
      path: '/insights/evaluations/query',
      roles: ANY,
      async handle({ body, user }) {
        const workerSid = scoped(user, text(body, 'workerSid'));
        const s = await store();
        const n = await names(s);
        const list = await s.evaluations({ ...(workerSid ? { workerSid } : {}), from: integer(body, 'from', { optional: true }), to: integer(body, 'to', { optional: true }) });
        return { evaluations: list.map((e) => ({ ...e, agentName: n.agents.get(e.agent) ?? e.agent })) };
      },
    },
    {
      method: 'PUT',
      path: '/insights/evaluations/:id',
      roles: SUPERVISORS,
      async handle({ params, body, user }) {
        const answers = body.answers;
        if (!answers || typeof answers !== 'object' || Array.isArray(answers)) throw invalid('answers', 'must be an object of question id → answer');
        if (JSON.stringify(answers).length > 16_000) throw invalid('answers', 'is too large');
        const comment = body.comment ?? '';
        if (typeof comment !== 'string' || comment.length > 4000) throw invalid('comment', 'must be a string of at most 4000 characters');
        const score = body.score;
        if (typeof score !== 'number' || !(score >= 0 && score <= 100)) throw invalid('score', 'must be a number from 0 to 100');
        const s = await store();
        const row = await s.interaction(params.id);
        if (!row) throw new HttpError('not-found', `There is no finished interaction "${params.id}"`);
        if (!row.workerSid) throw invalid('id', 'the interaction was never answered: there is no agent to evaluate');
        // The evaluator is the token's identity: one evaluation per evaluator, edited only by them.
        const saved = await s.saveEvaluation({ interactionId: row.id, evaluator: user.identity, agent: row.workerSid, answers, comment, score, at: Date.now() });
        const n = await names(s);
        return { ...saved, agentName: n.agents.get(saved.agent) ?? saved.agent };
      },
    },
  ];
}

export default insightsRoutes;
