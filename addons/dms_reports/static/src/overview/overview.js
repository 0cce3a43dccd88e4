/** @odoo-module **/
import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { formatFloat } from "@web/core/utils/numbers";
import { _t } from "@web/core/l10n/translation";

const ACTIONS = {
    secondary: "dms_reports.dms_report_secondary_sales_action",
    sellInOut: "dms_reports.dms_report_sell_in_out_action",
    target: "dms_reports.dms_report_target_action",
    scheme: "dms_reports.dms_report_scheme_action",
};

export class DistributionOverview extends Component {
    static template = "dms_reports.DistributionOverview";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ data: null });
        onWillStart(async () => {
            this.state.data = await this.orm.call("dms.report.secondary.sales", "get_overview", []);
        });
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

    get trendMax() {
        const values = this.state.data.trend.flatMap((m) => [m.secondary, m.sell_in]);
        return Math.max(1, ...values);
    }

    barHeight(value) {
        return `${Math.round(((value || 0) / this.trendMax) * 100)}%`;
    }

    open(kind, context = {}) {
        return this.action.doAction(ACTIONS[kind], { additionalContext: context });
    }

    openLastMonth() {
        return this.open("secondary", { search_default_this_month: 0, search_default_last_month: 1 });
    }

    openOpenClaims() {
        return this.open("scheme", { search_default_this_month: 0, search_default_open_claims: 1 });
    }

    openTop(field, id) {
        return this.open("secondary", { [`search_default_${field}`]: id });
    }

    get title() {
        return _t("Distribution Overview");
    }
}

registry.category("actions").add("dms_reports.overview", DistributionOverview);
