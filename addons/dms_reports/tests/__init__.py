from . import test_territory_xlsx
