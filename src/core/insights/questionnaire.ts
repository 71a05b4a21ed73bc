import { FlexError } from '../errors.js';
import type { EvaluationAnswers, Question } from './types.js';

/** Why a questionnaire is unusable, or undefined. */
export function questionnaireProblem(questions: unknown): string | undefined {
  if (!Array.isArray(questions) || questions.length === 0) return 'must be a non-empty list of questions';
  const ids = new Set<string>();
  for (const [i, q] of (questions as Question[]).entries()) {
    if (typeof q !== 'object' || q === null) return `[${i}] is not a question`;
    if (typeof q.id !== 'string' || q.id === '') return `[${i}] has no id`;
    if (ids.has(q.id)) return `[${i}] repeats the id "${q.id}"`;
    ids.add(q.id);
    if (typeof q.label !== 'string' || q.label === '') return `[${i}] has no label`;
    if (!['scale', 'yes-no', 'choice', 'text'].includes(q.type)) return `[${i}] has an unknown type "${String(q.type)}"`;
    if (typeof q.weight !== 'number' || !(q.weight >= 0) || !Number.isFinite(q.weight)) return `[${i}] needs a weight of 0 or more`;
    if (q.type === 'choice' && (!Array.isArray(q.options) || q.options.length < 2 || q.options.some((o) => typeof o !== 'string')))
      return `[${i}] (a choice) needs at least two options`;
  }
  return undefined;
}

/** One answer's value from 0 to 1, or undefined when it does not score (text, or missing). */
function answerValue(question: Question, answer: unknown): number | undefined {
  switch (question.type) {
    case 'scale':
      return typeof answer === 'number' && Number.isInteger(answer) && answer >= 1 && answer <= 5 ? (answer - 1) / 4 : undefined;
    case 'yes-no':
      return answer === 'yes' || answer === true ? 1 : answer === 'no' || answer === false ? 0 : undefined;
    case 'choice': {
      const index = question.options!.indexOf(String(answer));
      return index < 0 ? undefined : index / (question.options!.length - 1);
    }
    case 'text':
      return undefined;
  }
}

/**
 * Checks the answers against the questionnaire and returns the weighted total from 0 to 100 (one
 * decimal): each scored answer's value (scale 1–5 → 0–1, yes → 1, the choice's rank) times its
 * weight, over the sum of the weights. Every weighted question needs an answer; unknown ids, and
 * answers of the wrong type, are refused with `invalid-payload`.
 */
export function scoreAnswers(questions: readonly Question[], answers: EvaluationAnswers): number {
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers))
    throw new FlexError('invalid-payload', 'SaveEvaluation: answers must be an object of question id → answer.');
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const id of Object.keys(answers)) {
    if (!byId.has(id)) throw new FlexError('invalid-payload', `SaveEvaluation: there is no question "${id}".`);
  }
  let total = 0;
  let weights = 0;
  for (const question of questions) {
    const answer = answers[question.id];
    if (question.type === 'text') {
      if (answer !== undefined && typeof answer !== 'string')
        throw new FlexError('invalid-payload', `SaveEvaluation: the answer to "${question.label}" must be text.`);
      continue;
    }
    const value = answer === undefined || answer === '' ? undefined : answerValue(question, answer);
    if (value === undefined) {
      if (answer !== undefined && answer !== '')
        throw new FlexError('invalid-payload', `SaveEvaluation: ${JSON.stringify(answer)} is not an answer to "${question.label}".`);
      if (question.weight > 0) throw new FlexError('invalid-payload', `SaveEvaluation: "${question.label}" needs an answer.`);
      continue;
    }
    total += value * question.weight;
    weights += question.weight;
  }
  return weights > 0 ? Math.round((total / weights) * 1000) / 10 : 0;
}
