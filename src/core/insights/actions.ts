import type { Backend } from '../../backends/backend.js';
import type { Actions } from '../actions.js';
import type { FlexConfig } from '../config.js';
import { FlexError } from '../errors.js';
import { SUPERVISOR_ROLES } from '../roles.js';
import type { ReadableStore } from '../store.js';
import { questionnaireProblem, scoreAnswers } from './questionnaire.js';
import type {
  ConversationPage,
  ConversationRow,
  Dashboard,
  Evaluation,
  EvaluationAnswers,
  InsightsDirectory,
  InsightsScope,
  InsightsSource,
  InsightsThresholds,
  InteractionDetail,
  Question,
} from './types.js';

/** A backend that can answer Insights queries (the simulator; the Twilio backend through the companion server). */
export interface InsightsCapable {
  insights(scope: InsightsScope): Promise<InsightsSource>;
  /** Hears the disposition and notes a task is completed with, when its history keeps them itself. */
  noteOutcome?(taskSid: string, outcome: { disposition?: string; notes?: string }): void;
}

export function hasInsights(backend: Backend): backend is Backend & InsightsCapable {
  return typeof (backend as Partial<InsightsCapable>).insights === 'function';
}

/** The questionnaire in force: config `insights.questionnaire`, checked. */
export function questionnaireOf(config: FlexConfig): readonly Question[] {
  const questions = config.insights.questionnaire as readonly Question[];
  const problem = questionnaireProblem(questions);
  if (problem) throw new FlexError('invalid-config', `insights.questionnaire ${problem}.`);
  return questions;
}

export function thresholdsOf(config: FlexConfig): InsightsThresholds {
  return {
    serviceLevel: config.insights.serviceLevelSeconds,
    shortAbandoned: config.insights.shortAbandonedSeconds,
    resolvedDispositions: config.insights.resolvedDispositions,
  };
}

/**
 * Registers the Insights actions. Each answers for the signed-in person only: the source is opened
 * with their scope (an agent's queries are narrowed to their own worker, and asking for another's
 * is `forbidden`), and `SaveEvaluation` is for supervisors and admins (`forbidden` for agents,
 * whoever invokes it). Without a backend that keeps history, they reject with `insights-unavailable`.
 *
 * - `LoadInsightsDirectory {}` → queues, agents, channels, the clock
 * - `LoadInsightsDashboard {from, to, queueSid?, channel?, workerSid?}` → Dashboard
 * - `LoadConversations {…the same, search?, offset?, limit?}` → a page of finished interactions
 * - `LoadInteraction {interactionId}` → its timeline or transcript and evaluations
 * - `ExportInteractions {…the query, pageSize?}` → the rows in pages (an async iterable)
 * - `LoadEvaluations {workerSid?, from?, to?}` → evaluations, newest first
 * - `SaveEvaluation {interactionId, answers, comment}` → the saved Evaluation (scored against
 *   config `insights.questionnaire`; a second save by the same author edits theirs)
 */
