/** The contact-center engine: TaskRouter semantics, pure TypeScript, injected clock and seed. */
export { ContactCenterEngine, customerOf, type EngineChanges, type EngineOptions } from './engine.js';
export { VirtualClock, type Clock, type Scheduler } from './clock.js';
export { Random } from './random.js';
export { IndexedHeap } from './heap.js';
export { makeSid, SidFactory } from './sid.js';
export {
  compileExpression,
  parseExpression,
  ExpressionError,
  type ExpressionNode,
  type Predicate,
  type CompareOp,
  type Operand,
  type Literal,
} from './expression.js';
export {
  validateConfig,
  validateWorker,
  ConfigError,
  DEFAULT_ACTIVITIES,
  DEFAULT_CHANNELS,
  type WorkspaceConfig,
  type ActivityConfig,
  type ChannelConfig,
  type WorkerConfig,
  type QueueConfig,
  type WorkflowConfig,
  type WorkflowFilterConfig,
  type WorkflowTargetConfig,
  type StatisticsConfig,
  type ResolvedConfig,
} from './config.js';
export type { EngineLogEntry, EngineEventType } from './log.js';
export {
  CumulativeCollector,
  deltaOf,
  toCumulative,
  emptySums,
  dayStart,
  THIRTY_MINUTES,
  type StatSums,
  type Thresholds,
} from './stats.js';
export { EngineError, type CreateTaskInput, type TransferInput, type Supervision } from './types.js';
