from . import test_distributor_location
