/**
 * The field app's state and actions, shared by its screens: the device's session (paired API
 * key), the sync with the server, the outbox, and today's visits as the store has them.
 */

import { reactive } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";

import { ApiClient, ApiError, NetworkError } from "./api";
import { syncProviders } from "./collection";
import { DriverModel } from "./driver_model";
import { Outbox } from "./outbox";
import { RepOutlets } from "./rep_outlets";
import { RepWork } from "./rep_work";
import { OUTLET_STORES, RECORD_STORES, REP_STORES } from "./store";
import { localDate, pruneVisits, syncToday, todayVisits } from "./sync";

export const PAIR_URL = "/dms/app/pair";
export const UNPAIR_URL = "/dms/app/unpair";
const SESSION_KEY = "session";
const MAX_TIMER = 2 ** 31 - 1;

/** A name for this device the user can keep: "Android phone", "iPhone"... */
export function guessDeviceName(navigatorObject = globalThis.navigator) {
    const agent = navigatorObject?.userAgent || "";
    if (/iPhone/.test(agent)) {
        return "iPhone";
    }
    if (/iPad/.test(agent)) {
        return "iPad";
    }
    if (/Android/.test(agent)) {
        return /Mobile/.test(agent) ? _t("Android phone") : _t("Android tablet");
    }
    return _t("Browser");
}

export class FieldAppModel {
    /**
     * @param {{store: import("./store").Store, fetch?: typeof fetch, today?: () => string}} options
     */
    constructor({ store, fetch = null, today = () => localDate() }) {
        this.store = store;
        this.fetch = fetch || ((...args) => globalThis.fetch(...args));
        this.today = today;
        this.api = new ApiClient({ fetch: this.fetch });
        this.outbox = new Outbox({ store, api: this.api });
        this.outbox.addEventListener("change", () => this.refreshCounts());
        this.rep = new RepWork({ store, outbox: this.outbox, api: this.api });
        this.outlets = new RepOutlets({ store, outbox: this.outbox, api: this.api }); // new outlets, returns
        this.retryTimer = null;
        this.running = null; // the sync under way
        this.state = reactive({
            screen: "boot", // boot, signin, today; a rep's: visit, order, outbox, collect, new_outlet, return
            visitId: null, // the visit the visit and order screens show
            editUuid: null, // the refused order (or collection) the order (collection) screen corrects
            collectStopId: null, // a driver's stop the collection screen collects at
            session: null, // {api_key, key_name, device_name, user: {id, name, login}}
            signInMessage: "",
            online: globalThis.navigator?.onLine ?? true,
            syncing: false,
            syncError: "", // why the last sync did not reach the server (shown, not blocking)
            updateReady: false, // a new version of the app waits for the user's Reload (update.js)
            lastSync: null, // {at, date}
            date: this.today(),
            visits: [],
            waiting: 0,
            failed: 0,
        });
        this.driver = new DriverModel(this); // a driver's stops and proofs of delivery
    }

    async load() {
        const session = await this.store.getSetting(SESSION_KEY, null);
        this.state.lastSync = await this.store.getSetting("last_sync", null);
        if (session) {
            this._useSession(session);
            await this.loadToday();
            this.state.screen = "today";
        } else {
            this.state.screen = "signin";
        }
        await this.refreshCounts();
    }

    _useSession(session) {
        this.state.session = session;
        this.api.token = session ? session.api_key : null;
        this.outbox.owner = session ? session.user.id : null;
    }

    async refreshCounts() {
        const { waiting, failed } = await this.outbox.counts();
        Object.assign(this.state, { waiting, failed });
    }

    /** Read today's visits from the store (works offline). */
    async loadToday() {
        this.state.date = this.today();
        const planned = await this.rep.withLocalState(await todayVisits(this.store, this.state.date));
        // and visits started at outlets with none planned (new outlets), until the server has them
        const unplanned = await this.outlets.unplannedVisits(this.state.date, planned);
        this.state.visits = [...planned, ...unplanned];
        await this.driver.load();
    }

