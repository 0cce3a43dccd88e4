from . import controllers
from . import engine
from . import push
from . import models
