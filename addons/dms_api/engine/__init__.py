from . import cursor
from . import payload
