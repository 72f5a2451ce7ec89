"""``python -m arcticrecon`` runs the command line."""

import sys

from arcticrecon.cli.main import main

sys.exit(main())
