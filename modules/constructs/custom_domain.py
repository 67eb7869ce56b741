"""The API on the team's own hostname: certificate, DNS validation, API Gateway domain name, mapping, alias records."""

from __future__ import annotations

from typing import Any

from modules.config.domain import CustomDomainConfig
from modules.constructs.http_api import HttpApi
from modules.constructs.values import Expression, attribute_of, choose, count_if, equals
from modules.engine.bindings import (
    Construct,
    Fn,
    TerraformIterator,
    TerraformResourceLifecycle,
    Token,
    acm_certificate,
    acm_certificate_validation,
    apigatewayv2_api_mapping,
    data_aws_route53_zone,
    route53_record,
)
from modules.engine.bindings import apigatewayv2_domain_name as domain_name

#: TTL of the certificate's DNS validation records.
VALIDATION_TTL = 60
#: The certificate the stack creates when the config gives none.
CERTIFICATE = "aws_acm_certificate.this"
#: The alias records that point the hostname at the API's regional endpoint.
ALIAS_TYPES = ("A", "AAAA")


class CustomDomain(Construct):
    """`https://<name>/` for the API, in the Route 53 zone `zone` (which must exist and be delegated).

    - `data.aws_route53_zone.this`: the public hosted zone, looked up by name.
    - Unless `certificate_arn` is given: `aws_acm_certificate.this` (DNS validation, replaced before destroyed),
      `aws_route53_record.certificate_validation` (one per `domain_validation_options` entry) and
      `aws_acm_certificate_validation.this`, which waits until ACM has issued the certificate.
    - `aws_apigatewayv2_domain_name.this`: REGIONAL, TLS_1_2, its certificate taken from the validation resource
      (so it waits for issuance) or the given ARN; `aws_apigatewayv2_api_mapping.this` to the `$default` stage.
    - `aws_route53_record.alias_a` and `.alias_aaaa`: the hostname as an alias of the domain's target.

    In the module stack `present` and the config's fields are Terraform expressions (`var.domain != null`): every
    resource then has a `count`.
    """

    def __init__(
        self, scope: Construct, id_: str, *, config: CustomDomainConfig, http_api: HttpApi, present: Any = True
    ) -> None:
        super().__init__(scope, id_)
        count = count_if(present)
        zone = data_aws_route53_zone.DataAwsRoute53Zone(self, "zone", name=config.zone, private_zone=False, count=count)
        zone.override_logical_id("this")
        zone_id = attribute_of(zone, "zone_id")
        certificate_arn = self._certificate(config, zone_id, present)

        self.domain = domain_name.Apigatewayv2DomainName(
            self,
            "domain-name",
            domain_name=config.name,
            domain_name_configuration=domain_name.Apigatewayv2DomainNameDomainNameConfiguration(
                certificate_arn=certificate_arn, endpoint_type="REGIONAL", security_policy="TLS_1_2"
            ),
            count=count,
        )
        self.domain.override_logical_id("this")
        mapping = apigatewayv2_api_mapping.Apigatewayv2ApiMapping(
            self,
            "api-mapping",
            api_id=http_api.api_id,
            domain_name=attribute_of(self.domain, "id"),
            stage=http_api.stage.id,
            count=count,
        )
        mapping.override_logical_id("this")
        target = "domain_name_configuration[0].target_domain_name"
        hosted_zone = "domain_name_configuration[0].hosted_zone_id"
        for record_type in ALIAS_TYPES:
            alias = route53_record.Route53Record(
                self,
                f"alias-{record_type.lower()}",
                zone_id=zone_id,
                name=attribute_of(self.domain, "domain_name"),
                type=record_type,
                alias=route53_record.Route53RecordAlias(
                    name=attribute_of(self.domain, target),
                    zone_id=attribute_of(self.domain, hosted_zone),
                    evaluate_target_health=False,
                ),
                count=count,
            )
            alias.override_logical_id(f"alias_{record_type.lower()}")

    def _certificate(self, config: CustomDomainConfig, zone_id: str, present: Any) -> str:
        """The ARN the domain name uses: the given certificate's, or a new one's once DNS validation completed."""
        creates = equals(config.certificate_arn, "")
        if creates is False:
            return config.certificate_arn
        # `present ? (creates ? 1 : 0) : 0`, not `present && creates`: Terraform evaluates both sides of `&&`, and
        # `var.domain.certificate_arn` fails when `var.domain` is null.
        count = count_if(creates) if present is True else Token.as_number(Fn.conditional(present, count_if(creates), 0))
        certificate = acm_certificate.AcmCertificate(
            self,
            "certificate",
            domain_name=config.name,
            validation_method="DNS",
            lifecycle=TerraformResourceLifecycle(create_before_destroy=True),
            count=count,
        )
        certificate.override_logical_id(CERTIFICATE.split(".")[1])
        # One spelling for both stacks: a splat works on a single resource and on one with `count`.
        options = Token.as_any(Expression(f"flatten({CERTIFICATE}[*].domain_validation_options)"))
        iterator = TerraformIterator.from_complex_list(options, "domain_name")
        records = route53_record.Route53Record(
            self,
            "validation-records",
            for_each=iterator,
            zone_id=zone_id,
            name=iterator.get_string("resource_record_name"),
            type=iterator.get_string("resource_record_type"),
            records=[iterator.get_string("resource_record_value")],
            ttl=VALIDATION_TTL,
            allow_overwrite=True,
        )
        records.override_logical_id("certificate_validation")
        validation = acm_certificate_validation.AcmCertificateValidation(
            self,
            "validation",
            certificate_arn=attribute_of(certificate, "arn"),
            validation_record_fqdns=Token.as_list(TerraformIterator.from_resources(records).pluck_property("fqdn")),
            count=count,
        )
        validation.override_logical_id("this")
        issued = attribute_of(validation, "certificate_arn")
        return issued if count is None else Token.as_string(choose(creates, issued, config.certificate_arn))
