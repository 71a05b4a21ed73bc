import { createHmac } from 'node:crypto';
import type { ContactCenterEngine } from '../../src/engine/engine.js';
import type { EngineLogEntry } from '../../src/engine/log.js';
import { TEST_ACCOUNT } from './tokens.js';

/**
 * The workspace's EventCallbackUrl, as TaskRouter calls it: one POST per event,
 * `application/x-www-form-urlencoded`, with Twilio's parameter names (EventType, Sid, Timestamp,
 * TimestampMs, TaskSid, TaskQueueSid, TaskQueueName, TaskChannelUniqueName, TaskAttributes,
 * WorkerSid, WorkerName, WorkerActivityName, ReservationSid, …) and an X-Twilio-Signature made
 * with the account's auth token. Events are posted one at a time, in order (TaskRouter retries a
 * callback that fails; so does this, three times).
 */
export class EventCallbacks {
  #url: string | undefined;
  #queue: Record<string, string>[] = [];
  #sending: Promise<void> = Promise.resolve();
  #seq = 0;
  readonly #unsubscribe: () => void;
  /** Events posted, and failures after the retries. */
  posted = 0;
  failed = 0;

  constructor(
    private readonly engine: ContactCenterEngine,
    private readonly authToken: string,
  ) {
    this.#unsubscribe = engine.onEntry((entry) => this.#onEntry(entry));
  }

  /** Where to post (undefined: nowhere). The workspace's EventCallbackUrl. */
  set url(url: string | undefined) {
    this.#url = url;
  }

  get url(): string | undefined {
    return this.#url;
  }

  /** Resolves once every queued event was posted. */
  async flush(): Promise<void> {
    for (;;) {
      const pending = this.#sending;
      await pending;
      if (pending === this.#sending && this.#queue.length === 0) return;
    }
  }

  close(): void {
    this.#unsubscribe();
    this.#queue = [];
  }

  #onEntry(entry: EngineLogEntry): void {
    if (!this.#url) return;
    const type = eventTypeOf(entry);
    if (!type) return;
    const engine = this.engine;
    const params: Record<string, string> = {
      AccountSid: TEST_ACCOUNT.accountSid,
      WorkspaceSid: engine.workspaceSid,
      Sid: `EV${(++this.#seq).toString(16).padStart(32, '0')}`,
      EventType: type,
      Timestamp: String(Math.floor(entry.at / 1000)),
      TimestampMs: String(entry.at),
    };
    if (entry.taskSid) {
      const task = engine.task(entry.taskSid);
      params['TaskSid'] = entry.taskSid;
      params['ResourceSid'] = entry.taskSid;
      params['ResourceType'] = 'task';
      if (task) {
        params['TaskAttributes'] = JSON.stringify(task.attributes);
        params['TaskChannelUniqueName'] = task.channel;
        params['TaskAssignmentStatus'] = task.status;
      }
    }
    const queueSid = entry.queueSid;
    if (queueSid) {
      params['TaskQueueSid'] = queueSid;
      const queue = engine.listQueues().find((q) => q.sid === queueSid);
      if (queue) params['TaskQueueName'] = queue.name;
    }
    if (entry.reservationSid) params['ReservationSid'] = entry.reservationSid;
    if (entry.workerSid) {
      const worker = engine.worker(entry.workerSid);
      params['WorkerSid'] = entry.workerSid;
      if (worker) {
        params['WorkerName'] = worker.name;
        const activity = engine.activity(worker.activitySid);
        if (activity) {
          params['WorkerActivitySid'] = activity.sid;
          params['WorkerActivityName'] = activity.name;
        }
      }
      if (type.startsWith('worker.')) {
        params['ResourceSid'] = entry.workerSid;
        params['ResourceType'] = 'worker';
      }
    }
    this.#queue.push(params);
    this.#sending = this.#sending.then(() => this.#drain());
  }

  async #drain(): Promise<void> {
    while (this.#queue.length) {
      const params = this.#queue.shift()!;
      const url = this.#url;
      if (!url) return;
      const body = new URLSearchParams(params).toString();
      let ok = false;
      for (let attempt = 0; attempt < 3 && !ok; attempt++) {
        try {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature(this.authToken, url, params) },
            body,
          });
          ok = response.ok;
          await response.text();
        } catch {
          ok = false;
        }
      }
      if (ok) this.posted++;
      else this.failed++;
    }
  }
}

/** X-Twilio-Signature: base64 HMAC-SHA1 of the URL followed by each POST parameter's name and value, sorted by name. */
export function signature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((text, key) => text + key + params[key], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}

/** The TaskRouter EventType for an engine log entry (undefined for what TaskRouter does not post). */
function eventTypeOf(entry: EngineLogEntry): string | undefined {
  switch (entry.type) {
    case 'task.created':
      return 'task.created';
    case 'task.queued':
      return 'task-queue.entered';
    case 'reservation.status':
      return entry.status === 'accepted' ? 'reservation.accepted' : entry.status === 'pending' ? 'reservation.created' : undefined;
    case 'task.status':
      return entry.status === 'wrapping' ? 'task.wrapup' : entry.status === 'completed' ? 'task.completed' : entry.status === 'canceled' ? 'task.canceled' : undefined;
    case 'transfer':
      return entry.status === 'initiated' ? 'task.transfer-initiated' : undefined;
    case 'worker.created':
      return 'worker.created';
    case 'worker.activity':
      return 'worker.activity.update';
    default:
      return undefined;
  }
}
