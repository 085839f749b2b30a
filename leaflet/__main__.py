"""python -m leaflet -> launch.main()."""

import sys

from .launch import main

sys.exit(main())
