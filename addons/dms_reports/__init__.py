from . import report
from . import wizard
from . import engine
