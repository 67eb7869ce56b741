"""`python -m modules.config` (`make schema`): regenerate `environments.schema.json` and the README's field table."""

from __future__ import annotations

from modules.config.docs import write_readme_table
from modules.config.schema import SCHEMA_FILE, schema_text
from modules.paths import PROJECT_DIR


def main() -> None:
    (PROJECT_DIR / SCHEMA_FILE).write_text(schema_text(), encoding="utf-8")
    write_readme_table(PROJECT_DIR / "README.md")
    print(f"wrote {SCHEMA_FILE} and the README's config table")


if __name__ == "__main__":
    main()
