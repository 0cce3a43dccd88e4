/** @odoo-module **/
import { registry } from "@web/core/registry";

// The maps as a person sees them (tests/test_maps_ui.py runs this at 1400x900 and 390x844): a
// delivery trip, a beat, a visit's day, an outlet and the check-in map. Tiles do not load offline,
// so every check is geometry: the map fills the sheet's width, has a height, and every marker is
// inside the map's visible bounds and inside the map's box on screen, after switching to the tab
// that holds the map. The test gives the record ids in sessionStorage (they survive the page
// loads between maps).

const STORAGE_KEY = "dms_maps_tour";

function ids() {
    return JSON.parse(sessionStorage.getItem(STORAGE_KEY) || "{}");
}

function fail(message) {
    throw new Error(`dms maps: ${message}`);
}

/** Every visible map is laid out and shows all its markers, no fewer than `minMarkers`. */
function checkMaps(minMarkers) {
    const canvases = [...document.querySelectorAll(".o_dms_map_canvas")].filter((el) => el.offsetParent);
    if (!canvases.length) {
        fail("no map on screen");
    }
    for (const el of canvases) {
        const box = el.getBoundingClientRect();
        if (box.width < 200 || box.height < 200) {
            fail(`the map is ${box.width} x ${box.height} px`);
        }
        const sheet = el.closest(".o_form_sheet, .o_content");
        if (sheet) {
            const style = getComputedStyle(sheet);
            const inner = sheet.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
            if (box.width < inner * 0.9) {
                fail(`the map is ${box.width} px wide in a ${inner} px wide sheet`);
            }
        }
        if (box.right > window.innerWidth + 1) {
            fail(`the map overflows the screen (${box.right} > ${window.innerWidth})`);
        }
        const map = el.dmsLeafletMap;
        const markers = el.dmsMarkers || [];
        if (markers.length < minMarkers) {
            fail(`${markers.length} markers, expected at least ${minMarkers}`);
        }
        const size = map.getSize();
        if (size.x !== Math.round(el.clientWidth) || size.y !== Math.round(el.clientHeight)) {
            fail(`Leaflet thinks the map is ${size.x} x ${size.y}, it is ${el.clientWidth} x ${el.clientHeight}`);
        }
        const bounds = map.getBounds();
        for (const marker of markers) {
            const where = marker.getLatLng();
            if (!bounds.contains(where)) {
                fail(`marker ${marker.options.title} (${where.lat}, ${where.lng}) is outside the view ${bounds.toBBoxString()}`);
            }
            const icon = marker.getElement().getBoundingClientRect();
            const x = icon.left + icon.width / 2;
            const y = icon.top + icon.height / 2;
            if (x < box.left || x > box.right || y < box.top || y > box.bottom) {
                fail(`the pin of ${marker.options.title} is drawn outside the map's box`);
            }
        }
    }
}

function shot(name) {
    // tests/test_maps_ui.py answers by setting body[data-dms-shot] (after a screenshot when asked)
    return [
        {
            content: `Screenshot ${name}`,
            trigger: ".o_dms_map_canvas[data-dms-fitted]",
            run() {
                document.querySelector(".o_dms_map_canvas").scrollIntoView({ block: "center" });
                console.log(`dms_map_shot:${name}`);
            },
        },
        { trigger: `body[data-dms-shot='${name}']` },
    ];
}

function openPopup(expected) {
    return [
        {
            content: "Open the last marker's popup",
            trigger: ".o_dms_map_canvas[data-dms-fitted]",
            run() {
                const markers = document.querySelector(".o_dms_map_canvas").dmsMarkers;
                markers[markers.length - 1].openPopup();
            },
        },
        ...expected.map((text) => ({
            content: `The popup shows ${text}`,
            trigger: `.leaflet-popup-content .o_dms_map_popup:contains('${text}')`,
        })),
    ];
}

function formMap(name, url, tab, minMarkers, popupTexts) {
    return [
        { content: `Open the ${name}`, trigger: "body", run: `goToUrl ${url}`, expectUnloadPage: true },
        { trigger: ".o_form_view .o_form_sheet" },
        { content: `Open the ${tab} tab`, trigger: `.o_notebook_headers .nav-link:contains('${tab}')`, run: "click" },
        {
            content: `The ${name} map shows all its markers`,
            trigger: ".o_notebook .o_dms_map_canvas[data-dms-fitted]",
            run: () => checkMaps(minMarkers),
        },
        ...shot(name),
        ...openPopup(popupTexts),
        ...shot(`${name}_popup`),
    ];
}

registry.category("web_tour.tours").add("dms_maps_tour", {
    steps: () => {
        const rec = ids();
        return [
            ...formMap("trip", `/odoo/action-dms_routing.stock_picking_batch_action_trip/${rec.trip}`,
                "Route Map", rec.trip_markers, ["Stop", "ETA"]),
            // another tab and back: the map is laid out again and still shows every stop
            { trigger: ".o_notebook_headers .nav-link:not(:contains('Route Map'))", run: "click" },
            { trigger: ".o_notebook_headers .nav-link:contains('Route Map')", run: "click" },
            {
                trigger: ".o_notebook .o_dms_map_canvas[data-dms-fitted]",
                run: () => checkMaps(rec.trip_markers),
            },
            ...formMap("beat", `/odoo/action-dms_routing.dms_beat_action/${rec.beat}`, "Map",
                rec.beat_markers, ["Stop", "Outlet Code"]),
            ...formMap("visit", `/odoo/action-dms_routing.dms_visit_action/${rec.visit}`, "Day Map",
                rec.visit_markers, ["Geofence", "Checked in"]),
            ...formMap("outlet", `/odoo/res.partner/${rec.outlet}`, "Distribution", 1, ["Latitude"]),
            {
                content: "Drag the outlet's pin a little north-east",
                trigger: ".o_dms_map_canvas[data-dms-fitted]",
                run() {
                    const el = document.querySelector(".o_dms_map_canvas");
                    const [marker] = el.dmsMarkers;
                    if (!marker.dragging || !marker.dragging.enabled()) {
                        fail("the outlet's pin cannot be dragged");
                    }
                    const { lat, lng } = marker.getLatLng();
                    marker.setLatLng([lat + rec.drag, lng + rec.drag]);
                    marker.fire("dragend");
                },
            },
            {
                content: "The coordinates follow the pin",
                trigger: `.o_field_widget[name=partner_latitude] input:value(${(rec.dragged_lat || 0).toFixed(7)})`,
            },
            {
                trigger: ".o_notebook .o_dms_map_canvas[data-dms-fitted]",
                run: () => checkMaps(1),
            },
            { content: "Save the outlet", trigger: ".o_form_button_save", run: "click" },
            { content: "Saved", trigger: ".o_form_status_indicator_buttons.invisible:not(:visible)" },
            { content: "Open the check-in map", trigger: "body", run: "goToUrl /odoo/action-dms_routing.dms_visit_action_checkin_map", expectUnloadPage: true },
            {
                content: "Today's check-ins are on the map",
                trigger: ".o_dms_checkin_map .o_dms_map_canvas[data-dms-fitted]",
                run: () => checkMaps(rec.checkin_markers),
            },
            ...shot("checkins"),
            ...openPopup(["Rep", "Outlet", "Checked in", "Geofence"]),
            ...shot("checkins_popup"),
        ];
    },
});