    /**
     * Pair this device: the server checks the login and password and answers a new API key of
     * scope ``dms_api`` (named after the device, revocable from the user's preferences), kept in
     * IndexedDB. The password is not kept.
     *
     * @returns {Promise<boolean>} signed in
     */
    async signIn({ login, password, deviceName }) {
        this.state.signInMessage = "";
        let data;
        try {
            const response = await this.fetch(PAIR_URL, {
                method: "POST",
                headers: { "Content-Type": "application/json", Accept: "application/json" },
                credentials: "omit",
                cache: "no-store",
                body: JSON.stringify({
                    jsonrpc: "2.0",
                    method: "call",
                    id: Date.now(),
                    params: { login, password, device_name: deviceName },
                }),
            });
            data = await response.json();
        } catch {
            this.state.signInMessage = _t(
                "The server cannot be reached. Signing in needs a connection; try again when online."
            );
            return false;
        }
        const result = data.result;
        if (data.error || !result || result.error) {
            this.state.signInMessage =
                result?.error?.message || data.error?.data?.message || _t("Signing in failed.");
            return false;
        }
        const session = {
            api_key: result.api_key,
            key_name: result.key_name,
            device_name: result.device_name,
            expires: result.expires,
            user: result.user,
        };
        await this.store.setSetting(SESSION_KEY, session);
        this._useSession(session);
        this.state.screen = "today";
        await this.loadToday();
        this.sync();
        return true;
    }

    /**
     * Send the outbox, then pull today's work. Offline or with the server down, the app goes on
     * with what the store has; the message says so.
     */
    sync() {
        if (!this.state.session) {
            return Promise.resolve();
        }
        // one sync at a time: a second call waits for the one running
        this.running ||= this._sync().finally(() => {
            this.running = null;
        });
        return this.running;
    }

    async _sync() {
        this.state.syncing = true;
        clearTimeout(this.retryTimer);
        try {
            const flushed = await this.outbox.flush();
            if (flushed.unauthorized) {
                throw new ApiError(401, "unauthorized", "");
            }
            const date = this.today();
            await this._syncRep(date);
            await this.driver.pull();
            await syncProviders(this.api, this.store);
            await pruneVisits(this.store, date);
            this.state.lastSync = await this.store.getSetting("last_sync", null);
            this.state.syncError = "";
            this.state.online = true;
        } catch (error) {
            if (error instanceof ApiError && error.unauthorized) {
                await this._sessionRevoked();
                return;
            }
            if (error instanceof NetworkError || (error instanceof ApiError && error.transient)) {
                this.state.syncError = _t(
                    "Offline: showing what this phone has. It syncs when the server is back."
                );
                this.state.online = false;
            } else {
                this.state.syncError = error.message || String(error);
            }
        } finally {
            this.state.syncing = false;
            await this.loadToday();
            await this.refreshCounts();
            this._scheduleRetry();
        }
    }

    /**
     * The rep's day and what order taking needs. A user the server does not let read beats (a
     * driver who is not a rep: the Driver group) has no rep's day: only their outlets are pulled
     * here, their stops after.
     */
    async _syncRep(date) {
        const counts = await syncToday(this.api, this.store, date);
        if (counts.beats === null) {
            return;
        }
        await this.rep.sync(date);
        await this.outlets.sync();
    }

    /** Sync again when the outbox's next postponed record is due. */
    async _scheduleRetry() {
        const next = await this.outbox.nextAttemptAt();
        if (next !== null && this.state.session) {
            const delay = Math.min(MAX_TIMER, Math.max(1000, next - Date.now()));
            this.retryTimer = setTimeout(() => this.sync(), delay);
        }
    }

    async _sessionRevoked() {
        await this.store.put("settings", null, SESSION_KEY);
        this._useSession(null);
        this.state.signInMessage = _t(
            "This phone's access was revoked or has expired. Sign in again: what it has not sent yet is kept."
        );
        this.state.screen = "signin";
    }

    /**
     * Forget this device's key (the server revokes it when it can be reached) and the data
     * pulled. Records not sent yet stay in the outbox for the next sign-in.
     */
    async signOut() {
        const session = this.state.session;
        if (session) {
            try {
                await this.fetch(UNPAIR_URL, {
                    method: "POST",
                    headers: { Authorization: `Bearer ${session.api_key}` },
                    credentials: "omit",
                    cache: "no-store",
                });
            } catch {
                // offline: the key stays listed in the user's preferences, where it can be revoked
            }
        }
        const seq = await this.store.getSetting("outbox_seq", 0); // outbox numbering goes on
        await this.store.clear(["settings", ...RECORD_STORES, ...REP_STORES, ...OUTLET_STORES]);
        await this.store.setSetting("outbox_seq", seq);
        this._useSession(null);
        Object.assign(this.state, { visits: [], lastSync: null, syncError: "", screen: "signin" });
    }
}
