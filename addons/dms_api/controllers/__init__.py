from . import field_app
from . import main
from . import portal
