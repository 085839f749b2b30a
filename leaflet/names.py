"""The names of files the tool looks for (light: the command line's parser uses them)."""

from __future__ import annotations

CLINICS_FILE = "clinics.yaml"  # the clinics file looked up beside a leaflet
