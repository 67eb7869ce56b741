"""`python -m modules.config` (`make schema`): regenerate `environments.schema.json` and the config table of
`docs/configuration.md`.
"""

from __future__ import annotations

from modules.config.docs import FIELDS_PAGE, write_fields_table
from modules.config.schema import SCHEMA_FILE, schema_text
from modules.paths import PROJECT_DIR


def main() -> None:
    (PROJECT_DIR / SCHEMA_FILE).write_text(schema_text(), encoding="utf-8")
    write_fields_table(PROJECT_DIR / FIELDS_PAGE)
    print(f"wrote {SCHEMA_FILE} and {FIELDS_PAGE}'s config table")


if __name__ == "__main__":
    main()
