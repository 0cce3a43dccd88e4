from . import test_api_auth
from . import test_api_pull
from . import test_api_push
from . import test_engine
from . import test_openapi
from . import test_push_race
from . import test_portal
from . import test_api_routing
