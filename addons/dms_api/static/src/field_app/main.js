/**
 * Boot of the field app served at /dms/app: register the service worker (which keeps the page
 * and this bundle for offline use), open the device's store, mount the app.
 */

import { App, whenReady } from "@odoo/owl";
import { getTemplate } from "@web/core/templates";
import { _t, translatedTerms, translationLoaded } from "@web/core/l10n/translation";

import { FieldApp } from "./field_app";
import { FieldAppModel } from "./model";
import { Store } from "./store";
import { UpdateWatcher } from "./update";

export const SERVICE_WORKER_URL = "/dms/app/sw.js";
export const SCOPE = "/dms/app";

async function registerServiceWorker() {
    if (!("serviceWorker" in navigator)) {
        return; // not a secure context (plain http on a host other than localhost), or too old
    }
    try {
        return await navigator.serviceWorker.register(SERVICE_WORKER_URL, { scope: SCOPE });
    } catch (error) {
        console.warn("DMS field app: service worker not registered:", error);
    }
    return null;
}

export async function startFieldApp(target = document.body) {
    // the app ships with its English terms; server translations come in a later version
    translatedTerms[translationLoaded] = true;
    const registering = registerServiceWorker();
    let store;
    try {
        store = await Store.open();
    } catch (error) {
        target.textContent = _t(
            "This browser does not let the app keep data on the phone (private browsing?): open it in a normal window."
        );
        throw error;
    }
    const model = new FieldAppModel({ store });
    // "A new version is ready — Reload": taken on the user's tap only, after a sync under way
    model.update = new UpdateWatcher({ state: model.state, settle: () => model.running });
    registering.then((registration) => model.update.watch(registration));
    const app = new App(FieldApp, {
        props: { model },
        getTemplate,
        translatableAttributes: ["aria-label", "placeholder", "title"],
        translateFn: _t,
        name: "DMS Field",
    });
    await app.mount(target);
    await model.load();
    globalThis.odoo.dmsFieldApp = { app, model };
    return { app, model };
}

whenReady(() => startFieldApp());
