"""Sales logic that needs no database: plain functions over plain data."""
from . import schemes
from . import geo
