from . import controllers
from . import engine
from . import models
