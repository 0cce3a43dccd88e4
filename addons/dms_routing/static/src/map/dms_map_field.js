/** @odoo-module **/
/* global L */
import { Component, onMounted, onPatched, onWillUnmount, useRef } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { session } from "@web/session";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

export const OSM_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
const OSM_ATTRIBUTION = "&copy; <a href='https://www.openstreetmap.org/copyright'>OpenStreetMap</a> contributors";
const COLOR_RE = /^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20})$/;

/**
 * A read-only map of a Json field shaped
 *   {"markers": [{"lat", "lng", "label", "color", "seq"}], "lines": [[[lat, lng], ...], ...]}
 * (see readme/USAGE.md). Leaflet comes from the OCA addon web_leaflet_lib; the tile server is the
 * system parameter leaflet.tile_url (Distribution > Configuration > Settings), OpenStreetMap by default.
 */
export class DmsMapField extends Component {
    static template = "dms_routing.DmsMapField";
    static props = { ...standardFieldProps, height: { type: String, optional: true } };

    setup() {
        this.mapRef = useRef("map");
        onMounted(() => {
            this.map = L.map(this.mapRef.el, { scrollWheelZoom: false });
            const url = session["leaflet.tile_url"];
            L.tileLayer(url && url !== "False" ? url : OSM_TILE_URL, {
                maxZoom: 19,
                attribution: session["leaflet.copyright"] || OSM_ATTRIBUTION,
            }).addTo(this.map);
            this.layer = L.layerGroup().addTo(this.map);
            this.draw();
            // the container may get its size after mounting (notebook pages, dialogs)
            setTimeout(() => this.map && this.map.invalidateSize(), 200);
        });
        onPatched(() => this.draw());
        onWillUnmount(() => {
            this.map?.remove();
            this.map = null;
        });
    }

    get value() {
        const value = this.props.record.data[this.props.name];
        return {
            markers: (value && value.markers) || [],
            lines: (value && value.lines) || [],
        };
    }

    get isEmpty() {
        return !this.value.markers.length;
    }

    get emptyText() {
        return _t("No coordinates to show yet: set the outlets' latitude and longitude.");
    }

    draw() {
        if (!this.map) {
            return;
        }
        const { markers, lines } = this.value;
        this.layer.clearLayers();
        const bounds = [];
        for (const line of lines) {
            if (line.length > 1) {
                L.polyline(line, { color: "#2563eb", weight: 3, opacity: 0.8 }).addTo(this.layer);
            }
        }
        for (const marker of markers) {
            const pin = document.createElement("div");
            pin.className = "o_dms_map_pin";
            pin.textContent = marker.seq === null || marker.seq === undefined ? "" : String(marker.seq);
            if (marker.color && COLOR_RE.test(marker.color)) {
                pin.style.background = marker.color;
            }
            const icon = L.divIcon({ html: pin, className: "o_dms_map_icon", iconSize: [26, 26] });
            const label = document.createElement("span");
            label.textContent = marker.label || "";
            L.marker([marker.lat, marker.lng], { icon, title: marker.label || "" })
                .bindTooltip(label)
                .addTo(this.layer);
            bounds.push([marker.lat, marker.lng]);
        }
        if (bounds.length) {
            this.map.fitBounds(bounds, { padding: [30, 30], maxZoom: 16 });
        } else {
            this.map.setView([23.8103, 90.4125], 11);
        }
    }
}

export const dmsMapField = {
    component: DmsMapField,
    displayName: _t("Map"),
    supportedTypes: ["json"],
    extractProps: ({ attrs }) => ({ height: attrs.height }),
};

registry.category("fields").add("dms_map", dmsMapField);
