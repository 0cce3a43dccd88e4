from odoo.tests import BaseCase, tagged

from . import scheme_vectors


@tagged("post_install", "-at_install")
class TestSchemeVectors(BaseCase):
    """The vectors the JavaScript port of the engine is tested against (static/tests/engine/
    schemes.test.js) are what this engine gives: a change to one engine without the other and
    without regenerating the file fails here or there."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.document = scheme_vectors.load()

    def test_engine_gives_every_vector(self):
        vectors = self.document["vectors"]
        self.assertGreaterEqual(len(vectors), 1000)
        wrong = [vector["n"] for vector in vectors if scheme_vectors.run_vector(vector) != vector["expected"]]
        first = wrong and next(v for v in vectors if v["n"] == wrong[0])
        self.assertFalse(wrong, "the engine no longer gives %d vectors (first: %r, gives %r); if the change is "
                         "meant, port it to static/src/engine/schemes.js and run %s"
                         % (len(wrong), first, first and scheme_vectors.run_vector(first), scheme_vectors.REGENERATE))

    def test_round_amount_gives_every_case(self):
        cases = self.document["rounding"]
        self.assertGreaterEqual(len(cases), 500)
        wrong = [case for case in cases if scheme_vectors.run_rounding(case) != case["expected"]]
        self.assertFalse(wrong, "round_amount changed: %r; run %s" % (wrong[:3], scheme_vectors.REGENERATE))

    def test_file_is_what_the_generator_writes(self):
        """Nobody edited the file by hand, and it covers what it claims to (errors, stacking, free
        goods, combos, every rounding)."""
        with open(scheme_vectors.VECTORS_PATH, encoding="utf-8") as f:
            self.assertEqual(f.read(), scheme_vectors.dumps(scheme_vectors.build()),
                             "regenerate the vectors: %s" % scheme_vectors.REGENERATE)
        results = [vector["expected"] for vector in self.document["vectors"]]
        self.assertGreater(sum("error" in r for r in results), 20)
        valid = [r for r in results if "error" not in r]
        self.assertGreater(sum(any(len(d["scheme_ids"]) > 1 for d in r["lines"]) for r in valid), 50, "stacked")
        self.assertGreater(sum(bool(r["free_goods"]) for r in valid), 100, "free goods")
        tiered = [v["expected"] for v in self.document["vectors"] if "error" not in v["expected"]
                  and any(s["rule_type"] == "free_goods" and s.get("slabs") for s in v["schemes"])]
        self.assertGreater(sum(bool(r["free_goods"]) for r in tiered), 50, "tiered free goods given")
        self.assertGreater(sum(len(r["free_goods"]) > len({g["scheme_id"] for g in r["free_goods"]})
                               for r in tiered), 10, "tiers of several products")
        self.assertGreater(sum(d["percent"] == 100.0 for r in valid for d in r["lines"]), 10, "capped discounts")
        self.assertEqual({v["rounding"] for v in self.document["vectors"]}, set(scheme_vectors.ROUNDINGS))
