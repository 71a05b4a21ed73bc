import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ContactCenterEngine } from '../../src/engine/engine.js';
import { EngineError } from '../../src/engine/types.js';
import { HttpError, type TaskRouterEmulator } from './taskrouter.js';
import { TEST_ACCOUNT } from './tokens.js';

/**
 * Twilio's REST API as the official `twilio` package (6.x) calls it, under `{emulator}/twilio/{product}/…`
 * (the companion server's RedirectingRequestClient maps `https://{product}.twilio.com/…` there).
 * Basic auth with the test account's API key; form-encoded bodies in, Twilio's JSON out
 * (snake_case, RFC 2822 dates on api.twilio.com, ISO 8601 elsewhere, `{code, message, more_info,
 * status}` errors). Only what the companion server uses is served; anything else is a 404 that
 * names the path, never a silent success.
 */

export interface RestRequest {
  method: string;
  /** Path below `/twilio`, e.g. `/taskrouter/v1/Workspaces/WS…/Tasks`. */
  path: string;
  query: URLSearchParams;
  form: URLSearchParams;
  /** A JSON body (only flex-api's Configuration takes one, as the `twilio` package sends it). */
  body?: unknown;
}

export interface RestContext {
  engine: ContactCenterEngine;
  taskrouter: TaskRouterEmulator;
  /** The account's Flex Configuration resource (snake_case, as flex-api returns it). */
  flexConfiguration(): Record<string, unknown>;
  /** api.twilio.com's Conferences and Calls; see emulator.ts. */
  voiceApi?: (request: RestRequest, parts: string[]) => unknown;
}

/** The `twilio` package sends booleans as "true"/"false"; anything else for a boolean is a 400, as on Twilio. */
export function formBool(form: URLSearchParams, name: string): boolean | undefined {
  const value = form.get(name);
  if (value === null) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new HttpError(400, 21218, `Invalid ${name}: ${JSON.stringify(value)} is not a boolean`);
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** One page of a TaskRouter list, in TaskRouter's paging envelope. */
function page(base: string, key: string, items: unknown[], query: URLSearchParams) {
  const size = Math.min(1000, Math.max(1, Number(query.get('PageSize') ?? 50) || 50));
  const number = Math.max(0, Number(query.get('Page') ?? 0) || 0);
  const slice = items.slice(number * size, (number + 1) * size);
  const url = (n: number) => {
    const q = new URLSearchParams(query);
    q.set('PageSize', String(size));
    q.set('Page', String(n));
    return `${base}?${q.toString()}`;
  };
  return {
    [key]: slice,
    meta: {
      key,
      page: number,
      page_size: size,
      first_page_url: url(0),
      previous_page_url: number > 0 ? url(number - 1) : null,
      next_page_url: (number + 1) * size < items.length ? url(number + 1) : null,
      url: url(number),
    },
  };
}

export function restPage(base: string, key: string, items: unknown[], query: URLSearchParams) {
  return page(base, key, items, query);
}

/** TaskRouter's REST shape from the EventBridge shape (epoch seconds → ISO 8601 dates, links). */
function taskrouterResource(json: Record<string, unknown>, url: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...json, url };
  for (const [key, value] of Object.entries(json)) if (key.startsWith('date_') && typeof value === 'number') out[key] = iso(value * 1000);
  return out;
}

export class RestEmulator {
  readonly counters = { requests: 0, refused: 0 };
  /** Every REST call received, for tests. */
  readonly requests: { method: string; path: string; form: Record<string, string> }[] = [];

  constructor(private readonly ctx: RestContext) {}

