import { onWillUnmount } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { ProgressBarField, progressBarField } from "@web/views/fields/progress_bar/progress_bar_field";

const REFRESH_MS = 2000;

/** The progress bar of a background job (dms.job): reloads the record every 2 seconds while the
 * job is queued or running, so its progress, estimate and result show without a click. */
export class DmsJobProgressBarField extends ProgressBarField {
    setup() {
        super.setup();
        this.timer = setInterval(() => {
            const record = this.props.record;
            if (["queued", "running"].includes(record.data.state) && !record.dirty) {
                record.load();
            }
        }, REFRESH_MS);
        onWillUnmount(() => clearInterval(this.timer));
    }
}

registry.category("fields").add("dms_job_progressbar", {
    ...progressBarField,
    component: DmsJobProgressBarField,
});
