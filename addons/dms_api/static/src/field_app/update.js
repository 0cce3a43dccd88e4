/**
 * A new version of the app, installed by its service worker and waiting: the app says so
 * ("A new version is ready — Reload") and takes it only when the user taps Reload.
 *
 * The service worker no longer takes over by itself once a version is running (it waits, see
 * service_worker.js): a phone in the middle of an order keeps the code it started with. The
 * watcher never reloads the page on its own, not even when another tab took the new version;
 * the app shows the prompt only on its lists (never over a form) and, on Reload, lets a sync
 * under way finish first. What the outbox holds is in IndexedDB and survives the reload.
 */
export const SKIP_WAITING = "dms-field-app-skip-waiting";

export class UpdateWatcher {
    /**
     * @param {Object} params
     * @param {Object} params.state reactive state; ``updateReady`` is set on it
     * @param {Object} [params.container] ``navigator.serviceWorker``
     * @param {Function} [params.reload] reloads the page
     * @param {Function} [params.settle] resolves when the app may reload (no sync under way)
     */
    constructor({ state, container = globalThis.navigator?.serviceWorker, reload, settle }) {
        this.state = state;
        this.state.updateReady = false;
        this.container = container || null;
        this.reload = reload || (() => globalThis.location.reload());
        this.settle = settle || (() => Promise.resolve());
        this.registration = null;
        this.requested = false; // the user tapped Reload in this page
        // the phone's first version claims the page (no controller before): not an update
        this.controlled = !!this.container?.controller;
        this.container?.addEventListener("controllerchange", () => {
            if (this.requested) {
                this.reload();
            } else if (this.controlled) {
                this.state.updateReady = true; // another tab took the new version
            }
            this.controlled = true;
        });
    }

    /** Follow a registration: a version waiting now, or one installed later, is announced. */
    watch(registration) {
        if (!registration) {
            return;
        }
        this.registration = registration;
        this._check();
        registration.addEventListener("updatefound", () => {
            const worker = registration.installing;
            worker?.addEventListener("statechange", () => this._check());
        });
    }

    _check() {
        // the first version of a phone has no controller yet: nothing to announce
        if (this.registration?.waiting && this.container?.controller) {
            this.state.updateReady = true;
        }
    }

    /** The user tapped Reload: the waiting version takes over, then the page reloads. */
    async apply() {
        if (!this.state.updateReady || this.requested) {
            return false;
        }
        await this.settle();
        this.requested = true;
        const waiting = this.registration?.waiting;
        if (waiting) {
            waiting.postMessage({ type: SKIP_WAITING }); // reloads on controllerchange
        } else {
            this.reload(); // taken over already (another tab): only the page is old
        }
        return true;
    }
}
