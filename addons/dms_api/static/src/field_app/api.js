/**
 * A client of the sync API (``/dms/api/v1``, see dms_api/readme/USAGE.md): bearer token, pulls
 * with cursors, batch pushes, and errors sorted into what the caller must do about them.
 *
 * Plain JavaScript without Odoo imports; ``fetch`` is injected (tests give a fake one).
 */

export const API_ROOT = "/dms/api/v1";
export const MAX_PULL_LIMIT = 500;

/** The server could not be reached, or did not answer in time: try again later. */
export class NetworkError extends Error {
    constructor(message, { cause } = {}) {
        super(message);
        this.name = "NetworkError";
        this.cause = cause;
    }
}

/** The server answered with an error status (``code`` as documented, e.g. ``invalid_cursor``). */
export class ApiError extends Error {
    constructor(status, code, message, field = null) {
        super(message || `HTTP ${status}`);
        this.name = "ApiError";
        this.status = status;
        this.code = code;
        this.field = field;
    }

    /** Worth sending again later (the server was busy or down), rather than a refusal. */
    get transient() {
        return this.status === 408 || this.status === 429 || this.status >= 500;
    }

    /** The API key is missing, wrong, expired or revoked: the device must sign in again. */
    get unauthorized() {
        return this.status === 401;
    }
}

export class ApiClient {
    /**
     * @param {{token?: string, fetch?: typeof fetch, root?: string, timeout?: number}} options
     *  ``timeout`` in milliseconds for one request (connect and answer).
     */
    constructor({ token = null, fetch = null, root = API_ROOT, timeout = 60000 } = {}) {
        this.token = token;
        this.fetch = fetch || ((...args) => globalThis.fetch(...args));
        this.root = root;
        this.timeout = timeout;
    }

    /**
     * One call; the decoded JSON body of a 2xx answer. Throws NetworkError or ApiError.
     *
     * @param {"GET"|"POST"} method
     * @param {string} path after the API root, with its query string
     * @param {object} [body]
     */
    async request(method, path, body = undefined) {
        const headers = { Accept: "application/json" };
        if (this.token) {
            headers.Authorization = `Bearer ${this.token}`;
        }
        const init = { method, headers, cache: "no-store", credentials: "omit" };
        if (body !== undefined) {
            headers["Content-Type"] = "application/json";
            init.body = JSON.stringify(body);
        }
        const controller = typeof AbortController === "function" ? new AbortController() : null;
        let timer = null;
        if (controller) {
            init.signal = controller.signal;
            timer = setTimeout(() => controller.abort(), this.timeout);
        }
        let response;
        try {
            response = await this.fetch(`${this.root}/${path}`, init);
        } catch (error) {
            throw new NetworkError(`${method} ${path}: ${error.message || error}`, {
                cause: error,
            });
        } finally {
            clearTimeout(timer);
        }
        let data = null;
        try {
            data = await response.json();
        } catch {
            // not JSON: a proxy's error page, an empty body
        }
        if (!response.ok) {
            const error = (data && data.error) || {};
            throw new ApiError(
                response.status,
                error.code || `http_${response.status}`,
                error.message,
                error.field
            );
        }
        if (data === null) {
            throw new ApiError(response.status, "invalid_response", "The answer is not JSON.");
        }
        return data;
    }

    /**
     * Pull a resource from ``since`` until ``has_more`` is false. ``onPage(page)`` is awaited for
     * each page (store it before asking for the next: an interrupted pull resumes from there).
     *
     * @param {string} resource
     * @param {{since?: string|null, params?: Record<string, string>, limit?: number,
     *          onPage: (page: object) => Promise<void>|void}} options
     * @returns {Promise<string>} the last cursor
     */
    async pull(resource, { since = null, params = {}, limit = MAX_PULL_LIMIT, onPage }) {
        let cursor = since;
        for (;;) {
            const query = new URLSearchParams({ ...params, limit: String(limit) });
            if (cursor) {
                query.set("since", cursor);
            }
            const page = await this.request("GET", `${resource}?${query}`);
            await onPage(page);
            cursor = page.next_cursor;
            if (!page.has_more) {
                return cursor;
            }
        }
    }

    /**
     * Push a batch; the per-record results, in order (``status`` "ok" or "error").
     *
     * @param {string} resource
     * @param {object[]} records
     */
    async push(resource, records) {
        const data = await this.request("POST", resource, { records });
        if (!Array.isArray(data.results) || data.results.length !== records.length) {
            throw new ApiError(
                200,
                "invalid_response",
                "The answer does not have one result per record."
            );
        }
        return data.results;
    }
}
