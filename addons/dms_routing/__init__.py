from . import engine
from . import models
from . import demo
from . import report
from . import wizard
