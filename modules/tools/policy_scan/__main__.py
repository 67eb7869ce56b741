import sys

from modules.tools.policy_scan.scan import main

sys.exit(main())
