/** @odoo-module **/
import { Component, onWillStart, onMounted, onPatched, onWillUnmount, useRef, useState } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { cookie } from "@web/core/browser/cookie";
import { getColor } from "@web/core/colors/colors";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { formatFloat } from "@web/core/utils/numbers";
import { _t } from "@web/core/l10n/translation";

const MODEL = "dms.report.secondary.sales";

export class DistributionOverview extends Component {
    static template = "dms_reports.DistributionOverview";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.notification = useService("notification");
        this.canvasRef = useRef("trend");
        this.chart = null;
        this.state = useState({
            data: null,
            options: null,
            params: { period: "mtd", date_from: "", date_to: "", territory_id: "", distributor_id: "", channel_id: "" },
        });
        onWillStart(async () => {
            // every call starts now, while the component lives: a call started after the user
            // navigated away (the home screen is left quickly) would fail as "Component is destroyed"
            const [options] = await Promise.all([
                this.orm.call(MODEL, "get_overview_options", []),
                this.load(),
                loadBundle("web.chartjs_lib"),
            ]);
            this.state.options = options;
        });
        onMounted(() => this.renderChart());
        onPatched(() => this.renderChart());
        onWillUnmount(() => this.chart && this.chart.destroy());
    }

    get params() {
        const params = {};
        for (const [key, value] of Object.entries(this.state.params)) {
            if (value) {
                params[key] = ["territory_id", "distributor_id", "channel_id"].includes(key) ? parseInt(value) : value;
            }
        }
        if (params.period !== "custom") {
            delete params.date_from;
            delete params.date_to;
        }
        return params;
    }

    async load() {
        this.state.data = await this.orm.call(MODEL, "get_overview", [this.params]);
    }

    async onParam(key, ev) {
        this.state.params[key] = ev.target.value;
        const p = this.state.params;
        if (p.period === "custom" && (!p.date_from || !p.date_to)) {
            return; // wait for both dates
        }
        await this.load();
    }

    isSelected(key, id) {
        return String(this.state.params[key]) === String(id);
    }

    money(value) {
        const currency = this.state.data.currency;
        const amount = formatFloat(value || 0, { digits: [false, 0] });
        return currency.position === "before" ? `${currency.symbol} ${amount}` : `${amount} ${currency.symbol}`;
    }

    number(value) {
        return formatFloat(value || 0, { digits: [false, 0] });
    }

    percent(value) {
        return value === null || value === undefined ? "-" : `${formatFloat(value, { digits: [false, 1] })} %`;
    }

    async open(figure, extraDomain = []) {
        const action = await this.orm.call(MODEL, "get_overview_action", [figure, this.params, extraDomain]);
        return this.action.doAction(action);
    }

    openTop(field, id) {
        return this.open("secondary", [[field, "=", id]]);
    }

    renderChart() {
        const canvas = this.canvasRef.el;
        if (!canvas || !this.state.data) {
            return;
        }
        const trend = this.state.data.trend;
        const scheme = cookie.get("color_scheme");
        const datasets = [
            { key: "secondary", label: _t("Secondary sales"), color: getColor(0, scheme, 2) },
            { key: "sell_in", label: _t("Sell-in"), color: getColor(1, scheme, 2) },
        ].map((d) => ({
            label: d.label,
            data: trend.map((m) => m[d.key]),
            backgroundColor: d.color,
            borderColor: d.color,
            figure: d.key === "secondary" ? "trend" : "trend_sell_in",
        }));
        const money = (v) => this.money(v);
        if (this.chart) {
            this.chart.destroy();
        }
        this.chart = new Chart(canvas, {
            type: "bar",
            data: { labels: trend.map((m) => m.month), datasets },
            options: {
                maintainAspectRatio: false,
                animation: false,
                plugins: {
                    legend: { position: "top" },
                    tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${money(ctx.parsed.y)}` } },
                },
                scales: { y: { beginAtZero: true, ticks: { callback: (v) => money(v) } } },
                onClick: (ev, elements) => {
                    if (!elements.length) {
                        return;
                    }
                    const { datasetIndex, index } = elements[0];
                    const month = trend[index].date;
                    const next = trend[index + 1] ? trend[index + 1].date : null;
                    const domain = [["date", ">=", `${month} 00:00:00`]];
                    if (next) {
                        domain.push(["date", "<", `${next} 00:00:00`]);
                    }
                    this.open(datasets[datasetIndex].figure, domain);
                },
            },
        });
    }

    get title() {
        return _t("Distribution Overview");
    }
}

registry.category("actions").add("dms_reports.overview", DistributionOverview);
