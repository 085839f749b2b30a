"""python -m leaflet -> cli.main()."""

import sys

from .cli import main

sys.exit(main())
