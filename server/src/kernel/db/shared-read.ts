/**
 * Identical reads share one query, and never a stale one. When a work order changes, every
 * open console of its community is told live and refetches the same list at the same moment;
 * without sharing, fifty clerks cost fifty identical queries.
 *
 * The freshness rule: a caller only joins a query that is sent after it called. A query that is
 * already running when the caller arrives may have taken its snapshot before a write the caller
 * has just seen committed, so the caller waits for the next one. That next query starts when the
 * running one ends, and it serves everyone who arrived in the meantime. Per key, at most one
 * query runs and at most one waits, and every answer is at least as new as its request. With
 * nothing running, the query starts after the requests read in the same event-loop turn.
 */
interface Slot {
  running: Promise<unknown> | null;
  waiting: Promise<unknown> | null;
}

// per database (tests run several in one process), per key
const slotsOf = new WeakMap<object, Map<string, Slot>>();

/**
 * Runs `run` for `key`, or joins the next run for the same key. `run` must depend on nothing but
 * the key and the moment it starts.
 */
export function sharedRead<T>(owner: object, key: string, run: () => Promise<T>): Promise<T> {
  let slots = slotsOf.get(owner);
  if (!slots) slotsOf.set(owner, (slots = new Map()));
  let slot = slots.get(key);
  if (!slot) slots.set(key, (slot = { running: null, waiting: null }));
  const s = slot;
  const map = slots;
  const start = (): Promise<T> => {
    const p = run();
    s.running = p;
    const done = () => {
      if (s.running === p) s.running = null;
      if (!s.running && !s.waiting) map.delete(key);
    };
    p.then(done, done);
    return p;
  };
  if (!s.waiting) {
    // The next query starts when the running one ends, or, with none running, once this
    // event-loop turn's I/O is read: PGlite answers without yielding to I/O, so a query started
    // at once would never have company.
    const after = s.running ?? new Promise<void>((resolve) => setImmediate(resolve));
    s.waiting = after.then(
      () => undefined,
      () => undefined,
    ).then(() => {
      s.waiting = null;
      return start();
    });
  }
  return s.waiting as Promise<T>;
}
