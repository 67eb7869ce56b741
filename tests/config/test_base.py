"""Plain text everywhere: a control character in any string of the config is one error naming the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from modules.config.loader import load_config
from modules.errors import ConfigError
from tests.conftest import MINIMAL_CONFIG

BASE = MINIMAL_CONFIG + '\n[[defaults.routes]]\nroute_key = "GET /example"\n\n[environments.dev]\n'
PLAIN = "text without control characters (U+0000-U+001F, U+007F-U+009F)"


@pytest.mark.parametrize(
    ("table", "field", "value"),
    [
        ('[defaults.functions.example.environment]\nGREETING = "a\\u0000b"\n', "functions.example.environment.GREETING",
         "a\x00b"),
        ('[environments.dev.functions.example]\nhandler = "handler.handler"\nenvironment = { MODE = "x\\n" }\n',
         "functions.example.environment.MODE", "x\n"),
        ('[environments.dev.cors]\nallow_origins = ["https://a.example", "https://b.example\\u001b[2J"]\n',
         "cors.allow_origins[1]", "https://b.example\x1b[2J"),
        ('[environments.dev.backend]\ntype = "s3"\nbucket = "state-bucket"\nkey = "dev/\\u0085state"\n', "backend.key",
         "dev/\x85state"),
        ('[[environments.dev.routes]]\nroute_key = "GET /health\\n"\npublic = true\n',
         "routes['GET /health\\n'].route_key", "GET /health\n"),
    ],
    ids=["NUL in a function's variable", "newline in a variable", "escape in a CORS origin", "C1 in a state key",
         "newline after a route key"],
)  # fmt: skip
def test_a_control_character_anywhere_is_one_error_naming_the_field(
    tmp_path: Path, table: str, field: str, value: str
) -> None:
    config = tmp_path / "environments.toml"
    config.write_text(BASE + table, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(config)
    error = raised.value
    assert (error.environment, error.field, error.value, error.allowed) == ("dev", field, value, PLAIN)
    assert "\n" not in str(error)
    assert "\x00" not in str(error)