export function registerInsightsActions(
  actions: Actions,
  store: ReadableStore,
  backend: Backend,
  config: () => FlexConfig,
  now: () => number,
  /** The companion server (Twilio): its URL and the access token to call it with. */
  server?: () => { url: string; token: () => Promise<string> } | undefined,
): void {
  let opened: { key: string; source: Promise<InsightsSource> } | undefined;
  const scope = (): InsightsScope => {
    const session = store.getState().session;
    const role = actions.role ?? session.role ?? 'agent';
    return { role, identity: session.identity ?? '', ...(session.workerSid ? { workerSid: session.workerSid } : {}) };
  };
  const source = (): Promise<InsightsSource> => {
    const companion = hasInsights(backend) ? undefined : server?.();
    if (!hasInsights(backend) && !companion) {
      return Promise.reject(
        new FlexError(
          'server-required',
          `Insights on the ${backend.name} backend needs the companion server: set the provider's server URL (it stores TaskRouter's events).`,
        ),
      );
    }
    const s = scope();
    const key = `${s.role}\u0000${s.identity}\u0000${s.workerSid ?? ''}\u0000${companion?.url ?? ''}`;
    if (!opened || opened.key !== key) {
      const pending = hasInsights(backend)
        ? backend.insights(s)
        : import('./http-source.js').then(({ HttpInsightsSource }) => new HttpInsightsSource(companion!.url, companion!.token, now));
      opened = { key, source: pending };
      // A failed open is tried again next time.
      pending.catch(() => {
        if (opened?.source === pending) opened = undefined;
      });
    }
    return opened.source;
  };
  const query = (p: { from: number; to: number; queueSid?: string; channel?: string; workerSid?: string }) => {
    if (p.to <= p.from) throw new FlexError('invalid-payload', 'The period must end after it starts (to > from).');
    return {
      from: p.from,
      to: p.to,
      ...(p.queueSid ? { queueSid: p.queueSid } : {}),
      ...(p.channel ? { channel: p.channel } : {}),
      ...(p.workerSid ? { workerSid: p.workerSid } : {}),
    };
  };

  // The disposition reaches the history with the task's completion (Twilio: in the task's attributes).
  if (hasInsights(backend) && backend.noteOutcome) {
    const note = (p: { taskSid?: string; disposition?: string; notes?: string }) => {
      const taskSid = p.taskSid ?? store.getState().ui.selectedTaskSid;
      if (taskSid && (p.disposition || p.notes)) backend.noteOutcome!(taskSid, { disposition: p.disposition, notes: p.notes });
    };
    actions.addListener('before', 'WrapupTask', note);
    actions.addListener('before', 'CompleteTask', note);
  }

  actions.register('LoadInsightsDirectory', {
    run: async (): Promise<InsightsDirectory> => (await source()).directory(),
  });
  actions.register('LoadInsightsDashboard', {
    run: async (p): Promise<Dashboard> => (await source()).dashboard(query(p), thresholdsOf(config())),
  });
  actions.register('LoadConversations', {
    run: async (p): Promise<ConversationPage> =>
      (await source()).conversations({
        ...query(p),
        ...(p.search ? { search: p.search } : {}),
        ...(p.offset !== undefined ? { offset: p.offset } : {}),
        ...(p.limit !== undefined ? { limit: p.limit } : {}),
      }),
  });
  actions.register('LoadInteraction', {
    run: async (p): Promise<InteractionDetail> => {
      const detail = await (await source()).interaction(p.interactionId);
      if (!detail) throw new FlexError('not-found', `There is no finished interaction "${p.interactionId}".`);
      return detail;
    },
  });
  actions.register('ExportInteractions', {
    run: async (p): Promise<AsyncIterable<readonly ConversationRow[]>> =>
      (await source()).exportRows(query(p), p.pageSize ?? 5000),
  });
  actions.register('LoadEvaluations', {
    run: async (p): Promise<readonly Evaluation[]> =>
      (await source()).evaluations({
        ...(p.workerSid ? { workerSid: p.workerSid } : {}),
        ...(p.from !== undefined ? { from: p.from } : {}),
        ...(p.to !== undefined ? { to: p.to } : {}),
      }),
  });
  actions.register('SaveEvaluation', {
    roles: SUPERVISOR_ROLES,
    guard: (p) => {
      scoreAnswers(questionnaireOf(config()), p.answers as EvaluationAnswers);
    },
    run: async (p): Promise<Evaluation> => {
      const answers = p.answers as EvaluationAnswers;
      const score = scoreAnswers(questionnaireOf(config()), answers);
      const s = scope();
      return (await source()).saveEvaluation({
        interactionId: p.interactionId,
        answers,
        comment: p.comment ?? '',
        score,
        evaluator: s.identity,
        at: now(),
      });
    },
  });
}
