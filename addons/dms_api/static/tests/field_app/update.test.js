import { describe, expect, test } from "@odoo/hoot";

import { SKIP_WAITING, UpdateWatcher } from "@dms_api/field_app/update";

describe.current.tags("headless");

/** A service worker of the browser: its state changes, the messages it was sent. */
class FakeWorker extends EventTarget {
    constructor(state = "installing") {
        super();
        this.state = state;
        this.messages = [];
    }
    postMessage(message) {
        this.messages.push(message);
    }
    become(state) {
        this.state = state;
        this.dispatchEvent(new Event("statechange"));
    }
}

/** ``navigator.serviceWorker`` and a registration, as the browser moves them along. */
function fakeBrowser({ controlled = true, waiting = null } = {}) {
    const container = new EventTarget();
    container.controller = controlled ? new FakeWorker("activated") : null;
    const registration = new EventTarget();
    registration.waiting = waiting;
    registration.installing = null;
    return {
        container,
        registration,
        /** a new version found and installed: it waits for the page's word */
        install() {
            const worker = new FakeWorker();
            registration.installing = worker;
            registration.dispatchEvent(new Event("updatefound"));
            registration.installing = null;
            registration.waiting = worker;
            worker.become("installed");
            return worker;
        },
        /** the waiting version takes over the page */
        takeOver() {
            container.controller = registration.waiting;
            registration.waiting = null;
            container.dispatchEvent(new Event("controllerchange"));
        },
    };
}

function watcher(browser, extra = {}) {
    const reloads = [];
    const state = {};
    const update = new UpdateWatcher({
        state,
        container: browser.container,
        reload: () => reloads.push(Date.now()),
        ...extra,
    });
    update.watch(browser.registration);
    return { update, state, reloads };
}

test("a version installed while the app runs is announced, and nothing reloads by itself", async () => {
    const browser = fakeBrowser();
    const { update, state, reloads } = watcher(browser);
    expect(state.updateReady).toBe(false);
    const worker = browser.install();
    expect(state.updateReady).toBe(true);
    expect(worker.messages).toEqual([]);
    expect(reloads).toEqual([]);
    // Reload tapped: the waiting version is told to take over; the page reloads once it has
    expect(await update.apply()).toBe(true);
    expect(worker.messages).toEqual([{ type: SKIP_WAITING }]);
    expect(reloads).toEqual([]);
    browser.takeOver();
    expect(reloads.length).toBe(1);
    expect(await update.apply()).toBe(false); // once
    expect(worker.messages.length).toBe(1);
});

test("a version waiting when the app opens is announced; the phone's first version is not", () => {
    const waiting = new FakeWorker("installed");
    expect(watcher(fakeBrowser({ waiting })).state.updateReady).toBe(true);
    const first = fakeBrowser({ controlled: false });
    const { state } = watcher(first);
    first.install();
    expect(state.updateReady).toBe(false);
});

test("Reload waits for the sync under way: the outbox is sent before the new version takes over", async () => {
    const browser = fakeBrowser();
    let finishSync;
    const syncing = new Promise((resolve) => (finishSync = resolve));
    const { update } = watcher(browser, { settle: () => syncing });
    const worker = browser.install();
    const applied = update.apply();
    await Promise.resolve();
    expect(worker.messages).toEqual([]);
    finishSync();
    expect(await applied).toBe(true);
    expect(worker.messages).toEqual([{ type: SKIP_WAITING }]);
});

test("another tab's Reload does not reload this page: it is announced, and reloads on the tap", async () => {
    const browser = fakeBrowser();
    const { update, state, reloads } = watcher(browser);
    browser.install();
    browser.takeOver(); // the user tapped Reload in another tab
    expect(reloads).toEqual([]);
    expect(state.updateReady).toBe(true);
    expect(await update.apply()).toBe(true);
    expect(reloads.length).toBe(1);
});

test("nothing waiting, nothing to apply", async () => {
    const browser = fakeBrowser();
    const { update, reloads } = watcher(browser);
    expect(await update.apply()).toBe(false);
    expect(reloads).toEqual([]);
});

test("the phone's first version taking the page is not announced", () => {
    const browser = fakeBrowser({ controlled: false });
    const { state, reloads } = watcher(browser);
    browser.container.controller = new FakeWorker("activated"); // clients.claim()
    browser.container.dispatchEvent(new Event("controllerchange"));
    expect(state.updateReady).toBe(false);
    expect(reloads).toEqual([]);
});
