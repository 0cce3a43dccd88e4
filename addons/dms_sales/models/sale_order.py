from odoo import models
from odoo.exceptions import UserError
from odoo.tools import float_round

from ..engine import schemes as engine


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_dms_apply_schemes(self):
        """Button: apply the trade schemes meant for primary orders (percent discounts only)."""
        if any(order.state not in ("draft", "sent") for order in self):
            raise UserError(self.env._(
                "Trade schemes can only be applied to quotations: %s.",
                ", ".join(self.filtered(lambda o: o.state not in ("draft", "sent")).mapped("name"))))
        self._dms_apply_primary_schemes()
        return True

    def _dms_apply_primary_schemes(self):
        """Discount the lines of quotations to distributors with the schemes whose Applies To includes
        primary orders. Free goods are not given on primary orders; a scheme limited to channels or
        outlet classes does not apply; a territory scope matches a distributor covering a territory
        inside it."""
        orders = self.filtered(lambda o: o.state in ("draft", "sent")
                               and o.partner_id.commercial_partner_id.dms_role in ("distributor", "wholesaler"))
        if not orders:
            return
        # sudo: schemes are the company's pricing rules; they are only read here, for the orders'
        # own companies, by salespeople who may lack the Distribution groups.
        Scheme = self.env["dms.scheme"].sudo()
        dates = {order: (order.date_order or order.create_date).date() for order in orders}
        candidates = Scheme._dms_find_schemes(orders.company_id, list(dates.values()), "primary").filtered(
            lambda s: s.rule_type != "free_goods" and not s.channel_ids and not s.outlet_class_ids)
        engine_schemes = {scheme: scheme._dms_engine_scheme() for scheme in candidates}
        digits = self.env["decimal.precision"].precision_get("Discount")
        updates = {}
        for order in orders:
            distributor = order.partner_id.commercial_partner_id
            schemes = candidates.filtered(lambda s, d=distributor, o=order, day=dates[order]: (
                s._dms_matches(o.company_id, day, False, False, False, d)
                or (s.territory_ids and any(s._dms_matches(o.company_id, day, t, False, False, d)
                                            for t in d.dms_covered_territory_ids))))
            lines = order.order_line.filtered(lambda line: line.product_id and not line.display_type)
            result = engine.apply_schemes(
                [self._dms_scheme_engine_line(line) for line in lines],
                [engine_schemes[s] for s in schemes], rounding=order.currency_id.rounding or 0.01)
            for line in lines:
                benefit = result.lines.get(line.id)
                if benefit:
                    key = (benefit.scheme_id, float_round(benefit.percent, precision_digits=digits))
                elif line.dms_scheme_id:
                    key = (False, 0.0)
                else:
                    continue
                updates.setdefault(key, self.env["sale.order.line"])
                updates[key] |= line
        for (scheme_id, discount), lines in updates.items():
            lines.write({"dms_scheme_id": scheme_id, "discount": discount})

    def _dms_scheme_engine_line(self, line):
        """A sale order line as the scheme engine's input: quantity in the product's unit, price per unit."""
        qty = line.product_uom._compute_quantity(line.product_uom_qty, line.product_id.uom_id) \
            if line.product_uom and line.product_uom != line.product_id.uom_id else line.product_uom_qty
        price_unit = line.price_unit * line.product_uom_qty / qty if qty else line.price_unit
        return self.env["dms.scheme"]._dms_engine_line(
            line.id, line.product_id, qty, price_unit, line.product_packaging_id.qty)
