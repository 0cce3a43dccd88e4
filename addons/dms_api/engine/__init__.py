from . import cursor
from . import payload
from . import answers
