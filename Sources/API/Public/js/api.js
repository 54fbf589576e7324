// The one HTTP client of the UI: same-origin fetch with the session cookie, JSON in and out,
// and every failure turned into an ApiError whose message can be shown as is.

/** An HTTP or network failure with a message fit for the user. */
export class ApiError extends Error {
  constructor(message, status = 0, body = null, retryAfter = null) {
    super(message);
    this.status = status;
    this.body = body;
    this.retryAfter = retryAfter;
  }
}

let onUnauthorized = () => {};

/** Called when a request answers 401 (the session ended): the app shows the login page. */
export function setUnauthorizedHandler(handler) {
  onUnauthorized = handler;
}

/**
 * Sends a request. `body` is sent as JSON. Resolves with the parsed JSON answer (or null for
 * an empty one); rejects with ApiError. The server checks Origin on cookie writes and the
 * cookie is SameSite=Strict, so no CSRF token is needed.
 */
export async function api(path, { method = 'GET', body, signal, quiet401 = false } = {}) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin', signal };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError('Cannot reach Mission Control. Check that the server is running.', 0);
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (response.ok) return data;
  const retryAfter = Number(response.headers.get('Retry-After')) || null;
  let message = (data && (data.error || data.message)) || `Request failed (${response.status})`;
  if (data && Array.isArray(data.details) && data.details.length) message += `: ${data.details.join('; ')}`;
  if (response.status === 429 && retryAfter) message += ` Try again in ${retryAfter} s.`;
  if (response.status === 401 && !quiet401) onUnauthorized();
  throw new ApiError(message, response.status, data, retryAfter);
}

/** Builds a query string from an object, leaving out empty values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
