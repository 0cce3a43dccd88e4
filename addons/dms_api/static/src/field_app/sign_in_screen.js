import { Component, useState } from "@odoo/owl";

import { guessDeviceName } from "./model";

/** Pairs the device: login, password and a name for the phone; the password is not kept. */
export class SignInScreen extends Component {
    static template = "dms_api.SignInScreen";
    static props = { model: Object };

    setup() {
        this.state = useState(this.props.model.state);
        this.form = useState({
            login: "",
            password: "",
            deviceName: guessDeviceName(),
            showPassword: false,
            busy: false,
        });
    }

    get canSubmit() {
        const form = this.form;
        return !form.busy && form.login.trim() && form.password && form.deviceName.trim();
    }

    togglePassword() {
        this.form.showPassword = !this.form.showPassword;
    }

    async onSubmit() {
        if (!this.canSubmit) {
            return;
        }
        this.form.busy = true;
        try {
            const ok = await this.props.model.signIn({
                login: this.form.login.trim(),
                password: this.form.password,
                deviceName: this.form.deviceName.trim(),
            });
            if (!ok) {
                this.form.password = "";
            }
        } finally {
            this.form.busy = false;
        }
    }
}
