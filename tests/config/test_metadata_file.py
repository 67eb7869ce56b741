"""A SAML metadata file: readable UTF-8, a SAML EntityDescriptor first, within Cognito's length."""

from __future__ import annotations

from pathlib import Path

import pytest

from modules.config.base import InvalidField
from modules.config.metadata_file import MAX_DOCUMENT, read_metadata

DOCUMENT = '<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example"/>\n'


def test_a_document_after_a_declaration_and_a_comment_is_read_as_it_is(tmp_path: Path) -> None:
    text = '<?xml version="1.0" encoding="UTF-8"?>\n<!-- partner IdP -->\n' + DOCUMENT
    (tmp_path / "idp.xml").write_text(text, encoding="utf-8")
    assert read_metadata(tmp_path, "idp.xml") == text


REFUSED = {
    "not UTF-8": "<EntityDescriptor>\xe9</EntityDescriptor>".encode("latin-1"),
    "another root element": b"<html><body>EntityDescriptor</body></html>",
    "too long": (DOCUMENT + " " * MAX_DOCUMENT).encode(),
    "a directory": None,
}


@pytest.mark.parametrize("content", REFUSED.values(), ids=REFUSED.keys())
def test_what_is_not_saml_metadata_is_refused_naming_the_field(tmp_path: Path, content: bytes | None) -> None:
    target = tmp_path / "idp.xml"
    if content is None:
        target.mkdir()
    else:
        target.write_bytes(content)
    with pytest.raises(InvalidField) as caught:
        read_metadata(tmp_path, "idp.xml")
    assert (caught.value.path, caught.value.value) == ("metadata_file", "idp.xml")
