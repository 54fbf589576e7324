// Live events: one EventSource on /api/events for the whole UI. It resumes from the last event
// id after a network drop (EventSource sends Last-Event-ID itself) and after a hidden tab: the
// stream is closed while the tab is hidden, so nothing renders in the background, and reopened
// with ?lastEventId= when the tab returns, which replays exactly the events missed.

const listeners = new Map();
const stateListeners = new Set();
let source = null;
let lastId = null;
let state = 'offline';
let retryDelay = 1000;
let retryTimer = null;
let running = false;

/** Calls `handler(data, event)` for events of `type` ('*' for every event); returns an unsubscribe function. */
export function on(type, handler) {
  if (!listeners.has(type)) listeners.set(type, new Set());
  listeners.get(type).add(handler);
  return () => listeners.get(type)?.delete(handler);
}

/** Calls `handler(state)` now and whenever the connection state changes ('live', 'connecting', 'offline', 'paused'). */
export function onState(handler) {
  stateListeners.add(handler);
  handler(state);
  return () => stateListeners.delete(handler);
}

function setState(next) {
  if (next === state) return;
  state = next;
  for (const handler of stateListeners) handler(state);
}

function dispatch(message) {
  let event;
  try {
    event = JSON.parse(message.data);
  } catch {
    return;
  }
  if (message.lastEventId) lastId = message.lastEventId;
  if (event.type === 'connected') return;
  for (const key of [event.type, '*']) {
    for (const handler of listeners.get(key) || []) {
      try {
        handler(event.data, event);
      } catch (error) {
        console.warn('live handler failed', error);
      }
    }
  }
}

function open() {
  clearTimeout(retryTimer);
  if (source) source.close();
  setState('connecting');
  const url = lastId ? `/api/events?lastEventId=${encodeURIComponent(lastId)}` : '/api/events';
  source = new EventSource(url);
  source.onopen = () => {
    retryDelay = 1000;
    setState('live');
  };
  source.onmessage = dispatch;
  source.onerror = () => {
    if (source.readyState === EventSource.CLOSED) {
      // The server refused (401, 5xx) or went away for good: retry with backoff ourselves.
      source.close();
      source = null;
      setState('offline');
      retryTimer = setTimeout(() => running && !document.hidden && open(), retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    } else {
      setState('connecting');
    }
  };
}

function onVisibility() {
  if (!running) return;
  if (document.hidden) {
    clearTimeout(retryTimer);
    source?.close();
    source = null;
    setState('paused');
  } else if (!source) {
    open();
  }
}

/** Starts the stream (once signed in). */
export function start() {
  if (running) return;
  running = true;
  document.addEventListener('visibilitychange', onVisibility);
  if (!document.hidden) open();
  else setState('paused');
}

/** Stops the stream (on sign-out) and forgets the position. */
export function stop() {
  running = false;
  clearTimeout(retryTimer);
  document.removeEventListener('visibilitychange', onVisibility);
  source?.close();
  source = null;
  lastId = null;
  setState('offline');
}
