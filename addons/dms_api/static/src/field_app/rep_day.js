/**
 * The rep's working day on the device: Start day and End day, each with the phone's GPS (or
 * without, when it has no fix), written to IndexedDB and queued in the outbox (resource
 * ``rep_days``), so both work offline. The end goes after its start (one resource, creation order:
 * the same batch when both wait), and the server refuses an end whose start it does not have.
 *
 * What the Today screen shows is kept in the settings store (``rep_day:<user>:<date>``): the
 * times pressed, and the uuids the outbox sends them under.
 *
 * Plain JavaScript, no Odoo imports.
 */

export const REP_DAYS = "rep_days";

export class RepDay {
    /**
     * @param {{store: import("./store").Store, outbox: import("./outbox").Outbox,
     *          now?: () => Date}} options
     */
    constructor({ store, outbox, now = () => new Date() }) {
        this.store = store;
        this.outbox = outbox;
        this.now = now;
    }

    _key(date) {
        return `rep_day:${this.outbox.owner}:${date}`;
    }

    /** ``{start, end}`` of ``date`` (each ``{uuid, time, gps}`` or null). */
    async load(date) {
        return (await this.store.getSetting(this._key(date), null)) || { start: null, end: null };
    }

    /**
     * Start the day ``date`` (YYYY-MM-DD) from ``position`` (``{latitude, longitude, accuracy}``
     * or null). Started already: nothing is queued, the day is answered as it is.
     */
    async start(date, position) {
        const day = await this.load(date);
        if (day.start) {
            return day;
        }
        day.start = await this._queue(date, "start", position);
        await this.store.setSetting(this._key(date), day);
        return day;
    }

    /** End the day ``date``: only once, and only after its start. */
    async end(date, position) {
        const day = await this.load(date);
        if (!day.start) {
            throw new Error("The day has not started.");
        }
        if (day.end) {
            return day;
        }
        day.end = await this._queue(date, "end", position);
        await this.store.setSetting(this._key(date), day);
        return day;
    }

    async _queue(date, event, position) {
        const time = this.now().toISOString();
        const gps = position
            ? { latitude: position.latitude, longitude: position.longitude, accuracy: position.accuracy ?? null }
            : {};
        const record = await this.outbox.add(REP_DAYS, { date, event, time, ...gps });
        return { uuid: record.uuid, time, gps: Boolean(position) };
    }
}
