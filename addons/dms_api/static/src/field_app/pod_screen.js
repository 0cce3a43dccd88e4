import { Component, onMounted, onWillUnmount, useRef, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";

import { isShort, newProof, proofOutcome, proofProblems } from "./driver";
import { compressPhoto, signaturePad } from "./pod_media";

/**
 * Proof of delivery of one stop, offline: what the customer accepted per line (a reason for each
 * line short), their signature drawn on the screen and a photo, queued in the outbox. The server
 * records it with the back office's Proof of Delivery when the phone is online.
 */
export class PodScreen extends Component {
    static template = "dms_api.PodScreen";
    static props = { model: Object, stop: Object };

    setup() {
        this.model = this.props.model;
        this.driver = useState(this.model.driver.state);
        const queued = this.driver.queued[this.props.stop.id];
        const proof = newProof(this.props.stop);
        if (queued) {
            // refused by the server: start again from what was sent
            const sent = new Map(queued.payload.lines.map((l) => [l.move_line_id, l]));
            for (const line of proof.lines) {
                const was = sent.get(line.move_line_id);
                if (was) {
                    Object.assign(line, { delivered: was.delivered_qty, reason_id: was.reason_id || null });
                }
            }
            proof.note = queued.payload.note || "";
        }
        this.proof = useState(proof);
        this.ui = useState({
            tried: false,
            busy: false,
            signed: false,
            photoUrl: null,
            photoSize: "",
            serverError: queued?.error?.message || "",
        });
        this.canvas = useRef("signature");
        onMounted(() => {
            window.scrollTo(0, 0); // the stops list may have been scrolled
            this.pad = signaturePad(this.canvas.el, (hasInk) => {
                this.ui.signed = hasInk;
                this.proof.signature = this.pad.toPng();
            });
        });
        onWillUnmount(() => this.pad?.destroy());
    }

    get stop() {
        return this.props.stop;
    }

    get problems() {
        return this.ui.tried ? proofProblems(this.proof) : [];
    }

    problem(index, field) {
        return this.problems.find((p) => p.line === index && p.field === field)?.message || "";
    }

    get generalProblems() {
        return this.problems.filter((p) => p.line === undefined);
    }

    get outcome() {
        return proofOutcome(this.proof.lines);
    }

    get outcomeLabel() {
        return {
            delivered: _t("Delivered in full"),
            partial: _t("Partly delivered"),
            failed: _t("Nothing delivered"),
        }[this.outcome];
    }

    isShort(line) {
        return isShort(line);
    }

    step(line, delta) {
        const value = Math.min(line.loaded, Math.max(0, (Number(line.delivered) || 0) + delta));
        line.delivered = value;
    }

    onQty(line, ev) {
        const value = ev.target.value === "" ? NaN : Number(ev.target.value);
        line.delivered = value;
    }

    onReason(line, ev) {
        line.reason_id = Number(ev.target.value) || null;
    }

    clearSignature() {
        this.pad.clear();
    }

    async onPhoto(ev) {
        const file = ev.target.files && ev.target.files[0];
        if (!file) {
            return;
        }
        this.ui.busy = true;
        try {
            const photo = await compressPhoto(file);
            this.proof.photo = photo.data;
            this.ui.photoUrl = `data:image/jpeg;base64,${photo.data}`;
            const kb = Math.round((photo.data.length * 3) / 4 / 1024);
            this.ui.photoSize = _t("%(width)s × %(height)s, %(kb)s KB", { ...photo, kb });
        } catch {
            this.ui.photoSize = _t("This picture could not be read: take it again.");
        } finally {
            this.ui.busy = false;
            ev.target.value = "";
        }
    }

    removePhoto() {
        this.proof.photo = null;
        this.ui.photoUrl = null;
        this.ui.photoSize = "";
    }

    onBack() {
        this.model.driver.close();
    }

    async onSubmit() {
        this.ui.tried = true;
        if (this.problems.length || this.ui.busy) {
            return;
        }
        this.ui.busy = true;
        try {
            const queued = this.driver.queued[this.stop.id];
            if (queued) {
                await this.model.outbox.discard(queued.uuid); // replaced by the corrected proof
            }
            await this.model.driver.record(this.stop, this.proof);
        } finally {
            this.ui.busy = false;
        }
    }
}
