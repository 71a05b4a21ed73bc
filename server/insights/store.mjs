// The Insights store: TaskRouter events folded into one row per interaction, agents' activity,
// and evaluations, in SQLite (better-sqlite3, a file: the default) or PostgreSQL (pg: when one
// machine is not enough). Both run the same SQL; only the placeholders differ (? vs $1).
//
//   const store = await openInsightsStore({ sqlite: '/var/lib/flex/insights.db' });
//   const store = await openInsightsStore({ postgres: 'postgres://user:pass@db/flex' });

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS insights_interactions (
    id TEXT PRIMARY KEY,
    created_at BIGINT NOT NULL,
    ended_at BIGINT,
    queue_sid TEXT NOT NULL DEFAULT '',
    channel TEXT NOT NULL DEFAULT '',
    worker_sid TEXT NOT NULL DEFAULT '',
    customer TEXT NOT NULL DEFAULT '',
    accepted_at BIGINT,
    wrap_at BIGINT,
    hold_started BIGINT,
    hold_ms BIGINT NOT NULL DEFAULT 0,
    transfers INTEGER NOT NULL DEFAULT 0,
    disposition TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    finished INTEGER NOT NULL DEFAULT 0,
    handled INTEGER NOT NULL DEFAULT 0,
    abandoned INTEGER NOT NULL DEFAULT 0,
    wait_ms BIGINT NOT NULL DEFAULT 0,
    talk_ms BIGINT NOT NULL DEFAULT 0,
    wrap_ms BIGINT NOT NULL DEFAULT 0
  )`,
  `CREATE INDEX IF NOT EXISTS insights_interactions_created ON insights_interactions (finished, created_at)`,
  `CREATE INDEX IF NOT EXISTS insights_interactions_worker ON insights_interactions (worker_sid, created_at)`,
  `CREATE TABLE IF NOT EXISTS insights_activity (worker_sid TEXT NOT NULL, at BIGINT NOT NULL, status TEXT NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS insights_activity_worker ON insights_activity (worker_sid, at)`,
  `CREATE TABLE IF NOT EXISTS insights_names (sid TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS insights_events (sid TEXT PRIMARY KEY, at BIGINT NOT NULL, type TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS insights_evaluations (
    interaction_id TEXT NOT NULL,
    evaluator TEXT NOT NULL,
    agent TEXT NOT NULL,
    answers TEXT NOT NULL,
    comment TEXT NOT NULL,
    score DOUBLE PRECISION NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (interaction_id, evaluator)
  )`,
];

/** `?` placeholders → `$1, $2, …` for PostgreSQL. */
const numbered = (sql) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

async function sqliteDriver(file) {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const cache = new Map();
  const prepare = (sql) => {
    let statement = cache.get(sql);
    if (!statement) cache.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
  const driver = {
    kind: 'sqlite',
    async all(sql, params = []) {
      return prepare(sql).all(...params);
    },
    async run(sql, params = []) {
      prepare(sql).run(...params);
    },
    async transaction(fn) {
      db.exec('BEGIN');
      try {
        const result = await fn(driver);
        db.exec('COMMIT');
        return result;
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
    async close() {
      db.close();
    },
  };
  return driver;
}

async function postgresDriver(connectionString) {
  const { default: pg } = await import('pg');
  // BIGINT comes back as a string by default; every BIGINT here is an epoch ms or a sum of ms.
  pg.types.setTypeParser(20, (value) => Number(value));
  pg.types.setTypeParser(1700, (value) => Number(value));
  const pool = new pg.Pool({ connectionString, max: 4 });
  const wrap = (client) => ({
    kind: 'postgres',
    async all(sql, params = []) {
      return (await client.query(numbered(sql), params)).rows;
    },
    async run(sql, params = []) {
      await client.query(numbered(sql), params);
    },
  });
  return {
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

const SUMS = `COUNT(*) AS entered,
  SUM(handled) AS handled,
  SUM(abandoned) AS abandoned,
  SUM(CASE WHEN abandoned = 1 AND wait_ms < ? THEN 1 ELSE 0 END) AS short_abandoned,
  SUM(CASE WHEN handled = 1 AND wait_ms <= ? THEN 1 ELSE 0 END) AS answered_in_sla,
  SUM(CASE WHEN handled = 1 THEN wait_ms ELSE 0 END) AS answer_wait_ms,
  SUM(talk_ms) AS talk_ms,
  SUM(hold_ms) AS hold_ms,
  SUM(wrap_ms) AS wrap_ms,
  SUM(CASE WHEN handled = 1 AND transfers > 0 THEN 1 ELSE 0 END) AS transferred`;

const toSums = (row) => ({
  entered: Number(row.entered ?? 0),
  handled: Number(row.handled ?? 0),
  abandoned: Number(row.abandoned ?? 0),
  shortAbandoned: Number(row.short_abandoned ?? 0),
  answeredInSla: Number(row.answered_in_sla ?? 0),
  answerWaitMs: Number(row.answer_wait_ms ?? 0),
  talkMs: Number(row.talk_ms ?? 0),
  holdMs: Number(row.hold_ms ?? 0),
  wrapMs: Number(row.wrap_ms ?? 0),
  transferred: Number(row.transferred ?? 0),
  resolvedFirstContact: Number(row.resolved ?? 0),
});

const toRow = (r) => ({
  id: r.id,
  createdAt: Number(r.created_at),
  endedAt: Number(r.ended_at),
  queueSid: r.queue_sid,
  channel: r.channel,
  workerSid: r.worker_sid,
  customer: r.customer,
  waitMs: Number(r.wait_ms),
  talkMs: Number(r.talk_ms),
  holdMs: Number(r.hold_ms),
  wrapMs: Number(r.wrap_ms),
  handled: Number(r.handled) === 1,
  abandoned: Number(r.abandoned) === 1,
  transfers: Number(r.transfers),
  disposition: r.disposition,
  notes: r.notes,
});

const toEvaluation = (r) => ({
  interactionId: r.interaction_id,
  evaluator: r.evaluator,
  agent: r.agent,
  answers: JSON.parse(r.answers),
  comment: r.comment,
  score: Number(r.score),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

/** The WHERE of a query over finished interactions, and its parameters. */
function where(query, extra = '') {
  const clauses = ['finished = 1', 'created_at >= ?', 'created_at < ?'];
  const params = [query.from, query.to];
  if (query.queueSid) clauses.push('queue_sid = ?') && params.push(query.queueSid);
  if (query.channel) clauses.push('channel = ?') && params.push(query.channel);
  if (query.workerSid) clauses.push('worker_sid = ?') && params.push(query.workerSid);
  if (extra) clauses.push(extra);
  return { sql: clauses.join(' AND '), params };
}

/**
 * @param {{sqlite?: string, postgres?: string, reset?: boolean}} options a file (or ':memory:') or a
 *   connection string; `reset` drops the Insights tables first (tests and benchmarks only)
 */
export async function openInsightsStore(options) {
  const db = options.postgres ? await postgresDriver(options.postgres) : await sqliteDriver(options.sqlite ?? ':memory:');
  if (options.reset) {
    for (const table of ['insights_interactions', 'insights_activity', 'insights_names', 'insights_events', 'insights_evaluations']) await db.run(`DROP TABLE IF EXISTS ${table}`);
  }
  for (const statement of SCHEMA) await db.run(statement);

  /** Applies one normalised event (see events.mjs) inside a transaction `t`. */
  async function apply(t, e) {
    if (e.sid) {
      const seen = await t.all('SELECT sid FROM insights_events WHERE sid = ?', [e.sid]);
      if (seen.length) return false; // Twilio retries a callback that timed out: once is enough
      await t.run('INSERT INTO insights_events (sid, at, type) VALUES (?, ?, ?)', [e.sid, e.at, e.type]);
    }
    if (e.workerSid && e.workerName) await upsertName(t, e.workerSid, 'worker', e.workerName);
    if (e.queueSid && e.queueName) await upsertName(t, e.queueSid, 'queue', e.queueName);
    if (e.type === 'worker.activity') {
      await t.run('INSERT INTO insights_activity (worker_sid, at, status) VALUES (?, ?, ?)', [e.workerSid, e.at, e.status]);
      return true;
    }
    if (e.type === 'task.created') {
      const exists = await t.all('SELECT id FROM insights_interactions WHERE id = ?', [e.taskSid]);
      if (!exists.length) {
        await t.run('INSERT INTO insights_interactions (id, created_at, queue_sid, channel, customer) VALUES (?, ?, ?, ?, ?)', [
          e.taskSid,
          e.at,
          e.queueSid ?? '',
          e.channel ?? '',
          e.customer ?? '',
        ]);
      }
      return true;
    }
    const [row] = await t.all('SELECT * FROM insights_interactions WHERE id = ? AND finished = 0', [e.taskSid]);
    if (!row) return false;
    const holdEnded = (at) => (row.hold_started === null || row.hold_started === undefined ? 0 : Math.max(0, at - Number(row.hold_started)));
    switch (e.type) {
      case 'task.queued':
        if (!row.queue_sid) await t.run('UPDATE insights_interactions SET queue_sid = ? WHERE id = ?', [e.queueSid, e.taskSid]);
        return true;
      case 'reservation.accepted':
        await t.run('UPDATE insights_interactions SET accepted_at = COALESCE(accepted_at, ?), worker_sid = ? WHERE id = ?', [e.at, e.workerSid, e.taskSid]);
        return true;
      case 'task.hold':
        if (row.accepted_at !== null && row.hold_started === null && row.wrap_at === null)
          await t.run('UPDATE insights_interactions SET hold_started = ? WHERE id = ?', [e.at, e.taskSid]);
        return true;
      case 'task.unhold':
        await t.run('UPDATE insights_interactions SET hold_ms = hold_ms + ?, hold_started = NULL WHERE id = ?', [holdEnded(e.at), e.taskSid]);
        return true;
      case 'task.transferred':
        await t.run('UPDATE insights_interactions SET transfers = transfers + 1 WHERE id = ?', [e.taskSid]);
        return true;
      case 'task.wrapup':
        await t.run('UPDATE insights_interactions SET hold_ms = hold_ms + ?, hold_started = NULL, wrap_at = COALESCE(wrap_at, ?) WHERE id = ?', [
          holdEnded(e.at),
          e.at,
          e.taskSid,
        ]);
        return true;
      case 'task.completed':
      case 'task.canceled': {
        const hold = Number(row.hold_ms) + holdEnded(e.at);
        const accepted = row.accepted_at === null ? undefined : Number(row.accepted_at);
        const wrapAt = row.wrap_at === null ? e.at : Number(row.wrap_at);
        const handled = accepted !== undefined;
        await t.run(
          `UPDATE insights_interactions SET finished = 1, ended_at = ?, hold_started = NULL, hold_ms = ?, handled = ?, abandoned = ?,
            wait_ms = ?, talk_ms = ?, wrap_ms = ?, disposition = ?, notes = ? WHERE id = ?`,
          [
            e.at,
            handled ? hold : 0,
            handled ? 1 : 0,
            !handled && e.type === 'task.canceled' ? 1 : 0,
            Math.max(0, (accepted ?? e.at) - Number(row.created_at)),
            handled ? Math.max(0, wrapAt - accepted - hold) : 0,
            handled ? Math.max(0, e.at - wrapAt) : 0,
            e.type === 'task.completed' ? (e.disposition ?? '') : '',
            e.type === 'task.completed' ? (e.notes ?? '') : '',
            e.taskSid,
          ],
        );
        return true;
      }
      default:
        return false;
    }
  }

  async function upsertName(t, sid, kind, name) {
    await t.run('INSERT INTO insights_names (sid, kind, name) VALUES (?, ?, ?) ON CONFLICT (sid) DO UPDATE SET name = excluded.name', [sid, kind, name]);
  }

  return {
    kind: db.kind,
    /** Applies events in order (one transaction); returns how many changed something. */
    async addEvents(events) {
      return db.transaction(async (t) => {
        let applied = 0;
        for (const e of events) if (await apply(t, e)) applied++;
        return applied;
      });
    },
    /** Bulk-loads finished interactions (history imports, benchmarks), 500 rows per INSERT. */
    async importRows(rows) {
      const columns = '(id, created_at, ended_at, queue_sid, channel, worker_sid, customer, hold_ms, transfers, disposition, notes, finished, handled, abandoned, wait_ms, talk_ms, wrap_ms)';
      const one = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)';
      await db.transaction(async (t) => {
        for (let k = 0; k < rows.length; k += 500) {
          const batch = rows.slice(k, k + 500);
          const params = batch.flatMap((r) => [r.id, r.createdAt, r.endedAt, r.queueSid, r.channel, r.workerSid, r.customer, r.holdMs, r.transfers, r.disposition, r.notes, r.handled ? 1 : 0, r.abandoned ? 1 : 0, r.waitMs, r.talkMs, r.wrapMs]);
          await t.run(`INSERT INTO insights_interactions ${columns} VALUES ${batch.map(() => one).join(', ')}`, params);
        }
      });
    },
    async importActivity(changes) {
      await db.transaction(async (t) => {
        for (let k = 0; k < changes.length; k += 1000) {
          const batch = changes.slice(k, k + 1000);
          await t.run(`INSERT INTO insights_activity (worker_sid, at, status) VALUES ${batch.map(() => '(?, ?, ?)').join(', ')}`, batch.flatMap((c) => [c.workerSid, c.at, c.status]));
        }
      });
    },
    async setNames(kind, list) {
      await db.transaction(async (t) => {
        for (const { sid, name } of list) await upsertName(t, sid, kind, name);
      });
    },
    async names() {
      const rows = await db.all('SELECT sid, kind, name FROM insights_names ORDER BY name');
      return {
        queues: rows.filter((r) => r.kind === 'queue').map(({ sid, name }) => ({ sid, name })),
        agents: rows.filter((r) => r.kind === 'worker').map(({ sid, name }) => ({ sid, name })),
      };
    },
    async channels() {
      return (await db.all("SELECT DISTINCT channel FROM insights_interactions WHERE channel <> '' ORDER BY channel")).map((r) => r.channel);
    },
    async since() {
      const [row] = await db.all('SELECT MIN(created_at) AS since FROM insights_interactions');
      return row?.since === null || row?.since === undefined ? undefined : Number(row.since);
    },
    /**
     * Sums by hour since `from`, by queue and by worker (durations in ms), plus each worker's
     * activity changes up to `to`: everything a dashboard is made of.
     */
    async dashboardSums(query, thresholds) {
      const w = where(query);
      const resolved = thresholds.resolvedDispositions.length ? thresholds.resolvedDispositions : [''];
      const marks = resolved.map(() => '?').join(', ');
      const sums = `${SUMS}, SUM(CASE WHEN handled = 1 AND transfers = 0 AND disposition IN (${marks}) THEN 1 ELSE 0 END) AS resolved`;
      const head = [thresholds.shortAbandoned * 1000, thresholds.serviceLevel * 1000, ...resolved];
      const [hours, queues, agents] = await Promise.all([
        db.all(`SELECT (created_at - ?) / 3600000 AS bucket, ${sums} FROM insights_interactions WHERE ${w.sql} GROUP BY bucket ORDER BY bucket`, [query.from, ...head, ...w.params]),
        db.all(`SELECT queue_sid, ${sums} FROM insights_interactions WHERE ${w.sql} GROUP BY queue_sid`, [...head, ...w.params]),
        db.all(`SELECT worker_sid, ${sums} FROM insights_interactions WHERE ${w.sql} AND worker_sid <> '' GROUP BY worker_sid`, [...head, ...w.params]),
      ]);
      const activityParams = [query.to];
      let activitySql = 'SELECT worker_sid, at, status FROM insights_activity WHERE at < ?';
      if (query.workerSid) {
        activitySql += ' AND worker_sid = ?';
        activityParams.push(query.workerSid);
      }
      const activity = await db.all(`${activitySql} ORDER BY worker_sid, at`, activityParams);
      return {
        hours: hours.map((r) => ({ bucket: Number(r.bucket), sums: toSums(r) })),
        queues: queues.map((r) => ({ queueSid: r.queue_sid, sums: toSums(r) })),
        agents: agents.map((r) => ({ workerSid: r.worker_sid, sums: toSums(r) })),
        activity: activity.map((r) => ({ workerSid: r.worker_sid, at: Number(r.at), status: r.status })),
      };
    },
    /** A page of finished interactions, newest first, with a search over agent, queue, channel, disposition, customer, id. */
    async conversations(query) {
      const search = (query.search ?? '').trim().toLowerCase();
      const extra = search
        ? `(LOWER(i.id) LIKE ? OR LOWER(i.customer) LIKE ? OR LOWER(i.channel) LIKE ? OR LOWER(i.disposition) LIKE ? OR LOWER(COALESCE(wn.name, '')) LIKE ? OR LOWER(COALESCE(qn.name, '')) LIKE ?)`
        : '';
      const w = where(query);
      const like = `%${search.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      const searchParams = search ? [like, like, like, like, like, like] : [];
      const from = `insights_interactions i LEFT JOIN insights_names wn ON wn.sid = i.worker_sid LEFT JOIN insights_names qn ON qn.sid = i.queue_sid`;
      const sql = w.sql.replace(/\b(finished|created_at|queue_sid|channel|worker_sid)\b/g, 'i.$1') + (extra ? ` AND ${extra.replace(/LIKE \?/g, "LIKE ? ESCAPE '\\'")}` : '');
      const params = [...w.params, ...searchParams];
      const limit = Math.min(500, Math.max(1, query.limit ?? 50));
      const offset = Math.max(0, query.offset ?? 0);
      const [count] = await db.all(`SELECT COUNT(*) AS n FROM ${from} WHERE ${sql}`, params);
      const rows = await db.all(`SELECT i.* FROM ${from} WHERE ${sql} ORDER BY i.created_at DESC, i.id LIMIT ? OFFSET ?`, [...params, limit, offset]);
      return { rows: rows.map(toRow), total: Number(count.n) };
    },
    async exportPage(query, afterCreated, afterId, pageSize) {
      const w = where(query, '(created_at > ? OR (created_at = ? AND id > ?))');
      const rows = await db.all(`SELECT * FROM insights_interactions WHERE ${w.sql} ORDER BY created_at, id LIMIT ?`, [...w.params, afterCreated, afterCreated, afterId, pageSize]);
      return rows.map(toRow);
    },
    async interaction(id) {
      const [row] = await db.all('SELECT * FROM insights_interactions WHERE id = ? AND finished = 1', [id]);
      return row ? toRow(row) : undefined;
    },
    async evaluations(query) {
      const clauses = ['1 = 1'];
      const params = [];
      if (query.workerSid) clauses.push('e.agent = ?') && params.push(query.workerSid);
      if (query.interactionId) clauses.push('e.interaction_id = ?') && params.push(query.interactionId);
      if (query.from !== undefined) clauses.push('i.created_at >= ?') && params.push(query.from);
      if (query.to !== undefined) clauses.push('i.created_at < ?') && params.push(query.to);
      const rows = await db.all(
        `SELECT e.* FROM insights_evaluations e LEFT JOIN insights_interactions i ON i.id = e.interaction_id WHERE ${clauses.join(' AND ')} ORDER BY e.updated_at DESC`,
        params,
      );
      return rows.map(toEvaluation);
    },
    async saveEvaluation(e) {
      await db.run(
        `INSERT INTO insights_evaluations (interaction_id, evaluator, agent, answers, comment, score, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (interaction_id, evaluator) DO UPDATE SET answers = excluded.answers, comment = excluded.comment, score = excluded.score, updated_at = excluded.updated_at`,
        [e.interactionId, e.evaluator, e.agent, JSON.stringify(e.answers), e.comment, e.score, e.at, e.at],
      );
      const [row] = await db.all('SELECT * FROM insights_evaluations WHERE interaction_id = ? AND evaluator = ?', [e.interactionId, e.evaluator]);
      return toEvaluation(row);
    },
    async close() {
      await db.close();
    },
  };
}
