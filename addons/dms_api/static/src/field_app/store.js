/**
 * The field app's IndexedDB database: what the device keeps between sessions, offline.
 *
 * Object stores (version 1, then 3: the driver's ``stops`` and ``delivery_reasons`` and the rep's stores;
 * 4: ``mobile_providers``, ``door_collections``, ``assortments`` and ``suggestions``;
 * 7: ``skip_reasons``; 8: ``invoices``):
 * - ``settings``: key/value pairs: the device's session (API key, user), sync cursors, dates.
 * - ``beats``, ``outlets``, ``visits``: records pulled from the sync API, keyed by their id.
 * - ``stops``, ``delivery_reasons``: a driver's deliveries and shortfall reasons, pulled.
 * - ``mobile_providers``: who mobile money collections name (reps and drivers), pulled.
 * - ``door_collections``: a driver's collections at a stop the server accepted (id, stop, amount).
 * - ``products``, ``prices``, ``schemes``, ``distributors``, ``no_order_reasons``, ``skip_reasons``,
 *   ``secondary_orders``, ``assortments`` (must-sell and focus lists), ``invoices`` (the outlets'
 *   open bills, of the principal and of distributors billing here) (pulled, keyed by id),
 *   ``suggestions`` (the server's suggested order of an outlet for a day, keyed by outlet id) and
 *   ``rep_visits`` (a visit's state on the device).
 * - ``territories``, ``channels``, ``outlet_classes``, ``return_reasons``, ``outlet_proposals``
 *   (version 5): what a rep proposes outlets and records returns with, pulled.
 * - ``outbox``: records made on the device and not yet accepted by the server (``outbox.js``),
 *   keyed by their client uuid, indexed by ``seq`` (creation order).
 *
 * Plain JavaScript without Odoo imports: the same module runs in the app and in Hoot tests.
 */

export const DB_NAME = "dms_field_app";
export const DB_VERSION = 8; // 4: selling and door collections; 5: the rep's outlet stores; 7: skip reasons;
// 8: invoices
export const RECORD_STORES = [
    "beats",
    "outlets",
    "visits",
    "stops",
    "delivery_reasons",
    "mobile_providers",
    "door_collections",
];
// what a rep sells and records at an outlet (rep_work.js); ``rep_visits`` keeps the
// device's own state of a visit (checked in, outcome) until it is sent, keyed by visit id
export const REP_STORES = [
    "products",
    "prices",
    "schemes",
    "distributors",
    "no_order_reasons",
    "skip_reasons",
    "secondary_orders",
    "assortments",
    "suggestions",
    "invoices",
];
// what a rep proposes outlets and records returns with (rep_outlets.js), pulled
export const OUTLET_STORES = ["territories", "channels", "outlet_classes", "return_reasons", "outlet_proposals"];

function upgrade(db, oldVersion) {
    if (oldVersion < 1) {
        db.createObjectStore("settings");
        for (const name of RECORD_STORES) {
            db.createObjectStore(name, { keyPath: "id" });
        }
        const outbox = db.createObjectStore("outbox", { keyPath: "uuid" });
        outbox.createIndex("seq", "seq", { unique: true });
    }
    // every store the app knows and the device lacks: version 2 added the driver's stores on one
    // branch and the rep's on another, version 3 has both
    for (const name of [...RECORD_STORES, ...REP_STORES, ...OUTLET_STORES]) {
        if (!db.objectStoreNames.contains(name)) {
            db.createObjectStore(name, { keyPath: "id" });
        }
    }
    if (!db.objectStoreNames.contains("rep_visits")) {
        db.createObjectStore("rep_visits", { keyPath: "visit_id" });
    }
}

/** A promise of an IDBRequest's result. */
export function requestResult(request) {
    return new Promise((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
    });
}

export class Store {
    /**
     * @param {IDBDatabase} db
     */
    constructor(db) {
        this.db = db;
    }

