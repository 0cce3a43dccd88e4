/** @odoo-module **/
/* global L */
import { Component, onMounted, onPatched, onWillUnmount, useRef } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { deserializeDateTime, formatDateTime } from "@web/core/l10n/dates";
import { session } from "@web/session";

export const OSM_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
const OSM_ATTRIBUTION = "&copy; <a href='https://www.openstreetmap.org/copyright'>OpenStreetMap</a> contributors";
const COLOR_RE = /^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20})$/;
// Dhaka, where nothing has coordinates yet
const DEFAULT_CENTER = [23.8103, 90.4125];
const FIT_OPTIONS = { padding: [30, 30], maxZoom: 16, animate: false };

/**
 * A Leaflet map of markers and polylines (format in dms_routing/readme/USAGE.md), used by the
 * `dms_map` field widget and the check-in map. It watches its own size (ResizeObserver): a map
 * laid out late (a notebook page, a dialog, a phone rotating) is resized and refitted to all its
 * markers once it has a size, never zoomed while it measures 0 x 0.
 *
 * Texts (labels, popups) are set as text, never as HTML. The Leaflet map and markers are exposed
 * on the canvas element (`dmsLeafletMap`, `dmsMarkers`) for the browser tests' geometry checks.
 */
export class DmsMap extends Component {
    static template = "dms_routing.DmsMap";
    static props = {
        markers: Array,
        lines: { type: Array, optional: true },
        height: { type: String, optional: true },
        emptyText: { type: String, optional: true },
        // a single draggable pin (and click to place it when there is none): called with (lat, lng)
        onPinMoved: { type: Function, optional: true },
    };

    setup() {
        this.mapRef = useRef("map");
        this.size = { width: 0, height: 0 };
        this.drawnKey = null;
        onMounted(() => {
            const el = this.mapRef.el;
            this.map = L.map(el, { scrollWheelZoom: false });
            const url = session["leaflet.tile_url"];
            L.tileLayer(url && url !== "False" ? url : OSM_TILE_URL, {
                maxZoom: 19,
                attribution: session["leaflet.copyright"] || OSM_ATTRIBUTION,
            }).addTo(this.map);
            this.layer = L.layerGroup().addTo(this.map);
            this.map.on("click", (ev) => this.onMapClick(ev));
            el.dmsLeafletMap = this.map;
            this.draw();
            this.observer = new ResizeObserver(() => this.onResize());
            this.observer.observe(el);
        });
        onPatched(() => this.draw());
        onWillUnmount(() => {
            this.observer?.disconnect();
            this.map?.remove();
            this.map = null;
        });
    }

    get markers() {
        return this.props.markers.filter(
            (m) => Number.isFinite(m.lat) && Number.isFinite(m.lng) && (m.lat || m.lng)
        );
    }

    get isEmpty() {
        return !this.markers.length;
    }

    get hasSize() {
        return this.size.width > 0 && this.size.height > 0;
    }

    onResize() {
        if (!this.map) {
            return;
        }
        const el = this.mapRef.el;
        const size = { width: el.clientWidth, height: el.clientHeight };
        if (size.width === this.size.width && size.height === this.size.height) {
            return;
        }
        this.size = size;
        if (this.hasSize) {
            this.map.invalidateSize({ animate: false });
            this.fit();
        }
    }

    /** Show every marker, or Dhaka when there is none. Waits for a size (see onResize). */
    fit() {
        if (!this.map || !this.hasSize) {
            return;
        }
        const points = this.markers.map((m) => [m.lat, m.lng]);
        if (points.length) {
            this.map.fitBounds(L.latLngBounds(points), FIT_OPTIONS);
        } else {
            this.map.setView(DEFAULT_CENTER, 11, { animate: false });
        }
        this.mapRef.el.dataset.dmsFitted = String(points.length);
    }

    draw() {
        if (!this.map) {
            return;
        }
        const markers = this.markers;
        const lines = this.props.lines || [];
        const key = JSON.stringify([markers, lines, Boolean(this.props.onPinMoved)]);
        if (key === this.drawnKey) {
            return;
        }
        const first = this.drawnKey === null;
        this.drawnKey = key;
        this.layer.clearLayers();
        for (const line of lines) {
            if (line.length > 1) {
                L.polyline(line, { color: "#2563eb", weight: 3, opacity: 0.8 }).addTo(this.layer);
            }
        }
        const draggable = Boolean(this.props.onPinMoved) && markers.length <= 1;
        const pins = markers.map((marker) => {
            const pin = L.marker([marker.lat, marker.lng], {
                icon: this.makeIcon(marker),
                title: marker.label || "",
                draggable,
                autoPan: draggable,
            });
            const label = document.createElement("span");
            label.textContent = marker.label || "";
            pin.bindTooltip(label);
            pin.bindPopup(this.makePopup(marker));
            if (draggable) {
                pin.on("dragend", () => {
                    const { lat, lng } = pin.getLatLng();
                    this.props.onPinMoved(round(lat), round(lng));
                });
            }
            return pin.addTo(this.layer);
        });
        this.mapRef.el.dmsMarkers = pins;
        // a new set of markers is refitted unless all of them are in view already (a pin moved
        // by hand stays where the user looks)
        const view = this.hasSize && !first && this.map.getBounds();
        if (first || !view || !pins.every((pin) => view.contains(pin.getLatLng()))) {
            this.fit();
        }
    }

    makeIcon(marker) {
        const pin = document.createElement("div");
        pin.className = "o_dms_map_pin";
        pin.textContent = marker.seq === null || marker.seq === undefined ? "" : String(marker.seq);
        if (marker.color && COLOR_RE.test(marker.color)) {
            pin.style.background = marker.color;
        }
        return L.divIcon({ html: pin, className: "o_dms_map_icon", iconSize: [26, 26] });
    }

    /** name, stop number, state, time and the marker's other details, as text. */
    makePopup(marker) {
        const popup = document.createElement("div");
        popup.className = "o_dms_map_popup";
        const title = document.createElement("strong");
        title.textContent = marker.label || "";
        popup.appendChild(title);
        const rows = [];
        if (marker.seq !== null && marker.seq !== undefined) {
            rows.push([_t("Stop"), String(marker.seq)]);
        }
        if (marker.state) {
            rows.push([_t("State"), marker.state]);
        }
        if (marker.time) {
            const time = deserializeDateTime(marker.time);
            rows.push([marker.time_label || _t("Time"), time.isValid ? formatDateTime(time) : marker.time]);
        }
        for (const detail of marker.details || []) {
            rows.push(detail);
        }
        for (const [name, value] of rows) {
            const row = document.createElement("div");
            const key = document.createElement("span");
            key.className = "text-muted";
            key.textContent = `${name}: `;
            row.appendChild(key);
            row.appendChild(document.createTextNode(value === null || value === undefined ? "" : String(value)));
            popup.appendChild(row);
        }
        return popup;
    }

    onMapClick(ev) {
        // an outlet without coordinates: the user places its pin with a click
        if (this.props.onPinMoved && this.isEmpty) {
            this.props.onPinMoved(round(ev.latlng.lat), round(ev.latlng.lng));
        }
    }
}

function round(value) {
    return Math.round(value * 1e7) / 1e7;
}

export function emptyMapText() {
    return _t("No coordinates to show yet: set the outlets' latitude and longitude.");
}
