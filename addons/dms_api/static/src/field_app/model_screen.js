import { Component, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";

/**
 * A screen of the app's day (today, stops): given the app's model, it renders from the model's
 * reactive state, and has the sync and sign-out buttons. Subclasses call `super.setup()` first.
 */
export class ModelScreen extends Component {
    static props = { model: Object };

    setup() {
        this.model = this.props.model;
        this.state = useState(this.model.state);
    }

    onSync() {
        this.model.sync();
    }

    async onSignOut() {
        const waiting = this.state.waiting + this.state.failed;
        const message = waiting
            ? _t(
                  "%s records are not sent yet. They stay on this phone for the next sign-in. Sign out?",
                  waiting
              )
            : _t(
                  "Sign out of this phone? You will need your password and a connection to sign in again."
              );
        if (window.confirm(message)) {
            await this.model.signOut();
        }
    }
}
