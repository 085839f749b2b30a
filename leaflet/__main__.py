"""python -m leaflet -> launch.program()."""

from .launch import program

program()
