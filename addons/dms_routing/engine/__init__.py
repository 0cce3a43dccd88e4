"""Routing logic that needs no database: plain functions over plain data."""
from . import geo
from . import vrp
from . import van
