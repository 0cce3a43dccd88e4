"""Report logic that needs no database: plain functions over plain data."""
from . import xlsx_stream
