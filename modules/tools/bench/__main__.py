import sys

from modules.tools.bench.report import main

sys.exit(main())
