from odoo import api, models
from odoo.tools import SQL


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    @api.model
    def _dms_next_by_code_many(self, sequence_code, count):
        """``count`` references drawn from the sequence ``next_by_code`` would use (the current
        company's, else the shared one), in order; ``[False] * count`` when there is none.

        A standard sequence is a PostgreSQL sequence: ``nextval`` takes no row lock (two users
        drawing at once never wait for each other) and may leave gaps, so a batch's numbers come in
        one round trip. A no-gap sequence (a row lock per number, held to the end of the
        transaction) or one with date ranges draws them one by one, as ``next_by_code`` does."""
        if count <= 0:
            return []
        self.browse().check_access("read")
        sequence = self.search([("code", "=", sequence_code), ("company_id", "in", [self.env.company.id, False])],
                               order="company_id", limit=1)
        if not sequence:
            return [False] * count
        return sequence._dms_next_many(count)

    def _dms_next_many(self, count):
        """``count`` references of this sequence, in order, as ``count`` calls of ``_next`` would
        give (see _dms_next_by_code_many)."""
        self.ensure_one()
        if count <= 0:
            return []
        if self.implementation != "standard" or self.use_date_range:
            return [self._next() for _i in range(count)]
        self.env.cr.execute(SQL("SELECT nextval(%s) FROM generate_series(1, %s)",
                                "ir_sequence_%03d" % self.id, count))
        return [self.get_next_char(number) for number in sorted(row[0] for row in self.env.cr.fetchall())]
