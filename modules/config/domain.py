"""An environment's own API hostname: a Route 53 zone, an ACM certificate and an API Gateway domain name."""

from __future__ import annotations

from pydantic import model_validator

from modules.config.allowed import HOSTNAME_PATTERN
from modules.config.base import ConfigModel, InvalidField, setting
from modules.config.rules import Matches

#: The longest DNS name.
MAX_HOSTNAME_LENGTH = 253
HOSTNAME = Matches(HOSTNAME_PATTERN, "a lowercase DNS name such as api.example.com (no trailing dot)")


class CustomDomainConfig(ConfigModel):
    """The API's custom domain. The certificate is created and validated by DNS unless `certificate_arn` is set."""

    name: str = setting(doc="The API's hostname, e.g. api.example.com", rule=HOSTNAME)
    zone: str = setting(doc="The Route 53 public hosted zone the name lies in, e.g. example.com", rule=HOSTNAME)
    certificate_arn: str = setting(
        "",
        Matches(
            r"|arn:aws:acm:[a-z0-9-]+:[0-9]{12}:certificate/[A-Za-z0-9-]+",
            "'' or an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)",
        ),
        doc="An existing ACM certificate in the environment's region ('': create one, validated by DNS)",
    )

    @property
    def creates_certificate(self) -> bool:
        return not self.certificate_arn

    @model_validator(mode="after")
    def _name_in_zone(self) -> CustomDomainConfig:
        if len(self.name) > MAX_HOSTNAME_LENGTH:
            raise InvalidField("name", self.name, f"a DNS name of at most {MAX_HOSTNAME_LENGTH} characters")
        if self.name != self.zone and not self.name.endswith("." + self.zone):
            raise InvalidField("name", self.name, f"a name inside the zone {self.zone!r} (e.g. api.{self.zone})")
        return self
