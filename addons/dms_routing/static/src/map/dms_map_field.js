/** @odoo-module **/
import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";
import { DmsMap, emptyMapText } from "./dms_map";

/**
 * The map of a Json field shaped
 *   {"markers": [{"lat", "lng", "label", "color", "seq", "state", "time", "details"}], "lines": [...]}
 * (see readme/USAGE.md). Leaflet comes from the OCA addon web_leaflet_lib; the tile server is the
 * system parameter leaflet.tile_url (Distribution > Configuration > Settings), OpenStreetMap by default.
 *
 * With options latitude_field / longitude_field, the (single) pin is draggable and writes those
 * fields of the record, when the form is in edition and the Boolean field editable_field (if
 * given) is set: the form saves them as if typed.
 */
export class DmsMapField extends Component {
    static template = "dms_routing.DmsMapField";
    static components = { DmsMap };
    static props = {
        ...standardFieldProps,
        height: { type: String, optional: true },
        latitudeField: { type: String, optional: true },
        longitudeField: { type: String, optional: true },
        editableField: { type: String, optional: true },
    };

    get value() {
        const value = this.props.record.data[this.props.name];
        return {
            markers: (value && value.markers) || [],
            lines: (value && value.lines) || [],
        };
    }

    get emptyText() {
        if (this.canMovePin) {
            return _t("No coordinates yet: click on the map to place the pin, then drag it where it belongs.");
        }
        return emptyMapText();
    }

    get canMovePin() {
        const { record, latitudeField, longitudeField, editableField } = this.props;
        if (!latitudeField || !longitudeField || !record.isInEdition) {
            return false;
        }
        if (editableField && !record.data[editableField]) {
            return false;
        }
        return [latitudeField, longitudeField].every(
            (name) => name in record.activeFields && !record.fields[name].readonly
        );
    }

    get onPinMoved() {
        if (!this.canMovePin) {
            return undefined;
        }
        return (lat, lng) =>
            this.props.record.update({
                [this.props.latitudeField]: lat,
                [this.props.longitudeField]: lng,
            });
    }
}

export const dmsMapField = {
    component: DmsMapField,
    displayName: _t("Map"),
    supportedTypes: ["json"],
    supportedOptions: [
        { label: _t("Latitude field (draggable pin)"), name: "latitude_field", type: "field" },
        { label: _t("Longitude field (draggable pin)"), name: "longitude_field", type: "field" },
        { label: _t("Boolean field: the pin may be moved"), name: "editable_field", type: "field" },
    ],
    extractProps: ({ attrs, options }) => ({
        height: attrs.height,
        latitudeField: options.latitude_field,
        longitudeField: options.longitude_field,
        editableField: options.editable_field,
    }),
};

registry.category("fields").add("dms_map", dmsMapField);
