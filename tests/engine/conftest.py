"""Makes the build scripts importable as `scripts.*` from these tests, whatever
directory pytest was started from."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
