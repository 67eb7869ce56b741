"""The HCL expression parser, evaluating as it goes (`evaluate`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tests.hcl_eval.values import (
    COUNTS,
    FUNCTIONS,
    TOKEN,
    Ref,
    Unknown,
    Unsupported,
    apply,
    attribute,
    canonical,
    in_template,
    index_of,
    ref,
)


class _Parser:
    """Recursive descent over one expression, evaluating as it goes (both branches of `?:` are parsed)."""

    def __init__(self, text: str, scope: Mapping[str, Any]) -> None:
        self.text, self.pos, self.scope = text, 0, scope
        self.skipping = 0  # > 0 inside a branch a known condition did not select: parsed, never evaluated

    def _peek(self) -> tuple[str, str] | None:
        match = TOKEN.match(self.text, self.pos)
        if not match or match.end() == match.start():
            return None
        kind = match.lastgroup or ""
        return kind, match.group(kind)

    def _take(self, expected: str | None = None) -> tuple[str, str]:
        match = TOKEN.match(self.text, self.pos)
        if not match or match.lastgroup is None:
            raise Unsupported(f"cannot read {self.text[self.pos :]!r}")
        kind, value = match.lastgroup, match.group(match.lastgroup)
        if expected is not None and value != expected:
            raise Unsupported(f"expected {expected!r} at {self.text[self.pos :]!r}")
        self.pos = match.end()
        return kind, value

    def _at(self, *values: str) -> bool:
        token = self._peek()
        return token is not None and token[1] in values

    def parse(self) -> Any:
        value = self.expression()
        if self.text[self.pos :].strip():
            raise Unsupported(f"trailing {self.text[self.pos :]!r}")
        return value

    def expression(self) -> Any:
        condition = self._binary(0)
        if not self._at("?"):
            return condition
        self._take("?")
        if not self.skipping and not isinstance(condition, bool):
            raise Unsupported(f"condition {condition!r} is not a known bool")
        when_true = self._branch(condition is True)
        self._take(":")
        when_false = self._branch(condition is False)
        return when_true if condition is True else when_false

    def _branch(self, taken: bool) -> Any:
        """One result of `?:`; the other one is only parsed (Terraform does not evaluate it either)."""
        if taken:
            return self.expression()
        self.skipping += 1
        try:
            self.expression()
        finally:
            self.skipping -= 1
        return None

    _LEVELS = (("||",), ("&&",), ("==", "!=", ">=", "<=", ">", "<"), ("+", "-"), ("*", "/"))

    def _binary(self, level: int) -> Any:
        if level == len(self._LEVELS):
            return self._unary()
        left = self._binary(level + 1)
        while self._at(*self._LEVELS[level]):
            operator = self._take()[1]
            right = self._binary(level + 1)
            left = None if self.skipping else apply(operator, left, right)
        return left

    def _unary(self) -> Any:
        if self._at("!"):
            self._take()
            value = self._unary()
            if self.skipping:
                return None
            if not isinstance(value, bool):
                raise Unsupported(f"!{value!r}")
            return not value
        if self._at("-"):
            self._take()
            value = self._unary()
            return None if self.skipping else -value
        return self._postfix(self._primary())

    def _postfix(self, value: Any) -> Any:
        splat = False  # after `[*]`, attribute access applies to every element
        while True:
            if self._at("."):
                self._take()
                name = self._take()[1]
                if self.skipping:
                    continue
                value = [attribute(item, name) for item in value] if splat else attribute(value, name)
            elif self._at("[*]"):
                self._take()
                value = [] if value is None else value if isinstance(value, list) else [value]
                splat = True
            elif self._at("["):
                self._take()
                index = self.expression()
                self._take("]")
                if self.skipping:
                    continue
                value = [index_of(item, index) for item in value] if splat else index_of(value, index)
            else:
                return value

    def _primary(self) -> Any:
        kind, value = self._take()
        if kind == "number":
            return float(value) if "." in value else int(value)
        if kind == "quote":
            return self._template()
        if value == "(":
            inner = self.expression()
            self._take(")")
            return inner
        if value in ("[", "{") and self._at("for"):
            return self._for(value)
        if value == "[":
            items = []
            while not self._at("]"):
                items.append(self.expression())
                if self._at(","):
                    self._take()
            self._take("]")
            return items
        if value == "{":
            return self._object()
        if kind != "name":
            raise Unsupported(f"unexpected {value!r}")
        if value in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[value]
        if self._at("("):
            return self._call(value)
        if self.skipping:
            return None
        if value in self.scope:
            return self.scope[value]
        return ref(value, self.scope.get(COUNTS))  # a resource type, `data` or `path`: known at apply time only

    def _object(self) -> dict[str, Any]:
        """`{key = value, "key" = value}` (opening brace taken): keys are names or quoted strings."""
        result: dict[str, Any] = {}
        while not self._at("}"):
            kind, token = self._take()
            key = self._template() if kind == "quote" else token
            self._take("=" if self._at("=") else ":")
            result[str(key)] = self.expression()
            if self._at(","):
                self._take()
        self._take("}")
        return result

    def _call(self, name: str) -> Any:
        self._take("(")
        args = []
        while not self._at(")"):
            args.append(self.expression())
            if self._at(","):
                self._take()
        self._take(")")
        if name not in FUNCTIONS:
            raise Unsupported(f"function {name}()")
        return None if self.skipping else FUNCTIONS[name](*args)

    def _for(self, opening: str) -> Any:
        """`[for k, v in c : x]` or `{for k, v in c : k => v}` (opening bracket taken); symbolic when `c` is only
        known at apply time."""
        start = self.pos - 1
        self._take("for")
        names = [self._take()[1]]
        if self._at(","):
            self._take()
            names.append(self._take()[1])
        self._take("in")
        try:
            collection: Any = self.expression()
        except Unknown:
            collection = None
            unknown = True
        else:
            unknown = isinstance(collection, Ref)
        self._take(":")
        parts = [self._skipped()]
        if opening == "{":
            self._take("=>")
            parts.append(self._skipped())
        if self._at("if"):
            raise Unsupported("for expression with if")
        self._take("]" if opening == "[" else "}")
        if self.skipping:
            return None
        if unknown:
            return ref(canonical(self.text[start : self.pos]))
        entries = collection.items() if isinstance(collection, dict) else enumerate(collection)
        results = []
        for key, item in entries:
            scope = {**self.scope, names[-1]: item, **({names[0]: key} if len(names) == 2 else {})}
            results.append([evaluate(part, scope) for part in parts])
        return {result[0]: result[1] for result in results} if opening == "{" else [r[0] for r in results]

    def _skipped(self) -> str:
        """Parse one expression without evaluating it; its text (evaluated per element by `_for`)."""
        start = self.pos
        self.skipping += 1
        try:
            self.expression()
        finally:
            self.skipping -= 1
        return self.text[start : self.pos]

    def _template(self) -> Any:
        """The rest of a quoted template (opening quote taken): literal text and `${…}` interpolations."""
        parts: list[Any] = []
        literal = ""
        while True:
            if self.pos >= len(self.text):
                raise Unsupported("unterminated string")
            char = self.text[self.pos]
            if char == '"':
                self.pos += 1
                break
            if char == "\\":
                escape = self.text[self.pos + 1]
                if escape == "u":
                    literal += chr(int(self.text[self.pos + 2 : self.pos + 6], 16))
                    self.pos += 6
                    continue
                literal += {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}[escape]
                self.pos += 2
            elif self.text.startswith(("$${", "%%{"), self.pos):
                literal += self.text[self.pos + 1 : self.pos + 3]
                self.pos += 3
            elif self.text.startswith("${", self.pos):
                self.pos += 2
                parts += [literal, self.expression()]
                literal = ""
                self._take("}")
                if self.skipping:
                    parts[-1] = ""
            elif self.text.startswith("%{", self.pos):
                raise Unsupported("template directives")
            else:
                literal += char
                self.pos += 1
        parts.append(literal)
        if len(parts) == 3 and parts[0] == parts[2] == "":
            return parts[1]  # "${x}" is x itself, whatever its type
        return "".join(in_template(part) for part in parts)


def evaluate(expression: str, scope: Mapping[str, Any]) -> Any:
    """Evaluate HCL expression text (no surrounding `${}`) with `scope` (e.g. `{"var": {...}}`)."""
    try:
        return _Parser(expression, scope).parse()
    except Unknown as unknown:
        raise Unsupported(f"{expression!r} needs {unknown.args[0]!r}, known only at apply time") from None
