/**
 * Live updates: one Server-Sent Events stream on /api/v1/live?communityId=… per open page.
 * Events are named by domain event type ('property.room.updated', 'workorder.dispatched', …);
 * each one invalidates the TanStack queries whose key root the type maps to, so open pages
 * refresh without reload. The stream is read with fetch (not EventSource) so every event name
 * is seen without registering listeners in advance; it reconnects after errors.
 */
import { useEffect } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';

/** Segment of an event type → query-key roots to refresh. Unknown types refresh their own module's root. */
const ROOTS: Record<string, string[]> = {
  room: ['rooms', 'room', 'tree'],
  building: ['tree', 'rooms'],
  entrance: ['tree', 'rooms'],
  community: ['communities'],
  parking: ['parking-spaces'],
  equipment: ['equipment'],
  commonArea: ['common-areas'],
  import: ['rooms', 'tree'],
  user: ['users'],
  role: ['roles'],
  calendar: ['calendar'],
};

export function rootsForEvent(type: string): string[] {
  const parts = type.split('.');
  for (const p of parts.slice(1).concat(parts[0])) if (ROOTS[p]) return ROOTS[p];
  return [parts[0]];
}

export interface LiveEvent {
  type: string;
  data: unknown;
}

/** Parse SSE text blocks ("event: x\ndata: {...}\n\n"); returns complete events and the unparsed rest. */
export function parseSse(buffer: string): { events: LiveEvent[]; rest: string } {
  const events: LiveEvent[] = [];
  const blocks = buffer.split(/\r?\n\r?\n/);
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let type = 'message';
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith(':')) continue;
      const i = line.indexOf(':');
      const field = i < 0 ? line : line.slice(0, i);
      const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
    }
    if (!data.length) continue;
    let parsed: unknown = data.join('\n');
    try {
      parsed = JSON.parse(parsed as string);
    } catch {
      /* plain text */
    }
    events.push({ type, data: parsed });
  }
  return { events, rest };
}

function invalidate(qc: QueryClient, type: string) {
  for (const root of rootsForEvent(type)) void qc.invalidateQueries({ queryKey: [root] });
}

export function useLiveUpdates(communityId: string | null | undefined, onEvent?: (e: LiveEvent) => void) {
  const qc = useQueryClient();
  useEffect(() => {
    if (!communityId) return;
    const ctrl = new AbortController();
    let stopped = false;
    async function run() {
      while (!stopped) {
        try {
          const res = await fetch(`/api/v1/live?communityId=${encodeURIComponent(communityId!)}`, { credentials: 'same-origin', signal: ctrl.signal, headers: { accept: 'text/event-stream' } });
          if (res.status === 401 || res.status === 403) return;
          if (!res.ok || !res.body) throw new Error(`live ${res.status}`);
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            const { events, rest } = parseSse(buffer + value);
            buffer = rest;
            for (const e of events) {
              invalidate(qc, e.type);
              onEvent?.(e);
            }
          }
        } catch {
          if (stopped) return;
        }
        await new Promise((r) => setTimeout(r, 3000));
      }
    }
    void run();
    return () => {
      stopped = true;
      ctrl.abort();
    };
  }, [communityId, qc, onEvent]);
}