    /**
     * Open (and create or upgrade) the database.
     *
     * @param {string} [name]
     * @param {IDBFactory} [factory]
     * @returns {Promise<Store>}
     */
    static open(name = DB_NAME, factory = globalThis.indexedDB) {
        return new Promise((resolve, reject) => {
            const request = factory.open(name, DB_VERSION);
            request.onupgradeneeded = (event) => upgrade(request.result, event.oldVersion);
            request.onsuccess = () => {
                const db = request.result;
                // another tab upgrades the schema: let it, this one reloads on next use
                db.onversionchange = () => db.close();
                resolve(new Store(db));
            };
            request.onerror = () => reject(request.error);
            request.onblocked = () =>
                reject(new Error(`IndexedDB ${name} is blocked by another tab`));
        });
    }

    /**
     * Delete a whole database (tests, signing out).
     *
     * @param {string} name
     * @param {IDBFactory} [factory]
     */
    static destroy(name, factory = globalThis.indexedDB) {
        return requestResult(factory.deleteDatabase(name));
    }

    close() {
        this.db.close();
    }

    /**
     * Run ``fn(stores)`` in one transaction; resolve with what it returns once the transaction
     * has committed (reject if it aborts). ``stores`` maps each store name to its IDBObjectStore.
     *
     * @template T
     * @param {string[]} names
     * @param {"readonly"|"readwrite"} mode
     * @param {(stores: Record<string, IDBObjectStore>) => T | Promise<T>} fn
     * @returns {Promise<Awaited<T>>}
     */
    transaction(names, mode, fn) {
        return new Promise((resolve, reject) => {
            const tx = this.db.transaction(names, mode);
            const stores = Object.fromEntries(names.map((name) => [name, tx.objectStore(name)]));
            let value;
            tx.oncomplete = () => resolve(value);
            tx.onabort = () => reject(tx.error || new Error("IndexedDB transaction aborted"));
            tx.onerror = (event) => event.preventDefault(); // reported once by onabort
            Promise.resolve()
                .then(() => fn(stores))
                .then(
                    (result) => {
                        value = result;
                    },
                    (error) => {
                        try {
                            tx.abort();
                        } catch {
                            // already finished
                        }
                        reject(error);
                    }
                );
        });
    }

    get(name, key) {
        return this.transaction([name], "readonly", (s) => requestResult(s[name].get(key)));
    }

    getAll(name) {
        return this.transaction([name], "readonly", (s) => requestResult(s[name].getAll()));
    }

    count(name) {
        return this.transaction([name], "readonly", (s) => requestResult(s[name].count()));
    }

    put(name, value, key) {
        return this.transaction([name], "readwrite", (s) => {
            s[name].put(value, key);
        });
    }

    delete(name, key) {
        return this.transaction([name], "readwrite", (s) => {
            s[name].delete(key);
        });
    }

    clear(names) {
        return this.transaction(names, "readwrite", (s) => {
            for (const name of names) {
                s[name].clear();
            }
        });
    }

    getSetting(key, fallback = undefined) {
        return this.get("settings", key).then((value) => (value === undefined ? fallback : value));
    }

    setSetting(key, value) {
        return this.put("settings", value, key);
    }

    /**
     * Apply one page of a pull in one transaction: upsert ``records``, remove those that are
     * archived or no longer current (``active: false``) and the ``deleted`` ids, and save the
     * cursor with them (a crash never leaves records without their cursor or the reverse).
     *
     * @param {string} name record store
     * @param {{records: object[], deleted: number[], next_cursor: string}} page
     * @param {string} cursorKey settings key of the cursor
     */
    applyPage(name, page, cursorKey) {
        return this.transaction([name, "settings"], "readwrite", (s) => {
            for (const record of page.records) {
                if (record.active === false) {
                    s[name].delete(record.id);
                } else {
                    s[name].put(record);
                }
            }
            for (const id of page.deleted) {
                s[name].delete(id);
            }
            s.settings.put(page.next_cursor, cursorKey);
        });
    }
}
