import Database from 'better-sqlite3';

/** Opens the file read-only (so the WAL a killed process left is neither checkpointed nor removed) and checks it. */
export function inspectDb(path: string): {
  integrity: string;
  states: Record<string, number>;
  /** The notification text of each row left in flight. */
  inFlightTexts: string[];
  /** Total of the persistent drop counters. */
  dropped: number;
} {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .join('\n');
    const states: Record<string, number> = {};
    for (const row of db.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state').all() as {
      state: string;
      n: number;
    }[]) {
      states[row.state] = row.n;
    }
    const inFlightTexts = (
      db.prepare(`SELECT notification FROM outbox WHERE state = 'in_flight'`).all() as {
        notification: string;
      }[]
    ).map((row) => {
      const n = JSON.parse(row.notification) as string | { text?: string };
      return typeof n === 'string' ? n : (n.text ?? '');
    });
    const { dropped } = db.prepare('SELECT coalesce(sum(count), 0) AS dropped FROM drops').get() as {
      dropped: number;
    };
    return { integrity, states, inFlightTexts, dropped };
  } finally {
    db.close();
  }
}
