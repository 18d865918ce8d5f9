"""`python -m etl ...`: the project's one command line (see etl.cli)."""

import sys

from etl.cli import main

sys.exit(main())
