/**
 * Reading a Server-Sent Events stream off a real response, for the host's stream tests.
 */

export interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
}

/**
 * Reads SSE events off a real HTTP response until `count` arrived (or the timeout). `ready`
 * settles with the stream's first event: the server subscribes in the same step as it writes
 * it, so a test publishes after `ready` instead of after a guessed pause.
 */
export function readEvents(
  res: Response,
  count: number,
  timeoutMs = 3000,
  o: { heartbeat?: boolean } = {},
): Promise<{ events: SseEvent[]; comments: string[] }> & { ready: Promise<void> } {
  let onReady!: () => void;
  const ready = new Promise<void>((r) => (onReady = r));
  const done = collectEvents(res, count, timeoutMs, onReady, o.heartbeat ?? false).finally(onReady);
  return Object.assign(done, { ready });
}

/** …and, with `heartbeat`, until a heartbeat comment arrived too. */
async function collectEvents(
  res: Response,
  count: number,
  timeoutMs: number,
  onFirst: () => void,
  heartbeat: boolean,
): Promise<{ events: SseEvent[]; comments: string[] }> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: SseEvent[] = [];
  const comments: string[] = [];
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  try {
    while ((events.length < count || (heartbeat && !comments.some((c) => c.startsWith(': ping')))) && Date.now() < deadline) {
      const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()))]);
      if (!chunk || chunk.done) break;
      buffer += chunk.value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event: SseEvent = {};
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) comments.push(line);
          else {
            const [key, ...rest] = line.split(':');
            const value = rest.join(':').replace(/^ /, '');
            if (key === 'id' || key === 'event' || key === 'data') event[key] = value;
          }
        }
        if (event.event && events.push(event) === 1) onFirst();
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return { events, comments };
}
