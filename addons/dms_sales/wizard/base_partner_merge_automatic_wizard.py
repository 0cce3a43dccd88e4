from odoo import models

# the status a contact takes on when it absorbs outlets: approved only if all of them were
_STATUS_RANK = {"rejected": 0, "proposed": 1, "approved": 2}


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _update_values(self, src_partners, dst_partner):
        """Odoo's merge writes every field of the partner it keeps, with the first value set among the
        partners, the kept one's own winning. For outlets:

        - an outlet kept keeps its status: merging a rep's duplicate proposal into the approved outlet
          leaves it approved, merging an approved outlet into a proposed one approves nothing;
        - a contact that becomes an outlet by absorbing outlets takes their status (approved only if
          all of them were), not the default "approved" of a contact: a merge approves nothing;
        - the outlet code of a merged outlet moves to the kept partner when it has none. The merged
          partners are deleted right after; their codes are freed first, or the code would be in use
          twice for a moment and refused."""
        was_outlet = dst_partner.dms_role == "outlet"
        src_outlets = src_partners.filtered(lambda p: p.dms_role == "outlet")
        coded = src_partners.filtered("dms_outlet_code")
        if coded:
            code = dst_partner.dms_outlet_code or coded[0].dms_outlet_code
            coded.write({"dms_outlet_code": False})
        res = super()._update_values(src_partners, dst_partner)
        if coded and not dst_partner.dms_outlet_code:
            dst_partner.write({"dms_outlet_code": code})
        if not was_outlet and src_outlets and dst_partner.dms_role == "outlet":
            status = min(src_outlets.mapped("dms_outlet_state"), key=_STATUS_RANK.get)
            if dst_partner.dms_outlet_state != status:
                # sudo: the status carried over is one the merged outlets already had (approved only
                # when every one of them was), so no outlet gets a status a supervisor did not give
                dst_partner.sudo().write({"dms_outlet_state": status})
        return res
