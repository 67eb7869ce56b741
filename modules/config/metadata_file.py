"""A SAML provider's `metadata_file`: the IdP's metadata document, read when the config loads.

Cognito takes the document itself as provider details `MetadataFile` (CreateIdentityProvider, ProviderDetails:
"MetadataFile or MetadataURL"; at most 131,072 characters, ProviderDetailsType's value length). The check here is
deliberately small: readable UTF-8 text, within Cognito's length, whose first element is a SAML
`EntityDescriptor`; Cognito parses the rest.
"""

from __future__ import annotations

import re
from pathlib import Path

from modules.config.base import InvalidField

#: What `metadata_file` allows, for messages.
METADATA_FILE = (
    "the path, relative to the config file's directory, of a readable UTF-8 SAML metadata document (an XML "
    "EntityDescriptor) of at most 131072 characters"
)
#: Cognito's largest provider-details value (ProviderDetailsType, CreateIdentityProvider).
MAX_DOCUMENT = 131072
#: An XML declaration, comments, then an `EntityDescriptor` element with or without a namespace prefix.
_ENTITY_DESCRIPTOR = re.compile(
    r"\A\ufeff?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<(?:[A-Za-z_][\w.-]*:)?EntityDescriptor[\s>/]", re.DOTALL
)


def read_metadata(config_dir: Path, relative: str) -> str:
    """The document at `relative` (to `config_dir`). Raises `InvalidField` naming `metadata_file` otherwise."""
    try:
        text = (Path(config_dir) / relative).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise InvalidField("metadata_file", relative, METADATA_FILE) from None
    if len(text) > MAX_DOCUMENT or _ENTITY_DESCRIPTOR.match(text) is None:
        raise InvalidField("metadata_file", relative, METADATA_FILE)
    return text
