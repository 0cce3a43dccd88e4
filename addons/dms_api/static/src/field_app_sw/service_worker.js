// @odoo-module ignore
/* eslint-env serviceworker */
/* eslint-disable no-restricted-globals */

/**
 * Service worker of the DMS field app, served at /dms/app/sw.js with scope /dms/app.
 *
 * The server fills in VERSION and PRECACHE (controllers/field_app.py): the app page, its web
 * manifest and icons, and the URLs of its compiled asset bundle, whose names carry a hash of
 * their content. A new bundle makes a new service worker, which caches the new files and drops
 * the old cache when it takes over. The first version takes the phone at once; a later one waits
 * until the app, on the user's "Reload" (field_app/update.js), sends it SKIP_WAITING: a phone in
 * the middle of an order keeps the code (and the cached bundle) it started with.
 *
 * - The page (/dms/app): network first, so an online phone gets the current app; when the
 *   server cannot be reached, is down (5xx) or takes longer than PAGE_TIMEOUT, the cached page.
 * - The bundle, icons and manifest: from the cache (their URLs change when they do); anything
 *   else under /web/assets/ or /dms_api/static/ is cached the first time it is fetched.
 * - Everything else, the sync API above all, is left to the network: the app keeps its data in
 *   IndexedDB, never in this cache.
 */

const VERSION = "__DMS_FIELD_APP_VERSION__";
const PRECACHE = "__DMS_FIELD_APP_PRECACHE__"; // a JSON array, once served
const CACHE_PREFIX = "dms-field-app-";
const CACHE = CACHE_PREFIX + VERSION;
const PAGE = "/dms/app";
const PAGE_TIMEOUT = 6000;
const RUNTIME_PREFIXES = ["/web/assets/", "/dms_api/static/"];

self.addEventListener("install", (event) => {
    event.waitUntil(
        (async () => {
            const cache = await caches.open(CACHE);
            // bypass the HTTP cache: a stale page would point at assets that no longer exist
            await cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload" })));
            if (!self.registration.active) {
                await self.skipWaiting(); // the first version: nothing runs yet to wait for
            }
        })()
    );
});

// field_app/update.js SKIP_WAITING: the user tapped "Reload" on "A new version is ready"
self.addEventListener("message", (event) => {
    if (event.data && event.data.type === "dms-field-app-skip-waiting") {
        self.skipWaiting();
    }
});

self.addEventListener("activate", (event) => {
    event.waitUntil(
        (async () => {
            for (const key of await caches.keys()) {
                if (key.startsWith(CACHE_PREFIX) && key !== CACHE) {
                    await caches.delete(key);
                }
            }
            await self.clients.claim();
        })()
    );
});

function fetchWithTimeout(request, timeout) {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("timeout")), timeout);
        fetch(request).then(
            (response) => {
                clearTimeout(timer);
                resolve(response);
            },
            (error) => {
                clearTimeout(timer);
                reject(error);
            }
        );
    });
}

async function servePage(request) {
    const cache = await caches.open(CACHE);
    try {
        const response = await fetchWithTimeout(request, PAGE_TIMEOUT);
        if (response.ok) {
            await cache.put(PAGE, response.clone());
            return response;
        }
        const cached = await cache.match(PAGE);
        return cached || response;
    } catch (error) {
        const cached = await cache.match(PAGE);
        if (cached) {
            return cached;
        }
        throw error;
    }
}

async function serveAsset(request, keep) {
    const cache = await caches.open(CACHE);
    const cached = await cache.match(request);
    if (cached) {
        return cached;
    }
    const response = await fetch(request);
    if (keep && response.ok) {
        await cache.put(request, response.clone());
    }
    return response;
}

self.addEventListener("fetch", (event) => {
    const request = event.request;
    if (request.method !== "GET") {
        return;
    }
    const url = new URL(request.url);
    if (url.origin !== self.location.origin) {
        return;
    }
    if (url.pathname === PAGE || url.pathname === PAGE + "/") {
        event.respondWith(servePage(request));
    } else if (PRECACHE.includes(url.pathname + url.search)) {
        event.respondWith(serveAsset(request, false));
    } else if (RUNTIME_PREFIXES.some((prefix) => url.pathname.startsWith(prefix))) {
        event.respondWith(serveAsset(request, true));
    }
});
