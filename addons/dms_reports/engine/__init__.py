"""Reporting logic that needs no database: plain functions over plain data."""
from . import matching
from . import period
from . import schedule
from . import statement
from . import xlsx_stream
