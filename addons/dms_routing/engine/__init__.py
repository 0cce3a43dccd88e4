"""Routing logic that needs no database: plain functions over plain data."""
from . import geo
from . import journey
from . import vrp
from . import van
from . import mobile_statement