  /** Handles `/twilio/…`; answers every request (404 for what is not served). */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    this.counters.requests++;
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(status === 204 ? '' : JSON.stringify(body));
    };
    try {
      this.authenticate(req);
      const text = await new Promise<string>((resolve, reject) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        req.on('error', reject);
      });
      const path = url.pathname.replace(/^\/twilio/, '');
      const json = /^\/flex-api\/v1\/Configuration$/.test(path) && /^application\/json/.test(String(req.headers['content-type'] ?? ''));
      if (text && req.method !== 'GET' && !json && !/^application\/x-www-form-urlencoded/.test(String(req.headers['content-type'] ?? '')))
        throw new HttpError(415, 0, 'Twilio expects application/x-www-form-urlencoded');
      let body: unknown;
      if (json) {
        try {
          body = text ? JSON.parse(text) : {};
        } catch {
          throw new HttpError(400, 20001, 'The body is not JSON');
        }
      }
      const request: RestRequest = {
        method: String(req.method ?? 'GET').toUpperCase(),
        path,
        query: url.searchParams,
        form: json ? new URLSearchParams() : new URLSearchParams(text),
        body,
      };
      this.requests.push({ method: request.method, path: request.path, form: Object.fromEntries(request.form) });
      const result = this.route(request);
      if (result === undefined) send(204, null);
      else send(request.method === 'POST' && /\/(Participants|Tasks)(\.json)?$/.test(request.path) ? 201 : 200, result);
    } catch (error) {
      this.counters.refused++;
      const http =
        error instanceof HttpError
          ? error
          : error instanceof EngineError
            ? new HttpError(error.code === 'not-found' ? 404 : 400, error.code === 'not-found' ? 20404 : 20001, error.message)
            : new HttpError(500, 0, error instanceof Error ? error.message : String(error));
      send(http.status, { code: http.code, message: http.message, more_info: `https://www.twilio.com/docs/errors/${http.code}`, status: http.status });
    }
  }

  /** HTTP Basic with the test account's API key (username = key SID), as the `twilio` package sends it. */
  private authenticate(req: IncomingMessage): void {
    const header = String(req.headers.authorization ?? '');
    const match = /^Basic\s+(\S+)$/.exec(header);
    const [user, password] = match ? Buffer.from(match[1], 'base64').toString('utf8').split(':') : [];
    if (user !== TEST_ACCOUNT.apiKeySid || password !== TEST_ACCOUNT.apiKeySecret) throw new HttpError(401, 20003, 'Authenticate');
  }

  private route(request: RestRequest): unknown {
    const parts = request.path.split('/').filter(Boolean);
    const [product, version] = parts;
    if (product === 'flex-api' && version === 'v1' && parts[2] === 'Configuration' && parts.length === 3) {
      const configuration = this.ctx.flexConfiguration();
      if (request.method === 'GET') return configuration;
      if (request.method !== 'POST') throw new HttpError(405, 20004, `${request.method} is not allowed on Configuration`);
      // As Twilio documents it: a JSON body that names the account; a given ui_attributes replaces
      // the stored one whole (the stricter reading; whether Twilio merges top-level keys is for a
      // real account to settle), so a client must send the attributes it wants to keep.
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (body['account_sid'] !== configuration['account_sid']) throw new HttpError(400, 20001, 'account_sid is required and must be this account');
      if ('ui_attributes' in body) {
        const ui = body['ui_attributes'];
        if (typeof ui !== 'object' || ui === null || Array.isArray(ui)) throw new HttpError(400, 20001, 'ui_attributes must be an object');
        configuration['ui_attributes'] = ui;
      }
      return configuration;
    }
    if (product === 'taskrouter' && version === 'v1') return this.taskrouter(request, parts.slice(2));
    if (product === 'api' && version === '2010-04-01' && this.ctx.voiceApi) {
      if (parts[2] !== 'Accounts' || parts[3] !== TEST_ACCOUNT.accountSid) throw new HttpError(404, 20404, `No account ${parts[3]}`);
      const result = this.ctx.voiceApi(request, parts.slice(4).map((p) => p.replace(/\.json$/, '')));
      if (result !== null) return result;
    }
    throw new HttpError(404, 20404, `The emulator does not serve ${request.method} ${request.path}`);
  }

  private taskrouter(request: RestRequest, parts: string[]): unknown {
    const { engine, taskrouter } = this.ctx;
    if (parts[0] !== 'Workspaces' || parts[1] !== engine.workspaceSid) throw new HttpError(404, 20404, `No workspace ${parts[1]}`);
    const base = `https://taskrouter.twilio.com/v1/Workspaces/${engine.workspaceSid}`;
    const [, , kind, id, sub] = parts;
    if (kind === 'Workers' && !id && request.method === 'GET') {
      const name = request.query.get('FriendlyName');
      const workers = engine.listWorkers().filter((w) => name === null || w.identity === name);
      return page(`${base}/Workers`, 'workers', workers.map((w) => taskrouterResource(taskrouter.workerJson(w), `${base}/Workers/${w.sid}`)), request.query);
    }
    if (kind === 'Workers' && id && !sub && request.method === 'GET') {
      const w = engine.worker(id);
      if (!w) throw new HttpError(404, 20404, `No worker ${id}`);
      return taskrouterResource(taskrouter.workerJson(w), `${base}/Workers/${w.sid}`);
    }
    if (kind === 'Tasks' && id && !sub && request.method === 'GET') {
      const t = engine.task(id);
      if (!t) throw new HttpError(404, 20404, `No task ${id}`);
      return taskrouterResource(taskrouter.taskJson(t), `${base}/Tasks/${t.sid}`);
    }
    if (kind === 'Tasks' && id && sub === 'Reservations' && request.method === 'GET') {
      if (!engine.task(id)) throw new HttpError(404, 20404, `No task ${id}`);
      const status = request.query.get('ReservationStatus');
      const items = engine
        .listReservations()
        .filter((r) => r.taskSid === id && (status === null || r.status === status))
        .map((r) => {
          const { task: _task, ...json } = taskrouter.reservationJson(r);
          return taskrouterResource(json, `${base}/Tasks/${id}/Reservations/${r.sid}`);
        });
      return page(`${base}/Tasks/${id}/Reservations`, 'reservations', items, request.query);
    }
    if (kind === 'TaskQueues' && request.method === 'GET') {
      const queueJson = (q: ReturnType<ContactCenterEngine['listQueues']>[number]) => ({
        account_sid: TEST_ACCOUNT.accountSid,
        workspace_sid: engine.workspaceSid,
        sid: q.sid,
        friendly_name: q.name,
        target_workers: q.targetWorkers,
        task_order: 'FIFO',
        max_reserved_workers: 1,
        url: `${base}/TaskQueues/${q.sid}`,
      });
      if (!id) {
        const name = request.query.get('FriendlyName');
        return page(`${base}/TaskQueues`, 'task_queues', engine.listQueues().filter((q) => name === null || q.name === name).map(queueJson), request.query);
      }
      const q = engine.listQueues().find((x) => x.sid === id);
      if (!q || sub) throw new HttpError(404, 20404, `No task queue ${id}`);
      return queueJson(q);
    }
    if (kind === 'Tasks' && !id && request.method === 'POST') return this.createTask(request.form, base);
    throw new HttpError(404, 20404, `The emulator does not serve ${request.method} /taskrouter/v1/${parts.join('/')}`);
  }

  /**
   * POST Tasks (REST, account credentials): `WorkflowSid` (required: the emulator's workspace has
   * no default), `Attributes` (a JSON object as a string), `TaskChannel` (unique name or TC sid),
   * `Priority`, `Timeout`. The task is routed by the workflow's filters on its attributes.
   */
  private createTask(form: URLSearchParams, base: string): unknown {
    const { engine, taskrouter } = this.ctx;
    const workflowSid = form.get('WorkflowSid');
    if (!workflowSid) throw new HttpError(400, 20001, 'WorkflowSid is required');
    if (!engine.config.workflows.some((w) => w.sid === workflowSid)) throw new HttpError(400, 20001, `No workflow ${workflowSid} in workspace ${engine.workspaceSid}`);
    const text = form.get('Attributes') ?? '{}';
    let attributes: unknown;
    try {
      attributes = JSON.parse(text);
    } catch {
      throw new HttpError(400, 20001, 'Attributes must be valid JSON');
    }
    if (attributes === null || typeof attributes !== 'object' || Array.isArray(attributes)) throw new HttpError(400, 20001, 'Attributes must be a JSON object');
    const channel = form.get('TaskChannel') ?? 'default';
    const priority = form.get('Priority');
    if (priority !== null && !/^\d+$/.test(priority)) throw new HttpError(400, 20001, `Priority must be a non-negative integer, got ${priority}`);
    const sid = engine.createTask({
      channel,
      workflowSid,
      attributes: attributes as Record<string, unknown>,
      ...(priority !== null ? { priority: Number(priority) } : {}),
    });
    return taskrouterResource(taskrouter.taskJson(engine.task(sid)!), `${base}/Tasks/${sid}`);
  }
}
