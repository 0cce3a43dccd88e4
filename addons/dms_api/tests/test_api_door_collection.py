import uuid

from odoo.tests import new_test_user, tagged

from .test_api_stops import DmsApiTripCommon


def new_uuid():
    return str(uuid.uuid4())


@tagged("post_install", "-at_install")
class TestApiDoorCollection(DmsApiTripCommon):
    """A driver collects at the door (cash, cheque, mobile money) through the sync API: at the
    stops of their own trips, from those stops' customers, and nowhere else."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company._dms_collection_journal()
        cls.wallet = cls.env["account.journal"].create({"name": "Nagad door", "code": "NGDR", "type": "bank"})
        cls.provider = cls.env["dms.mobile.provider"].create({"name": "Nagad door", "journal_id": cls.wallet.id})
        # a driver as the Driver group makes them: no sales rights, no territories
        cls.driver_only = new_test_user(cls.env, "dms_api_door_driver",
                                        groups="base.group_user,dms_routing.group_dms_driver")
        cls.trip.user_id = cls.driver_only
        cls.key_door = cls.env["res.users.apikeys"].with_user(cls.driver_only).sudo()._generate(
            "dms_api", "phone", None)

    def push(self, records, key=None):
        status, body = self.api("collections", key or self.key_door, body={"records": records})
        self.assertEqual(status, 200, body)
        return body["results"]

    def collection(self, stop=None, partner=None, **extra):
        stop = self.stop if stop is None else stop
        partner = partner or stop.partner_id
        return {"uuid": new_uuid(), "partner_id": partner.id, "amount": 100, "method": "cash",
                **({"picking_id": stop.id} if stop else {}), **extra}

    def test_a_driver_collects_at_the_stops_of_their_trip(self):
        mobile = self.collection(self.stop_2, method="mobile", mobile_provider_id=self.provider.id,
                                 mobile_transaction_id="NG-DOOR-1", mobile_sender="01811000000")
        cash = self.collection(amount=250)
        cheque = self.collection(method="cheque", cheque_number="CHQ-77", cheque_bank="Sonali")
        results = self.push([cash, mobile, cheque])
        self.assertEqual([r["status"] for r in results], ["ok"] * 3, results)
        collections = self.env["dms.collection"].browse([r["id"] for r in results])
        self.assertEqual([(c.picking_id, c.partner_id, c.user_id, c.method, c.state) for c in collections], [
            (self.stop, self.stop.partner_id, self.driver_only, "cash", "confirmed"),
            (self.stop_2, self.stop_2.partner_id, self.driver_only, "mobile", "confirmed"),
            (self.stop, self.stop.partner_id, self.driver_only, "cheque", "received")])
        self.assertEqual(collections[1].payment_id.journal_id, self.wallet)
        self.assertEqual(collections[1].mobile_transaction_id, "NG-DOOR-1")
        # pushed again (no answer received): the same collections, one payment each
        again = self.push([cash, mobile])
        self.assertEqual([(r["id"], r["duplicate"]) for r in again],
                         [(results[0]["id"], True), (results[1]["id"], True)])
        self.assertEqual(len(collections[:2].payment_id), 2)
        pulled = {c["id"]: c for c in self.pull_all("collections", self.key_door)[0]}
        self.assertEqual(pulled[results[1]["id"]]["picking_id"], self.stop_2.id)
        providers = self.pull_all("mobile_providers", self.key_door)[0]
        self.assertIn(self.provider.id, [p["id"] for p in providers])

    def test_a_driver_collects_nowhere_else(self):
        before = self.env["dms.collection"].search_count([])
        results = self.push([
            # an outlet not on their trip, no stop named: not theirs to collect from
            self.collection(False, partner=self.outlet_south),
            # another driver's stop
            self.collection(self.stop_3),
            # their own stop, but another customer paying
            self.collection(self.stop, partner=self.outlet_south),
        ])
        self.assertEqual([(r["status"], r["code"], r["field"]) for r in results], [
            ("error", "validation_error", None), ("error", "unknown_id", "picking_id"),
            ("error", "invalid_value", "picking_id")])
        self.assertIn("you do not collect from", results[0]["message"])
        self.assertEqual(self.env["dms.collection"].search_count([]), before)
        # the other driver (a rep without the outlets' territories) may not collect at this trip's stops
        [result] = self.push([self.collection()], key=self.key_driver_2)
        self.assertEqual((result["status"], result["code"]), ("error", "unknown_id"))
        self.assertEqual(self.env["dms.collection"].search_count([]), before)

    def test_a_driver_with_sales_rights_collects_at_their_own_stop(self):
        """A rep who drives (no territory of the outlet): the stop of their trip is what lets them."""
        self.assertFalse(self.outlet_2.with_user(self.driver_2).has_access("read"))
        [result] = self.push([self.collection(self.stop_3, amount=75)], key=self.key_driver_2)
        self.assertEqual(result["status"], "ok", result)
        collection = self.env["dms.collection"].browse(result["id"])
        self.assertEqual((collection.picking_id, collection.partner_id, collection.user_id, collection.state),
                         (self.stop_3, self.outlet_2, self.driver_2, "confirmed"))

    def test_a_mobile_transaction_id_is_taken_once_per_provider(self):
        """The second push of a transaction id (another collector's, or in the same batch) is refused
        on its own record, naming the field, so the phone shows it for the user to correct."""
        first = self.collection(method="mobile", mobile_provider_id=self.provider.id, mobile_transaction_id="TX-1")
        results = self.push([first, {**first, "uuid": new_uuid(), "mobile_transaction_id": " TX-1 "},
                             self.collection(self.stop_2, method="mobile", mobile_provider_id=self.provider.id)])
        self.assertEqual([(r["status"], r.get("code"), r.get("field")) for r in results], [
            ("ok", None, None), ("error", "invalid_value", "mobile_transaction_id"),
            ("error", "missing_field", "mobile_transaction_id")])
        # corrected on the phone and sent again with the same uuid: accepted
        fixed = {**first, "uuid": results[1]["uuid"], "mobile_transaction_id": "TX-2"}
        [result] = self.push([fixed])
        self.assertEqual(result["status"], "ok", result)
